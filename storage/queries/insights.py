"""What the conversations say: energy by channel, group size and person, strengths, depth."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

from nettui.storage.domain.dates import humanize, week_bounds
from nettui.storage.domain.models import Person
from nettui.storage.domain.rollups import ConversationRollups, PersonStats, mean_value
from nettui.storage.domain.warmth import DUE_SOON, OVERDUE, next_due, warmth
from nettui.storage.repository import Repository

TREND_LENGTH = 24
INNER_CIRCLE_TALKS = 3


class _Sum:
    """A running sum of rated energies and how many (over days, people or communities)."""

    __slots__ = ("count", "total")

    def __init__(self, total: int = 0, count: int = 0) -> None:
        self.total, self.count = total, count

    def add(self, mean: dict[str, int]) -> None:
        self.total += mean["total"]
        self.count += mean["count"]

    @property
    def value(self) -> float:
        return mean_value({"total": self.total, "count": self.count})


def _means(table: dict[str, _Sum]) -> dict[str, float]:
    return {key: mean.value for key, mean in sorted(table.items())}


@dataclasses.dataclass
class Insights:
    energy_by_channel: dict[str, float]
    energy_by_group_size: dict[str, float]
    energy_by_person: dict[str, float]
    energy_by_community: dict[str, float]
    strengths_used: dict[str, dict[str, float | None]]  # energy None: no rated talk used it
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
    """Insights from the conversation rollups: a pass over days and people, not conversations.

    Dates are compared as ISO strings, which order like the dates they spell; days after
    ``today`` are left out.
    """
    index = repo.rollups()
    people = repo.people_by_id()
    week_start, _ = week_bounds(today)
    today_s, week_s = today.isoformat(), week_start.isoformat()
    month_s, quarter_s = today.replace(day=1).isoformat(), _quarter_start(today).isoformat()
    year_ago_s = (today - dt.timedelta(days=365)).isoformat()
    by_channel: dict[str, _Sum] = defaultdict(_Sum)
    by_size: dict[str, _Sum] = defaultdict(_Sum)
    strengths: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # uses, energy sum, rated
    week = month = quarter = rated = 0
    trend: list[int] = []
    for date in sorted(index.days, reverse=True):
        if date > today_s:
            continue
        day = index.days[date]
        if date >= quarter_s:
            quarter += day["one_on_ones"]
            month += day["one_on_ones"] if date >= month_s else 0
            week += day["one_on_ones"] if date >= week_s else 0
        for table, means in ((day["by_channel"], by_channel), (day["by_size"], by_size)):
            for key, mean in table.items():
                means[key].add(mean)
        for name, use in day["strengths"].items():
            sums = strengths[name]
            sums[0] += use["uses"]
            sums[1] += use["energy"]["total"]
            sums[2] += use["energy"]["count"]
        energies = day["energies"]
        rated += len(energies)
        if len(trend) < TREND_LENGTH:
            trend[:0] = energies[-(TREND_LENGTH - len(trend)) :]
    by_person = _by_name(people, index.people)
    strengths_used = {
        name: {"count": uses, "energy": _Sum(total, count).value if count else None}
        for name, (uses, total, count) in sorted(strengths.items(), key=lambda kv: (-kv[1][0], kv[0]))
    }
    inner = sorted(
        (
            people[pid].name
            for pid, stats in index.people.items()
            if len(stats["latest"]) >= INNER_CIRCLE_TALKS
            and _talks_since(stats["latest"], year_ago_s, today_s) >= INNER_CIRCLE_TALKS
            and pid in people
        ),
        key=str.casefold,
    )
    energy_by_channel = _means(by_channel)
    return Insights(
        energy_by_channel=energy_by_channel,
        energy_by_group_size=dict(sorted(_means(by_size).items(), key=lambda kv: int(kv[0]))),
        energy_by_person=by_person,
        energy_by_community=_by_community(repo, people, index),
        strengths_used=strengths_used,
        one_on_ones_this_week=week,
        one_on_ones_this_month=month,
        one_on_ones_this_quarter=quarter,
        weekly_cap=repo.weekly_cap,
        inner_circle=inner,
        trend=trend,
        rated=rated,
        suggestion=suggest(list(people.values()), energy_by_channel, _by_id(index.people), today),
    )


def _talks_since(latest: list[str], after: str, until: str) -> int:
    """How many of the latest dates (newest first) fall in (after, until]."""
    if latest[0] <= until:  # none in the future: the oldest of them decides
        return len(latest) if latest[-1] > after else sum(1 for date in latest if date > after)
    return sum(1 for date in latest if after < date <= until)


def _by_community(
    repo: Repository, people: dict[str, Person], index: ConversationRollups
) -> dict[str, float]:
    """Average energy of talks with each community's members; a group talk counts once."""
    names = {c.id: c.name for c in repo.communities()}
    member_of = {
        pid: {names[c] for c in p.communities if c in names} for pid, p in people.items() if p.communities
    }
    by_community: dict[str, _Sum] = defaultdict(_Sum)
    for pid, groups in member_of.items():  # talks alone with a member
        stats = index.people.get(pid)
        if stats is not None and stats["solo_energy"]["count"]:
            for name in groups:
                by_community[name].add(stats["solo_energy"])
    for key, mean in index.groups.items():  # each group talk once per community in it
        for name in set().union(*(member_of.get(pid, ()) for pid in key.split(","))):
            by_community[name].add(mean)
    return _means(by_community)


def _by_name(people: dict[str, Person], rollups: dict[str, PersonStats]) -> dict[str, float]:
    """Average energy by person name (people who share a name are pooled)."""
    sums: dict[str, _Sum] = {}
    for pid, stats in rollups.items():
        if stats["energy"]["count"] and pid in people:
            sums.setdefault(people[pid].name, _Sum()).add(stats["energy"])
    return {name: mean.value for name, mean in sorted(sums.items())}


def _by_id(rollups: dict[str, PersonStats]) -> dict[str, float]:
    """Average energy of each person's talks, by id (namesakes apart)."""
    return {pid: mean_value(stats["energy"]) for pid, stats in rollups.items() if stats["energy"]["count"]}


def _signed(value: float) -> str:
    return f"{round(value, 1) or 0.0:+.1f}"  # never "-0.0"


def suggest(
    people: list[Person],
    energy_by_channel: dict[str, float],
    energy_by_id: dict[str, float],
    today: dt.date,
) -> str:
    """The next conversation worth having, and why; someone whose talks drain me only when
    nobody else is due, and then it says so."""
    candidates = [p for p in people if warmth(p, today) in (OVERDUE, DUE_SOON)]
    if not candidates:
        return "Nobody is due: a good week to reach out to someone new."
    easy = [p for p in candidates if energy_by_id.get(p.id, 0.0) >= 0]

    def score(person: Person) -> tuple[float, int, str]:
        channel = person.usual_channel or _best_channel(energy_by_channel)
        energy = energy_by_id.get(person.id, energy_by_channel.get(channel, 0.0))
        due = next_due(person, today) or today
        return (energy, (today - due).days, person.name)

    best = max(easy or candidates, key=score)
    first = best.name.split()[0]
    channel = best.usual_channel or _best_channel(energy_by_channel)
    due = next_due(best, today) or today
    when = humanize(due, today, overdue=due < today)
    reasons = []
    drained = energy_by_id.get(best.id, 0.0) < 0
    if best.id in energy_by_id:
        reasons.append(f"your talks with {first} average {_signed(energy_by_id[best.id])}")
    elif channel in energy_by_channel:
        reasons.append(f"your {channel}s average {_signed(energy_by_channel[channel])}")
    reasons.append(f"{first} is {when}" if due < today else f"{first} is due {when}")
    text = f"{channel.capitalize()} with {best.name}: " + ", and ".join(reasons) + "."
    if drained:
        text += f" Talks with {first} drain you: keep it short, try a walk, or let it wait."
    return text


def _best_channel(energy_by_channel: dict[str, float]) -> str:
    if not energy_by_channel:
        return "coffee"
    return max(sorted(energy_by_channel), key=lambda c: energy_by_channel[c])
