"""JSON shapes of the CLI contract (PRODUCT.md, "JSON shapes"), built from models."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nettui.storage.domain.dates import iso
from nettui.storage.domain.models import Conversation, Person
from nettui.storage.domain.warmth import next_due, warmth
from nettui.storage.queries.network import introduction_chain
from nettui.storage.repository import Repository
from nettui.storage.views.conflicts import differed


def person_summary(person: Person, today: dt.date) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "company": person.company,
        "role": person.role,
        "email": person.email,
        "tags": list(person.tags),
        "every": person.every,
        "last_talked": iso(person.last_talked),
        "next_due": iso(next_due(person, today)),
        "warmth": warmth(person, today),
    }


def conversation_json(talk: Conversation, people: dict[str, Person], viewer: str) -> dict[str, Any]:
    """A conversation as seen from ``viewer``'s page: ``with`` lists the others present."""
    return {
        "id": talk.id,
        "date": iso(talk.date),
        "channel": talk.channel,
        "energy": talk.energy,
        "note": talk.note,
        "strengths": list(talk.strengths),
        "with": [people[p].name for p in _others(talk, viewer) if p in people],
    }


def person_detail(repo: Repository, person: Person, today: dt.date) -> dict[str, Any]:
    people = repo.people_by_id()
    communities = {c.id: c.name for c in repo.communities()}
    introducer = people.get(person.introduced_by or "")
    detail = person_summary(person, today)
    detail.update(
        {
            "emails": list(person.emails),
            "phones": list(person.phones),
            "city": person.city,
            "how_met": person.how_met,
            "introduced_by": introducer.name if introducer else None,
            "introduction_chain": introduction_chain(repo, person),
            "introduced": sorted(p.name for p in people.values() if p.introduced_by == person.id),
            "communities": [communities[c] for c in person.communities if c in communities],
            "notes": person.notes,
            "working_on": person.working_on,
            "story": person.story,
            "how_i_can_help": person.how_i_can_help,
            "job_changes": list(person.job_changes),
            "linkedin_url": person.linkedin_url,
            "connected_on": iso(person.connected_on),
            "birthday": person.birthday or None,
            "source": person.source,
            "archived": person.archived,
            "snoozed_until": iso(person.snoozed_until),
            "conversations": [
                conversation_json(t, people, person.id) for t in repo.conversations_with(person.id)
            ],
            "plans": [
                {"id": p.id, "date": iso(p.date), "channel": p.channel, "topic": p.topic}
                for p in repo.plans()
                if p.person == person.id
            ],
            "follow_ups": [
                {"id": f.id, "due": iso(f.due), "text": f.text}
                for f in repo.follow_ups()
                if f.person == person.id
            ],
            "conflicts": [note.to_json() for note in differed(repo, person)],
        }
    )
    return detail


def _others(talk: Conversation, person_id: str) -> list[str]:
    """Who else was there, from this person's point of view."""
    return [p for p in (talk.person, *talk.with_) if p != person_id]
