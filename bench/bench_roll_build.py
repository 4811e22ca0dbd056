"""Time a ceremony roll end to end on a national-scale database: build_roll (read, fall back,
order) and then each writer, for the demo's 57,000-entry memorial roll.

Build the database once (about 3 minutes):
    irei --db /tmp/big.sqlite3 demo --size 2400000 --no-open
Run:
    python bench/bench_roll_build.py [/tmp/big.sqlite3] [ceremony id, default 2] [runs, default 3]
Targets (issue 5): build + xlsx < 10 s, build + pdf < 30 s. Prints the median of the runs.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

# Runnable as a plain script from a checkout, where the package is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exports.roll import build_roll, write_roll
from records.database import open_database

TARGETS = {"xlsx": 10.0, "pdf": 30.0, "csv": None}


def main() -> None:
    db_path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/big.sqlite3"
    ceremony_id = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    database = open_database(db_path)
    builds: list[float] = []
    totals: dict[str, list[float]] = {fmt: [] for fmt in TARGETS}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            for fmt in TARGETS:
                started = time.perf_counter()
                with database.reading() as session:
                    ceremony, rows = build_roll(session, ceremony_id, "reading")
                built = time.perf_counter()
                write_roll(Path(folder) / f"roll.{fmt}", ceremony, rows, fmt)
                finished = time.perf_counter()
                builds.append(built - started)
                totals[fmt].append(finished - started)
    print(f"{db_path}: ceremony {ceremony_id}, {len(rows):,} entries, median of {runs} runs")
    print(f"  build_roll            {statistics.median(builds):6.2f} s")
    for fmt, target in TARGETS.items():
        median = statistics.median(totals[fmt])
        verdict = "" if target is None else f"  (target < {target:.0f} s: "
        verdict += "" if target is None else ("ok)" if median < target else "TOO SLOW)")
        print(f"  build + {fmt:<5}         {median:6.2f} s{verdict}")
    database.close()


if __name__ == "__main__":
    main()
