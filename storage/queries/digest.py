"""A digest for outside the dashboard (a shell's start-up): today and this week, in a few lines."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from nettui.storage.queries.upcoming import WEEK, Upcoming, upcoming
from nettui.storage.repository import Repository

SECTIONS = ("today", "this_week", "promises_due", "birthdays", "job_changes")


@dataclasses.dataclass(frozen=True)
class Digest:
    today: list[Upcoming]  # plans for today, and plans past that still need a log
    this_week: list[Upcoming]  # the people due in the next seven days, paced under the cap
    promises_due: list[Upcoming]  # follow-ups and thank-yous due by today
    birthdays: list[Upcoming]  # this week's
    job_changes: list[Upcoming]  # news of the last month, not talked about yet

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in SECTIONS)

    def to_json(self) -> dict[str, Any]:
        return {name: [item.to_json() for item in getattr(self, name)] for name in SECTIONS}


def digest(repo: Repository, today: dt.date) -> Digest:
    week_end = today + dt.timedelta(days=WEEK)
    items = upcoming(repo, today, WEEK)

    def kind(*kinds: str, by: dt.date = week_end) -> list[Upcoming]:
        return [item for item in items if item.kind in kinds and item.date <= by]

    return Digest(
        today=kind("planned", "debrief", by=today),
        this_week=kind("due"),
        promises_due=kind("follow-up", "thank", by=today),
        birthdays=kind("birthday"),
        job_changes=kind("job-change"),
    )
