"""Everything the dashboard shows, gathered in one go off the UI thread."""

from __future__ import annotations

import dataclasses
import datetime as dt

from nettui.storage.insights import Insights, compute
from nettui.storage.models import Reflection, Strength
from nettui.storage.people_view import PersonRow, people_rows
from nettui.storage.repository import Repository
from nettui.storage.upcoming import Upcoming, upcoming


@dataclasses.dataclass(frozen=True)
class DashboardData:
    today: dt.date
    rows: list[PersonRow]
    upcoming: list[Upcoming]
    insights: Insights
    strengths: list[Strength]
    reflections: list[Reflection]
    pitch: str


def collect(repo: Repository, today: dt.date) -> DashboardData:
    return DashboardData(
        today=today,
        rows=people_rows(repo, today),
        upcoming=upcoming(repo, today),
        insights=compute(repo, today),
        strengths=repo.strengths(),
        reflections=repo.reflections(),
        pitch=str(repo.setting("pitch", "")),
    )
