"""Keep-in-touch warmth: on track, due soon or overdue against a person's cadence."""

from __future__ import annotations

import datetime as dt
import functools

from nettui.storage.domain.dates import add_cadence, cadence_days
from nettui.storage.domain.models import Person

ON_TRACK, DUE_SOON, OVERDUE, NONE = "on-track", "due-soon", "overdue", "none"
MARKS = {ON_TRACK: "●", DUE_SOON: "◐", OVERDUE: "○", NONE: "·"}
WORDS = {ON_TRACK: "on track", DUE_SOON: "due soon", OVERDUE: "overdue", NONE: "no cadence"}  # as shown


def added_on(person: Person, today: dt.date) -> dt.date:
    return _day_added(person.created, today)


@functools.lru_cache(maxsize=16384)
def _day_added(created: str, today: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(created[:10])
    except ValueError:
        return today


def next_due(person: Person, today: dt.date) -> dt.date | None:
    """When the person is next due: one cadence after the last talk (or on the day added),
    not before a snooze ends; never for someone archived."""
    if not person.every or person.archived:
        return None
    due = (
        _day_added(person.created, today)
        if person.last_talked is None
        else add_cadence(person.last_talked, person.every)
    )
    snoozed = person.snoozed_until
    return snoozed if snoozed is not None and snoozed > due else due


@functools.lru_cache(maxsize=256)
def due_soon_window(every: str) -> int:
    """Days before the due date that count as "due soon": a quarter of the cadence, 1 to 7."""
    return max(1, min(7, cadence_days(every) // 4))


def warmth(person: Person, today: dt.date) -> str:
    return warmth_at(person.every, next_due(person, today), today)


def warmth_at(every: str | None, due: dt.date | None, today: dt.date) -> str:
    """Warmth from a due date worked out already (10,000 rows need it once each, not twice)."""
    if due is None or every is None:
        return NONE
    if due < today:
        return OVERDUE
    if (due - today).days <= due_soon_window(every):
        return DUE_SOON
    return ON_TRACK
