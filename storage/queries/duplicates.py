"""Likely duplicates among people: the same e-mail, the same LinkedIn URL, or near-identical
names at one company (an import that could not tell, a person added twice)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from nettui.storage.domain.models import Person
from nettui.storage.domain.names import normalize

NAME_SIMILARITY = 90.0  # rapidfuzz ratio, 0..100
FUZZY_GROUP_LIMIT = 2000  # people at one company compared pairwise; above it, exact names only


@dataclasses.dataclass(frozen=True)
class Pair:
    a: Person
    b: Person
    reason: str

    def to_json(self) -> dict[str, object]:
        return {
            "a": {"id": self.a.id, "name": self.a.name},
            "b": {"id": self.b.id, "name": self.b.name},
            "reason": self.reason,
        }


def likely_pairs(people: Iterable[Person]) -> list[Pair]:
    from rapidfuzz import fuzz  # deferred: only this command needs it

    living = [p for p in people if not p.archived]
    found: dict[tuple[str, str], Pair] = {}

    def note(a: Person, b: Person, reason: str) -> None:
        first, second = sorted((a, b), key=lambda p: (p.created, p.name.casefold(), p.id))
        found.setdefault((first.id, second.id), Pair(first, second, reason))

    for key, reason in ((lambda p: [e.casefold() for e in p.emails], "same e-mail"),
                        (lambda p: [p.linkedin_url.casefold().rstrip("/")] if p.linkedin_url else [],
                         "same LinkedIn URL")):  # fmt: skip
        seen: dict[str, Person] = {}
        for person in living:
            for value in key(person):
                if value in seen and seen[value].id != person.id:
                    note(seen[value], person, f"{reason} {value}")
                seen.setdefault(value, person)
    by_core: dict[str, list[Person]] = defaultdict(list)  # the same name, middle initials aside
    for person in living:
        by_core[_core(person.name)].append(person)
    for group in by_core.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                companies = normalize(first.company), normalize(second.company)
                if companies[0] != companies[1] and all(companies):
                    continue  # namesakes at two companies: kept apart, as imports keep them
                same = (
                    "the same name"
                    if normalize(first.name) == normalize(second.name)
                    else "near-identical names"
                )
                where = f"at {first.company or second.company}" if any(companies) else "with no company"
                if companies[0] != companies[1]:
                    where = f"one at {first.company or second.company}, one with no company"
                note(first, second, f"{same} {where}")
    by_company: dict[str, list[Person]] = defaultdict(list)
    for person in living:
        by_company[normalize(person.company)].append(person)
    for company, group in by_company.items():
        where = f"at {group[0].company}" if company else "with no company"
        names = [normalize(p.name) for p in group]
        if len(group) > FUZZY_GROUP_LIMIT or not company:
            seen_names: dict[str, Person] = {}
            for person, name in zip(group, names, strict=True):
                if name in seen_names:
                    note(seen_names[name], person, f"the same name {where}")
                seen_names.setdefault(name, person)
            continue
        for i, first in enumerate(group):
            for j in range(i + 1, len(group)):
                if fuzz.ratio(names[i], names[j]) >= NAME_SIMILARITY:
                    same = "the same name" if names[i] == names[j] else "near-identical names"
                    note(first, group[j], f"{same} {where}")
    return sorted(found.values(), key=lambda pair: (pair.a.name.casefold(), pair.b.name.casefold()))


def _core(name: str) -> str:
    """A name without its middle initials: "Grace B. Hopper" is "grace hopper"."""
    words = normalize(name).split()
    kept = [w for i, w in enumerate(words) if len(w.rstrip(".")) > 1 or i in (0, len(words) - 1)]
    return " ".join(kept)
