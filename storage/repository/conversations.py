"""Conversations: logging them (with their effect on people and plans), and reading them."""

from __future__ import annotations

from typing import Any

import orjson

from nettui.storage import clock
from nettui.storage.domain.models import Conversation, FollowUp, Person, check_channel, check_energy
from nettui.storage.domain.rollups import CONVERSATION_ROLLUPS, ConversationRollups
from nettui.storage.domain.validation import describe, record_problem
from nettui.storage.errors import DatabaseError, NotFoundError
from nettui.storage.repository.plans import PlanRecords


class ConversationRecords(PlanRecords):
    def conversations(self) -> list[Conversation]:
        return list(self._table("conversations", Conversation)[0].values())

    def conversation_docs(self) -> list[dict[str, Any]]:
        """The stored conversations as plain documents (read them; never change them)."""
        return self.documents("conversations")

    def conversations_with(self, person_id: str) -> list[Conversation]:
        """Conversations the person was part of, newest first."""
        lines = self.db.lines_containing("conversations", person_id)
        if lines is None:
            docs = self.conversation_docs()
        else:
            docs = []
            for line in lines:
                key, _, doc = line.partition(b": ")
                docs.append(orjson.loads(doc))
                problem = record_problem("conversations", docs[-1])
                if problem is not None:
                    raise DatabaseError(
                        describe(self.path, "conversations", key.decode().strip('"'), problem)
                    )
        found = [
            Conversation.from_doc(doc)
            for doc in docs
            if doc["person"] == person_id or person_id in doc.get("with", ())
        ]
        return sorted(found, key=lambda c: (c.date, c.created), reverse=True)

    def find_conversation(self, prefix: str) -> Conversation:
        """The conversation whose id starts with ``prefix`` (6+ characters, or the whole id)."""
        wanted = prefix.strip().lower()
        if len(wanted) < 6:
            raise NotFoundError(f"Give at least 6 characters of the conversation's id, not {prefix!r}.")
        lines = self.db.lines_containing("conversations", f'"id":"{wanted}')
        docs = (
            [orjson.loads(line.partition(b": ")[2]) for line in lines]
            if lines is not None
            else [d for d in self.conversation_docs() if str(d.get("id", "")).startswith(wanted)]
        )
        found = [Conversation.from_doc(d) for d in docs if str(d.get("id", "")).startswith(wanted)]
        if not found:
            raise NotFoundError(f"No conversation has the id {prefix!r}: see `nettui show NAME --json`.")
        if len(found) > 1:
            raise NotFoundError(f"The id {prefix!r} matches {len(found)} conversations: give more of it.")
        return found[0]

    def update_conversation(
        self, conversation_id: str, changes: dict[str, Any]
    ) -> tuple[Conversation, dict[str, Any]]:
        """Change a logged conversation; the people it involves (before and after) are
        recounted, so last talked, warmth and insights follow at once."""
        if "channel" in changes:
            changes["channel"] = check_channel(changes["channel"])
        if "energy" in changes:
            changes["energy"] = check_energy(changes["energy"])
        with self.transaction():
            before = self.find_conversation(conversation_id)
            saved, previous = self._update_fields(
                "conversations", Conversation, before.id, changes, what="conversation"
            )
            self._recount({before.person, *before.with_, saved.person, *saved.with_})
        return saved, previous

    def delete_conversation(self, conversation_id: str) -> Conversation:
        with self.transaction():
            talk = self.find_conversation(conversation_id)
            self._remove("conversations", Conversation, [talk.id])
            self._recount({talk.person, *talk.with_})
        return talk

    def _recount(self, person_ids: set[str]) -> None:
        """Last talked and channels used, from a person's conversations as they are now."""
        people = self.people_by_id()
        for pid in person_ids:
            if pid not in people:
                continue
            talks = self.conversations_with(pid)
            counts: dict[str, int] = {}
            for talk in talks:
                counts[talk.channel] = counts.get(talk.channel, 0) + 1
            last = max((t.date for t in talks), default=None)
            self._update_fields("people", Person, pid, {"last_talked": last, "channel_counts": counts})

    def rollups(self) -> ConversationRollups:
        """Sums over every conversation, current for the file (see ``domain.rollups``)."""
        return self.db.rollup(CONVERSATION_ROLLUPS)

    def log(self, conversation: Conversation, follow_up: FollowUp | None = None) -> Conversation:
        """Record a conversation, update the people's indexes, close plans it fulfils."""
        conversation.channel = check_channel(conversation.channel)
        conversation.energy = check_energy(conversation.energy)
        conversation.created = conversation.created or clock.now_iso()
        with self.transaction():
            present = [conversation.person, *conversation.with_]
            people = [self.person(pid) for pid in present]
            closed = [
                p
                for p in self.plans()
                if p.id == conversation.plan or (p.person in present and p.date <= conversation.date)
            ]
            if closed and conversation.plan is None:
                conversation.plan = closed[0].id
            self._insert("conversations", conversation)
            for person in people:
                if person.last_talked is None or conversation.date > person.last_talked:
                    person.last_talked = conversation.date
                counts = person.channel_counts
                counts[conversation.channel] = counts.get(conversation.channel, 0) + 1
                self._update("people", person, edited=False)
            for plan in closed:
                plan.done = True
                self._update("plans", plan)
            if follow_up is not None:
                follow_up.conversation = conversation.id
                self.add_follow_up(follow_up)
        return conversation
