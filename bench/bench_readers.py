"""Measure the irei reader (importers.readers.open_workbook: the safety checks, then
python-calamine with empty cells, blank rows and merged cells handled) against bare
python-calamine on a generated death register: rows per second and peak memory, each reader
in its own process so the peaks stay apart.

    python bench/bench_readers.py --rows 200000
    python bench/bench_readers.py --rows 200000 --merged 5   # 埋葬地 merged over 5 rows
"""

# ruff: noqa: E501  (XML fixtures and data tables read better on one line each)

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

HEADERS = [
    "番号", "氏名（カナ）", "氏名（漢字）", "生年", "死亡年月日", "死亡場所",
    "収容所", "埋葬地", "出身地", "露側記録氏名", "備考", "整理日",
]  # fmt: skip
FAMILY = [("サトウ", "佐藤", "Сато"), ("スズキ", "鈴木", "Судзуки"), ("タカハシ", "髙橋", "Такахаси"),
          ("ヤマザキ", "山﨑", "Ямадзаки"), ("ワタナベ", "渡邉", "Ватанабэ"), ("サイトウ", "齋藤", "Сайто")]  # fmt: skip
GIVEN = [("タロウ", "太郎", "Таро"), ("ハルオ", "春雄", "Харуо"), ("タダシ", "正", "Тадаси"),
         ("キンジロウ", "金次郎", "Киндзиро"), ("ススム", "進", "Сусуму")]  # fmt: skip
REGIONS = ["ハバロフスク地方", "沿海地方", "イルクーツク州", "アムール州", "カラガンダ州"]


def person(n: int, rng: random.Random) -> list[object]:
    """One register row; names get a serial suffix so most strings are unique, as in life."""
    kana_f, kanji_f, cyr_f = rng.choice(FAMILY)
    kana_g, kanji_g, cyr_g = rng.choice(GIVEN)
    region = rng.choice(REGIONS)
    died = date(1945, 9, 1).toordinal() + rng.randrange(1500)
    d = date.fromordinal(died)
    death: object = d if n % 3 == 0 else f"昭和{d.year - 1925}年{d.month}月{d.day}日"
    birth: object = 1895 + n % 30 if n % 2 else f"大正{1 + n % 14}年"
    return [
        n, f"{kana_f} {kana_g}{n % 997}", f"{kanji_f}\u3000{kanji_g}{n}", birth, death,
        f"ロシア {region}", f"第{n % 20 + 1}収容地区第{n % 12 + 1}分所",
        f"{region}第{n % 60 + 1}埋葬地", "北海道", f"{cyr_f} {cyr_g}{n}", "", d,
    ]  # fmt: skip


class SheetWriter:
    """Writes sheet XML by hand, with shared strings as Excel does or inline as openpyxl does."""

    def __init__(self, shared: bool) -> None:
        self.shared = shared
        self.strings: dict[str, int] = {}

    def cell(self, ref: str, value: object) -> str:
        if isinstance(value, date):
            return f'<c r="{ref}" s="1"><v>{(value - date(1899, 12, 30)).days}</v></c>'
        if isinstance(value, int):
            return f'<c r="{ref}"><v>{value}</v></c>'
        text = str(value)
        if not text:
            return ""
        if self.shared:
            index = self.strings.setdefault(text, len(self.strings))
            return f'<c r="{ref}" t="s"><v>{index}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'

    def row(self, number: int, values: list[object]) -> str:
        cells = "".join(self.cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values))
        return f'<row r="{number}">{cells}</row>'


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def generate(path: Path, rows: int, shared: bool, merged: int = 0) -> None:
    """The register; with `merged`, 埋葬地 (column H) is merged over blocks of that many rows."""
    rng = random.Random(1945)
    writer = SheetWriter(shared)
    burial_site = HEADERS.index("埋葬地")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode())
            f.write(b"<sheetData>" + writer.row(1, list(HEADERS)).encode())
            for n in range(1, rows + 1):
                values = person(n, rng)
                if merged > 1 and (n - 1) % merged:
                    values[burial_site] = ""  # hidden under the merge, as Excel leaves it
                f.write(writer.row(n + 1, values).encode())
            f.write(b"</sheetData>")
            if merged > 1:
                column = chr(65 + burial_site)
                blocks = [
                    (top, min(top + merged - 1, rows + 1)) for top in range(2, rows + 2, merged)
                ]
                f.write(f'<mergeCells count="{len(blocks)}">'.encode())
                for top, bottom in blocks:
                    f.write(f'<mergeCell ref="{column}{top}:{column}{bottom}"/>'.encode())
                f.write(b"</mergeCells>")
            f.write(b"</worksheet>")
        if shared:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
                f.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode())
                for text in writer.strings:
                    f.write(f"<si><t>{escape(text)}</t></si>".encode())
                f.write(b"</sst>")
        z.writestr("[Content_Types].xml", content_types(shared))
        z.writestr("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')  # fmt: skip
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="名簿" sheetId="1" r:id="rId1"/></sheets></workbook>')  # fmt: skip
        rels = f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        rels += f'<Relationship Id="rId2" Type="{RELS}/styles" Target="styles.xml"/>'
        if shared:
            rels += f'<Relationship Id="rId3" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'  # fmt: skip
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">{rels}</Relationships>')  # fmt: skip
        z.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>')  # fmt: skip


def content_types(shared: bool) -> str:
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = [
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>',
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>',
        f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>',
    ]
    if shared:
        parts.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>')  # fmt: skip
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(parts) + "</Types>"
    )  # fmt: skip


def measure(reader: str, path: Path) -> None:
    """Run in a child process: iterate every row once and print rows, seconds, peak RSS."""
    start = time.perf_counter()
    count = 0
    if reader == "calamine":
        from python_calamine import CalamineWorkbook

        for _ in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows():
            count += 1
    elif reader == "irei":
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from importers.readers import open_workbook

        for _ in open_workbook(path)[0].rows:
            count += 1
    elif reader == "openpyxl":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        for _ in book.worksheets[0].iter_rows(values_only=True):
            count += 1
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{count} {seconds:.3f} {peak_mb:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--style", choices=["shared", "inline", "both"], default="both")
    parser.add_argument("--openpyxl", action="store_true", help="also time openpyxl read-only")
    parser.add_argument("--merged", type=int, default=0, metavar="ROWS",
                        help="merge 埋葬地 over blocks of this many rows")  # fmt: skip
    parser.add_argument("--measure", nargs=2, metavar=("READER", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure[0], Path(args.measure[1]))
        return
    readers = ["calamine", "irei"] + (["openpyxl"] if args.openpyxl else [])
    styles = ["shared", "inline"] if args.style == "both" else [args.style]
    with tempfile.TemporaryDirectory(prefix="irei-bench-") as tmp:
        for style in styles:
            path = Path(tmp) / f"register_{style}_{args.rows}.xlsx"
            started = time.perf_counter()
            generate(path, args.rows, shared=style == "shared", merged=args.merged)
            with zipfile.ZipFile(path) as z:
                ratios = [
                    f"{i.filename} {i.file_size / i.compress_size:.1f}:1" for i in z.infolist()
                ]
            print(f"\n{style} strings: {args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB, "
                  f"generated in {time.perf_counter() - started:.0f} s; {', '.join(ratios[:2])}")  # fmt: skip
            for reader in readers:
                out = subprocess.run(
                    [sys.executable, __file__, "--measure", reader, str(path)],
                    capture_output=True, text=True, check=True,
                ).stdout.split()  # fmt: skip
                count, seconds, peak = int(out[0]), float(out[1]), float(out[2])
                print(f"  {reader:9} {count:>9,} rows  {seconds:6.1f} s  "
                      f"{count / seconds:>9,.0f} rows/s  peak RSS {peak:,.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
