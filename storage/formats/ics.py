"""iCalendar (RFC 5545) export: planned conversations as VEVENTs, follow-ups as VTODOs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar

from nettui.storage.engine import write_file as write_private
from nettui.storage.repository import Repository

PRODID = "-//nettui//nettui//EN"


def _stamp(created: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def calendar(repo: Repository) -> icalendar.Calendar:
    people = repo.people_by_id()
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "nettui")
    for plan in repo.plans():
        person = people.get(plan.person)
        if person is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"{plan.id}@nettui")
        event.add("dtstamp", _stamp(plan.created))
        event.add("dtstart", plan.date)
        event.add("dtend", plan.date + dt.timedelta(days=1))
        event.add("summary", f"{plan.channel.capitalize()} with {person.name}")
        if plan.topic:
            event.add("description", plan.topic)
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
        todo.add("summary", f"{follow_up.text} ({person.name})")
        todo.add("status", "NEEDS-ACTION")
        cal.add_component(todo)
    return cal


def export(repo: Repository, target: Path) -> tuple[int, int]:
    """Write the calendar; returns (events, todos)."""
    cal = calendar(repo)
    write_private(target, cal.to_ical())
    return len(cal.walk("VEVENT")), len(cal.walk("VTODO"))
