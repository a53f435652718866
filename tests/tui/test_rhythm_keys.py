"""The rhythm on the dashboard, by keys: enter on a plan shows its brief, l logs it prefilled,
the debrief asks what I learned, w lists everyone due; reasons say why, in words."""

from __future__ import annotations

import datetime as dt

import pytest

from nettui.storage.domain.models import Person, Plan
from nettui.storage.repository import Repository
from nettui.tui.app import NettuiApp
from nettui.tui.screens.brief import BriefScreen, DebriefDialog
from nettui.tui.screens.dashboard import DashboardScreen
from nettui.tui.widgets.log_form import LogForm
from nettui.tui.widgets.upcoming_list import UpcomingList
from tests.tui.conftest import TODAY, notices, screen_text, settle, stored, type_text

WIDE = (200, 40)  # Upcoming wide enough for whole notes


async def highlight(pilot, kind: str, person: str = "") -> None:  # type: ignore[no-untyped-def]
    """Focus Upcoming and move to the first item of ``kind`` (and ``person``)."""
    upcoming = pilot.app.screen.query_one(UpcomingList)
    upcoming.focus()
    await pilot.pause()
    for _ in range(len(upcoming.items)):
        item = upcoming.current
        if item is not None and item.kind == kind and person in item.person:
            return
        await pilot.press("j")
    raise AssertionError(f"no {kind} {person} in Upcoming: {[(i.kind, i.person) for i in upcoming.items]}")


async def test_a_plan_past_its_day_is_briefed_logged_prefilled_and_debriefed(seeded: Repository) -> None:
    alan = seeded.find("Alan")
    seeded.add_plan(
        Plan(person=alan.id, date=TODAY - dt.timedelta(days=2), channel="walk", topic="the paper")
    )
    app = NettuiApp(Repository(seeded.path))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "debrief" in screen_text(app) and "how did it go?" in screen_text(app)
        await highlight(pilot, "debrief")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefScreen)
        text = notices(app)
        assert "Brief: Alan Turing · walk on Mon 2026-11-23 (overdue 2 days)" in text
        for part in ("Topic the paper", "I promised send the paper", "Introduced by Ada Lovelace",
                     "How I can help not noted yet: ask them"):  # fmt: skip
            assert part in text, part
        await pilot.press("l")  # log it, from the brief
        await settle(pilot)
        form = app.screen.query_one(LogForm)
        assert form.display and form.draft().when == "2026-11-23" and form.draft().channel == "walk"
        assert "planned: the paper" in screen_text(app)
        await type_text(pilot, "long walk")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DebriefDialog)
        assert "What did you learn about how you can help them?" in screen_text(app)
        await type_text(pilot, "intro to a publisher")
        await pilot.press("tab")
        await type_text(pilot, "next blursday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DebriefDialog) and "blursday" in notices(app)  # one sentence
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "fri")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        data = stored(seeded.path)
        [person] = [p for p in data["people"].values() if p["name"] == "Alan Turing"]
        assert person["how_i_can_help"] == "intro to a publisher"
        assert [(f["text"], f["due"]) for f in data["follow_ups"].values() if f["person"] == alan.id] == [
            ("send the paper", "2026-11-26"),
            ("intro to a publisher", "2026-11-27"),
        ]
        [talk] = [t for t in data["conversations"].values() if t.get("note") == "long walk"]
        assert (talk["date"], talk["channel"]) == ("2026-11-23", "walk")
        assert all(p["done"] for p in data["plans"].values() if p["person"] == alan.id)
        assert "debrief" not in screen_text(app)


async def debrief_of_a_call_today(pilot) -> None:  # type: ignore[no-untyped-def]
    """Alan's call planned for today, logged from Upcoming as it is: the debrief asks."""
    await settle(pilot)
    await highlight(pilot, "planned", "Alan")
    await pilot.press("l", "ctrl+s")
    await settle(pilot)


@pytest.fixture
def call_today(seeded: Repository) -> NettuiApp:
    seeded.add_plan(Plan(person=seeded.find("Alan").id, date=TODAY, channel="call"))
    return NettuiApp(Repository(seeded.path))


async def test_the_debrief_can_be_skipped_and_saves_nothing(
    seeded: Repository, call_today: NettuiApp
) -> None:
    app = call_today
    async with app.run_test(size=WIDE) as pilot:
        await debrief_of_a_call_today(pilot)
        assert isinstance(app.screen, DebriefDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        [person] = [p for p in stored(seeded.path)["people"].values() if p["name"] == "Alan Turing"]
        assert person.get("how_i_can_help", "") == ""


async def test_a_log_that_closes_no_plan_asks_nothing(app: NettuiApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await type_text(pilot, "hello")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        assert isinstance(app.screen, DashboardScreen), app.screen  # no question after it
        assert [t for t in stored(app.repo.path)["conversations"].values() if t.get("note") == "hello"]


async def test_people_due_are_paced_and_w_lists_everyone(repo: Repository) -> None:
    repo.set_setting("weekly_cap", 1)
    for n in range(4):
        repo.add_person(Person(name=f"Due {n}", every="1w", created="2026-10-01T00:00:00Z"))
    app = NettuiApp(Repository(repo.path))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        upcoming = app.screen.query_one(UpcomingList)
        due = [i.date.isoformat() for i in upcoming.items if i.kind == "due"]
        assert due == ["2026-10-01", "2026-11-30", "2026-12-07", "2026-12-14"]  # one a week
        await pilot.press("w")
        await settle(pilot)
        assert [i.date.isoformat() for i in upcoming.items if i.kind == "due"] == ["2026-10-01"] * 4
        assert "Upcoming · everyone due" in screen_text(app)
        await pilot.press("w")
        await settle(pilot)
        assert len([i for i in upcoming.items if i.kind == "due"]) == 4
        assert "Upcoming · everyone due" not in screen_text(app)


async def test_enter_on_the_more_line_lists_everyone(repo: Repository) -> None:
    repo.set_setting("weekly_cap", 1)
    for n in range(7):
        repo.add_person(Person(name=f"Due {n}", every="1w", created="2026-10-01T00:00:00Z"))
    app = NettuiApp(Repository(repo.path))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "2 more due later (your cap: 1 a week)" in screen_text(app)
        await highlight(pilot, "more-due")
        await pilot.press("x")  # nothing to close on it: it says so, and nothing breaks
        await pilot.press("enter")
        await settle(pilot)
        upcoming = app.screen.query_one(UpcomingList)
        assert len([i for i in upcoming.items if i.kind == "due"]) == 7
        assert not [i for i in upcoming.items if i.kind == "more-due"]


async def test_reasons_say_why_in_words(repo: Repository) -> None:
    repo.add_person(Person(name="Tom Smith", company="Acme", birthday="--11-27"))
    tom = repo.find("Tom")
    repo.update_person(tom.id, {"company": "Initech"})
    app = NettuiApp(Repository(repo.path))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "congratulate Tom on Initech (was Acme)" in text
        assert "birthday" in text and "in 2 days" in text
        assert "overdue" not in text  # news is never late


async def test_l_on_a_plan_to_come_closes_it_and_keys_go_back_to_upcoming(app: NettuiApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight(pilot, "planned", "Grace")  # a video in two days
        await pilot.press("l")
        await settle(pilot)
        form = app.screen.query_one(LogForm)
        assert form.draft().when == "today" and form.draft().channel == "video"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DebriefDialog)  # the plan is fulfilled: how did it go?
        await pilot.press("escape")
        await settle(pilot)
        assert not [p for p in stored(app.repo.path)["plans"].values() if not p.get("done")]
        assert app.screen.query_one(UpcomingList).has_focus


async def test_a_debrief_row_is_a_plan_x_cancels_it_p_reschedules_it(seeded: Repository) -> None:
    alan = seeded.find("Alan")
    seeded.add_plan(Plan(person=alan.id, date=TODAY - dt.timedelta(days=2), channel="walk", topic="paper"))
    app = NettuiApp(Repository(seeded.path))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight(pilot, "debrief")
        await pilot.press("p")
        await settle(pilot)
        assert "Reschedule" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert "Cancel the walk: paper with Alan Turing on 2026-11-23?" in notices(app)
        await pilot.press("y")
        await settle(pilot)
        assert not [p for p in stored(seeded.path)["plans"].values() if p["person"] == alan.id]


async def test_the_debrief_refuses_a_promise_in_the_past(seeded: Repository, call_today: NettuiApp) -> None:
    app = call_today
    async with app.run_test(size=WIDE) as pilot:
        await debrief_of_a_call_today(pilot)
        await type_text(pilot, "a review")
        await pilot.press("tab")
        await type_text(pilot, "2 weeks ago")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DebriefDialog)
        assert "2026-11-11 is in the past: a promise is due on a day to come." in notices(app)
