"""The small social battery: one-on-ones held and planned in a week, against the weekly cap."""

from __future__ import annotations

import dataclasses
import datetime as dt

from nettui.storage.domain.dates import week_bounds
from nettui.storage.domain.models import ONE_ON_ONE_CHANNELS
from nettui.storage.repository import Repository


@dataclasses.dataclass(frozen=True)
class WeekLoad:
    start: dt.date
    held: int
    planned: int
    cap: int

    @property
    def total(self) -> int:
        return self.held + self.planned

    @property
    def over_cap(self) -> bool:
        return self.total > self.cap

    def warning(self) -> str:
        return (
            f"Heads up: the week of {self.start.isoformat()} now has {self.total} one-on-ones "
            f"against your weekly cap of {self.cap}."
        )


def week_load(repo: Repository, day: dt.date) -> WeekLoad:
    """One-on-ones held and still planned in the week holding ``day``."""
    start, end = week_bounds(day)
    first, last = start.isoformat(), end.isoformat()
    days = repo.rollups().days
    held = sum(day["one_on_ones"] for date, day in days.items() if first <= date <= last)
    planned = sum(1 for p in repo.plans() if start <= p.date <= end and p.channel in ONE_ON_ONE_CHANNELS)
    return WeekLoad(start=start, held=held, planned=planned, cap=repo.weekly_cap)
