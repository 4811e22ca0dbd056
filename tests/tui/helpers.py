"""Helpers for Pilot tests: run a coroutine test without an async plugin, wait for workers."""

from __future__ import annotations

import asyncio
import functools
import io
from collections.abc import Callable, Coroutine
from typing import Any

from rich.console import Console
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot


async def settle(app: App[object], pilot: Pilot[object]) -> None:
    """Wait until the app's workers are done (the file picker's loader never ends)."""
    for _ in range(500):
        await pilot.pause()
        busy = [w for w in app.workers if w.name != "_loader" and not w.is_finished]
        if not busy:
            break
        await asyncio.sleep(0.01)
    await pilot.pause()


def press_at_once(app: App[object], *presses: str) -> None:
    """Send keys as a terminal hands over what tmux types in one go: all of them are queued
    before the app takes the first, where Pilot's press waits after each key. A press is a
    character typed ("/", "7") or a key's name ("ctrl+u", "tab"). Wait with ``settle``."""
    driver = app._driver
    assert driver is not None
    for press in presses:
        typed = len(press) == 1
        event = events.Key(_character_to_key(press) if typed else press, press if typed else None)
        event.set_sender(app)
        driver.send_message(event)


def synchronously(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run a Pilot test (a coroutine) as a plain pytest test; no async plugin is needed."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def screen_lines(app: App[object]) -> list[str]:
    """The terminal's lines as the user sees them, a modal screen over the ones behind it."""
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        force_terminal=True,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    # Textual draws a screen through its compositor; what it would send to the terminal,
    # printed to a console of the same size, reads back as text.
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text().splitlines()
