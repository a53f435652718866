"""In every built-in light theme (and the dark default) every piece of text the dashboard
draws reads at 4.5:1 or better against what is behind it: measured on the cells of real
screens, from the colours the theme's variables gave them. ANSI themes are left out: their
colours are the terminal's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.segment import Segment
from textual.app import App
from textual.color import Color
from textual.screen import ModalScreen

from nettui.storage.maintenance.demo import fill
from nettui.storage.repository import Repository
from nettui.tui.app import NettuiApp
from nettui.tui.readable import BODY, contrast
from tests.tui.conftest import SIZE, TODAY, settle, type_text

LIGHT = [
    name for name, theme in App().available_themes.items() if not theme.dark and not name.startswith("ansi")
]
SCREENS = {
    "dashboard": (),
    "upcoming focused": ("tab",),
    "person page": ("enter",),
    "log form": ("l",),
    "help": ("question_mark",),
    "communities": ("c",),
    "palette": ("ctrl+p",),
    "add person": ("a",),
    "strengths": ("s",),
}


def unreadable(app: NettuiApp) -> list[str]:
    """Text cells (letters and digits) that read below 4.5:1, described; only the top screen's
    own widgets when a dialog is up (the screen behind it is faded on purpose)."""
    screen = app.screen
    keep = None
    if isinstance(screen, ModalScreen) or screen.id == "--command-palette":
        keep = [child.region for child in screen.children]
    found = []
    for y, strip in enumerate(screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            width = Segment.get_line_length([segment])
            inside = keep is None or any(r.contains(x, y) for r in keep)
            x += width
            if not inside or not any(c.isalnum() for c in text) or style is None:
                continue
            if style.color is None or style.bgcolor is None:
                continue
            fg = Color(*style.color.get_truecolor())
            bg = Color(*style.bgcolor.get_truecolor())
            ratio = contrast(fg, bg)
            if ratio < BODY:
                found.append(f"{text.strip()[:30]!r} {ratio:.2f}:1 ({fg.hex} on {bg.hex})")
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("contrast") / "nettui.json"
    fill(Repository(path), 30, 250, 7, TODAY)
    return path


@pytest.mark.parametrize("theme", [*LIGHT, "textual-dark"])
async def test_all_text_is_readable(theme: str, demo: Path) -> None:
    problems: dict[str, list[str]] = {}
    for name, keys in SCREENS.items():
        app = NettuiApp(Repository(demo))
        async with app.run_test(size=SIZE) as pilot:
            app.theme = theme
            await settle(pilot)
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            await pilot.pause(0.1)
            if bad := unreadable(app):
                problems[name] = bad[:5]
    assert not problems, problems


def test_the_light_themes_are_measured() -> None:
    assert {"textual-light", "solarized-light", "catppuccin-latte"} <= set(LIGHT)


async def test_the_chosen_theme_is_remembered(demo: Path) -> None:
    app = NettuiApp(Repository(demo))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "theme")
        await pilot.press("enter")
        await pilot.pause(0.3)
        await type_text(pilot, "solarized-light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "solarized-light"
    again = NettuiApp(Repository(demo))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "solarized-light"  # after a restart
