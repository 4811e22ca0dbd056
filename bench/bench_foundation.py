"""National scale: time `irei demo --size N --no-open`, then the search latencies on it.

    python bench/bench_foundation.py --size 2400000 --db /tmp/big.sqlite3
    python bench/bench_foundation.py --db /tmp/big.sqlite3 --search-only

Targets (issue 2): the 2.4M demo in under 3 minutes; each search (a two-character kanji
surname, a katakana name, a hiragana name, a Cyrillic name) under 100 ms, median of warm
runs measured in the process.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from records.database import open_database
from records.search import search

QUERIES = {
    "two-character kanji surname": "佐藤",
    "katakana name": "サトウ ハルオ",
    "hiragana name": "やまだ",
    "Cyrillic name": "Исида",
    "garbled katakana": "ススキ",
    "romaji given name first": "Osamu Hasegawa",
    "Cyrillic given name first": "Осаму Хасэгава",
    "kanji registers confuse": "斉藤",
}


def build(size: int, db: Path) -> float:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(db), "demo", "--size", str(size), "--no-open"],
        check=True,
    )
    return time.perf_counter() - started


def search_latencies(db: Path, runs: int) -> dict[str, tuple[float, int]]:
    database = open_database(str(db))
    results = {}
    with database.reading() as session:
        for label, text in QUERIES.items():
            hits = search(session, text, 50)  # warm-up: pages in the index
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                search(session, text, 50)
                times.append((time.perf_counter() - started) * 1000)
            results[label] = (statistics.median(times), len(hits))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=2_400_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/irei-bench.sqlite3"))
    parser.add_argument("--search-only", action="store_true")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    if not args.search_only:
        seconds = build(args.size, args.db)
        print(f"irei demo --size {args.size:,}: {seconds:.1f} s")
    for label, (ms, hits) in search_latencies(args.db, args.runs).items():
        print(f"search {label:<28} {QUERIES[label]!r:<18} median {ms:7.2f} ms  ({hits} hits)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the search process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
