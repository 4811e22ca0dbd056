"""How fast the terminal app is on a small and on the national-scale demo database.

For each database, in a fresh process (so memory is that database's alone), headless:
time from process start to the first screen (the dashboard's table drawn), to the dashboard's
figures, to the people table's first page, to its last page after End, the median time from a
keystroke in the people search to its results drawn, and the peak memory (RSS).

    python bench/bench_tui.py /tmp/tui2k.sqlite3 /tmp/big.sqlite3
"""

from __future__ import annotations

import time

STARTED = time.monotonic()  # before Textual and SQLAlchemy are imported: start-up counts

import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

QUERIES = ["ヤマグチ", "サトウ", "佐藤", "タナカ", "Ямагути"]


async def until(condition: Callable[[], bool], pilot: Any, timeout: float = 60.0) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise TimeoutError("the app did not get there")
        await pilot.pause(0.001)
    return time.monotonic() - started


async def measure(path: str) -> dict[str, Any]:
    from records.database import open_database
    from tui.app import IreiApp
    from tui.widgets.paged_table import PagedTable

    database = open_database(path)
    app_started = time.monotonic()  # after the imports, which the command line pays too
    app = IreiApp(database, actor="bench", lang="en")
    figures: dict[str, Any] = {"db": path}
    async with app.run_test(size=(120, 40)) as pilot:
        table = lambda: app.screen.query_one(PagedTable)  # noqa: E731
        await until(lambda: bool(app.screen.query(PagedTable)) and 0 in table().pages, pilot)
        figures["first_screen_s"] = time.monotonic() - STARTED
        figures["app_first_screen_s"] = time.monotonic() - app_started
        await until(lambda: getattr(app.screen, "figures", None) is not None, pilot)
        figures["dashboard_figures_s"] = time.monotonic() - STARTED

        started = time.monotonic()
        await pilot.press("p")
        await until(
            lambda: type(app.screen).__name__ == "PeopleScreen" and 0 in table().pages, pilot
        )
        figures["people_first_page_s"] = time.monotonic() - started
        figures["people_count_s"] = await until(lambda: table().counted, pilot)
        figures["persons"] = table().total

        await pilot.press("down")
        started = time.monotonic()
        await pilot.press("end")
        last_page = (table().total - 1) // 100
        await until(lambda: last_page in table().pages, pilot)
        figures["jump_to_end_s"] = time.monotonic() - started
        started = time.monotonic()
        await pilot.press("home")
        await until(lambda: 0 in table().pages, pilot)
        figures["back_to_start_s"] = time.monotonic() - started

        await pilot.press("slash")
        latencies = []
        for query in QUERIES:
            await pilot.press("ctrl+a", "ctrl+k")  # an empty box: all persons again
            await until(lambda: 0 in table().pages, pilot)
            for key in query:
                generation = table().generation
                started = time.monotonic()
                await pilot.press(key)
                await until(
                    lambda g=generation: (
                        table().generation > g  # type: ignore[misc]
                        and 0 in table().pages
                        and table().counted
                    ),
                    pilot,
                )
                latencies.append(time.monotonic() - started)
        figures["keystroke_median_ms"] = statistics.median(latencies) * 1000
        figures["keystroke_max_ms"] = max(latencies) * 1000
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    database.close()
    return figures


ROWS = [
    ("persons", "persons", "{:,}"),
    ("first screen (from process start)", "first_screen_s", "{:.2f} s"),
    ("first screen (from IreiApp())", "app_first_screen_s", "{:.2f} s"),
    ("dashboard figures filled", "dashboard_figures_s", "{:.2f} s"),
    ("people: first page", "people_first_page_s", "{:.3f} s"),
    ("people: count", "people_count_s", "{:.3f} s"),
    ("jump to end (End)", "jump_to_end_s", "{:.3f} s"),
    ("back to start (Home)", "back_to_start_s", "{:.3f} s"),
    ("search keystroke, median", "keystroke_median_ms", "{:.0f} ms"),
    ("search keystroke, slowest", "keystroke_max_ms", "{:.0f} ms"),
    ("peak memory (RSS)", "peak_rss_mb", "{:.0f} MB"),
]


def main(paths: list[str]) -> None:
    results = []
    for path in paths:
        out = subprocess.run(
            [sys.executable, __file__, "--one", path], capture_output=True, text=True, check=True
        ).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    names = [r["db"] for r in results]
    print(f"| {'measure':<36} | " + " | ".join(f"{n:>20}" for n in names) + " |")
    print(f"|{'-' * 38}|" + "|".join("-" * 22 for _ in names) + "|")
    for label, key, form in ROWS:
        cells = " | ".join(f"{form.format(r[key]):>20}" for r in results)
        print(f"| {label:<36} | {cells} |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(asyncio.run(measure(sys.argv[2]))))
    else:
        main(sys.argv[1:] or ["/tmp/tui2k.sqlite3", "/tmp/big.sqlite3"])
