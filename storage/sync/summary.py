"""What changed between two copies of a database, in words: "3 conversations, 1 person"."""

from __future__ import annotations

from typing import Any

from nettui.storage.domain.models import TOMBSTONES
from nettui.storage.sync.merge import Tables, identities
from nettui.storage.views.conflicts import quoted

_WORDS = {  # table → (one, many), in the order they are told
    "people": ("person", "people"),
    "conversations": ("conversation", "conversations"),
    "plans": ("plan", "plans"),
    "follow_ups": ("follow-up", "follow-ups"),
    "intros": ("introduction", "introductions"),
    "strengths": ("strength", "strengths"),
    "reflections": ("reflection", "reflections"),
    "communities": ("community", "communities"),
    "settings": ("setting", "settings"),
    "forgotten": ("person forgotten", "people forgotten"),
}
_BOOKKEEPING = frozenset({"deleted", TOMBSTONES})  # their records' deletions are counted already


def changed_records(before: Tables | None, after: Tables) -> dict[str, int]:
    """Records added, changed or removed, per table."""
    counts: dict[str, int] = {}
    for name in sorted(after.keys() | (before or {}).keys()):
        was = identities(name, (before or {}).get(name, {}))
        now = identities(name, after.get(name, {}))
        changed = sum(1 for key in was.keys() | now.keys() if was.get(key) != now.get(key))
        if changed:
            counts[name] = changed
    return counts


def describe(counts: dict[str, int]) -> str:
    """``{"conversations": 3, "people": 1}`` → "3 conversations, 1 person" (nettui's tables
    first, in a fixed order; the bookkeeping of deleted and forgotten people as "records")."""
    parts = []
    for name, (one, many) in _WORDS.items():
        count = counts.get(name, 0)
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    rest = sum(count for name, count in counts.items() if name not in _WORDS and name not in _BOOKKEEPING)
    if rest:
        parts.append(f"{rest} other record{'' if rest == 1 else 's'}")
    return ", ".join(parts) or "no changes"


_OF_A_PERSON = {"conversations": "person", "plans": "person", "follow_ups": "person"}


def new_notes(before: Tables | None, after: Tables) -> list[str]:
    """What a merge set aside that was not set aside before, in words: the names of the people
    whose records gained notes (their pages list them), and a sentence for each setting."""
    people = identities("people", after.get("people", {}))
    whose: list[str] = []
    settings: list[str] = []
    for name, table in sorted(after.items()):
        was = identities(name, (before or {}).get(name, {}))
        for key, doc in identities(name, table).items():
            old = (was.get(key) or {}).get("conflicts", [])
            fresh = [note for note in doc.get("conflicts", []) if note not in old]
            if not fresh:
                continue
            if name == "settings":
                settings += [_setting_sentence(doc, note) for note in fresh if note.get("field")]
                continue
            person_id = doc.get("id") if name == "people" else doc.get(_OF_A_PERSON.get(name, ""))
            person = people.get(person_id) if isinstance(person_id, str) else None
            label = str(person.get("name")) if person else "other records"
            if label not in whose:
                whose.append(label)
    said = []
    if whose:
        said.append(
            f"Changed differently on both machines: {', '.join(whose)}. The later change is kept; "
            "their pages list the other (c there dismisses it)."
        )
    return said + settings


def _setting_sentence(settings: dict[str, Any], note: dict[str, Any]) -> str:
    field = str(note["field"])
    label = {"weekly_cap": "weekly cap", "pitch": "pitch"}.get(field, field.replace("_", " "))
    return (
        f"Your {label} was changed on both machines: {quoted(settings.get(field))} is kept, the other "
        f"was {quoted(note.get('value'))} (set it again to choose)."
    )
