"""Daily use in the dashboard, by key: fixing a logged conversation on a person's page, undo,
plans that change, snooze, archive, merge, the list's order and the cadence filter."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input

from nettui.storage.domain.models import Conversation, Person
from nettui.storage.repository import Repository
from nettui.tui.app import NettuiApp
from nettui.tui.screens.dialogs import AskDialog, ChoiceDialog, PickPersonDialog, PlanDialog
from nettui.tui.screens.person import PersonScreen
from nettui.tui.widgets.log_form import LogForm
from nettui.tui.widgets.people_list import PeopleList
from nettui.tui.widgets.timeline import TimelineList
from nettui.tui.widgets.upcoming_list import UpcomingList
from tests.conftest import TODAY
from tests.tui.conftest import SIZE, notices, screen_text, settle, stored, type_text


def docs(path, table: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return list(stored(path)[table].values())


def person_doc(path, name: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return next(d for d in docs(path, "people") if d["name"] == name)


async def test_fix_and_delete_a_conversation_on_the_persons_page(app: NettuiApp, seeded: Repository) -> None:
    ada = seeded.find("ada")
    seeded.log(
        Conversation(person=ada.id, date=TODAY - dt.timedelta(days=2), channel="walk", note="river walk")
    )
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        timeline = app.screen.query_one(TimelineList)
        assert timeline.has_focus and timeline.cursor == 0
        assert [t["note"] for t in timeline.talks] == ["river walk", "Talked about engines"]  # newest first
        await pilot.press("down", "e")
        form = app.screen.query_one(LogForm)
        assert form.display and app.screen.query_one("#log-notes", Input).value == "Talked about engines"
        assert app.screen.query_one("#log-date", Input).value == (TODAY - dt.timedelta(days=40)).isoformat()
        await pilot.press("ctrl+u")
        await type_text(pilot, "Engines and looms")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not form.display
        notes = sorted(d.get("note") for d in docs(seeded.path, "conversations") if d["person"] == ada.id)
        assert notes == ["Engines and looms", "river walk"]
        assert "Engines and looms" in screen_text(app)
        await pilot.press("up", "d")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("y")
        await settle(pilot)
        assert [d.get("note") for d in docs(seeded.path, "conversations") if d["person"] == ada.id] == [
            "Engines and looms"
        ]
        assert (
            person_doc(seeded.path, "Ada Lovelace")["last_talked"]
            == (TODAY - dt.timedelta(days=40)).isoformat()
        )


async def test_undo_steps_back_through_changes(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await type_text(pilot, "to be undone")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("j", "j", "j", "A")  # archive Linus
        await settle(pilot)
        assert person_doc(seeded.path, "Linus Torvalds").get("archived") is True
        assert "Linus Torvalds" not in [r.name for r in app.screen.query_one(PeopleList).rows]
        await pilot.press("u")
        await settle(pilot)
        assert "archived" not in person_doc(seeded.path, "Linus Torvalds")
        assert "Undone: Archived Linus" in notices(app)
        await pilot.press("u")
        await settle(pilot)
        assert not [d for d in docs(seeded.path, "conversations") if d.get("note") == "to be undone"]
        ada = person_doc(seeded.path, "Ada Lovelace")
        assert ada["last_talked"] == (TODAY - dt.timedelta(days=40)).isoformat()
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo" in screen_text(app)


async def test_undo_brings_back_a_deleted_person_with_their_talks(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("d", "y")
        await settle(pilot)
        assert "Ada Lovelace" not in [d["name"] for d in docs(seeded.path, "people")]
        await pilot.press("u")
        await settle(pilot)
        assert "Ada Lovelace" in [d["name"] for d in docs(seeded.path, "people")]
        ada = seeded.find("ada")
        assert [d.get("note") for d in docs(seeded.path, "conversations") if d["person"] == ada.id] == [
            "Talked about engines"
        ]
        assert any(
            d["name"] == "Alan Turing" and d.get("introduced_by") == ada.id
            for d in docs(seeded.path, "people")
        )


async def test_undo_refuses_when_the_record_changed_since(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("A")  # archive Ada
        await settle(pilot)
        other = Repository(seeded.path)
        other.update_person(other.find("Ada Lovelace").id, {"city": "London"})  # and meanwhile, elsewhere
        await pilot.press("u")
        await settle(pilot)
        ada = person_doc(seeded.path, "Ada Lovelace")
        assert ada.get("archived") is True and ada["city"] == "London"
        assert "Could not undo Archived Ada" in notices(app) and "nothing was undone" in notices(app)


async def upcoming_on(pilot, kind: str) -> None:  # type: ignore[no-untyped-def]
    upcoming = pilot.app.screen.query_one(UpcomingList)
    upcoming.focus()
    upcoming.cursor = next(i for i, item in enumerate(upcoming.items) if item.kind == kind)
    await pilot.pause()


async def test_a_plan_is_rescheduled_with_p_and_cancelled_with_x(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await upcoming_on(pilot, "planned")
        await pilot.press("p")
        assert isinstance(app.screen, PlanDialog)
        when = app.screen.query_one("#plan-when", Input)
        assert when.value == (TODAY + dt.timedelta(days=2)).isoformat()
        assert app.screen.query_one("#plan-topic", Input).value == "compilers"
        when.focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "2026-12-04")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [plan] = docs(seeded.path, "plans")
        assert plan["date"] == "2026-12-04" and plan["topic"] == "compilers"
        await upcoming_on(pilot, "planned")
        await pilot.press("x")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("y")
        await settle(pilot)
        assert docs(seeded.path, "plans") == []


async def test_snooze_asks_until_when(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("z")
        assert isinstance(app.screen, AskDialog)
        await pilot.press("ctrl+u")
        await type_text(pilot, "in 3 weeks")
        await pilot.press("enter")
        await settle(pilot)
        assert person_doc(seeded.path, "Ada Lovelace")["snoozed_until"] == "2026-12-16"


async def test_order_and_cadence_filter(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        people = app.screen.query_one(PeopleList)
        assert [r.name for r in people.rows][:2] == ["Ada Lovelace", "Alan Turing"]
        await pilot.press("o")
        assert "People · by due" in screen_text(app)
        assert people.rows[0].name == "Ada Lovelace"  # the most overdue (40 days, every 4 weeks)
        await pilot.press("o")
        assert "by last talked" in screen_text(app)
        assert people.rows[0].name == "Alan Turing"  # three days ago
        await pilot.press("t")
        assert "with a cadence" in screen_text(app)
        assert "Linus Torvalds" not in [r.name for r in people.rows]
        await pilot.press("o", "t")
        assert [r.name for r in people.rows][-1] == "Linus Torvalds"


async def test_merge_picks_the_other_record(app: NettuiApp, seeded: Repository) -> None:
    seeded.add_person(
        Person(name="Ada King", company="Engines", city="London", created="2026-02-01T00:00:00Z")
    )
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.screen.query_one(PeopleList).current.name == "Ada King"
        await pilot.press("down", "m")  # Ada Lovelace: merge Ada King into her
        assert isinstance(app.screen, PickPersonDialog)
        await type_text(pilot, "ada k")
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("y")
        await settle(pilot)
        names = [d["name"] for d in docs(seeded.path, "people")]
        assert "Ada King" not in names and person_doc(seeded.path, "Ada Lovelace")["city"] == "London"


async def test_a_page_of_500_conversations_opens_and_scrolls(app: NettuiApp, seeded: Repository) -> None:
    ada = seeded.find("ada")
    talks = [Conversation(person=ada.id, date=TODAY - dt.timedelta(days=n % 700), channel="call", note=f"n{n}")
             for n in range(500)]  # fmt: skip
    with seeded.transaction():
        for talk in talks:
            seeded.log(talk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        timeline = app.screen.query_one(TimelineList)
        assert len(timeline.talks) == 501
        await pilot.press("end")
        assert timeline.cursor == 500 and "n499" in screen_text(app)  # the oldest, 499 days ago


async def test_a_group_talk_is_fixed_from_a_guests_page(app: NettuiApp, seeded: Repository) -> None:
    """Alan's talk with Ada and a namesake present, opened on Ada's page: the note changes,
    the people present stay exactly who they were."""
    ada, alan = seeded.find("ada"), seeded.find("alan")
    twin_a = seeded.add_person(Person(name="Sam Lee", company="Acme"))
    seeded.add_person(Person(name="Sam Lee", company="Globex"))
    seeded.log(Conversation(person=alan.id, date=TODAY - dt.timedelta(days=1), channel="meal",
                            note="lunch", with_=[ada.id, twin_a.id]))  # fmt: skip
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Ada's page
        await settle(pilot)
        timeline = app.screen.query_one(TimelineList)
        assert timeline.talks[0]["note"] == "lunch"
        await pilot.press("e")
        assert app.screen.query_one("#log-with", Input).value == "Ada Lovelace, Sam Lee"
        assert "Alan Turing" in screen_text(app)  # the form is about Alan's talk
        app.screen.query_one("#log-notes", Input).focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "long lunch")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.query_one(LogForm).display
        [talk] = [d for d in docs(seeded.path, "conversations") if d.get("note") == "long lunch"]
        assert talk["person"] == alan.id and talk["with"] == [ada.id, twin_a.id]


async def test_u_undoes_on_a_persons_page(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter", "d", "y")  # delete Ada's only talk
        await settle(pilot)
        assert "Talked about engines" not in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert "Talked about engines" in screen_text(app)
        assert [
            d.get("note") for d in docs(seeded.path, "conversations") if d["person"] == seeded.find("ada").id
        ] == ["Talked about engines"]


async def test_the_person_page_shows_everything_stored(app: NettuiApp, seeded: Repository) -> None:
    ada = seeded.find("ada")
    ada.emails, ada.phones, ada.city = ["ada@engines.io", "ada@home.org"], ["+44 20 7946 0000"], "London"
    ada.linkedin_url, ada.birthday, ada.source = "https://linkedin.com/in/ada", "--12-10", "linkedin"
    ada.connected_on = TODAY - dt.timedelta(days=400)
    ada.story, ada.how_i_can_help = "Taught herself mathematics", "Review her notes"
    ada.job_changes = [{"date": "2026-11-01", "from": "Engineer, Looms", "to": "Engineer, Engines"}]
    seeded.save_person(ada)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        for shown_value in ("ada@engines.io, ada@home.org", "+44 20 7946 0000", "London",
                            "https://linkedin.com/in/ada", "10 December", "linkedin", "Taught herself mathematics",
                            "Review her notes", "Engineer, Looms → Engineer, Engines",
                            (TODAY - dt.timedelta(days=400)).isoformat(), "PyCon hallway", "every 4w"):  # fmt: skip
            assert shown_value in text, shown_value


async def test_the_filter_ignores_case_and_accents(app: NettuiApp, seeded: Repository) -> None:
    seeded.add_person(Person(name="José Müller", company="Søndergaard"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        people = app.screen.query_one(PeopleList)
        for query in ("jose", "MULLER", "sondergaard"):
            await pilot.press("slash")
            await pilot.press("ctrl+u")
            await type_text(pilot, query)
            assert [r.name for r in people.rows] == ["José Müller"], query
            await pilot.press("escape")


async def test_undo_never_brings_back_someone_forgotten(app: NettuiApp, seeded: Repository) -> None:
    from tests.conftest import Cli

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("d", "f")  # forget Ada, here
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "Ada Lovelace" not in [p["name"] for p in docs(seeded.path, "people")]
        assert "was forgotten" in notices(app)
        assert app.screen.query_one(PeopleList).current.name == "Alan Turing"
        await pilot.press("A")  # archive Alan here; forget him from the command line
        await settle(pilot)
        Cli(seeded.path).ok("forget", "Alan Turing", "--yes")
        await pilot.pause(0.3)
        await pilot.press("u")  # undoing the archive would write his record back
        await settle(pilot)
        names = [p["name"] for p in docs(seeded.path, "people")]
        assert "Alan Turing" not in names and "Ada Lovelace" not in names
