"""How fast the terminal app is on a small and on the national-scale demo database.

For each database, in a fresh process (so memory is that database's alone), headless:
time from process start to the first screen (the dashboard's table drawn), to the dashboard's
figures, to the people table's first page, to its last page after End, the median and slowest
time from a keystroke in the people search to its results painted (each key typed to an idle
app, then each query typed at 20 keys a second, timed from its last key), the same keystrokes
under each filter of the People screen, and the peak memory (RSS).

Then, what a user sees: the real ``irei --db PATH`` command started in a tmux pane (its own
tmux server), the pane read with capture-pane until the dashboard's first rows are drawn;
the median of several runs after one unmeasured warm-up.

    python bench/bench_tui.py /tmp/tui2k.sqlite3 /tmp/big.sqlite3
    python bench/bench_tui.py --tmux-only /tmp/tui2k.sqlite3 /tmp/big.sqlite3
"""

from __future__ import annotations

import time

STARTED = time.monotonic()  # before Textual and SQLAlchemy are imported: start-up counts

import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

QUERIES = ["ヤマグチ", "サトウ", "佐藤", "タナカ", "Ямагути"]
# The People screen's filter menus (their widget ids and values), each tried with every query.
FILTERS: dict[str, dict[str, Any]] = {
    "unidentified": {"identified": "no"},
    "prefecture": {"prefecture": "13"},
    "country": {"country": "ロシア"},
    "unidentified_prefecture": {"identified": "no", "prefecture": "13"},
}
BURST_GAP_S = 0.05  # a fast typist: 20 keys a second, each search overtaken by the next key
IREI = Path(sys.executable).with_name("irei")
TMUX_RUNS = 7
DASHBOARD_TITLE = "Lots waiting for a decision"


async def until(condition: Callable[[], bool], pilot: Any, timeout: float = 60.0) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise TimeoutError("the app did not get there")
        await pilot.pause(0.001)
    return time.monotonic() - started


async def keystroke(app: Any, table: Callable[[], Any], key: str) -> float:
    """Seconds from a key reaching the app to the screen painted with its search's first page
    and count. Not timed with Pilot.press: that waits for the whole process to be idle for
    20 ms, twice, which adds 40-100 ms no user waits for."""
    from textual.events import Key

    generation = table().generation
    painted = asyncio.Event()
    started = time.monotonic()
    app.post_message(Key(key, key))
    while not (table().generation > generation and 0 in table().pages and table().counted):
        if time.monotonic() - started > 60:
            raise TimeoutError("the search did not answer")
        await asyncio.sleep(0.001)
    app.screen.call_after_refresh(painted.set)  # runs once the screen is painted
    await painted.wait()
    return time.monotonic() - started


async def clear_search(table: Callable[[], Any], pilot: Any) -> None:
    """An empty box: all persons again, counted, and the app idle."""
    await pilot.press("ctrl+a", "ctrl+k")
    await until(lambda: 0 in table().pages and table().counted, pilot)
    await pilot.pause()


async def choose_filters(
    app: Any, table: Callable[[], Any], pilot: Any, chosen: dict[str, Any]
) -> None:
    """Set the People screen's filter menus (all others back to none), as a user picking
    them would; then the search box has the focus again."""
    from textual.widgets import Select

    for select in app.screen.query(Select):
        value = chosen.get(select.id, Select.NULL)
        if select.value != value:
            select.value = value
            await until(lambda: 0 in table().pages and table().counted, pilot)
    app.screen.query_one("#search").focus()
    await pilot.pause()


async def measure(path: str) -> dict[str, Any]:
    from textual.events import Key

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
        latencies, bursts = [], []
        for query in QUERIES:
            await clear_search(table, pilot)
            for key in query:
                latencies.append(await keystroke(app, table, key))
                await pilot.pause()  # the next key comes to an idle app, as from a typist
        for query in QUERIES:
            await clear_search(table, pilot)
            for key in query[:-1]:
                app.post_message(Key(key, key))
                await asyncio.sleep(BURST_GAP_S)
            bursts.append(await keystroke(app, table, query[-1]))
        figures["keystroke_median_ms"] = statistics.median(latencies) * 1000
        figures["keystroke_max_ms"] = max(latencies) * 1000
        figures["burst_median_ms"] = statistics.median(bursts) * 1000
        figures["burst_max_ms"] = max(bursts) * 1000

        for name, chosen in FILTERS.items():
            filtered = []
            for query in QUERIES:
                await clear_search(table, pilot)
                await choose_filters(app, table, pilot, chosen)
                for key in query:
                    filtered.append(await keystroke(app, table, key))
                    await pilot.pause()
            figures[f"filtered_{name}_median_ms"] = statistics.median(filtered) * 1000
            figures[f"filtered_{name}_max_ms"] = max(filtered) * 1000
        await choose_filters(app, table, pilot, {})
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    database.close()
    return figures


def dashboard_drawn(pane: str) -> bool:
    """The waiting lots' title, its column header and a first row below it are on screen."""
    lines = pane.splitlines()
    for number, line in enumerate(lines):
        if DASHBOARD_TITLE in line:
            return len(lines) > number + 2 and bool(lines[number + 2].strip())
    return False


def tmux(socket: Path, *args: str) -> str:
    # A tmux server on a socket of its own: nothing the user (or another benchmark) runs in
    # tmux is touched or timed.
    command = ["tmux", "-S", str(socket), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def irei_in_tmux(path: str, scratch: Path, timeout: float = 30.0) -> tuple[float, float]:
    """Seconds from starting ``irei --db PATH`` in a 120×40 pane to the dashboard drawn, and
    the CPU seconds irei used until then (what other work on the machine does not inflate)."""
    socket = scratch / "tmux.sock"
    # Bytecode may be written (into __pycache__) even where PYTHONDONTWRITEBYTECODE is set, as
    # an installed irei has it: otherwise every run would compile the modules afresh.
    command = (
        f"exec env -u PYTHONDONTWRITEBYTECODE XDG_CONFIG_HOME={scratch / 'config'} "
        f"LANG=en_US.UTF-8 TERM=xterm-256color {IREI} --db {path} --lang en"
    )
    started = time.monotonic()
    tmux(socket, "new-session", "-d", "-s", "irei", "-x", "120", "-y", "40", command)
    try:
        pid = int(tmux(socket, "display-message", "-p", "-t", "irei", "#{pane_pid}"))
        while not dashboard_drawn(tmux(socket, "capture-pane", "-p", "-t", "irei")):
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"irei --db {path} did not draw its dashboard")
            time.sleep(0.01)
        return time.monotonic() - started, cpu_seconds(pid)
    finally:
        tmux(socket, "kill-session", "-t", "irei")


def measure_in_tmux(path: str, runs: int = TMUX_RUNS) -> dict[str, Any]:
    """The median and range of ``runs`` starts through the ``irei`` command, after a warm-up
    start that fills the page cache and writes the bytecode."""
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        # A session that outlives the measured ones keeps the tmux server's start out of them.
        tmux(scratch / "tmux.sock", "new-session", "-d", "-s", "keep", "sleep 3600")
        try:
            irei_in_tmux(path, scratch)
            times, cpu = zip(*(irei_in_tmux(path, scratch) for _ in range(runs)), strict=True)
        finally:
            tmux(scratch / "tmux.sock", "kill-server")
    return {
        "db": path,
        "irei_tmux_median_s": statistics.median(times),
        "irei_tmux_min_s": min(times),
        "irei_tmux_max_s": max(times),
        "irei_tmux_cpu_s": statistics.median(cpu),
    }


TMUX_ROWS = [
    (f"first screen via `irei` in tmux, median of {TMUX_RUNS}", "irei_tmux_median_s", "{:.2f} s"),
    ("  fastest", "irei_tmux_min_s", "{:.2f} s"),
    ("  slowest", "irei_tmux_max_s", "{:.2f} s"),
    ("  CPU time of irei until then, median", "irei_tmux_cpu_s", "{:.2f} s"),
]

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
    ("typed at 20 keys/s: last key, median", "burst_median_ms", "{:.0f} ms"),
    ("typed at 20 keys/s: last key, slowest", "burst_max_ms", "{:.0f} ms"),
    *(
        (f"filtered ({name}) keystroke, {which}", f"filtered_{name}_{key}_ms", "{:.0f} ms")
        for name in FILTERS
        for which, key in (("median", "median"), ("slowest", "max"))
    ),
    ("peak memory (RSS)", "peak_rss_mb", "{:.0f} MB"),
]


def print_table(results: list[dict[str, Any]], rows: list[tuple[str, str, str]]) -> None:
    names = [r["db"] for r in results]
    print(f"| {'measure':<44} | " + " | ".join(f"{n:>20}" for n in names) + " |")
    print(f"|{'-' * 46}|" + "|".join("-" * 22 for _ in names) + "|")
    for label, key, form in rows:
        cells = " | ".join(f"{form.format(r[key]):>20}" for r in results)
        print(f"| {label:<44} | {cells} |")


def main(paths: list[str], headless: bool = True) -> None:
    results = []
    for path in paths if headless else []:
        out = subprocess.run(
            [sys.executable, __file__, "--one", path], capture_output=True, text=True, check=True
        ).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    if results:
        print_table(results, ROWS)
    if shutil.which("tmux") is None:
        print("tmux is not installed: no measurement through the irei command")
        return
    print()
    print_table([measure_in_tmux(path) for path in paths], TMUX_ROWS)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(asyncio.run(measure(sys.argv[2]))))
    elif sys.argv[1:2] == ["--tmux-only"]:
        main(sys.argv[2:] or ["/tmp/tui2k.sqlite3", "/tmp/big.sqlite3"], headless=False)
    else:
        main(sys.argv[1:] or ["/tmp/tui2k.sqlite3", "/tmp/big.sqlite3"])
