"""Dependencies point one way: records, importers and exports load neither Textual nor Rich,
checked in a fresh interpreter so that nothing imported by another test hides a leak."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]

PROBE = """
import importlib, json, pkgutil, sys
imported = []
for name in ("records", "importers", "exports"):
    package = importlib.import_module(name)
    imported.append(name)
    for module in pkgutil.walk_packages(package.__path__, name + "."):
        if ".migrations" in module.name:
            continue  # run by Alembic only, never imported by irei
        importlib.import_module(module.name)
        imported.append(module.name)
terminal = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(json.dumps({"imported": imported, "terminal": terminal}))
"""


def test_records_importers_and_exports_import_neither_textual_nor_rich() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert "records.services.lots" in found["imported"]
    assert "records.audit" in found["imported"]
    assert found["terminal"] == []
