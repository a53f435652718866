"""The upcoming list: planned 1:1s, people due by cadence, promised follow-ups, thank-yous."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from nettui.storage.domain.dates import humanize
from nettui.storage.domain.models import Person
from nettui.storage.domain.warmth import next_due
from nettui.storage.repository import Repository

KIND_ORDER = {"planned": 0, "follow-up": 1, "thank": 2, "due": 3}
DEFAULT_DAYS = 30


class Upcoming(NamedTuple):
    """One item; a named tuple, so thousands are cheap to build and to hand between processes."""

    kind: str
    date: dt.date
    person: str
    person_id: str
    note: str
    ref: str = ""

    def when(self, today: dt.date) -> str:
        return humanize(self.date, today, overdue=self.date < today)

    def to_json(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "date": self.date.isoformat(),
            "person": self.person,
            "note": self.note,
            "id": self.ref,
        }


def _due_note(person: Person, today: dt.date) -> str:
    if person.last_talked is None:
        return f"every {person.every} · not talked yet"
    return f"every {person.every} · last talked {humanize(person.last_talked, today)}"


def upcoming(repo: Repository, today: dt.date, days: int = DEFAULT_DAYS) -> list[Upcoming]:
    """Everything overdue plus the next ``days`` days, sorted by date."""
    horizon = today + dt.timedelta(days=days)
    people = {pid: p for pid, p in repo.people_by_id().items() if not p.archived}  # archived: not here
    items: list[Upcoming] = []
    planned_people = set()
    for plan in repo.plans():
        planned_people.add(plan.person)
        if plan.date <= horizon and plan.person in people:
            note = plan.channel + (f": {plan.topic}" if plan.topic else "")
            items.append(Upcoming("planned", plan.date, people[plan.person].name, plan.person, note, plan.id))
    for follow_up in repo.follow_ups():
        if follow_up.due <= horizon and follow_up.person in people:
            person = people[follow_up.person]
            items.append(
                Upcoming("follow-up", follow_up.due, person.name, person.id, follow_up.text, follow_up.id)
            )
    items += [item for item in thanks_owed(repo) if item.date <= horizon]
    for person in people.values():
        due = next_due(person, today)
        if due is not None and due <= horizon and person.id not in planned_people:
            items.append(Upcoming("due", due, person.name, person.id, _due_note(person, today)))
    items.sort(key=lambda i: (i.date, KIND_ORDER[i.kind], i.person.casefold()))
    return items


def thanks_owed(repo: Repository) -> list[Upcoming]:
    """A thank-you to each introducer whose introduction I have met, until it is thanked."""
    people = {pid: p for pid, p in repo.people_by_id().items() if not p.archived}
    owed = []
    for intro in repo.intros():
        if intro.stage != "met" or intro.introducer not in people:
            continue
        introducer = people[intro.introducer]
        met_on = dt.date.fromisoformat(intro.stage_dates.get("met", intro.date.isoformat()))
        note = f"intro: {intro.wanted}" if intro.wanted else "for an introduction"
        owed.append(Upcoming("thank", met_on, introducer.name, introducer.id, note, intro.id))
    return owed
