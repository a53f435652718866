"""A small, realistic database and helpers for driving the dashboard with Pilot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from nettui.storage.domain.models import Conversation, FollowUp, Person, Plan, Reflection
from nettui.storage.repository import Repository
from nettui.tui.app import NettuiApp
from tests.conftest import TODAY

__all__ = ["SIZE", "TODAY", "notices", "screen_text", "seed", "settle", "stored", "type_text"]

SIZE = (120, 40)  # the terminal most dashboard tests run in


def seed(repo: Repository) -> dict[str, Person]:
    ada = repo.add_person(Person(name="Ada Lovelace", company="Engines", role="Engineer", every="4w",
                                 tags=["math"], how_met="PyCon hallway", working_on="a new data platform",
                                 created="2026-01-01T00:00:00Z"))  # fmt: skip
    alan = repo.add_person(Person(name="Alan Turing", company="Bletchley", every="2w",
                                  introduced_by=ada.id, created="2026-01-01T00:00:00Z"))  # fmt: skip
    grace = repo.add_person(Person(name="Grace Hopper", company="Navy", role="Admiral", every="3m",
                                   notes="loves COBOL", created="2026-01-01T00:00:00Z"))  # fmt: skip
    repo.add_person(Person(name="Linus Torvalds", created="2026-01-01T00:00:00Z"))
    repo.log(Conversation(person=ada.id, date=TODAY - dt.timedelta(days=40), channel="coffee", energy=2,
                          note="Talked about engines", strengths=["listening"]))  # fmt: skip
    repo.log(Conversation(person=alan.id, date=TODAY - dt.timedelta(days=3), channel="call", energy=1))
    repo.log(Conversation(person=grace.id, date=TODAY - dt.timedelta(days=10), channel="event", energy=-1))
    repo.add_plan(
        Plan(person=grace.id, date=TODAY + dt.timedelta(days=2), channel="video", topic="compilers")
    )
    repo.add_follow_up(FollowUp(person=alan.id, text="send the paper", due=TODAY + dt.timedelta(days=1)))
    repo.add_strength("listening")
    repo.add_reflection(Reflection(text="Walks beat cafés.", date=TODAY - dt.timedelta(days=2)))
    return {"ada": ada, "alan": alan, "grace": grace}


@pytest.fixture
def seeded(repo: Repository) -> Repository:
    seed(repo)
    return repo


@pytest.fixture
def app(seeded: Repository) -> NettuiApp:
    return NettuiApp(Repository(seeded.path))


async def settle(pilot: Pilot) -> None:
    """Let workers finish and their messages land."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)


def screen_text(app: NettuiApp) -> str:
    """What the terminal shows right now, as plain text lines."""
    compositor = app.screen._compositor
    return "\n".join(strip.text for strip in compositor.render_strips())


def notices(app: NettuiApp) -> str:
    """The words on screen as one line, toast borders dropped, so a notice that wrapped reads
    as it was said."""
    return " ".join(screen_text(app).replace("▌", " ").split())


def stored(path: Path) -> dict[str, Any]:
    """What is durably saved, as a fresh process reads it: the file plus any journaled saves
    the dashboard has not folded into it yet."""
    return Repository(path).stored()
