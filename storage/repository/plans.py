"""Planned conversations and follow-ups I promised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nettui.storage import clock
from nettui.storage.domain.models import FollowUp, Plan, check_channel
from nettui.storage.domain.names import by_id_prefix
from nettui.storage.errors import InputError
from nettui.storage.repository.people import PeopleRecords


class PlanRecords(PeopleRecords):
    def plans(self, *, all_: bool = False) -> list[Plan]:
        models = self._table("plans", Plan)[0].values()
        return sorted((p for p in models if all_ or not p.done), key=lambda p: (p.date, p.id))

    def add_plan(self, plan: Plan) -> Plan:
        plan.channel = check_channel(plan.channel)
        plan.created = plan.created or clock.now_iso()
        with self.transaction():
            self.person(plan.person)
            self._insert("plans", plan)
        return plan

    def find_plan(self, prefix: str) -> Plan:
        return by_id_prefix(prefix, self.plans(), "planned conversation", "nettui plans")

    def cancel_plan(self, prefix: str) -> Plan:
        """A plan that will not happen: removed (a plan that happened is closed by its log)."""
        with self.transaction():
            plan = self.find_plan(prefix)
            self._remove("plans", Plan, [plan.id])
        return plan

    def reschedule_plan(self, prefix: str, day: dt.date, today: dt.date) -> Plan:
        with self.transaction():
            return self.update_plan(self.find_plan(prefix).id, {"date": day}, today)

    def update_plan(self, plan_id: str, changes: dict[str, Any], today: dt.date) -> Plan:
        """Another day, channel or topic for a planned conversation (never a day gone by)."""
        if "date" in changes and changes["date"] < today:
            raise InputError(f"{changes['date'].isoformat()} is in the past: a plan is for a day to come.")
        if "channel" in changes:
            changes = {**changes, "channel": check_channel(changes["channel"])}
        saved, _ = self._update_fields("plans", Plan, plan_id, changes, what="plan")
        return saved

    def follow_ups(self, *, all_: bool = False) -> list[FollowUp]:
        models = self._table("follow_ups", FollowUp)[0].values()
        return sorted((f for f in models if all_ or not f.done), key=lambda f: (f.due, f.id))

    def add_follow_up(self, follow_up: FollowUp) -> FollowUp:
        if not follow_up.text.strip():
            raise InputError("A follow-up needs a text.")
        follow_up.created = follow_up.created or clock.now_iso()
        with self.transaction():
            self.person(follow_up.person)
            self._insert("follow_ups", follow_up)
        return follow_up

    def close_follow_up(self, prefix: str) -> FollowUp:
        with self.transaction():
            follow_up = by_id_prefix(prefix, self.follow_ups(), "open follow-up", "nettui upcoming --json")
            follow_up.done = True
            self._update("follow_ups", follow_up)
        return follow_up
