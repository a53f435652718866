"""Turning what a user typed (CLI flags or the inline form) into a conversation to log."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from nettui.storage.domain.dates import parse_when
from nettui.storage.domain.models import Conversation, FollowUp, check_channel, check_energy
from nettui.storage.domain.text import printable
from nettui.storage.errors import InputError
from nettui.storage.repository import Repository

FOLLOW_UP_DAYS = 7


class FieldError(InputError):
    """An InputError tied to one field of the form, so the form can mark it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclasses.dataclass
class LogDraft:
    when: str = "today"
    channel: str = ""
    energy: str | int | None = None
    note: str = ""
    strengths: list[str] = dataclasses.field(default_factory=list)
    with_names: list[str] = dataclasses.field(default_factory=list)
    follow_up: str = ""
    due: str = ""
    plan: str = ""  # the plan this conversation fulfils (logged from it)


def promise_day(text: str, today: dt.date) -> dt.date:
    """The day a promise is due: today or later, never a day gone by."""
    day = parse_when(text, today)
    if day < today:
        raise InputError(f"{day.isoformat()} is in the past: a promise is due on a day to come.")
    return day


def _field(name: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
    try:
        return func(*args, **kwargs)
    except FieldError:
        raise
    except InputError as error:
        raise FieldError(name, str(error)) from None


def build(
    repo: Repository, person_id: str, draft: LogDraft, today: dt.date
) -> tuple[Conversation, FollowUp | None]:
    """Validate ``draft`` for ``person_id``; a bad value raises FieldError naming its field."""
    person = repo.person(person_id)
    day = _field("date", parse_when, draft.when, today, past=True)
    if day > today:
        raise FieldError("date", f"That has not happened yet; plan it instead ({day.isoformat()} is ahead).")
    channel = _field("channel", check_channel, draft.channel or person.usual_channel or "coffee")
    energy = _field("energy", check_energy, draft.energy)
    others = [_field("with", repo.find, name) for name in draft.with_names if name.strip()]
    ids = [o.id for o in others]
    if person.id in ids or len(set(ids)) < len(ids):
        raise FieldError("with", "Each person present counts once.")
    if draft.due.strip() and not draft.follow_up.strip():
        raise FieldError("due", "A due date goes with a follow-up.")
    follow_up = None
    if draft.follow_up.strip():
        due = (
            _field("due", promise_day, draft.due, today)
            if draft.due.strip()
            else today + dt.timedelta(days=FOLLOW_UP_DAYS)
        )
        follow_up = FollowUp(person=person.id, text=draft.follow_up.strip(), due=due)
    talk = Conversation(
        person=person.id,
        date=day,
        channel=channel,
        energy=energy,
        note=draft.note.strip(),
        strengths=[s.strip() for s in draft.strengths if s.strip()],
        with_=ids,
        plan=draft.plan or None,
    )
    return talk, follow_up


def present_names(repo: Repository, talk: Conversation) -> list[str]:
    """The names of the others present at ``talk`` (as the form to fix it shows them)."""
    people = repo.people_by_id()
    return [people[p].name for p in talk.with_ if p in people]


def changes_from(repo: Repository, talk: Conversation, draft: LogDraft, today: dt.date) -> dict[str, Any]:
    """The fields a form changed on a logged conversation, checked as a new log would be. Others
    present whose names were left as shown keep their ids (namesakes stay who they were)."""
    unchanged = ", ".join(n.strip() for n in draft.with_names if n.strip()) == ", ".join(
        printable(n, one_line=True) for n in present_names(repo, talk)
    )  # compared as the form showed them: a name with a comma stays one name
    if unchanged:
        draft = dataclasses.replace(draft, with_names=[])
    if draft.note.strip() == printable(talk.note, one_line=True).strip():
        draft = dataclasses.replace(draft, note=talk.note)  # untouched: as stored, newlines kept
    if draft.strengths == [printable(s, one_line=True) for s in talk.strengths]:
        draft = dataclasses.replace(draft, strengths=list(talk.strengths))
    fixed, _ = build(repo, talk.person, dataclasses.replace(draft, follow_up="", due=""), today)
    if unchanged:
        fixed.with_ = list(talk.with_)
    fields = ("date", "channel", "energy", "note", "strengths", "with_")
    return {f: getattr(fixed, f) for f in fields if getattr(fixed, f) != getattr(talk, f)}
