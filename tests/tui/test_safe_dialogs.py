"""Dialogs open while another process changes the same person: only the fields the user
changed are saved, a field changed on both sides is shown as a conflict, and a person deleted
meanwhile never comes back. And text is text: markup in any field never styles or crashes."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input

from nettui.storage.domain.models import Conversation, FollowUp, Person, Plan, Reflection
from nettui.storage.repository import Repository
from nettui.tui.app import NettuiApp
from nettui.tui.screens.person_form import PersonDialog
from nettui.tui.widgets.people_list import PeopleList
from nettui.tui.widgets.upcoming_list import UpcomingList
from tests.conftest import TODAY
from tests.tui.conftest import SIZE, notices, screen_text, settle, stored, type_text


def grace(repo_path: object) -> dict:  # type: ignore[type-arg]
    [doc] = [d for d in stored(repo_path)["people"].values() if d["name"].startswith("Grace")]  # type: ignore[arg-type]
    return doc


async def open_edit_on_grace(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("down", "down")
    assert pilot.app.screen.query_one(PeopleList).current.name == "Grace Hopper"
    await pilot.press("e")
    assert isinstance(pilot.app.screen, PersonDialog)


async def replace_field(pilot, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one(f"#person-{field}", Input).focus()
    await pilot.press("ctrl+u")
    await type_text(pilot, text)


async def test_a_dialog_saves_only_what_its_user_changed(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_edit_on_grace(pilot)
        other = Repository(seeded.path)  # another window, while the dialog is open
        other.update_person(other.find("Grace").id, {"company": "Harvard", "notes": "Mark I"})
        await replace_field(pilot, "city", "Arlington")
        await pilot.press("ctrl+s")
        await settle(pilot)
        doc = grace(seeded.path)
        assert (doc["company"], doc["notes"], doc["city"]) == ("Harvard", "Mark I", "Arlington")


async def test_a_field_changed_on_both_sides_is_shown_not_overwritten(
    app: NettuiApp, seeded: Repository
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_edit_on_grace(pilot)
        other = Repository(seeded.path)
        other.update_person(other.find("Grace").id, {"company": "Harvard"})
        await replace_field(pilot, "company", "Remington Rand")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert grace(seeded.path)["company"] == "Harvard"  # nothing overwritten
        assert isinstance(app.screen, PersonDialog)  # open again, with what was typed
        text = screen_text(app)
        assert "Changed elsewhere" in text and "Harvard" in text and "Remington Rand" in text
        assert app.screen.query_one("#person-company", Input).value == "Remington Rand"
        await pilot.press("ctrl+s")  # now knowingly over the stored value
        await settle(pilot)
        assert grace(seeded.path)["company"] == "Remington Rand"


async def test_a_person_deleted_meanwhile_is_not_brought_back(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_edit_on_grace(pilot)
        other = Repository(seeded.path)
        other.delete_person(other.find("Grace").id)
        await replace_field(pilot, "city", "Arlington")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not [d for d in stored(seeded.path)["people"].values() if d["name"].startswith("Grace")]
        assert "no longer exists" in notices(app)


HOSTILE = (
    "[/] [link=https://evil.example]x[/link] [reverse]R[/reverse] [b]B [$error]E[/] [@click=app.quit]q[/]"
)


@pytest.fixture
def hostile(db_path) -> Repository:  # type: ignore[no-untyped-def]
    repo = Repository(db_path)
    ada = repo.add_person(Person(name=f"Ada {HOSTILE}", company=HOSTILE, role=HOSTILE, notes=HOSTILE,
                                 working_on=HOSTILE, how_i_can_help=HOSTILE, emails=[f"a{HOSTILE}@x.io"],
                                 tags=[HOSTILE], every="2w", how_met=HOSTILE, story=HOSTILE))  # fmt: skip
    repo.log(Conversation(person=ada.id, date=TODAY - dt.timedelta(days=30), channel="call", energy=1,
                          note=HOSTILE, strengths=[HOSTILE]))  # fmt: skip
    repo.add_plan(Plan(person=ada.id, date=TODAY + dt.timedelta(days=1), topic=HOSTILE))
    repo.add_follow_up(FollowUp(person=ada.id, text=HOSTILE, due=TODAY))
    repo.add_strength(HOSTILE)
    repo.add_reflection(Reflection(text=HOSTILE, date=TODAY, strengths=[HOSTILE]))
    repo.add_community(HOSTILE, "board")
    repo.set_setting("pitch", HOSTILE)
    return repo


async def test_markup_in_every_field_is_shown_as_text(hostile: Repository) -> None:
    app = NettuiApp(Repository(hostile.path))
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        assert "[reverse]R[/reverse]" in screen_text(app)  # the people list, upcoming, strengths
        await pilot.press("enter")  # the person page
        await settle(pilot)
        assert "[link=https://evil.example]" in screen_text(app)
        for key in ("e", "escape", "l", "escape", "p", "escape", "d", "n", "c", "escape", "r", "escape",
                    "s", "escape", "i", "escape"):  # fmt: skip
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running, f"after {key}"
        await pilot.press("ctrl+p")
        await type_text(pilot, "Open Ada")
        await settle(pilot)
        await pilot.pause(0.3)
        assert "Open Ada [/] [link=https://evil.example]x[/link] [reverse]R" in screen_text(app)  # as text
        await pilot.press("escape")
        await pilot.press("l")
        await type_text(pilot, "[/]")
        app.screen.query_one("#log-date", Input).value = f"not a date {HOSTILE}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a date [/]" in screen_text(app)  # the error, with the text as typed
        assert app.is_running


async def test_prefilled_fields_nobody_touched_stay_as_stored(seeded: Repository) -> None:
    """A newline in a note or a topic, a comma inside one strength: shown as the one-line
    inputs can show them, and saved back exactly as they were when left alone."""
    ada = seeded.find("Ada")
    seeded.log(Conversation(person=ada.id, date=TODAY, channel="walk", note="multi\nline"))
    seeded.add_strength("curious, patient")
    grace = seeded.find("Grace")
    [plan] = [p for p in seeded.plans() if p.person == grace.id]
    seeded.update_plan(plan.id, {"topic": "t1\nt2"}, TODAY)
    before = stored(seeded.path)
    app = NettuiApp(Repository(seeded.path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e")  # fix Ada's newest talk, change nothing
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape", "s", "ctrl+s")  # my strengths: unchanged
        await settle(pilot)
        await pilot.press("tab")
        upcoming = app.screen.query_one(UpcomingList)
        while upcoming.current.kind != "planned":
            await pilot.press("down")
        await pilot.press("p", "ctrl+s")  # reschedule to the same day, topic untouched
        await settle(pilot)
    after = stored(seeded.path)
    for table in ("conversations", "strengths", "plans"):
        assert after[table] == before[table], table
