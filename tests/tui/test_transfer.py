"""Import… and Export… from the command palette."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, Select

from nettui.storage.repository import Repository
from nettui.tui.app import NettuiApp
from nettui.tui.screens.transfer import ExportDialog, ImportDialog
from nettui.tui.widgets.people_list import PeopleList
from tests.test_interop import LINKEDIN
from tests.tui.conftest import SIZE, screen_text, settle, stored, type_text


async def open_from_palette(pilot, title: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await type_text(pilot, title)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)


async def test_import_previews_then_imports(app: NettuiApp, seeded: Repository, tmp_path: Path) -> None:
    csv_path = tmp_path / "Connections.csv"
    csv_path.write_text(LINKEDIN + "Bad,Row,,,X,Y,someday\n")
    before = stored(seeded.path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_from_palette(pilot, "import")
        assert isinstance(app.screen, ImportDialog)
        await type_text(pilot, str(csv_path))
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        # Grace matches by name and company; Ada and Alan differ in company: kept apart, reported
        assert "Would import: 0 new, 1 updated, 0 unchanged, 1 skipped, 2 possible" in text
        assert "cannot read the date 'someday'" in text
        assert stored(seeded.path) == before  # the preview writes nothing, not even a journal line
        assert not app.screen.query_one("#ok", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(0.2)
        assert not isinstance(app.screen, ImportDialog)
        names = [r.name for r in app.screen.query_one(PeopleList).rows]
        assert names.count("Ada Lovelace") == 2 and names.count("Grace Hopper") == 1
        assert "Imported Connections.csv" in screen_text(app)


async def test_import_of_a_bad_path_is_marked(app: NettuiApp, tmp_path: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_from_palette(pilot, "import")
        await type_text(pilot, str(tmp_path / "missing.csv"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#import-path", Input).has_class("-invalid")
        assert "There is no file at" in screen_text(app)


async def test_export_vcard_from_the_palette(app: NettuiApp, tmp_path: Path) -> None:
    target = tmp_path / "book"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_from_palette(pilot, "export")
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one("#export-kind", Select).value == "vcard"
        await type_text(pilot, str(target))
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ExportDialog)
    assert len(list(target.glob("*.vcf"))) == 4
