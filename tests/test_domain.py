"""Warmth, upcoming, insights and name resolution on a frozen clock (Wed 2026-11-25)."""

from __future__ import annotations

import datetime as dt

import pytest

from nettui.storage.domain.models import Conversation, FollowUp, Person, Plan
from nettui.storage.domain.names import resolve
from nettui.storage.domain.warmth import DUE_SOON, NONE, ON_TRACK, OVERDUE, next_due, warmth
from nettui.storage.errors import NotFoundError
from nettui.storage.queries.insights import compute
from nettui.storage.queries.upcoming import upcoming
from nettui.storage.repository import Repository
from tests.conftest import TODAY


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def person(name: str, every: str | None = "4w", last: int | None = None) -> Person:
    return Person(
        name=name,
        every=every,
        last_talked=day(last) if last is not None else None,
        created="2026-01-01T00:00:00Z",
    )


@pytest.mark.parametrize(
    ("every", "last", "expected"),
    [
        ("4w", -3, ON_TRACK),
        ("4w", -25, DUE_SOON),
        ("4w", -29, OVERDUE),
        ("2w", -13, DUE_SOON),
        (None, -300, NONE),
    ],
)
def test_warmth(every: str | None, last: int, expected: str) -> None:
    assert warmth(person("Ada", every, last), TODAY) == expected


def test_never_talked_is_due_from_the_day_added() -> None:
    ada = person("Ada", "4w")
    assert next_due(ada, TODAY) == dt.date(2026, 1, 1)
    assert warmth(ada, TODAY) == OVERDUE


def test_logging_resets_the_clock(repo: Repository) -> None:
    ada = repo.add_person(person("Ada", "4w", last=-40))
    assert warmth(repo.person(ada.id), TODAY) == OVERDUE
    repo.log(Conversation(person=ada.id, date=TODAY, channel="coffee", energy=1))
    fresh = repo.person(ada.id)
    assert fresh.last_talked == TODAY
    assert warmth(fresh, TODAY) == ON_TRACK
    assert next_due(fresh, TODAY) == dt.date(2026, 12, 23)
    assert fresh.usual_channel == "coffee"


def test_an_older_conversation_does_not_move_last_talked_back(repo: Repository) -> None:
    ada = repo.add_person(person("Ada", "4w", last=-2))
    repo.log(Conversation(person=ada.id, date=day(-20), channel="call"))
    assert repo.person(ada.id).last_talked == day(-2)


def test_upcoming_merges_and_sorts(repo: Repository) -> None:
    repo.add_person(person("Ada Lovelace", "4w", last=-35))
    alan = repo.add_person(person("Alan Turing", "2w", last=-10))
    grace = repo.add_person(person("Grace Hopper", None))
    far = repo.add_person(person("Far Away", "1y", last=-1))
    repo.add_plan(Plan(person=grace.id, date=day(2), channel="coffee", topic="compilers"))
    repo.add_follow_up(FollowUp(person=alan.id, text="send the paper", due=day(1)))
    items = upcoming(repo, TODAY)
    assert [(i.kind, i.person, i.date) for i in items] == [
        ("due", "Ada Lovelace", day(-7)),
        ("follow-up", "Alan Turing", day(1)),
        ("planned", "Grace Hopper", day(2)),
        ("due", "Alan Turing", day(4)),
    ]
    assert items[0].when(TODAY) == "overdue 1 week"
    assert items[2].note == "coffee: compilers"
    assert far.name not in [i.person for i in items]
    assert [i.kind for i in upcoming(repo, TODAY, days=1)] == ["due", "follow-up"]


def test_a_planned_person_is_not_also_listed_as_due(repo: Repository) -> None:
    ada = repo.add_person(person("Ada", "4w", last=-35))
    repo.add_plan(Plan(person=ada.id, date=day(3)))
    assert [i.kind for i in upcoming(repo, TODAY)] == ["planned"]


def test_logging_closes_the_plan_it_fulfils(repo: Repository) -> None:
    ada = repo.add_person(person("Ada", None))
    repo.add_plan(Plan(person=ada.id, date=TODAY))
    repo.add_plan(Plan(person=ada.id, date=day(10)))
    repo.log(Conversation(person=ada.id, date=TODAY, channel="coffee"))
    assert [p.date for p in repo.plans()] == [day(10)]


def test_insights_on_known_data(repo: Repository) -> None:
    ada = repo.add_person(person("Ada", "4w", last=None))
    alan = repo.add_person(person("Alan", "4w", last=None))
    talks = [
        Conversation(person=ada.id, date=day(0), channel="coffee", energy=2, strengths=["listening"]),
        Conversation(person=ada.id, date=day(-1), channel="coffee", energy=1),
        Conversation(person=ada.id, date=day(-40), channel="call", energy=None),
        Conversation(person=alan.id, date=day(-2), channel="event", energy=-2, with_=[ada.id]),
        Conversation(person=alan.id, date=day(-3), channel="message", energy=0, strengths=["listening"]),
    ]
    for talk in talks:
        repo.log(talk)
    insights = compute(repo, TODAY)
    assert insights.energy_by_channel == {"coffee": 1.5, "event": -2.0, "message": 0.0}
    assert insights.energy_by_group_size == {"1": 1.0, "2": -2.0}
    assert insights.energy_by_person == {"Ada": 0.33, "Alan": -1.0}
    assert insights.strengths_used == {"listening": {"count": 2, "energy": 1.0}}
    assert insights.one_on_ones_this_week == 2  # Mon 23rd onward: the two coffees
    assert insights.one_on_ones_this_month == 2
    assert insights.one_on_ones_this_quarter == 3  # the October call too
    assert insights.inner_circle == ["Ada"]
    assert insights.trend == [0, -2, 1, 2]
    assert insights.rated == 4


def test_suggestion_names_a_due_person_and_why(repo: Repository) -> None:
    ada = repo.add_person(person("Ada Lovelace", "2w"))
    repo.log(Conversation(person=ada.id, date=day(-30), channel="coffee", energy=2))
    assert compute(repo, TODAY).suggestion == (
        "Coffee with Ada Lovelace: your talks with Ada average +2.0, and Ada is overdue 2 weeks."
    )


class N:
    def __init__(self, name: str) -> None:
        self.name = name


PEOPLE = [N("Ada Lovelace"), N("Ada Byron"), N("Alan Turing"), N("Grace Hopper"), N("Élodie Durand")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ada lovelace", "Ada Lovelace"),
        ("alan", "Alan Turing"),
        ("hopper", "Grace Hopper"),
        ("Grace Hoper", "Grace Hopper"),
        ("elodie", "Élodie Durand"),
        ("ada l", "Ada Lovelace"),
    ],
)
def test_resolve(query: str, expected: str) -> None:
    assert resolve(query, PEOPLE).name == expected


def test_ambiguous_name_lists_candidates() -> None:
    with pytest.raises(NotFoundError, match="could be Ada Byron, Ada Lovelace"):
        resolve("ada", PEOPLE)


def test_unknown_name() -> None:
    with pytest.raises(NotFoundError, match="No person matches 'zelda'"):
        resolve("zelda", PEOPLE)


def test_delete_person_removes_their_traces(repo: Repository) -> None:
    ada = repo.add_person(person("Ada", None))
    alan = repo.add_person(Person(name="Alan", introduced_by=ada.id))
    repo.log(Conversation(person=ada.id, date=TODAY), FollowUp(person=ada.id, text="x", due=TODAY))
    repo.log(Conversation(person=ada.id, date=TODAY, channel="meal", with_=[alan.id]))
    repo.add_plan(Plan(person=ada.id, date=day(1)))
    repo.delete_person(ada.id)
    assert [p.name for p in repo.people()] == ["Alan"]
    assert repo.person(alan.id).introduced_by is None
    [shared] = repo.conversations()
    assert shared.person == alan.id and shared.with_ == []
    assert repo.plans() == [] and repo.follow_ups() == []
