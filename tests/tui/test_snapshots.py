"""Snapshots of the dashboard at 80x24 and 160x48 on fixed demo data and a frozen clock."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from nettui.storage.maintenance.demo import fill
from nettui.storage.repository import Repository
from nettui.tui.app import NettuiApp
from tests.tui.conftest import TODAY, settle

SNAPSHOT_DB = Path(tempfile.gettempdir()) / "nettui-snapshots" / "demo.json"


def demo_app(people: int = 30, conversations: int = 250) -> NettuiApp:
    """A fixed path, seed and clock, so every run draws the same screen."""
    shutil.rmtree(SNAPSHOT_DB.parent, ignore_errors=True)
    repo = Repository(SNAPSHOT_DB)
    fill(repo, people, conversations, 7, TODAY)
    return NettuiApp(Repository(SNAPSHOT_DB))


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_dashboard(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_inline_log_form(snap_compare, size: tuple[int, int]) -> None:
    async def open_form(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("down", "l")
        for char in "Launch went well":
            await pilot.press("space" if char == " " else char)

    assert snap_compare(demo_app(), terminal_size=size, run_before=open_form)


def test_welcome(snap_compare) -> None:
    shutil.rmtree(SNAPSHOT_DB.parent, ignore_errors=True)
    assert snap_compare(NettuiApp(Repository(SNAPSHOT_DB)), terminal_size=(80, 24), run_before=settle)
