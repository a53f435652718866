"""Rollups of every conversation, kept beside the database so start-up never walks them all.

The Strengths pane, ``nettui insights``, the weekly battery and the communities view need sums
over all conversations. They read these instead: per day (one-on-ones, rated energy by channel
and by group size, strengths used, energies in logged order), per person (talks, one-on-ones,
energy, latest dates) and per group talked to together (energy). A write that adds
conversations carries them forward; one that changes conversations otherwise rebuilds them.

The file ``<database>.index`` names the state of the conversations it describes by the stamp
the store gives every version of that table. Any mismatch (a crash between the two writes, an
older nettui) means it is rebuilt from the conversations, never trusted. It holds ids and
counts, no names or notes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from nettui.storage.domain.models import is_one_on_one

FORMAT = 1
LATEST_KEPT = 3  # dates kept per person: enough to tell "three talks this year"
# A person's rollup is one list: talks, one-on-ones, rated energy sum and count over all talks
# and over talks alone with them, then their latest dates, newest first.
TALKS, ONE, ENERGY, RATED, SOLO_ENERGY, SOLO_RATED, LATEST = range(7)


def _bump(table: dict[str, list[int]], key: str, energy: int) -> None:
    pair = table.get(key)
    if pair is None:
        table[key] = [energy, 1]
    else:
        pair[0] += energy
        pair[1] += 1


class ConversationIndex:
    """Per-day, per-person and per-group sums over one version of the conversations."""

    def __init__(
        self,
        stamp: str | None,
        days: dict[str, dict[str, Any]] | None = None,
        people: dict[str, list[Any]] | None = None,
        groups: dict[str, list[int]] | None = None,
    ) -> None:
        self.stamp = stamp
        self.days = days if days is not None else {}
        self.people = people if people is not None else {}
        self.groups = groups if groups is not None else {}  # rated energy by "pid,pid,…" of group talks
        self._owned: set[tuple[str, str]] | None = None  # copy-on-write: entries already copied

    @classmethod
    def build(cls, docs: Iterable[dict[str, Any]], stamp: str | None) -> ConversationIndex:
        index = cls(stamp)
        for doc in sorted(docs, key=lambda doc: (doc["date"], doc.get("created", ""))):
            index.add(doc)
        return index

    def with_added(self, docs: Iterable[dict[str, Any]], stamp: str) -> ConversationIndex:
        """A new index with ``docs`` counted in; this one is left as it was for its readers."""
        new = ConversationIndex(stamp, dict(self.days), dict(self.people), dict(self.groups))
        new._owned = set()
        for doc in docs:
            new.add(doc)
        new._owned = None
        return new

    def _own(self, kind: str, table: dict[str, Any], key: str) -> None:
        if self._owned is not None and (kind, key) not in self._owned and key in table:
            table[key] = orjson.loads(orjson.dumps(table[key]))
            self._owned.add((kind, key))

    def add(self, doc: dict[str, Any]) -> None:
        """Count one conversation in (conversations are added in logged order)."""
        date, channel, person = doc["date"], doc["channel"], doc["person"]
        others = doc.get("with") or ()
        energy = doc.get("energy")
        one = is_one_on_one(channel, others)
        self._own("day", self.days, date)
        day = self.days.get(date)
        if day is None:
            day = self.days[date] = {"one": 0, "channel": {}, "size": {}, "strengths": {}, "energies": []}
        day["one"] += one
        for strength in doc.get("strengths") or ():
            used = day["strengths"].setdefault(strength, [0, 0, 0])  # uses, energy sum, rated
            used[0] += 1
            if energy is not None:
                used[1] += energy
                used[2] += 1
        if energy is not None:
            _bump(day["channel"], channel, energy)
            _bump(day["size"], str(1 + len(others)), energy)
            day["energies"].append(energy)
            if others:
                key = ",".join(sorted({person, *others}))
                self._own("group", self.groups, key)
                _bump(self.groups, key, energy)
        for pid in (person, *others):
            self._own("person", self.people, pid)
            stats = self.people.get(pid)
            if stats is None:
                stats = self.people[pid] = [0, 0, 0, 0, 0, 0]
            stats[TALKS] += 1
            stats[ONE] += one
            if energy is not None:
                stats[ENERGY] += energy
                stats[RATED] += 1
                if not others:
                    stats[SOLO_ENERGY] += energy
                    stats[SOLO_RATED] += 1
            latest = stats[LATEST:]
            if len(latest) < LATEST_KEPT or date > latest[-1]:
                latest = sorted([*latest, date], reverse=True)[:LATEST_KEPT]
                stats[LATEST:] = latest

    # -- the file ---------------------------------------------------------------------------

    @staticmethod
    def path_for(database: Path) -> Path:
        return database.with_name(database.name + ".index")

    @classmethod
    def read(cls, database: Path) -> ConversationIndex | None:
        """The saved index, or None when missing or unreadable (it is only ever a cache)."""
        try:
            data = orjson.loads(cls.path_for(database).read_bytes())
            if data.get("format") != FORMAT:
                return None
            return cls(data["stamp"], data["days"], data["people"], data["groups"])
        except (OSError, orjson.JSONDecodeError, AttributeError, KeyError, TypeError):
            return None

    def save(self, database: Path) -> None:
        """Write atomically (0600) without fsync: losing it in a crash only costs a rebuild."""
        if self.stamp is None:
            return
        target = self.path_for(database)
        data = {
            "format": FORMAT,
            "stamp": self.stamp,
            "days": self.days,
            "people": self.people,
            "groups": self.groups,
        }
        temp = ""
        try:
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(orjson.dumps(data))
            os.replace(temp, target)
            temp = ""
        except OSError:
            pass
        finally:
            if temp:
                with contextlib.suppress(OSError):
                    os.unlink(temp)

    @classmethod
    def discard(cls, database: Path) -> None:
        with contextlib.suppress(OSError):
            cls.path_for(database).unlink()
