"""The shape of my network: communities as doorways to 1:1s, introductions and who brought whom."""

from __future__ import annotations

import dataclasses
from collections import Counter

from nettui.storage.domain.models import Intro, Person
from nettui.storage.repository import Repository


@dataclasses.dataclass(frozen=True)
class CommunityStats:
    name: str
    kind: str
    members: int
    met_one_on_one: int
    not_met: list[str]

    @property
    def spill_over(self) -> float:
        """Members with at least one logged one-on-one, over members."""
        return round(self.met_one_on_one / self.members, 2) if self.members else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "members": self.members,
            "met_one_on_one": self.met_one_on_one,
            "spill_over": self.spill_over,
        }


def one_on_one_people(repo: Repository) -> set[str]:
    """People with at least one logged one-on-one."""
    return {pid for pid, stats in repo.rollups().people.items() if stats["one_on_ones"]}


def communities(repo: Repository) -> list[CommunityStats]:
    """Every community with its spill-over, highest first."""
    met = one_on_one_people(repo)
    members: dict[str, list[Person]] = {c.id: [] for c in repo.communities()}
    for person in repo.people():
        for cid in person.communities:
            if cid in members:
                members[cid].append(person)
    stats = []
    for community in repo.communities():
        people = members[community.id]
        stats.append(
            CommunityStats(
                name=community.name,
                kind=community.kind,
                members=len(people),
                met_one_on_one=sum(p.id in met for p in people),
                not_met=[p.name for p in people if p.id not in met],
            )
        )
    stats.sort(key=lambda s: (-s.spill_over, -s.members, s.name.casefold()))
    return stats


def intro_json(intro: Intro, people: dict[str, Person]) -> dict[str, object]:
    def name(pid: str | None) -> str:
        return people[pid].name if pid in people else "(removed)"  # type: ignore[index]

    if intro.made_by_me:
        source, wanted = "me", " ↔ ".join(name(p) for p in intro.people)
    else:
        source, wanted = name(intro.introducer), intro.wanted
    return {
        "id": intro.id,
        "stage": intro.stage,
        "from": source,
        "for": wanted,
        "date": intro.date.isoformat(),
    }


def top_introducers(repo: Repository, limit: int = 10) -> list[tuple[str, int]]:
    """People ranked by how many of my people they introduced me to."""
    people = repo.people_by_id()
    counts = Counter(p.introduced_by for p in people.values() if p.introduced_by in people)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], people[kv[0]].name.casefold()))  # type: ignore[index]
    return [(people[pid].name, n) for pid, n in ranked[:limit]]  # type: ignore[index]


def introduction_chain(repo: Repository, person: Person) -> list[str]:
    """Who introduced this person, who introduced them, and so on (nearest first)."""
    people = repo.people_by_id()
    chain: list[str] = []
    seen = {person.id}
    current = people.get(person.introduced_by or "")
    while current is not None and current.id not in seen:
        chain.append(current.name)
        seen.add(current.id)
        current = people.get(current.introduced_by or "")
    return chain
