"""Rollups of every conversation, so start-up, insights and the weekly battery never walk them.

Per day: one-on-ones, rated energy by channel and by group size, strengths used, energies in
logged order. Per person: talks, one-on-ones, energy over all talks and over talks alone with
them, their latest dates. Per group talked to together: energy. The engine keeps them beside
the database and current (``CONVERSATION_ROLLUPS`` is the spec it is given); they hold ids and
counts, no names or notes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import orjson

from nettui.storage.domain.models import is_one_on_one

LATEST_KEPT = 3  # dates kept per person: enough to tell "three talks this year"


@dataclasses.dataclass
class Mean:
    """A sum of rated energies and how many there were."""

    total: int = 0
    count: int = 0

    def add(self, energy: int) -> None:
        self.total += energy
        self.count += 1

    @property
    def value(self) -> float:
        return round(self.total / self.count, 2) if self.count else 0.0


@dataclasses.dataclass
class StrengthUse:
    uses: int = 0
    energy: Mean = dataclasses.field(default_factory=Mean)


@dataclasses.dataclass
class Day:
    one_on_ones: int = 0
    by_channel: dict[str, Mean] = dataclasses.field(default_factory=dict)
    by_size: dict[str, Mean] = dataclasses.field(default_factory=dict)  # people present, me excluded
    strengths: dict[str, StrengthUse] = dataclasses.field(default_factory=dict)
    energies: list[int] = dataclasses.field(default_factory=list)  # in logged order


@dataclasses.dataclass
class PersonStats:
    talks: int = 0
    one_on_ones: int = 0
    energy: Mean = dataclasses.field(default_factory=Mean)  # every talk they were part of
    solo_energy: Mean = dataclasses.field(default_factory=Mean)  # talks alone with them
    latest: list[str] = dataclasses.field(default_factory=list)  # newest first


@dataclasses.dataclass
class ConversationRollups:
    days: dict[str, Day] = dataclasses.field(default_factory=dict)
    people: dict[str, PersonStats] = dataclasses.field(default_factory=dict)
    groups: dict[str, Mean] = dataclasses.field(default_factory=dict)  # by "pid,pid,…" of group talks
    _owned: set[tuple[str, str]] | None = dataclasses.field(default=None, repr=False)

    def _entry(self, kind: str, table: dict[str, Any], key: str, make: type) -> Any:
        entry = table.get(key)
        if entry is None:
            entry = table[key] = make()
        elif self._owned is not None and (kind, key) not in self._owned:
            entry = table[key] = _load[make](orjson.loads(orjson.dumps(entry)))
        if self._owned is not None:
            self._owned.add((kind, key))
        return entry

    def add(self, doc: dict[str, Any]) -> None:
        """Count one conversation in (conversations are added in logged order)."""
        date, channel, person = doc["date"], doc["channel"], doc["person"]
        others = doc.get("with") or ()
        energy = doc.get("energy")
        one = is_one_on_one(channel, others)
        day = self._entry("day", self.days, date, Day)
        day.one_on_ones += one
        for strength in doc.get("strengths") or ():
            use = day.strengths.setdefault(strength, StrengthUse())
            use.uses += 1
            if energy is not None:
                use.energy.add(energy)
        if energy is not None:
            day.by_channel.setdefault(channel, Mean()).add(energy)
            day.by_size.setdefault(str(1 + len(others)), Mean()).add(energy)
            day.energies.append(energy)
            if others:
                key = ",".join(sorted({person, *others}))
                self._entry("group", self.groups, key, Mean).add(energy)
        for pid in (person, *others):
            stats = self._entry("person", self.people, pid, PersonStats)
            stats.talks += 1
            stats.one_on_ones += one
            if energy is not None:
                stats.energy.add(energy)
                if not others:
                    stats.solo_energy.add(energy)
            if len(stats.latest) < LATEST_KEPT or date > stats.latest[-1]:
                stats.latest = sorted([*stats.latest, date], reverse=True)[:LATEST_KEPT]


def _mean(data: dict[str, int]) -> Mean:
    return Mean(data["total"], data["count"])


def _day(data: dict[str, Any]) -> Day:
    return Day(
        data["one_on_ones"],
        {k: _mean(v) for k, v in data["by_channel"].items()},
        {k: _mean(v) for k, v in data["by_size"].items()},
        {k: StrengthUse(v["uses"], _mean(v["energy"])) for k, v in data["strengths"].items()},
        data["energies"],
    )


def _person(data: dict[str, Any]) -> PersonStats:
    return PersonStats(
        data["talks"], data["one_on_ones"], _mean(data["energy"]), _mean(data["solo_energy"]), data["latest"]
    )


_load: dict[type, Any] = {Day: _day, PersonStats: _person, Mean: _mean}


class ConversationRollupSpec:
    """How the engine keeps :class:`ConversationRollups` (see ``engine.rollup``)."""

    name = "index"
    table = "conversations"
    format = 2

    def build(self, docs: Iterable[dict[str, Any]]) -> ConversationRollups:
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
        """As JSON: orjson writes the dataclasses itself, field names as keys."""
        return {"days": rollups.days, "people": rollups.people, "groups": rollups.groups}

    def load(self, data: Any) -> ConversationRollups:
        return ConversationRollups(
            {k: _day(v) for k, v in data["days"].items()},
            {k: _person(v) for k, v in data["people"].items()},
            {k: _mean(v) for k, v in data["groups"].items()},
        )


CONVERSATION_ROLLUPS = ConversationRollupSpec()
