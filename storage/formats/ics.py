"""iCalendar (RFC 5545) export: planned conversations as VEVENTs, follow-ups and the next
seven days' picks (the people due, paced under the weekly cap) as VTODOs, birthdays as yearly all-day
VEVENTs. Every UID is stable, so a calendar program updates what it imported before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar

from nettui.storage.domain import birthdays
from nettui.storage.domain.models import Person
from nettui.storage.domain.text import clean
from nettui.storage.engine import write_file as write_private
from nettui.storage.queries.upcoming import WEEK, Upcoming, upcoming
from nettui.storage.repository import Repository

PRODID = "-//nettui//nettui//EN"


def _stamp(created: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


NO_YEAR = 2000  # a birthday without a year starts in a leap year, so 29 February is one


def calendar(repo: Repository, today: dt.date, days: int | None = None) -> icalendar.Calendar:
    """Plans (within ``days`` if given), follow-ups, birthdays, and the picks of the next seven
    days (or of the next ``days``)."""
    people = repo.people_by_id()
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "nettui")
    horizon = None if days is None else today + dt.timedelta(days=days)
    for plan in repo.plans():
        person = people.get(plan.person)
        if person is None or (horizon is not None and plan.date > horizon):
            continue
        event = icalendar.Event()
        event.add("uid", f"{plan.id}@nettui")
        event.add("dtstamp", _stamp(plan.created))
        event.add("dtstart", plan.date)
        event.add("dtend", plan.date + dt.timedelta(days=1))
        event.add("summary", clean(f"{plan.channel.capitalize()} with {person.name}"))
        if plan.topic:
            event.add("description", clean(plan.topic))
        event.add("categories", ["nettui", plan.channel])
        cal.add_component(event)
    for follow_up in repo.follow_ups():
        person = people.get(follow_up.person)
        if person is None:
            continue
        todo = icalendar.Todo()
        todo.add("uid", f"{follow_up.id}@nettui")
        todo.add("dtstamp", _stamp(follow_up.created))
        todo.add("due", follow_up.due)
        todo.add("summary", clean(f"{follow_up.text} ({person.name})"))
        todo.add("status", "NEEDS-ACTION")
        cal.add_component(todo)
    for pick in _picks(repo, today, days):
        todo = icalendar.Todo()
        todo.add("uid", f"due-{pick.person_id}-{pick.date.isoformat()}@nettui")
        todo.add("dtstamp", _stamp(people[pick.person_id].created))
        todo.add("due", pick.date)
        todo.add("summary", clean(f"Get in touch with {pick.person}"))
        todo.add("description", clean(pick.note))
        todo.add("categories", ["nettui", "due"])
        todo.add("status", "NEEDS-ACTION")
        cal.add_component(todo)
    for person in people.values():
        event = _birthday(person, today)
        if event is not None and not person.archived:
            cal.add_component(event)
    return cal


def _picks(repo: Repository, today: dt.date, days: int | None) -> list[Upcoming]:
    window = WEEK if days is None else days
    return [item for item in upcoming(repo, today, window) if item.kind == "due"]


def _birthday(person: Person, today: dt.date) -> icalendar.Event | None:
    """A yearly all-day event from the birth date (or from 2000 without a year)."""
    parts = birthdays.month_day(person.birthday or "")
    if parts is None:
        return None  # free text ("circa 1815") has no day to put in a calendar
    month, day = parts
    has_year = birthdays.age(person.birthday, today) is not None  # a year that can be theirs
    born = birthdays.year(person.birthday) if has_year else NO_YEAR
    try:
        start = dt.date(born, month, day)
    except ValueError:  # 29 February of a year that had none
        start = dt.date(NO_YEAR, month, day)
    event = icalendar.Event()
    event.add("uid", f"birthday-{person.id}@nettui")
    event.add("dtstamp", _stamp(person.created))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(days=1))
    if (month, day) == (2, 29):  # the last day of February, so every year has one
        event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
    else:
        event.add("rrule", {"freq": "yearly"})
    event.add("summary", clean(f"{person.name}'s birthday"))
    event.add("transp", "TRANSPARENT")  # all day, and never "busy"
    event.add("categories", ["nettui", "birthday"])
    return event


def export(repo: Repository, target: Path, today: dt.date, days: int | None = None) -> str:
    """Write the calendar; what it holds, in words."""
    cal = calendar(repo, today, days)
    write_private(target, cal.to_ical())
    uids = [str(c["uid"]) for c in cal.walk() if "uid" in c]
    picks = sum(uid.startswith("due-") for uid in uids)
    born = sum(uid.startswith("birthday-") for uid in uids)
    plans, promises = len(cal.walk("VEVENT")) - born, len(cal.walk("VTODO")) - picks
    return (
        f"{_count(plans, 'planned conversation')}, {_count(promises, 'follow-up')}, "
        f"{_count(picks, 'person due', 'people due')} and {_count(born, 'birthday')}"
    )


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"
