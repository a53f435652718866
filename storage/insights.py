"""What the conversations say: energy by channel, group size and person, strengths, depth."""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
from collections import defaultdict

from nettui.storage.dates import humanize
from nettui.storage.models import Person, is_one_on_one
from nettui.storage.repository import Repository, week_bounds
from nettui.storage.warmth import DUE_SOON, OVERDUE, next_due, warmth

TREND_LENGTH = 24
INNER_CIRCLE_TALKS = 3


class _Mean:
    __slots__ = ("count", "total")

    def __init__(self) -> None:
        self.total = 0
        self.count = 0

    @classmethod
    def of(cls, total: int, count: int) -> _Mean:
        mean = cls()
        mean.total, mean.count = total, count
        return mean

    def add(self, value: int) -> None:
        self.total += value
        self.count += 1

    @property
    def value(self) -> float:
        return round(self.total / self.count, 2) if self.count else 0.0


def _means(table: dict[str, _Mean]) -> dict[str, float]:
    return {key: mean.value for key, mean in sorted(table.items())}


@dataclasses.dataclass
class Insights:
    energy_by_channel: dict[str, float]
    energy_by_group_size: dict[str, float]
    energy_by_person: dict[str, float]
    energy_by_community: dict[str, float]
    strengths_used: dict[str, dict[str, float]]
    one_on_ones_this_week: int
    one_on_ones_this_month: int
    one_on_ones_this_quarter: int
    weekly_cap: int
    inner_circle: list[str]
    trend: list[int]
    rated: int
    suggestion: str

    def to_json(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def compute(repo: Repository, today: dt.date) -> Insights:
    """One pass over the stored conversations (raw documents: no models for 100,000 rows).

    Dates are compared as ISO strings, which order like the dates they spell.
    """
    people = repo.people_by_id()
    by_channel: dict[str, _Mean] = defaultdict(_Mean)
    by_size: dict[str, _Mean] = defaultdict(_Mean)
    by_pid: dict[str, _Mean] = defaultdict(_Mean)
    by_strength: dict[str, _Mean] = defaultdict(_Mean)
    strength_uses: dict[str, int] = defaultdict(int)
    talks_last_year: dict[str, int] = defaultdict(int)
    week_start, _ = week_bounds(today)
    today_s, week_s = today.isoformat(), week_start.isoformat()
    month_s, quarter_s = today.replace(day=1).isoformat(), _quarter_start(today).isoformat()
    year_ago_s = (today - dt.timedelta(days=365)).isoformat()
    week = month = quarter = 0
    rated: list[tuple[str, str, int]] = []
    names = {c.id: c.name for c in repo.communities()}
    member_of = {
        pid: [names[c] for c in p.communities if c in names] for pid, p in people.items() if p.communities
    }
    by_community: dict[str, _Mean] = defaultdict(_Mean)
    # Sums and counts in plain dicts, inlined: this loop runs 100,000 times at start-up.
    ch_sum: dict[str, int] = defaultdict(int)
    ch_n: dict[str, int] = defaultdict(int)
    p_sum: dict[str, int] = defaultdict(int)
    p_n: dict[str, int] = defaultdict(int)
    for doc in repo.conversation_docs():
        date = doc["date"]
        if date > today_s:
            continue
        others = doc.get("with")
        person = doc["person"]
        if date > year_ago_s:
            talks_last_year[person] += 1
            if others:
                for pid in others:
                    talks_last_year[pid] += 1
        channel = doc["channel"]
        if date >= quarter_s and is_one_on_one(channel, others):
            quarter += 1
            if date >= month_s:
                month += 1
            if date >= week_s:
                week += 1
        strengths = doc.get("strengths")
        if strengths:
            for strength in strengths:
                strength_uses[strength] += 1
        energy = doc.get("energy")
        if energy is None:
            continue
        rated.append((date, doc.get("created", ""), energy))
        ch_sum[channel] += energy
        ch_n[channel] += 1
        p_sum[person] += energy
        p_n[person] += 1
        if others:
            by_size[str(1 + len(others))].add(energy)
            for pid in others:
                p_sum[pid] += energy
                p_n[pid] += 1
        if strengths:
            for strength in strengths:
                by_strength[strength].add(energy)
        if member_of and (person in member_of or (others and any(pid in member_of for pid in others))):
            groups = {g for pid in (person, *(others or ())) for g in member_of.get(pid, ())}
            for group in groups:
                by_community[group].add(energy)
    solo = sum(ch_n.values()) - sum(m.count for m in by_size.values())
    if solo:
        by_size["1"].count = solo
        by_size["1"].total = sum(ch_sum.values()) - sum(
            m.total for m in by_size.values() if m is not by_size["1"]
        )
    by_channel.update({c: _Mean.of(ch_sum[c], ch_n[c]) for c in ch_n})
    by_pid.update({p: _Mean.of(p_sum[p], p_n[p]) for p in p_n})
    by_person = _by_name(people, by_pid)
    strengths_used = {
        name: {"count": count, "energy": by_strength[name].value if name in by_strength else 0.0}
        for name, count in sorted(strength_uses.items(), key=lambda kv: (-kv[1], kv[0]))
    }
    inner = sorted(
        (people[pid].name for pid, n in talks_last_year.items() if n >= INNER_CIRCLE_TALKS and pid in people),
        key=str.casefold,
    )
    by_size_sorted = dict(sorted(_means(by_size).items(), key=lambda kv: int(kv[0])))
    energy_by_channel = _means(by_channel)
    return Insights(
        energy_by_channel=energy_by_channel,
        energy_by_group_size=by_size_sorted,
        energy_by_person=by_person,
        energy_by_community=_means(by_community),
        strengths_used=strengths_used,
        one_on_ones_this_week=week,
        one_on_ones_this_month=month,
        one_on_ones_this_quarter=quarter,
        weekly_cap=repo.weekly_cap,
        inner_circle=inner,
        trend=[energy for _, _, energy in sorted(heapq.nlargest(TREND_LENGTH, rated))],
        rated=len(rated),
        suggestion=suggest(list(people.values()), energy_by_channel, by_person, today),
    )


def _by_name(people: dict[str, Person], by_pid: dict[str, _Mean]) -> dict[str, float]:
    """Average energy by person name."""
    by_person: dict[str, _Mean] = defaultdict(_Mean)
    for pid, mean in by_pid.items():
        if pid in people:
            target = by_person[people[pid].name]
            target.total += mean.total
            target.count += mean.count
    return _means(by_person)


def _signed(value: float) -> str:
    return f"{value:+.1f}"


def suggest(
    people: list[Person],
    energy_by_channel: dict[str, float],
    energy_by_person: dict[str, float],
    today: dt.date,
) -> str:
    """The next conversation worth having, and why."""
    candidates = [p for p in people if warmth(p, today) in (OVERDUE, DUE_SOON)]
    if not candidates:
        return "Nobody is due: a good week to reach out to someone new."

    def score(person: Person) -> tuple[float, int, str]:
        channel = person.usual_channel or _best_channel(energy_by_channel)
        energy = energy_by_person.get(person.name, energy_by_channel.get(channel, 0.0))
        due = next_due(person, today) or today
        return (energy, (today - due).days, person.name)

    best = max(candidates, key=score)
    channel = best.usual_channel or _best_channel(energy_by_channel)
    due = next_due(best, today) or today
    when = humanize(due, today, overdue=due < today)
    reasons = []
    if best.name in energy_by_person:
        reasons.append(
            f"your talks with {best.name.split()[0]} average {_signed(energy_by_person[best.name])}"
        )
    elif channel in energy_by_channel:
        reasons.append(f"your {channel}s average {_signed(energy_by_channel[channel])}")
    reasons.append(
        f"{best.name.split()[0]} is {when}" if due < today else f"{best.name.split()[0]} is due {when}"
    )
    return f"{channel.capitalize()} with {best.name}: " + ", and ".join(reasons) + "."


def _best_channel(energy_by_channel: dict[str, float]) -> str:
    if not energy_by_channel:
        return "coffee"
    return max(sorted(energy_by_channel), key=lambda c: energy_by_channel[c])
