"""A brief before a conversation: what to bring, on one page.

Their story, what they work on and how I could help; the last three conversations; promises
both ways (my follow-ups, introductions they said they would make); who introduced us and
whom they introduced; the planned topic; a job change or birthday near the day; and the
channel and group size that have gone best with them, by the energy I noted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from nettui.storage.domain import birthdays, jobs
from nettui.storage.domain.dates import humanize, iso
from nettui.storage.domain.models import Conversation, FollowUp, Intro, Person, Plan
from nettui.storage.repository import Repository
from nettui.storage.views.shapes import person_detail

LAST_TALKS = 3
NEAR_DAYS = 14  # a birthday this close to the conversation is worth a word


@dataclasses.dataclass(frozen=True)
class Brief:
    person: Person
    day: dt.date  # the planned day, or today without a plan
    plan: Plan | None
    last_conversations: list[Conversation]
    open_follow_ups: list[FollowUp]  # what I promised them
    asked_of_them: list[Intro]  # introductions they said they would make for me
    introduced_by: str | None
    introduced: list[str]
    reasons: list[str]  # a job change, a birthday near the day
    best_channel: str | None
    best_group_size: int | None
    people: dict[str, Person]

    @property
    def topic(self) -> str:
        return self.plan.topic if self.plan is not None else ""

    def to_json(self, repo: Repository, today: dt.date) -> dict[str, Any]:
        detail = person_detail(repo, self.person, today)  # conversations newest first, as the brief's
        detail.update(
            {
                "plan": None
                if self.plan is None
                else {"id": self.plan.id, "date": iso(self.plan.date), "channel": self.plan.channel},
                "topic": self.topic,
                "last_conversations": detail.pop("conversations")[:LAST_TALKS],
                "open_follow_ups": detail["follow_ups"],
                "their_promises": [
                    {"id": i.id, "stage": i.stage, "wanted": i.wanted} for i in self.asked_of_them
                ],
                "reasons": list(self.reasons),
                "best_channel": self.best_channel,
                "best_group_size": self.best_group_size,
            }
        )
        return detail


def brief(repo: Repository, person_id: str, today: dt.date) -> Brief:
    people = repo.people_by_id()
    person = repo.person(person_id)
    plan = next((p for p in repo.plans() if p.person == person_id), None)  # the soonest
    day = plan.date if plan is not None else today
    talks = repo.conversations_with(person_id)
    introducer = people.get(person.introduced_by or "")
    return Brief(
        person=person,
        day=day,
        plan=plan,
        last_conversations=talks[:LAST_TALKS],
        open_follow_ups=[f for f in repo.follow_ups() if f.person == person_id],
        asked_of_them=[i for i in repo.intros() if i.introducer == person_id and i.stage == "asked"],
        introduced_by=introducer.name if introducer else None,
        introduced=sorted(p.name for p in people.values() if p.introduced_by == person_id),
        reasons=reasons(person, day, today),
        best_channel=_best(talks, lambda t: t.channel),
        best_group_size=_best(talks, lambda t: 1 + len(t.with_)),
        people=people,
    )


def reasons(person: Person, day: dt.date, today: dt.date) -> list[str]:
    """News to mention: a recent job change, a birthday within two weeks of the day."""
    found = []
    moved = jobs.news(person, today)
    if moved is not None:
        when, before, after = moved
        found.append(f"new job since {when.isoformat()}: {after} (was {before})")
    if person.birthday:
        upcoming = birthdays.next_birthday(person.birthday, day - dt.timedelta(days=NEAR_DAYS))
        if upcoming is not None and abs((upcoming - day).days) <= NEAR_DAYS:
            found.append(f"birthday on {upcoming.strftime('%d %B').lstrip('0')}")
    return found


def _best(talks: Iterable[Conversation], key: Any) -> Any:
    """The value of ``key`` whose rated conversations had the highest mean energy (ties: the
    more often used); None when nothing rated went well (a mean above 0)."""
    energies: dict[Any, list[int]] = defaultdict(list)
    for talk in talks:
        if talk.energy is not None:
            energies[key(talk)].append(talk.energy)
    if not energies:
        return None
    best = max(energies, key=lambda k: (sum(energies[k]) / len(energies[k]), len(energies[k])))
    return best if sum(energies[best]) > 0 else None


def brief_lines(b: Brief, today: dt.date) -> list[tuple[str, str]]:
    """The brief as (label, text) lines, for the CLI and the dashboard alike; empty parts left
    out, except the ones whose absence is worth knowing."""
    person = b.person
    if b.plan is not None:
        when = humanize(b.plan.date, today, overdue=b.plan.date < today)
        heading = f"{b.plan.channel} on {b.plan.date.strftime('%a')} {b.plan.date.isoformat()} ({when})"
    else:
        heading = "nothing planned"
    lines = [("Brief", f"{person.name} · {heading}")]
    if b.topic:
        lines.append(("Topic", b.topic))
    lines += [("Worth a word", reason) for reason in b.reasons]
    for label, text in (("Their story", person.story), ("Working on", person.working_on),
                        ("How I can help", person.how_i_can_help or "not noted yet: ask them")):  # fmt: skip
        if text:
            lines.append((label, text))
    if not b.last_conversations:
        lines.append(("Last talks", "none yet"))
    for talk in b.last_conversations:
        energy = "" if talk.energy is None else f" ({talk.energy:+d})"
        others = [b.people[p].name for p in (talk.person, *talk.with_) if p != person.id and p in b.people]
        with_ = f" with {', '.join(others)}" if others else ""
        note = f": {talk.note}" if talk.note else ""
        lines.append(("Last talks", f"{talk.date.isoformat()} {talk.channel}{with_}{energy}{note}"))
    lines += [("I promised", f"{f.text} (due {f.due.isoformat()})") for f in b.open_follow_ups]
    lines += [("They offered", f"an introduction: {i.wanted or 'someone'}") for i in b.asked_of_them]
    if b.introduced_by:
        lines.append(("Introduced by", b.introduced_by))
    if b.introduced:
        lines.append(("They introduced", ", ".join(b.introduced)))
    best = [x for x in (b.best_channel, _group(b.best_group_size)) if x]
    lines.append(("Goes best", " · ".join(best) + " (by energy)" if best else "nothing rated above 0 yet"))
    return lines


def _group(size: int | None) -> str:
    if size is None:
        return ""
    return "one-on-one" if size == 1 else f"groups of {size}"
