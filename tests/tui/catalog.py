"""The messages the terminal app shows: every literal passed to ``_()``, ``N_()`` or
``Message()`` in tui/ (a command's refusal), and every ``Message()`` (or ``ExportRefused()``)
template of the layers below it, whose errors the app shows too."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Where to look, and the calls whose first argument is a message id there.
SOURCES = (
    ("tui", ("_", "N_", "Message")),
    ("records", ("Message",)),
    ("importers", ("Message",)),
    ("exports", ("Message", "ExportRefused")),
)


def messages_in(root: Path = ROOT) -> dict[str, str]:
    """msgid → the first file:line that uses it."""
    found: dict[str, str] = {}
    for folder, calls in SOURCES:
        for path in sorted((root / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in calls
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.setdefault(node.args[0].value, f"{path.relative_to(root)}:{node.lineno}")
    return found
