"""The upcoming list: reasons to get in touch, each saying why, at a pace the battery keeps.

Kinds: ``planned`` 1:1s, ``debrief`` (a plan whose day passed without a log), ``follow-up``
(a promise), ``thank`` (an introducer owed thanks), ``birthday``, ``job-change`` (news worth
a congratulation), ``due`` (a cadence come round) and ``more-due`` (one line for the people
due whom the weekly cap leaves no room for in the window).

Pacing: the people due are placed week by week, most overdue (then warmest) first, each week
taking no more than the weekly cap leaves after the one-on-ones held and planned in it; a
person whose week is full moves to the next week with room. ``everyone=True`` lists every
person due on their own day instead.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from nettui.storage.domain import birthdays, jobs
from nettui.storage.domain.dates import humanize, week_bounds
from nettui.storage.domain.models import ONE_ON_ONE_CHANNELS, Person, Plan
from nettui.storage.domain.warmth import next_due
from nettui.storage.queries.battery import week_load
from nettui.storage.repository import Repository

KIND_ORDER = {
    "debrief": 0, "planned": 1, "follow-up": 2, "thank": 3, "birthday": 4, "job-change": 5,
    "due": 6, "more-due": 7,
}  # fmt: skip
NEWS = ("birthday", "job-change")  # reasons, not to-dos: never "overdue"
DEFAULT_DAYS = 30
WEEK = 6  # "this week" of the digest and the calendar: today and the six days after it


class Upcoming(NamedTuple):
    """One item; a named tuple, so thousands are cheap to build and to hand between processes."""

    kind: str
    date: dt.date
    person: str
    person_id: str
    note: str
    ref: str = ""

    def late(self, today: dt.date) -> bool:
        """A to-do whose day has passed (news, such as a job change, is never late)."""
        return self.date < today and self.kind not in NEWS

    def when(self, today: dt.date) -> str:
        return humanize(self.date, today, overdue=self.late(today))

    def to_json(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "date": self.date.isoformat(),
            "person": self.person,
            "note": self.note,
            "id": self.ref,
            "person_id": self.person_id,
        }


def upcoming(
    repo: Repository, today: dt.date, days: int = DEFAULT_DAYS, *, everyone: bool = False
) -> list[Upcoming]:
    """Everything overdue plus the next ``days`` days, sorted by date; the people due paced
    under the weekly cap (``everyone``: all of them, each on their day)."""
    horizon = today + dt.timedelta(days=days)
    people = {pid: p for pid, p in repo.people_by_id().items() if not p.archived}  # archived: not here
    plans = repo.plans()
    items = list(plan_items(plans, people, today, horizon))
    for follow_up in repo.follow_ups():
        if follow_up.due <= horizon and follow_up.person in people:
            person = people[follow_up.person]
            items.append(
                Upcoming("follow-up", follow_up.due, person.name, person.id, follow_up.text, follow_up.id)
            )
    items += [item for item in thanks_owed(repo) if item.date <= horizon]
    items += news(people.values(), today, horizon)
    planned = {plan.person for plan in plans}
    due = due_people((p for p in people.values() if p.id not in planned), today, horizon)
    items += due if everyone else pace(repo, due, today, horizon)
    items.sort(key=lambda i: (i.date, KIND_ORDER[i.kind], i.person.casefold()))
    return items


def plan_items(
    plans: Iterable[Plan], people: dict[str, Person], today: dt.date, horizon: dt.date
) -> Iterable[Upcoming]:
    """Plans ahead, and plans whose day passed without a log (a debrief: how did it go?)."""
    for plan in plans:
        person = people.get(plan.person)
        if plan.date > horizon or person is None:
            continue
        what = plan.channel + (f": {plan.topic}" if plan.topic else "")
        if plan.date < today:
            note = f"{what} · not logged yet: how did it go?"
            yield Upcoming("debrief", plan.date, person.name, person.id, note, plan.id)
        else:
            yield Upcoming("planned", plan.date, person.name, person.id, what, plan.id)


def news(people: Iterable[Person], today: dt.date, horizon: dt.date) -> list[Upcoming]:
    """Birthdays in the window and job changes of the last month: easy reasons to say hello."""
    items = []
    for person in people:
        if person.birthday:
            day = birthdays.next_birthday(person.birthday, today)
            if day is not None and day <= horizon:
                items.append(Upcoming("birthday", day, person.name, person.id, _birthday_note(person, day)))
        moved = jobs.news(person, today)
        if moved is not None:
            day, before, after = moved
            first = person.name.split()[0]
            note = f"congratulate {first} on {after} (was {before})"
            items.append(Upcoming("job-change", day, person.name, person.id, note))
    return items


def _birthday_note(person: Person, day: dt.date) -> str:
    turns = birthdays.age(person.birthday, day)
    return f"turns {turns}" if turns else ""


def due_people(people: Iterable[Person], today: dt.date, horizon: dt.date) -> list[Upcoming]:
    """Everyone whose cadence comes round by ``horizon``, each on their due day."""
    items = []
    for person in people:
        due = next_due(person, today)
        if due is not None and due <= horizon:
            items.append(Upcoming("due", due, person.name, person.id, _due_note(person, today)))
    return items


def _due_note(person: Person, today: dt.date) -> str:
    if person.last_talked is None:
        return f"every {person.every} · not talked yet"
    return f"every {person.every} · last talked {humanize(person.last_talked, today)}"


def pace(repo: Repository, due: list[Upcoming], today: dt.date, horizon: dt.date) -> list[Upcoming]:
    """The people due, placed in weeks with room under the cap; the rest as one line."""
    if not due:
        return []
    people = repo.people_by_id()
    talks = {i.person_id: sum(people[i.person_id].channel_counts.values()) for i in due}  # warmth
    order = sorted(due, key=lambda i: (i.date, -talks[i.person_id], i.person.casefold()))
    this_week = week_bounds(today)[0]
    load = week_load(repo, this_week)  # held and planned: this week's one-on-ones so far
    room = {this_week: max(0, load.cap - load.total)}
    planned = Counter(week_bounds(p.date)[0] for p in repo.plans() if p.channel in ONE_ON_ONE_CHANNELS)
    week = this_week + dt.timedelta(days=7)
    while week <= horizon:  # weeks to come: only plans take room yet
        room[week] = max(0, load.cap - planned[week])
        week += dt.timedelta(days=7)
    picks, later = [], 0
    for item in order:
        week = max(this_week, week_bounds(item.date)[0])
        while week in room and room[week] == 0:
            week += dt.timedelta(days=7)
        if week not in room:
            later += 1
            continue
        room[week] -= 1
        if week > max(this_week, item.date):  # moved on to a later week with room: its Monday
            note = f"{item.note} · paced to {repo.weekly_cap} a week"
            picks.append(item._replace(date=week, note=note))
        else:
            picks.append(item)
    if later:
        note = f"{later} more due later (your cap: {repo.weekly_cap} a week)"
        picks.append(Upcoming("more-due", horizon, "", "", note))
    return picks


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
