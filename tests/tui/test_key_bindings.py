"""Every key the app binds runs an action that exists. Textual does nothing, and says
nothing, for a key whose action its screen or widget lacks: a Screen has no ``focus_next``
(the App has), so such a key silently stops working."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import tui.screens
import tui.widgets
from tui.app import IreiApp


def _nodes_with_keys() -> Iterator[type[DOMNode]]:
    yield IreiApp
    for package in (tui.screens, tui.widgets):
        for found in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{found.name}")
            for _name, node in inspect.getmembers(module, inspect.isclass):
                own = node.__module__ == module.__name__ and "BINDINGS" in vars(node)
                if own and issubclass(node, DOMNode):
                    yield node


@pytest.mark.parametrize("node", list(_nodes_with_keys()), ids=lambda node: node.__name__)
def test_every_key_runs_an_action_that_exists(node: type[DOMNode]) -> None:
    for binding in Binding.make_bindings(vars(node)["BINDINGS"]):
        namespace, _dot, call = binding.action.rpartition(".")
        owner = {"": node, "app": IreiApp}[namespace]
        action = call.split("(")[0]
        assert hasattr(owner, f"action_{action}"), f"{binding.key} runs {binding.action}"
