"""`irei` alone opens the terminal app in under a second, so what it loads before the first
screen is only what that screen needs: no spreadsheet, PDF or migration library, none of the
import pipeline or the exports (bench/bench_tui.py measures the time itself)."""

from __future__ import annotations

import subprocess
import sys

from records.database import Database

SUBCOMMANDS_ONLY = {
    "alembic",
    "exports",
    "fpdf",
    "importers",
    "lxml",
    "openpyxl",
    "python_calamine",
    "rapidfuzz",
}
UP_TO_THE_FIRST_SCREEN = """
import sys
import tui.cli
from tui.console import open_db
open_db({path!r}).close()
import tui.app, tui.screens.dashboard
print(" ".join(sorted({{name.split(".")[0] for name in sys.modules}} & {wanted!r})))
"""


def test_the_first_screen_loads_nothing_only_a_subcommand_needs(demo_db: Database) -> None:
    path = demo_db.url.removeprefix("sqlite:///")
    code = UP_TO_THE_FIRST_SCREEN.format(path=path, wanted=SUBCOMMANDS_ONLY)

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
