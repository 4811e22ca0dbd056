"""Time the three roll writers on a national-scale roll: 57,000 synthetic entries, the size of
MHLW's list of those who died in Soviet and Mongolian internment.

Run: python bench/bench_roll_export.py [rows]  — prints the median of 3 runs per format.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Runnable as a plain script from a checkout, where the package is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exports.order import order_rows
from exports.roll_csv import write_roll_csv
from exports.roll_pdf import write_roll_pdf
from exports.roll_xlsx import write_roll_xlsx
from exports.rows import CeremonyInfo, RollRow

FAMILIES = [
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("髙橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡邉", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
    ("佐々木", "ササキ"),
    ("山﨑", "ヤマザキ"),
    ("齋藤", "サイトウ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("清水", "シミズ"),
    ("長谷川", "ハセガワ"),
    ("阿部", "アベ"),
    ("宮﨑", "ミヤザキ"),
    ("濱田", "ハマダ"),
]
GIVEN = [
    ("太郎", "タロウ"),
    ("次郎", "ジロウ"),
    ("一郎", "イチロウ"),
    ("清", "キヨシ"),
    ("勇", "イサム"),
    ("正雄", "マサオ"),
    ("茂", "シゲル"),
    ("實", "ミノル"),
    ("金治郎", "キンジロウ"),
    ("榮吉", "エイキチ"),
    ("武夫", "タケオ"),
    ("昇", "ノボル"),
]
PREFECTURES = [
    ("01", "北海道"),
    ("02", "青森県"),
    ("04", "宮城県"),
    ("07", "福島県"),
    ("13", "東京都"),
    ("15", "新潟県"),
    ("23", "愛知県"),
    ("27", "大阪府"),
    ("34", "広島県"),
    ("40", "福岡県"),
    ("46", "鹿児島県"),
    ("47", "沖縄県"),
]
REGIONS = [
    ("HB", "ハバロフスク地方"),
    ("PR", "沿海地方"),
    ("IR", "イルクーツク州"),
    ("AM", "アムール州"),
    ("ZB", "ザバイカル地方"),
    ("MN", "ウランバートル"),
]


def synthetic_rows(count: int, seed: int = 1945) -> list[RollRow]:
    """Rows shaped like the register: about 70 % identified, dates often partial."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        family, family_kana = rng.choice(FAMILIES)
        given, given_kana = rng.choice(GIVEN)
        identified = rng.random() < 0.7
        code, prefecture = rng.choice(PREFECTURES) if identified else ("", "")
        region, region_name = rng.choice(REGIONS)
        site = rng.randint(1, 60)
        year, month, day = (
            rng.choice((1945, 1946, 1946, 1947)),
            rng.randint(1, 12),
            rng.randint(1, 28),
        )
        death_date = rng.choice((f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}", str(year)))
        rows.append(
            RollRow(
                name=f"{family}　{given}" if identified else "",
                reading=f"{family_kana} {given_kana}",
                death_date=death_date,
                death_date_text=death_date,
                prefecture_code=code,
                prefecture=prefecture,
                burial_site=f"{region_name}第{site}埋葬地",
                site_code=f"{region}-{site:03d}",
                lot_number=f"{region}-{site:03d}-{index:05d}",
                remains_count=rng.choice((1, 1, 1, 2, 3, None)),
                linked=identified,
                remarks="" if rng.random() < 0.9 else "露側記録による",
            )
        )
    return rows


def median_seconds(run: Callable[[], None], repeats: int = 3) -> tuple[float, float]:
    """Median wall-clock and CPU seconds; CPU time stays honest on a busy shared machine."""
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 57_000
    ceremony = CeremonyInfo(
        "令和7年度 シベリア抑留中死亡者追悼式", "memorial", "2025-08-23", "千鳥ケ淵戦没者墓苑"
    )
    rows = synthetic_rows(count)
    wall, cpu = median_seconds(lambda: order_rows(rows, "reading"))
    print(f"rows: {count}; gojūon order median of 3: {wall:.2f} s (cpu {cpu:.2f} s)")
    rows = order_rows(rows, "reading")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        writers: dict[str, Callable[[], None]] = {
            "xlsx": lambda: write_roll_xlsx(out / "roll.xlsx", ceremony, rows),
            "csv": lambda: write_roll_csv(out / "roll.csv", ceremony, rows),
            "csv cp932": lambda: write_roll_csv(out / "roll.csv", ceremony, rows, "cp932"),
            "pdf": lambda: write_roll_pdf(out / "roll.pdf", ceremony, rows),
        }
        for label, run in writers.items():
            wall, cpu = median_seconds(run)
            size = (out / f"roll.{label.split()[0]}").stat().st_size
            print(f"{label:10} median of 3: {wall:6.2f} s (cpu {cpu:6.2f} s)  {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
