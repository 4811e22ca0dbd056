"""The real terminal: ``irei`` started inside tmux, driven with send-keys, read with
capture-pane."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from records.database import Database

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
IREI = Path(sys.executable).with_name("irei")


def screen(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True
    ).stdout


def wait_for(session: str, *texts: str, timeout: float = 15.0) -> str:
    """The screen once it shows every one of the texts: a screen is painted in parts, and a
    busy machine captures it between them."""
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = screen(session)
        if all(text in shown for text in texts):
            return shown
        time.sleep(0.1)
    raise AssertionError(f"{texts!r} never appeared; the screen shows:\n{shown}")


@pytest.fixture
def tmux_session(demo_db: Database, tmp_path: Path) -> Iterator[str]:
    session = f"irei-test-{os.getpid()}"
    db_path = demo_db.url.removeprefix("sqlite:///")
    command = (
        f"env XDG_CONFIG_HOME={tmp_path}/config LANG=en_US.UTF-8 TERM=xterm-256color "
        f"{IREI} --db {db_path} --lang en"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command],
        check=True,
    )
    # Without a client attached, some tmux versions keep 80×24 unless told otherwise.
    subprocess.run(["tmux", "resize-window", "-t", session, "-x", "120", "-y", "40"], check=False)
    try:
        yield session
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)


def test_search_and_open_a_person_in_a_real_terminal(tmux_session: str) -> None:
    wait_for(tmux_session, "Lots waiting for a decision")
    subprocess.run(["tmux", "send-keys", "-t", tmux_session, "p"], check=True)
    wait_for(tmux_session, "Identified?")
    everyone = wait_for(tmux_session, "400 found")
    assert "ヤマ" not in everyone.split("found", 1)[0]
    subprocess.run(["tmux", "send-keys", "-t", tmux_session, "-l", "ヤマ"], check=True)
    shown = wait_for(tmux_session, "ヤマ")
    deadline = time.monotonic() + 15
    while "400 found" in shown and time.monotonic() < deadline:
        time.sleep(0.1)
        shown = screen(tmux_session)
    table = shown.split("found", 1)[1]
    readings = [line for line in table.splitlines() if "ヤマ" in line]
    assert readings, shown
    subprocess.run(["tmux", "send-keys", "-t", tmux_session, "Down"], check=True)
    wait_for(tmux_session, "⏎ Open")  # the footer shows the table's keys once it has focus
    subprocess.run(["tmux", "send-keys", "-t", tmux_session, "Enter"], check=True)
    wait_for(tmux_session, "Name forms", "Summary")
    subprocess.run(["tmux", "send-keys", "-t", tmux_session, "?"], check=True)
    wait_for(tmux_session, "Keys", "Name forms", "Help")
