"""Conversations: logging them (with their effect on people and plans), and reading them."""

from __future__ import annotations

from typing import Any

import orjson

from nettui.storage import clock
from nettui.storage.domain.models import Conversation, FollowUp, check_channel, check_energy
from nettui.storage.domain.rollups import CONVERSATION_ROLLUPS, ConversationRollups
from nettui.storage.domain.validation import describe, record_problem
from nettui.storage.errors import DatabaseError
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
            self._insert("conversations", conversation)
            for person in people:
                if person.last_talked is None or conversation.date > person.last_talked:
                    person.last_talked = conversation.date
                counts = person.channel_counts
                counts[conversation.channel] = counts.get(conversation.channel, 0) + 1
                self._update("people", person)
            for plan in self.plans():
                if plan.person in present and plan.date <= conversation.date:
                    plan.done = True
                    self._update("plans", plan)
            if follow_up is not None:
                follow_up.conversation = conversation.id
                self.add_follow_up(follow_up)
        return conversation
