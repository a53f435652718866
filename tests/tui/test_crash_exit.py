"""A crash of the dashboard exits non-zero, and only after its quick saves are in the file."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from nettui.storage.repository import Repository
from tests.tui.test_terminal_injection import Terminal

CRASHING = """
import sys
from nettui.tui.screens.dashboard import DashboardScreen

def boom(self):
    raise RuntimeError("a bug")

DashboardScreen.action_reflect = boom
sys.argv = ["nettui", "--db", sys.argv[1]]
from nettui.tui.startup.entry import run
run()
"""


def test_a_crash_exits_non_zero_after_the_fold(seeded: Repository, tmp_path: Path) -> None:
    script = tmp_path / "crashing.py"
    script.write_text(CRASHING)
    terminal = Terminal(seeded.path, command=[sys.executable, str(script), str(seeded.path)])
    try:
        terminal.read(20, until=b"Alan Turing")
        terminal.press(b"l")
        terminal.press(b"saved before the crash")
        terminal.press(b"\x13", settle=0.3)  # ctrl+s: one journal line, not yet in the file
        terminal.read(5, until=b"Saved")
        terminal.press(b"r", settle=1.0)  # the bug
    finally:
        status = terminal.close()
    assert status not in (0, -1)
    assert not seeded.path.with_name(seeded.path.name + ".journal").exists()
    notes = [d.get("note") for d in json.loads(seeded.path.read_text())["conversations"].values()]
    assert "saved before the crash" in notes
    assert os.stat(seeded.path).st_size > 0
