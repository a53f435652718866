"""What a valid record is, table by table: the same rules as the dashboard's forms and the CLI.

``restore``, ``doctor`` and every reader check records with these before using them, so a file
restored, merged or edited by hand with a bad record is one sentence (``FILE: record N of
TABLE: reason``), never a traceback or a wrong number on screen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from nettui.storage.domain.dates import in_range
from nettui.storage.domain.models import CHANNELS, COMMUNITY_KINDS, ENERGY_RANGE, INTRO_STAGES

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
_CADENCE = re.compile(r"^[1-9][0-9]{0,2}[dwmy]$")
Check = Callable[[Any], str | None]  # a reason, or None when the value is fine


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) else "is not text"


def _name(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "is empty or not text"


def _texts(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    return None if ok else "is not a list of texts"


def _date(value: Any) -> str | None:
    if not isinstance(value, str):
        return "is not a date"
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a date (YYYY-MM-DD)"
    return None if in_range(day) else f"{value} is not a date from 1900 to 2199"


def _optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def _one_of(choices: Iterable[str]) -> Check:
    allowed = tuple(choices)
    return lambda value: None if value in allowed else f"{value!r} is not one of {', '.join(allowed)}"


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else "is not true or false"


def _energy(value: Any) -> str | None:
    ok = value is None or (type(value) is int and value in ENERGY_RANGE)
    return None if ok else f"{value!r} is not an energy from -2 to 2"


def _cadence(value: Any) -> str | None:
    return (
        None
        if value is None or (isinstance(value, str) and _CADENCE.match(value))
        else f"{value!r} is not a cadence"
    )


def _ref(value: Any) -> str | None:
    return None if isinstance(value, str) and _ID.match(value) else "is not an id"


def _refs(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(v, str) and _ID.match(v) for v in value)
    return None if ok else "is not a list of ids"


def _counts(value: Any) -> str | None:
    ok = isinstance(value, dict) and all(type(v) is int and v >= 0 for v in value.values())
    return None if ok else "is not a table of counts"


def _objects(value: Any) -> str | None:
    return None if isinstance(value, list) and all(isinstance(v, dict) for v in value) else "is not a list"


def _mapping(value: Any) -> str | None:
    return None if isinstance(value, dict) else "is not an object"


_TEXT_FIELDS = ("company", "role", "city", "how_met", "notes", "working_on", "story", "how_i_can_help",
                "linkedin_url", "vcard_uid", "source", "created", "note", "topic", "wanted")  # fmt: skip

RULES: dict[str, dict[str, Check]] = {
    "people": {
        "name": _name, "emails": _texts, "phones": _texts, "tags": _texts, "communities": _refs,
        "introduced_by": _optional(_ref), "every": _cadence, "last_talked": _optional(_date),
        "connected_on": _optional(_date), "birthday": _optional(_text), "job_changes": _objects,
        "channel_counts": _counts, "archived": _flag, "snoozed_until": _optional(_date),
    },
    "conversations": {
        "person": _ref, "date": _date, "channel": _one_of(CHANNELS), "energy": _energy,
        "strengths": _texts, "with": _refs, "plan": _optional(_ref),
    },
    "plans": {"person": _ref, "date": _date, "channel": _one_of(CHANNELS), "done": _flag},
    "follow_ups": {
        "person": _ref, "text": _name, "due": _date, "conversation": _optional(_ref), "done": _flag,
    },
    "strengths": {"text": _name},
    "reflections": {"text": _name, "date": _date, "strengths": _texts},
    "communities": {"name": _name, "kind": _one_of(COMMUNITY_KINDS)},
    "intros": {
        "stage": _one_of(INTRO_STAGES), "date": _date, "introducer": _optional(_ref), "people": _refs,
        "made_by_me": _flag, "stage_dates": _mapping,
    },
}  # fmt: skip
REQUIRED: dict[str, tuple[str, ...]] = {
    "people": ("id", "name"),
    "conversations": ("id", "person", "date"),
    "plans": ("id", "person", "date"),
    "follow_ups": ("id", "person", "text", "due"),
    "strengths": ("id", "text"),
    "reflections": ("id", "text", "date"),
    "communities": ("id", "name"),
    "intros": ("id", "stage", "date"),
}
for _rules in RULES.values():
    for _field in _TEXT_FIELDS:
        _rules.setdefault(_field, _text)
    _rules["id"] = _ref
    _rules["updated"] = _text
    _rules["conflicts"] = _objects  # what a sync set aside (``sync.merge``)


def _settings(doc: Mapping[str, Any]) -> str | None:
    cap = doc.get("weekly_cap")
    if cap is not None and not (type(cap) is int and 0 <= cap <= 50):
        return f"weekly_cap {cap!r} is not a whole number from 0 to 50"
    if not isinstance(doc.get("pitch", ""), str):
        return "pitch is not text"
    return None


def record_problem(table: str, doc: Any) -> str | None:
    """Why this record is not valid, or None."""
    if type(doc) is not dict:
        return "is not an object"
    if table == "settings":
        return _settings(doc)
    rules = RULES.get(table)
    if rules is None:
        return None  # a table nettui does not know: kept as it is
    for field in REQUIRED[table]:
        if field not in doc:
            return f"has no {field}"
    for field, value in doc.items():
        check = rules.get(field)
        if check is not None:
            problem = check(value)
            if problem is not None:
                return f"{field} {problem}"
    return None


def table_problems(table: str, docs: Mapping[str, Any], limit: int = 10) -> list[tuple[str, str]]:
    """(doc id, reason) for records of one table that are not valid, ids used twice included."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for key, doc in docs.items():
        problem = record_problem(table, doc) if str(key).isdigit() else "is not under a record number"
        if problem is None and table in RULES:
            if doc["id"] in seen:
                problem = f"id {doc['id']!r} is used by another record"
            seen.add(doc["id"])
        if problem is not None:
            found.append((key, problem))
            if len(found) >= limit:
                break
    return found


def problems(tables: Mapping[str, Mapping[str, Any]], limit: int = 10) -> list[tuple[str, str, str]]:
    """(table, doc id, reason) over every table."""
    found: list[tuple[str, str, str]] = []
    for table, docs in tables.items():
        if not isinstance(docs, Mapping):
            found.append((table, "", "is not a table"))
            continue
        found += [(table, key, reason) for key, reason in table_problems(table, docs, limit - len(found))]
        if len(found) >= limit:
            break
    return found


def describe(path: object, table: str, key: str, reason: str) -> str:
    return f"{path}: record {key} of {table}: {reason}"
