"""Every key flow of the dashboard, through Pilot: what the screen shows and what the file holds."""

from __future__ import annotations

import datetime as dt

from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from nettui.storage.domain.models import Conversation
from nettui.storage.repository import Repository
from nettui.tui.app import NettuiApp
from nettui.tui.screens.dashboard import DashboardScreen
from nettui.tui.screens.dialogs import ChoiceDialog, PlanDialog, ReflectDialog
from nettui.tui.screens.help import HelpScreen
from nettui.tui.screens.person import PersonScreen
from nettui.tui.screens.person_form import PersonDialog
from nettui.tui.widgets.log_form import LogForm
from nettui.tui.widgets.people_list import PeopleList
from nettui.tui.widgets.strengths_pane import StrengthsPane
from nettui.tui.widgets.upcoming_list import UpcomingList
from tests.tui.conftest import SIZE, TODAY, screen_text, settle, stored, type_text


def names_in_file(repo: Repository) -> list[str]:
    return sorted(doc["name"] for doc in stored(repo.path)["people"].values())


async def test_three_panes_show_people_upcoming_and_strengths(app: NettuiApp) -> None:
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for title in ("People", "Upcoming", "Strengths"):
            assert title in text
        assert "Ada Lovelace" in text and "Engines · Engineer" in text and "1 month ago" in text
        assert "overdue" in text  # Ada is past her four weeks
        assert "in 2 days" in text and "Grace Hopper" in text and "video: compil" in text
        assert "tomorrow" in text and "send the paper" in text
        assert "My strengths  listening" in text and "0 of 3 one-on-ones" in text
        assert "3 a week is the default cap" in text  # no cap set: the pane says which one paces
        assert app.screen.query_one(PeopleList).has_focus
        app.screen.query_one("#strengths-pane").scroll_end(animate=False)
        await settle(pilot)
        assert "Walks beat cafés." in screen_text(app)  # the reflections, at the pane's end


async def test_filter_as_you_type_enter_and_escape(app: NettuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        people = app.screen.query_one(PeopleList)
        await pilot.press("slash")
        assert app.screen.query_one("#filter", Input).has_focus
        await type_text(pilot, "navy")
        assert [r.name for r in people.rows] == ["Grace Hopper"]
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await type_text(pilot, "cobol")  # notes are searched too
        assert [r.name for r in people.rows] == ["Grace Hopper"]
        await pilot.press("enter")
        assert people.has_focus and people.current.name == "Grace Hopper"
        await pilot.press("escape")
        assert len(people.rows) == 4 and app.screen.query_one("#filter", Input).value == ""


async def test_inline_log_saves_and_updates_every_pane(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        people = app.screen.query_one(PeopleList)
        assert people.current.name == "Ada Lovelace" and people.current.warmth == "overdue"
        await pilot.press("l")
        form = app.screen.query_one(LogForm)
        assert form.display
        assert app.screen.query_one("#log-notes", Input).has_focus
        assert app.screen.query_one("#log-date", Input).value == "today"
        assert str(app.screen.query_one("#log-channel").value) == "coffee"
        assert "a new data platform" in screen_text(app)  # the help-loop prompt
        await type_text(pilot, "Engines and poetry")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not form.display
        talks = [
            d for d in stored(seeded.path)["conversations"].values() if d.get("note") == "Engines and poetry"
        ]
        assert (
            len(talks) == 1 and talks[0]["date"] == TODAY.isoformat() and "energy" not in talks[0]
        )  # unrated
        assert people.current.last_talked == "today" and people.current.warmth == "on-track"
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Saved: coffee with" in text and "(unrated)" in text
        assert "1 of 3 one-on-ones" in text


async def test_log_form_marks_a_bad_date_and_saves_nothing(app: NettuiApp, seeded: Repository) -> None:
    before = stored(seeded.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await type_text(pilot, "a note")
        date = app.screen.query_one("#log-date", Input)
        date.focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "next blursday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert date.has_class("-invalid")
        assert "Cannot read the date 'next blursday'" in screen_text(app)
        assert app.screen.query_one(LogForm).display
        await pilot.press("escape")
        assert not app.screen.query_one(LogForm).display
        assert stored(seeded.path) == before  # nothing journaled either


async def test_log_with_follow_up_and_others(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await type_text(pilot, "dinner")
        app.screen.query_one("#log-with", Input).focus()
        await type_text(pilot, "alan")
        app.screen.query_one("#log-follow-up", Input).focus()
        await type_text(pilot, "share slides")
        await pilot.press("ctrl+s")
        await settle(pilot)
        data = stored(seeded.path)
        [talk] = [d for d in data["conversations"].values() if d.get("note") == "dinner"]
        assert len(talk["with"]) == 1
        assert any(f["text"] == "share slides" for f in data["follow_ups"].values())
        assert "share slides" in screen_text(app)


async def test_add_person(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, PersonDialog)
        await type_text(pilot, "Barbara Liskov")
        app.screen.query_one("#person-every", Input).focus()
        await type_text(pilot, "often")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PersonDialog)  # marked, not saved
        assert app.screen.query_one("#person-every", Input).has_class("-invalid")
        await pilot.press("ctrl+u")
        await type_text(pilot, "4w")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Barbara Liskov" in names_in_file(seeded)
        people = app.screen.query_one(PeopleList)
        assert people.current.name == "Barbara Liskov"


async def test_edit_person(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        assert app.screen.query_one(PeopleList).current.name == "Grace Hopper"
        await pilot.press("e")
        company = app.screen.query_one("#person-company", Input)
        assert company.value == "Navy"
        company.focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "Harvard")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [grace] = [d for d in stored(seeded.path)["people"].values() if d["name"] == "Grace Hopper"]
        assert grace["company"] == "Harvard"
        assert "Harvard · Adm" in screen_text(app)


async def test_delete_asks_first(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        assert app.screen.query_one(PeopleList).current.name == "Linus Torvalds"
        await pilot.press("d")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("n")
        await settle(pilot)
        assert "Linus Torvalds" in names_in_file(seeded)
        await pilot.press("d")
        await pilot.press("y")
        await settle(pilot)
        assert "Linus Torvalds" not in names_in_file(seeded)
        assert "Linus Torvalds" not in screen_text(app)


async def test_plan_a_conversation(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "p")
        assert isinstance(app.screen, PlanDialog)
        await pilot.press("ctrl+u")
        await type_text(pilot, "fri")
        await pilot.press("tab", "tab")
        await type_text(pilot, "kernels")
        await pilot.press("ctrl+s")
        await settle(pilot)
        plans = [p for p in stored(seeded.path)["plans"].values() if p["topic"] == "kernels"]
        assert plans and plans[0]["date"] == "2026-11-27"
        upcoming = app.screen.query_one(UpcomingList)
        assert any(i.person == "Linus Torvalds" and i.kind == "planned" for i in upcoming.items)


async def test_reflect(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        assert isinstance(app.screen, ReflectDialog)
        await type_text(pilot, "Small dinners drain me")
        await pilot.press("enter")
        await settle(pilot)
        texts = [r["text"] for r in stored(seeded.path)["reflections"].values()]
        assert "Small dinners drain me" in texts
        app.screen.query_one(StrengthsPane).scroll_end(animate=False)
        await pilot.pause()
        assert "Small dinners drain me" in screen_text(app)


async def test_enter_opens_the_person_page_and_escape_returns(app: NettuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, PersonScreen)
        text = screen_text(app)
        assert "Ada Lovelace" in text and "PyCon hallway" in text
        assert "Introduced me to" in text and "Alan Turing" in text
        assert "Conversations (1)" in text and "Talked about engines" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, PersonScreen)


async def test_upcoming_pane_opens_its_person(app: NettuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        upcoming = app.screen.query_one(UpcomingList)
        assert upcoming.has_focus
        await pilot.press("down")
        item = upcoming.current
        await pilot.press("enter")
        assert isinstance(app.screen, PersonScreen) and app.screen.detail["name"] == item.person


async def test_tab_moves_between_panes(app: NettuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert app.screen.query_one(UpcomingList).has_focus
        await pilot.press("tab")
        assert app.screen.query_one(StrengthsPane).has_focus
        await pilot.press("shift+tab", "shift+tab")
        assert app.screen.query_one(PeopleList).has_focus


async def test_help_and_palette(app: NettuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "log a conversation inline" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await type_text(pilot, "add a person")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonDialog)


async def test_the_palette_closed_before_its_work_lands_never_crashes(app: NettuiApp) -> None:
    """A fast typist on a slow machine (seen in a real terminal under load): enter and letters
    are queued, escape closes the palette, and only then does Textual handle the choice, start
    the search, fill the list and show it. Each of those late steps, run on the closed palette,
    leaves the dashboard standing and working (Textual alone would pop the dashboard or query
    a list already removed)."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        choice = palette.query_one(CommandList).get_option_at_index(0)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        palette._selected_command = choice.hit  # type: ignore[attr-defined]
        palette._list_visible = False  # Textual's late steps, in the order they ran
        palette._select_or_command()
        palette._gather_commands("Reflections")
        palette._refresh_command_list(CommandList(), [choice], True)
        palette._start_no_matches_countdown("Reflections")
        await palette._watch__show_busy()
        await settle(pilot)
        await pilot.pause(0.7)  # the "no matches" timer, had one started
        assert isinstance(app.screen, DashboardScreen)
        assert app.return_code is None and app.is_running
        people = app.screen.query_one(PeopleList)
        first = people.current
        await pilot.press("j")
        assert people.current != first


async def test_footer_shows_the_keys(app: NettuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        for label in ("Log", "Add", "Edit", "Plan", "Undo", "Filter", "Quit", "Help", "Palette"):
            assert label in footer
        assert footer.rstrip().endswith("Palette")  # nothing drawn over it


def test_every_key_is_in_the_footer_help_or_palette() -> None:
    from nettui.tui.commands import ACTIONS
    from nettui.tui.screens.dashboard import DashboardScreen
    from nettui.tui.screens.help import KEYS

    helped = {key for _, keys in KEYS for key, _ in keys}
    helped |= {part for key in helped for part in key.replace("/", " ").split()}
    palette = {action for _, action, _ in ACTIONS}
    for binding in DashboardScreen.BINDINGS:
        if binding.action in ("escape",):
            continue
        key = {"slash": "/", "enter": "enter"}.get(binding.key, binding.key)
        assert key in helped, f"{binding.key} is not in the help"
        assert binding.show or binding.action in palette or binding.action == "open", binding.action


async def test_welcome_on_an_empty_database(repo: Repository) -> None:
    app = NettuiApp(repo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Welcome to nettui" in text and "nettui demo" in text
        assert app.screen.check_action("log", ()) is None
        await pilot.press("a")  # as the welcome says: a key, not a letter in a hidden filter
        assert isinstance(app.screen, PersonDialog)
        await pilot.press("escape")  # changed my mind, then again: still the form, every time
        await settle(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, PersonDialog)
        await type_text(pilot, "Grace Hopper")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert names_in_file(repo) == ["Grace Hopper"]
        people = app.screen.query_one(PeopleList)
        assert people.display and people.has_focus and people.current.name == "Grace Hopper"


async def test_a_write_from_another_process_shows_up(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other = Repository(seeded.path)
        linus = other.find("Linus")
        other.log(Conversation(person=linus.id, date=TODAY, channel="walk", energy=2, note="from the CLI"))
        for _ in range(30):
            await pilot.pause(0.1)
            await settle(pilot)
            rows = {r.name: r for r in app.screen.query_one(PeopleList).rows}
            if rows["Linus Torvalds"].last_talked == "today":
                break
        assert rows["Linus Torvalds"].last_talked == "today"


async def test_quit(app: NettuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_many_people_scroll(repo: Repository) -> None:
    from nettui.storage.maintenance.demo import fill

    fill(repo, 3000, 3000, 1, TODAY)
    app = NettuiApp(repo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        people = app.screen.query_one(PeopleList)
        assert len(people.rows) == 3000
        await pilot.press("end")
        assert people.cursor == 2999
        assert people.current.name in screen_text(app)
        await pilot.press("pageup", "home")
        assert people.cursor == 0


def test_saved_data_survives_reopen(seeded: Repository) -> None:
    fresh = Repository(seeded.path)
    assert next(p.name for p in fresh.people()) == "Ada Lovelace"
    assert fresh.person(fresh.find("Ada").id).last_talked == TODAY - dt.timedelta(days=40)


async def test_the_log_form_keeps_tab_and_shows_an_error_whole(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        form = app.screen.query_one(LogForm)
        for _ in range(10):  # round the fields, never out of the form
            await pilot.press("tab")
            assert app.focused is not None and form in app.focused.ancestors_with_self
        date = app.screen.query_one("#log-date", Input)
        date.focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "tomorrow")
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = screen_text(app)  # wrapped beside the Strengths pane: its start and its end shown
        assert "That has not happened yet; plan it" in text and "(2026-11-26 is ahead)." in text


async def test_the_highlighted_person_stays_in_view_when_the_log_form_opens(repo: Repository) -> None:
    from nettui.storage.domain.models import Person

    for n in range(30):
        repo.add_person(Person(name=f"Person {n:02d}"))
    app = NettuiApp(Repository(repo.path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        people = app.screen.query_one(PeopleList)
        for _ in range(12):
            await pilot.press("down")
        await pilot.press("l")  # the form takes the lower part of the pane: the list scrolls
        await settle(pilot)
        top, height = people.scroll_offset.y, people.scrollable_content_region.height
        assert top <= people.cursor < top + height and "Person 12" in screen_text(app)
