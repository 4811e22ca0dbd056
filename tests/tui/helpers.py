"""Helpers for Pilot tests: run a coroutine test without an async plugin, wait for workers."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from textual.app import App
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


def synchronously(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run a Pilot test (a coroutine) as a plain pytest test; no async plugin is needed."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run
