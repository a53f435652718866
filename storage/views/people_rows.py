"""Rows of the people list: what each row shows and the text the filter searches."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from nettui.storage.domain.dates import humanize
from nettui.storage.domain.models import FollowUp, Person, Plan
from nettui.storage.domain.text import fold
from nettui.storage.domain.warmth import next_due, warmth_at
from nettui.storage.repository import Repository


class PersonRow(NamedTuple):
    """One row; a named tuple, so 10,000 of them are cheap to build and to hand between processes."""

    id: str
    name: str
    company_role: str
    warmth: str
    last_talked: str
    next_step: str
    haystack: str  # what the filter searches: folded (no case, no accents)
    due: str  # ISO date of the next due day, "" when there is no cadence: for ordering
    last: str  # ISO date of the last talk, "" when never


def _next_step(plan: Plan | None, follow_up: FollowUp | None, due: dt.date | None, today: dt.date) -> str:
    if plan is not None:
        return f"{plan.channel} {humanize(plan.date, today, overdue=plan.date < today)}"
    if follow_up is not None:
        return f"{follow_up.text} ({humanize(follow_up.due, today, overdue=follow_up.due < today)})"
    if due is not None and due <= today + dt.timedelta(days=7):
        return f"reach out {humanize(due, today, overdue=due < today)}"
    return ""


def person_row(person: Person, plan: Plan | None, follow_up: FollowUp | None, today: dt.date) -> PersonRow:
    due = next_due(person, today)
    p = person
    words = (p.name, p.company, p.role, p.city, " ".join(p.tags), p.notes, p.how_met, p.working_on)
    return PersonRow(
        p.id,
        p.name,
        p.company_role,
        warmth_at(p.every, due, today),
        humanize(p.last_talked, today) if p.last_talked else "never",
        _next_step(plan, follow_up, due, today),
        fold(" ".join(words)),
        due.isoformat() if due else "",
        p.last_talked.isoformat() if p.last_talked else "",
    )


def people_rows(repo: Repository, today: dt.date, *, archived: bool = False) -> list[PersonRow]:
    """Every person's row, sorted by name; archived people only with ``archived``."""
    plans: dict[str, Plan] = {}
    for plan in repo.plans():
        plans.setdefault(plan.person, plan)
    follow_ups: dict[str, FollowUp] = {}
    for follow_up in repo.follow_ups():
        follow_ups.setdefault(follow_up.person, follow_up)
    return [
        person_row(p, plans.get(p.id), follow_ups.get(p.id), today)
        for p in repo.people()
        if p.archived == archived
    ]


def filter_rows(rows: list[PersonRow], text: str) -> list[PersonRow]:
    """Rows whose text holds every word; one narrowing pass per word (~1 ms per 10,000 rows)."""
    for word in fold(text).split():
        rows = [row for row in rows if word in row.haystack]
    return rows


ORDERS = ("name", "due", "last talked")


def ordered(rows: list[PersonRow], order: str) -> list[PersonRow]:
    """By name (as built), by due (most overdue first; no cadence last) or by last talked
    (most recent first; never last)."""
    if order == "due":
        return sorted(rows, key=lambda r: (not r.due, r.due))
    if order == "last talked":
        return sorted(rows, key=lambda r: r.last, reverse=True)
    return rows
