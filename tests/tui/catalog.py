"""The messages the terminal app shows: every literal passed to ``_()`` or ``N_()`` in tui/."""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"


def messages_in(root: Path = TUI) -> dict[str, str]:
    """msgid → the first file:line that uses it."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(
                    node.args[0].value, f"{path.relative_to(root.parent)}:{node.lineno}"
                )
    return found
