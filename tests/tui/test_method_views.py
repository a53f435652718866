"""Dashboard views of the method: communities, introduction chains, pitch, closing follow-ups."""

from __future__ import annotations

from nettui.storage.domain.models import Intro
from nettui.storage.repository import Repository
from nettui.tui.app import NettuiApp
from nettui.tui.screens.network import NetworkScreen
from nettui.tui.screens.person import PersonScreen
from nettui.tui.screens.person_form import PersonDialog
from nettui.tui.widgets.strengths_pane import _battery
from nettui.tui.widgets.upcoming_list import UpcomingList
from tests.tui.conftest import SIZE, TODAY, screen_text, settle, stored, type_text


async def test_x_closes_the_highlighted_follow_up(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        upcoming = app.screen.query_one(UpcomingList)
        while upcoming.current.kind != "follow-up":
            await pilot.press("down")
        await pilot.press("x")
        await settle(pilot)
        docs = stored(seeded.path)["follow_ups"].values()
        assert all(d.get("done") for d in docs if d.get("text") == "send the paper")
        assert "send the paper" not in screen_text(app)


async def test_thank_you_appears_and_x_marks_it_sent(app: NettuiApp, seeded: Repository) -> None:
    ada = seeded.find("Ada")
    intro = seeded.add_intro(Intro(stage="asked", date=TODAY, introducer=ada.id, wanted="a CTO"))
    seeded.advance_intro(intro.id, TODAY)
    seeded.advance_intro(intro.id, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "intro: a CTO" in screen_text(app)
        await pilot.press("tab")
        upcoming = app.screen.query_one(UpcomingList)
        while upcoming.current.kind != "thank":
            await pilot.press("down")
        await pilot.press("x")
        await settle(pilot)
        assert seeded.find_intro(intro.id).stage == "thanked"
        assert "intro: a CTO" not in screen_text(app)


async def test_communities_view_sorted_by_spill_over(seeded: Repository) -> None:
    ada, grace = seeded.find("Ada"), seeded.find("Grace")
    seeded.add_community("Quiet board", "board")
    with seeded.transaction():
        seeded.join_communities(ada, ["PyData"])
        seeded.save_person(ada)
        seeded.join_communities(grace, ["PyData", "Quiet board"])
        seeded.save_person(grace)
    app = NettuiApp(Repository(seeded.path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert isinstance(app.screen, NetworkScreen)
        text = screen_text(app)
        assert text.index("PyData") < text.index("Quiet board")
        assert "1/2 met 1:1" in text and "0/1 met 1:1" in text  # Grace's event is no 1:1
        assert "next, from group to coffee: Grace Hopper" in text
        assert "Who brought my network" in text and "Ada Lovelace" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, NetworkScreen)


async def test_person_page_shows_the_introduction_chain(seeded: Repository) -> None:
    alan = seeded.find("Alan")
    linus = seeded.find("Linus")
    linus.introduced_by = alan.id
    seeded.save_person(linus)
    app = NettuiApp(Repository(seeded.path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "enter")
        assert isinstance(app.screen, PersonScreen)
        assert "Alan Turing, whom Ada Lovelace introduced" in screen_text(app)


async def test_pitch_on_the_strengths_pane(seeded: Repository) -> None:
    seeded.set_setting("pitch", "I build data tools")
    app = NettuiApp(Repository(seeded.path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "My pitch  I build data tools" in screen_text(app)


async def test_add_person_with_introducer_and_new_community(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, PersonDialog)
        await type_text(pilot, "Radia Perlman")
        app.screen.query_one("#person-introduced_by").focus()
        await type_text(pilot, "grace")
        app.screen.query_one("#person-communities").focus()
        await type_text(pilot, "Networking folk")
        app.screen.query_one("#person-how_i_can_help").focus()
        await type_text(pilot, "review her talk")
        await pilot.press("ctrl+s")
        await settle(pilot)
        radia = seeded.find("Radia")
        assert seeded.person(radia.introduced_by).name == "Grace Hopper"
        assert [c.name for c in seeded.communities() if c.id in radia.communities] == ["Networking folk"]
        assert radia.how_i_can_help == "review her talk"


async def test_log_form_records_strengths(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await type_text(pilot, "taught recursion")
        app.screen.query_one("#log-strengths").focus()
        await type_text(pilot, "teaching, listening")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [talk] = [c for c in seeded.conversations() if c.note == "taught recursion"]
        assert talk.strengths == ["teaching", "listening"]


async def test_planning_past_the_weekly_cap_warns(seeded: Repository) -> None:
    from nettui.tui.screens.dialogs import PlanDialog

    seeded.set_setting("weekly_cap", 1)  # Grace's video on Friday already fills the week
    app = NettuiApp(Repository(seeded.path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("p")
        assert isinstance(app.screen, PlanDialog)
        await pilot.press("ctrl+u")
        await type_text(pilot, "thu")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Heads up" in text and "weekly cap of 1" in text
        assert len(seeded.plans()) == 2  # allowed, only warned


def test_an_overfull_week_is_summed_up_not_drawn_box_by_box() -> None:
    line = _battery(123, 3)
    assert line.count("■") == 6 and "+117" in line and "123 of 3 one-on-ones" in line
    assert _battery(2, 3).count("■") == 2 and _battery(2, 3).count("□") == 1
