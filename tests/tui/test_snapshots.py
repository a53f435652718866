"""Every screen and dialog (screenshots/scenes.py) at 80x24 and 120x40, in the dark default and
a light theme, on fixed demo data and a frozen clock. A snapshot passes on whatever was drawn:
look at the pictures (`python screenshots/make.py --all` writes them) when one changes."""

from __future__ import annotations

import pytest

from nettui.storage.repository import Repository
from nettui.tui.app import NettuiApp
from screenshots.scenes import SCENES, Scene, build, play

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
THEMES = ("textual-dark", "textual-light")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("scene", SCENES, ids=[s.name for s in SCENES])
def test_every_screen(snap_compare, scene: Scene, size: str, theme: str) -> None:
    app = NettuiApp(Repository(build(scene)))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.theme = theme
        await play(pilot, scene)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
