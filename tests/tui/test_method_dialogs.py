"""The method in the dashboard, not only the CLI: strengths and pitch (s), asking for an
introduction (i), moving introductions on and recording one I made, adding a community and
opening its members, reading every reflection back."""

from __future__ import annotations

from textual.widgets import OptionList

from nettui.storage.domain.models import Intro, Reflection
from nettui.storage.repository import Repository
from nettui.tui.app import NettuiApp
from nettui.tui.screens.method import AskIntroDialog, ReflectionsScreen, StrengthsDialog
from nettui.tui.screens.network import NetworkScreen
from nettui.tui.screens.person import PersonScreen
from tests.tui.conftest import SIZE, TODAY, screen_text, settle, stored, type_text


async def test_s_edits_strengths_pitch_and_cap(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "3 a week is the default cap" in screen_text(app)
        await pilot.press("s")
        dialog = app.screen
        assert isinstance(dialog, StrengthsDialog)
        assert dialog.query_one("#method-strengths").has_focus  # strengths first
        text = screen_text(app)
        for label in ("Strengths", "Pitch", "Weekly cap"):
            assert label in text
        await pilot.press("ctrl+u")
        await type_text(pilot, "writing, teaching")
        await pilot.press("down")
        await type_text(pilot, "I build calm tools")
        await pilot.press("down")
        await type_text(pilot, "2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        data = stored(seeded.path)
        assert sorted(d["text"] for d in data["strengths"].values()) == ["teaching", "writing"]
        assert seeded.setting("pitch") == "I build calm tools" and seeded.setting("weekly_cap") == 2
        text = screen_text(app)
        assert "My strengths  teaching · writing" in text and "I build calm tools" in text
        assert "of 2 one-on-ones" in text and "nettui strengths add" not in text
        assert "default cap" not in text  # a cap of my own now


async def test_strengths_dialog_refuses_a_bad_cap_and_keeps_the_file(
    app: NettuiApp, seeded: Repository
) -> None:
    before = stored(seeded.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "down", "down")
        await type_text(pilot, "lots")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StrengthsDialog)
        assert "whole number from 0 to 50" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
    assert stored(seeded.path) == before


async def test_i_asks_the_highlighted_person_for_an_introduction(app: NettuiApp, seeded: Repository) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")  # Ada, highlighted first
        assert isinstance(app.screen, AskIntroDialog)
        assert app.screen.query_one("#intro-for").has_focus
        assert "Ask Ada Lovelace for an introduction" in screen_text(app)
        await pilot.press("enter")  # empty: refused, the dialog stays
        assert isinstance(app.screen, AskIntroDialog)
        await type_text(pilot, "a CTO in Lisbon")
        await pilot.press("enter")
        await settle(pilot)
        [intro] = seeded.intros()
        assert (intro.stage, intro.wanted, intro.introducer) == (
            "asked",
            "a CTO in Lisbon",
            seeded.find("Ada").id,
        )


async def test_enter_moves_an_introduction_on_and_m_records_one_i_made(seeded: Repository) -> None:
    ada = seeded.find("Ada")
    intro = seeded.add_intro(Intro(stage="asked", date=TODAY, introducer=ada.id, wanted="a CTO"))
    app = NettuiApp(Repository(seeded.path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert isinstance(app.screen, NetworkScreen)
        app.screen.query_one("#network-intros", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert seeded.find_intro(intro.id).stage == "made"
        assert "made     from Ada Lovelace: a CTO" in screen_text(app)
        await pilot.press("m")
        await type_text(pilot, "grace")
        await pilot.press("enter")
        await type_text(pilot, "linus")
        await pilot.press("enter")
        await settle(pilot)
        made = [i for i in seeded.intros() if i.made_by_me]
        assert [sorted(seeded.person(p).name for p in i.people) for i in made] == [
            ["Grace Hopper", "Linus Torvalds"]
        ]


async def test_add_a_community_and_open_a_member(seeded: Repository) -> None:
    app = NettuiApp(Repository(seeded.path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert "No communities yet: press a to add one." in screen_text(app)
        await pilot.press("a")
        await type_text(pilot, "Quiet board")
        await pilot.press("enter")
        await pilot.press("ctrl+s")  # the kind: "other" unless chosen
        await settle(pilot)
        [community] = seeded.communities()
        assert (community.name, community.kind) == ("Quiet board", "other")
        assert "Quiet board" in screen_text(app)
        grace = seeded.find("Grace")
        with seeded.transaction():
            seeded.join_communities(grace, ["Quiet board"])
            seeded.save_person(grace)
        await pilot.press("escape", "c")  # open again: read as stored
        await settle(pilot)
        app.screen.query_one("#network-communities", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "Members of Quiet board" in screen_text(app) and "Grace Hopper" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen) and "Grace Hopper" in screen_text(app)


async def test_every_reflection_read_back_in_full(seeded: Repository) -> None:
    long = "Small tables beat big rooms. " * 8
    for day in range(4):
        seeded.add_reflection(Reflection(text=f"{long}#{day}", date=TODAY))
    app = NettuiApp(Repository(seeded.path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.screen.run_action("reflections")
        await settle(pilot)
        assert isinstance(app.screen, ReflectionsScreen)
        text = " ".join(screen_text(app).split())
        assert "My reflections (5)" in text and "#3" in text and "Walks beat cafés." in text
        assert text.count("Small tables beat big rooms.") >= 8  # the first one whole, wrapped
