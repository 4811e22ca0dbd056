"""The export writers run without a terminal: importing them loads neither Textual nor Rich."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_exports_import_neither_textual_nor_rich() -> None:
    probe = (
        "import sys\n"
        "import exports.order, exports.roll_csv, exports.roll_pdf, exports.roll_xlsx\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert result.stdout.strip() == "[]"
