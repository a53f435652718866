"""Everything the dashboard shows, gathered in one go off the UI thread."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import orjson

from nettui.storage.domain.models import Reflection, Strength
from nettui.storage.queries.insights import Insights, compute
from nettui.storage.queries.upcoming import Upcoming, upcoming
from nettui.storage.repository import Repository
from nettui.storage.views.people_rows import PersonRow, people_rows


@dataclasses.dataclass(frozen=True)
class DashboardData:
    version: str  # the database version it was gathered from ("" if it changed meanwhile)
    today: dt.date
    rows: list[PersonRow]
    upcoming: list[Upcoming]
    insights: Insights
    strengths: list[Strength]
    reflections: list[Reflection]
    pitch: str
    cap_default: bool = False  # no weekly cap set: the default of 3 is used


def collect(repo: Repository, today: dt.date, *, everyone: bool = False) -> DashboardData:
    """``everyone``: Upcoming lists every person due, not paced under the weekly cap."""
    version = repo.version
    data = DashboardData(
        version=version,
        today=today,
        rows=people_rows(repo, today),
        upcoming=upcoming(repo, today, everyone=everyone),
        insights=compute(repo, today),
        strengths=repo.strengths(),
        reflections=repo.reflections(),
        pitch=str(repo.setting("pitch", "")),
        cap_default=repo.setting("weekly_cap") is None,
    )
    if repo.version != version:  # another process wrote meanwhile: shown, then gathered again
        return dataclasses.replace(data, version="")
    return data


def to_wire(data: DashboardData) -> bytes:
    """The data as JSON for another process (pickling 15,000 named tuples takes 5 times as long)."""
    return orjson.dumps(
        {
            "version": data.version,
            "today": data.today,
            "rows": [tuple(row) for row in data.rows],
            "upcoming": [tuple(item) for item in data.upcoming],
            "insights": data.insights,  # orjson writes dataclasses itself, without a deep copy
            "strengths": [s.to_doc() for s in data.strengths],
            "reflections": [r.to_doc() for r in data.reflections],
            "pitch": data.pitch,
            "cap_default": data.cap_default,
        }
    )


def from_wire(raw: bytes | Any) -> DashboardData:
    wire = orjson.loads(raw)
    upcoming = [Upcoming(kind, dt.date.fromisoformat(day), *rest) for kind, day, *rest in wire["upcoming"]]
    return DashboardData(
        version=wire["version"],
        today=dt.date.fromisoformat(wire["today"]),
        rows=[PersonRow(*row) for row in wire["rows"]],
        upcoming=upcoming,
        insights=Insights(**wire["insights"]),
        strengths=[Strength.from_doc(doc) for doc in wire["strengths"]],
        reflections=[Reflection.from_doc(doc) for doc in wire["reflections"]],
        pitch=wire["pitch"],
        cap_default=wire["cap_default"],
    )
