"""Rollups of every conversation, so start-up, insights and the weekly battery never walk them.

Per day: one-on-ones, rated energy by channel and by group size, strengths used, energies in
logged order. Per person: talks, one-on-ones, energy over all their talks and over talks alone
with them, their latest dates. Per group talked to together: energy. The engine keeps them
beside the database and current (``CONVERSATION_ROLLUPS`` is the spec it is given); they hold
ids and counts, no names or notes.

Every entry is a plain dict with named keys (the shapes below): JSON as it is in memory, so
saving and loading 10,000 people costs milliseconds, not the building of 30,000 objects.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, TypedDict

import orjson

from nettui.storage.domain.models import is_one_on_one
from nettui.storage.domain.validation import record_problem

LATEST_KEPT = 3  # dates kept per person: enough to tell "three talks this year"


class Mean(TypedDict):
    total: int  # the sum of rated energies
    count: int  # how many were rated


class StrengthUse(TypedDict):
    uses: int
    energy: Mean


class Day(TypedDict):
    one_on_ones: int
    by_channel: dict[str, Mean]
    by_size: dict[str, Mean]  # by people present, me excluded ("1" is a one-on-one)
    strengths: dict[str, StrengthUse]
    energies: list[int]  # in logged order


class PersonStats(TypedDict):
    talks: int
    one_on_ones: int
    energy: Mean  # every talk they were part of
    solo_energy: Mean  # talks alone with them
    latest: list[str]  # newest first


def mean_value(mean: Mean) -> float:
    return round(mean["total"] / mean["count"], 2) if mean["count"] else 0.0


def _rate(mean: Mean, energy: int) -> None:
    mean["total"] += energy
    mean["count"] += 1


def _mean() -> Mean:
    return {"total": 0, "count": 0}


def _day() -> Day:
    return {"one_on_ones": 0, "by_channel": {}, "by_size": {}, "strengths": {}, "energies": []}


def _person() -> PersonStats:
    return {"talks": 0, "one_on_ones": 0, "energy": _mean(), "solo_energy": _mean(), "latest": []}


@dataclasses.dataclass
class ConversationRollups:
    days: dict[str, Day] = dataclasses.field(default_factory=dict)
    people: dict[str, PersonStats] = dataclasses.field(default_factory=dict)
    groups: dict[str, Mean] = dataclasses.field(default_factory=dict)  # by "pid,pid,…" of group talks
    _owned: set[tuple[str, str]] | None = dataclasses.field(default=None, repr=False, compare=False)

    def _entry(self, kind: str, table: dict[str, Any], key: str, make: Any) -> Any:
        """The entry to change; copied first when it is shared with an older rollup."""
        entry = table.get(key)
        if entry is None:
            entry = table[key] = make()
        elif self._owned is not None and (kind, key) not in self._owned:
            entry = table[key] = orjson.loads(orjson.dumps(entry))
        if self._owned is not None:
            self._owned.add((kind, key))
        return entry

    def add(self, doc: dict[str, Any]) -> None:
        """Count one conversation in (conversations are added in logged order)."""
        date, channel, person = doc["date"], doc["channel"], doc["person"]
        others = doc.get("with") or ()
        energy = doc.get("energy")
        one = is_one_on_one(channel, others)
        day: Day = self._entry("day", self.days, date, _day)
        day["one_on_ones"] += one
        for strength in doc.get("strengths") or ():
            use = day["strengths"].setdefault(strength, {"uses": 0, "energy": _mean()})
            use["uses"] += 1
            if energy is not None:
                _rate(use["energy"], energy)
        if energy is not None:
            _rate(day["by_channel"].setdefault(channel, _mean()), energy)
            _rate(day["by_size"].setdefault(str(1 + len(others)), _mean()), energy)
            day["energies"].append(energy)
            if others:
                _rate(self._entry("group", self.groups, ",".join(sorted({person, *others})), _mean), energy)
        for pid in (person, *others):
            stats: PersonStats = self._entry("person", self.people, pid, _person)
            stats["talks"] += 1
            stats["one_on_ones"] += one
            if energy is not None:
                _rate(stats["energy"], energy)
                if not others:
                    _rate(stats["solo_energy"], energy)
            latest = stats["latest"]
            if len(latest) < LATEST_KEPT or date > latest[-1]:
                stats["latest"] = sorted([*latest, date], reverse=True)[:LATEST_KEPT]


class ConversationRollupSpec:
    """How the engine keeps :class:`ConversationRollups` (see ``engine.rollup``)."""

    name = "index"
    table = "conversations"
    format = 3

    def build(self, docs: Iterable[dict[str, Any]]) -> ConversationRollups:
        """From every conversation; a record that is not valid is a ValueError naming it."""
        docs = list(docs)
        for doc in docs:
            problem = record_problem("conversations", doc)
            if problem is not None:
                raise ValueError(f"record {doc.get('id', '?')} of conversations: {problem}")
        rollups = ConversationRollups()
        for doc in sorted(docs, key=lambda doc: (doc["date"], doc.get("created", ""))):
            rollups.add(doc)
        return rollups

    def with_added(self, rollups: ConversationRollups, docs: list[dict[str, Any]]) -> ConversationRollups:
        new = ConversationRollups(dict(rollups.days), dict(rollups.people), dict(rollups.groups), set())
        for doc in docs:
            new.add(doc)
        new._owned = None
        return new

    def dump(self, rollups: ConversationRollups) -> Any:
        return {"days": rollups.days, "people": rollups.people, "groups": rollups.groups}

    def load(self, data: Any) -> ConversationRollups:
        days, people, groups = data["days"], data["people"], data["groups"]
        day_keys, person_keys = set(_day()), set(_person())
        if not (
            all(type(day) is dict and day.keys() == day_keys for day in days.values())
            and all(type(stats) is dict and stats.keys() == person_keys for stats in people.values())
            and all(type(mean) is dict and mean.keys() == {"total", "count"} for mean in groups.values())
        ):
            raise ValueError("not the rollups' shape")
        return ConversationRollups(days, people, groups)


CONVERSATION_ROLLUPS = ConversationRollupSpec()
