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

from nettui.storage.domain.models import is_one_on_one

LATEST_KEPT = 3  # dates kept per person: enough to tell "three talks this year"


@dataclasses.dataclass(slots=True)
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


@dataclasses.dataclass(slots=True)
class StrengthUse:
    uses: int = 0
    energy: Mean = dataclasses.field(default_factory=Mean)


@dataclasses.dataclass(slots=True)
class Day:
    one_on_ones: int = 0
    by_channel: dict[str, Mean] = dataclasses.field(default_factory=dict)
    by_size: dict[str, Mean] = dataclasses.field(default_factory=dict)  # people present, me excluded
    strengths: dict[str, StrengthUse] = dataclasses.field(default_factory=dict)
    energies: list[int] = dataclasses.field(default_factory=list)  # in logged order


@dataclasses.dataclass(slots=True)
class PersonStats:
    talks: int = 0
    one_on_ones: int = 0
    energy: Mean = dataclasses.field(default_factory=Mean)  # every talk they were part of
    solo_energy: Mean = dataclasses.field(default_factory=Mean)  # talks alone with them
    latest: list[str] = dataclasses.field(default_factory=list)  # newest first


def _copy(value: Any) -> Any:
    """A deep copy of one entry (rollups are copied on write for their readers)."""
    return _load_entry(type(value), _dump(value))


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
            entry = table[key] = _copy(entry)
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


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {
            f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "_owned"
        }
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    if isinstance(value, list):
        return list(value)
    return value


_NESTED = {
    Day: {"by_channel": Mean, "by_size": Mean, "strengths": StrengthUse},
    PersonStats: {},
    StrengthUse: {},
    Mean: {},
}
_INNER = {StrengthUse: {"energy": Mean}, PersonStats: {"energy": Mean, "solo_energy": Mean}}


def _load_entry(cls: type, data: dict[str, Any]) -> Any:
    values = dict(data)
    for name, inner in _NESTED.get(cls, {}).items():
        values[name] = {k: _load_entry(inner, v) for k, v in values.get(name, {}).items()}
    for name, inner in _INNER.get(cls, {}).items():
        values[name] = _load_entry(inner, values.get(name, {}))
    return cls(**values)


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
        return _dump(rollups)

    def load(self, data: Any) -> ConversationRollups:
        return ConversationRollups(
            {k: _load_entry(Day, v) for k, v in data["days"].items()},
            {k: _load_entry(PersonStats, v) for k, v in data["people"].items()},
            {k: _load_entry(Mean, v) for k, v in data["groups"].items()},
        )


CONVERSATION_ROLLUPS = ConversationRollupSpec()
