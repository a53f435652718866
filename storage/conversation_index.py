"""Rollups of every conversation, kept beside the database so start-up never walks them all.

The Strengths pane, ``nettui insights``, the weekly battery and the communities view need sums
over all conversations. They read these instead: per day (one-on-ones, rated energy by channel
and by group size, strengths used, energies in logged order), per person (talks, one-on-ones,
energy, latest dates) and per group talked to together (energy). Each write carries them
forward by the conversations it added.

The file ``<database>.index`` names the database state it describes by the file's (inode,
size, mtime). Any mismatch (a hand edit, an older nettui, a crash between the two writes)
means it is rebuilt from the conversations, never trusted. It holds ids and counts, no notes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from nettui.storage.models import is_one_on_one

FORMAT = 1
LATEST_KEPT = 3  # dates kept per person: enough to tell "three talks this year"

Signature = tuple[int, int, int]


def _bump(table: dict[str, list[int]], key: str, energy: int) -> None:
    pair = table.get(key)
    if pair is None:
        table[key] = [energy, 1]
    else:
        pair[0] += energy
        pair[1] += 1


class ConversationIndex:
    """Per-day and per-person sums over the conversations of one database state."""

    def __init__(
        self,
        signature: Signature | None,
        days: dict[str, dict[str, Any]] | None = None,
        people: dict[str, dict[str, Any]] | None = None,
        groups: dict[str, list[int]] | None = None,
    ) -> None:
        self.signature = signature
        self.days = days if days is not None else {}
        self.people = people if people is not None else {}
        self.groups = groups if groups is not None else {}  # rated energy by "pid,pid,…" of group talks

    @classmethod
    def build(cls, docs: Iterable[dict[str, Any]], signature: Signature | None) -> ConversationIndex:
        index = cls(signature)
        ordered = sorted(docs, key=lambda doc: (doc["date"], doc.get("created", "")))
        for doc in ordered:
            index.add(doc)
        return index

    def add(self, doc: dict[str, Any]) -> None:
        """Count one conversation in (conversations are added in logged order)."""
        date, channel, person = doc["date"], doc["channel"], doc["person"]
        others = doc.get("with") or ()
        energy = doc.get("energy")
        one = is_one_on_one(channel, others)
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
                _bump(self.groups, ",".join(sorted({person, *others})), energy)
        for pid in (person, *others):
            stats = self.people.get(pid)
            if stats is None:
                stats = self.people[pid] = {
                    "talks": 0, "one": 0, "energy": [0, 0], "solo": [0, 0], "latest": []
                }  # fmt: skip
            stats["talks"] += 1
            stats["one"] += one
            if energy is not None:
                for key in ("energy",) if others else ("energy", "solo"):
                    stats[key][0] += energy
                    stats[key][1] += 1
            latest = stats["latest"]
            if len(latest) < LATEST_KEPT or date > latest[-1]:
                latest.append(date)
                latest.sort(reverse=True)
                del latest[LATEST_KEPT:]

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
            signature = tuple(data["signature"])
            return cls(signature, data["days"], data["people"], data["groups"])  # type: ignore[arg-type]
        except (OSError, orjson.JSONDecodeError, AttributeError, KeyError, TypeError):
            return None

    def save(self, database: Path) -> None:
        """Write atomically (0600) without fsync: losing it in a crash only costs a rebuild."""
        if self.signature is None:
            return
        target = self.path_for(database)
        data = {
            "format": FORMAT,
            "signature": list(self.signature),
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
