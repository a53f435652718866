"""What changed between two copies of a database, in words: "3 conversations, 1 person"."""

from __future__ import annotations

from nettui.storage.sync.merge import Tables, identities

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
}


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
    rest = sum(count for name, count in counts.items() if name not in _WORDS)
    if rest:
        parts.append(f"{rest} other record{'' if rest == 1 else 's'}")
    return ", ".join(parts) or "no changes"
