"""The import's speed target, measured side by side in one run: python-calamine alone
iterating a messy death register's rows, irei's full import of the same file (parse,
normalise, validate, write, index) into a new SQLite database, irei's dry run into an empty
database, its dry run of the same file again (compared row by row with what the first
import stored), and the import's writing alone: the same rows read and shaped beforehand,
then written and indexed (a bound on what faster reading could gain). Each measurement runs
in its own process so its peak memory (RSS) is its own.

    python bench/bench_import.py --rows 1000000 --runs 3

The generated file is cached in /tmp (it takes minutes at a million rows)."""

# The generator writes a workbook's fixed XML parts inline; wrapping them would not help.
# ruff: noqa: E501
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from importers.reading import Chunk, RowSource

HEADERS = ["番号", "氏名（カナ）", "氏名（漢字）", "生年", "死亡年月日", "死亡場所", "収容所",
           "埋葬地", "出身地", "露側記録氏名", "備考"]  # fmt: skip
FAMILY = [("サトウ", "佐藤", "Сато"), ("スズキ", "鈴木", "Судзуки"), ("タカハシ", "髙橋", "Такахаси"),
          ("ヤマザキ", "山﨑", "Ямадзаки"), ("ワタナベ", "渡邉", "Ватанабэ"), ("サイトウ", "齋藤", "Сайто"),
          ("タナカ", "田中", "Танака"), ("イトウ", "伊藤", "Ито")]  # fmt: skip
GIVEN = [("タロウ", "太郎", "Таро"), ("ハルオ", "春雄", "Харуо"), ("タダシ", "正", "Тадаси"),
         ("キンジロウ", "金次郎", "Киндзиро"), ("ススム", "進", "Сусуму"), ("ユタカ", "豊", "Ютака")]  # fmt: skip
REGIONS = [("ロシア", "ハバロフスク地方"), ("ロシア", "沿海地方"), ("ロシア", "イルクーツク州"),
           ("ロシア", "アムール州"), ("カザフスタン", "カラガンダ州"), ("モンゴル", "ウランバートル")]  # fmt: skip
PREFS = ["北海道", "青森県", "岩手県", "宮城県", "東京都", "大阪府", "福岡県", "沖縄県", "高知県"]
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def register_row(n: int, rng: random.Random) -> list[object]:
    """One messy register row: full-width digits, wareki, Western and real date cells,
    partial dates, era-letter birth years, unidentified persons without kanji."""
    kana_f, kanji_f, cyr_f = rng.choice(FAMILY)
    kana_g, kanji_g, cyr_g = rng.choice(GIVEN)
    country, region = rng.choice(REGIONS)
    d = date.fromordinal(date(1945, 9, 1).toordinal() + rng.randrange(1500))
    death: object = [
        d,
        f"昭和{d.year - 1925}年{d.month}月{d.day}日",
        f"S{d.year - 1925}.{d.month}.{d.day}",
        f"{d.year}/{d.month}/{d.day}".translate(FULL),
        f"昭和{d.year - 1925}年{d.month}月",
    ][n % 5]
    born = 1895 + n % 30
    birth: object = [
        born,
        f"大正{born - 1911}年" if born > 1912 else f"M{born - 1867}",
        str(born).translate(FULL),
    ][n % 3]
    identified = n % 4 != 0
    number: object = str(n).translate(FULL) if n % 7 == 0 else n
    return [
        number, f"{kana_f} {kana_g}", f"{kanji_f}\u3000{kanji_g}{n % 1000}" if identified else None,
        birth, death, f"{country} {region}", f"第{n % 20 + 1}収容地区第{n % 12 + 1}分所",
        f"{region}第{n % 60 + 1}埋葬地", rng.choice(PREFS) if identified else None,
        f"{cyr_f} {cyr_g}", "" if n % 11 else "遺族確認中",
    ]  # fmt: skip


def _col(i: int) -> str:
    return chr(65 + i)


def generate(path: Path, rows: int) -> None:
    """Write the workbook XML by hand, with shared strings as Excel saves it."""
    rng = random.Random(1945)
    strings: dict[str, int] = {}

    def cell(ref: str, value: object) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, date):
            return f'<c r="{ref}" s="1"><v>{(value - date(1899, 12, 30)).days}</v></c>'
        if isinstance(value, int):
            return f'<c r="{ref}"><v>{value}</v></c>'
        index = strings.setdefault(str(value), len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    def row(number: int, values: list[object]) -> str:
        cells = "".join(cell(f"{_col(i)}{number}", v) for i, v in enumerate(values))
        return f'<row r="{number}">{cells}</row>'

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'.encode()
            )
            f.write(row(1, ["旧ソ連邦及びモンゴル抑留中死亡者名簿"]).encode())
            f.write(
                row(2, ["令和6年10月現在", None, None, None, "厚生労働省社会・援護局"]).encode()
            )
            f.write(row(4, list(HEADERS)).encode())
            buffer = []
            for n in range(1, rows + 1):
                buffer.append(row(n + 4, register_row(n, rng)))
                if len(buffer) == 5000:
                    f.write("".join(buffer).encode())
                    buffer.clear()
            f.write("".join(buffer).encode())
            f.write(row(rows + 5, ["合計", f"{rows}名"]).encode())
            f.write(
                b'</sheetData><mergeCells count="1"><mergeCell ref="A1:K1"/></mergeCells></worksheet>'
            )
        z.writestr(
            "xl/worksheets/sheet2.xml",
            f'<worksheet xmlns="{main}"><sheetData>{row(1, ["メモ", "集計用"])}</sheetData></worksheet>',
        )
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" uniqueCount="{len(strings)}">'.encode()
            )
            f.write("".join(f"<si><t>{escape(s)}</t></si>" for s in strings).encode())
            f.write(b"</sst>")
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="名簿" sheetId="1" r:id="rId1"/><sheet name="作業用" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>',
        )
        z.writestr(
            "xl/styles.xml",
            f'<styleSheet xmlns="{main}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
        )
        ws = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{ws}" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{ws}" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>')  # fmt: skip


def measure(kind: str, path: str, stored: str) -> None:
    """Run in a child process: time one measurement and print it as JSON. A big file is
    read in a process of the import's own (importers.reading): its CPU time counts, and
    its peak memory is added to this process's peak (an upper bound of the two together)."""
    cpu_before = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    if kind == "calamine":
        from python_calamine import CalamineWorkbook

        rows = sum(1 for _ in CalamineWorkbook.from_path(path).get_sheet_by_index(0).iter_rows())
    else:
        from importers.pipeline import apply_import, plan_import, prepare_import
        from records.database import open_database

        # "store" imports the file into the database the "dry again" runs compare it with.
        fresh = kind in ("import", "dry", "write")
        database = open_database(
            tempfile.mktemp(suffix=".sqlite3", dir="/tmp") if fresh else stored
        )
        if kind in ("import", "store", "write"):
            plan = prepare_import(path)
            if kind == "write":
                # The rows read and shaped first, off the clock: what is left is the part of
                # the import no faster reading can take away.
                assert plan.opened is not None
                plan.opened = ReadBefore(plan.opened)
                cpu_before = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
            report = apply_import(database, "bench", plan, alone=True)
            assert report.written, [str(e) for e in report.errors[:5]]
            counts = report.counts
        else:
            counts = plan_import(database, path).counts  # type: ignore[assignment]
        rows = counts.created + counts.updated + counts.unchanged + counts.rejected
        if fresh:
            Path(database.engine.url.database or "").unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    # CPU time (user + system) is less sensitive than wall time to other work on the machine.
    cpu = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN) - cpu_before
    peak = sum(resource.getrusage(who).ru_maxrss for who in BOTH) * 1024
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu": cpu, "peak": peak}))


class ReadBefore:
    """A file's rows, every chunk read and shaped (importers.reading) before the clock starts."""

    def __init__(self, source: RowSource) -> None:
        self.layouts, self.total = source.layouts, source.total
        self._chunks = list(source.chunks())
        source.close()

    def chunks(self) -> Iterator[Chunk]:
        return iter(self._chunks)

    def close(self) -> None:
        self._chunks = []


# Children count once they have ended and been waited for, as the import does with its own.
BOTH = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run(kind: str, path: Path, stored: Path) -> dict[str, float]:
    # Each measurement starts with the disk quiet: the writes of the one before (a database
    # of nearly 1 GB) are not still being flushed in the background while this one runs.
    os.sync()
    result = subprocess.run(
        [sys.executable, __file__, "--measure", kind, str(path), str(stored)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--measure", nargs=3, metavar=("KIND", "FILE", "DB"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.measure:
        measure(*args.measure)
        return
    path = Path(tempfile.gettempdir()) / f"irei_bench_register_{args.rows}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        generate(path.with_suffix(".part"), args.rows)
        path.with_suffix(".part").rename(path)
        print(
            f"generated {path} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.0f} s"
        )
    stored = Path(tempfile.mkdtemp()) / "stored.sqlite3"
    run("store", path, stored)
    kinds = {
        "calamine": "calamine",
        "import": "import",
        "dry run": "dry",
        "dry again": "dry again",
        "write": "write",
    }
    results: dict[str, list[dict[str, float]]] = {name: [] for name in kinds}
    for _ in range(args.runs):
        # Interleaved, so a noisy neighbour slows every method alike.
        for name, kind in kinds.items():
            results[name].append(run(kind, path, stored))
    shutil.rmtree(stored.parent)
    base = statistics.median(r["seconds"] for r in results["calamine"])
    base_cpu = statistics.median(r["cpu"] for r in results["calamine"])
    print(f"{args.rows:,} rows, median of {args.runs} runs, load average {os.getloadavg()}")
    for kind, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        peak = max(r["peak"] for r in runs)
        each = ", ".join(f"{r['seconds']:.1f}" for r in runs)
        print(
            f"  {kind:9} {seconds:7.1f} s  {args.rows / seconds:9,.0f} rows/s  "
            f"{seconds / base:4.2f}× calamine  CPU {cpu:6.1f} s {cpu / base_cpu:4.2f}×  "
            f"peak RSS {peak / 1e6:,.0f} MB  (runs: {each} s)"
        )
    # No row reaches the database before calamine has loaded the whole sheet, and one
    # connection writes: however fast the reading, the import takes at least this long.
    write = statistics.median(r["seconds"] for r in results["write"])
    print(
        f"  floor: calamine then write {base + write:.1f} s, {(base + write) / base:.2f}× calamine"
    )


if __name__ == "__main__":
    main()
