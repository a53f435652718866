"""The dashboard's rhythm: a plan's brief (enter), the debrief after a planned talk is logged,
and Upcoming with everyone due or paced (w). Mixed into the DashboardScreen."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from nettui.storage import clock
from nettui.storage.domain.models import FollowUp, Person
from nettui.storage.repository import Repository

if TYPE_CHECKING:
    from nettui.storage.views.dashboard import DashboardData
    from nettui.tui.screens.dashboard_data import DataWorker, Job


class RhythmActions:
    if TYPE_CHECKING:  # what the screen provides
        repo: Repository
        app: Any
        worker: DataWorker
        data: DashboardData | None

        def current_person(self) -> Person | None: ...
        def run_job(self, job: Job, notice: str, person_id: str | None = None) -> None: ...
        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        async def action_log(self) -> None: ...

    def show_brief(self, person: Person) -> None:
        from nettui.storage.views.brief import brief
        from nettui.tui.screens.brief import BriefScreen

        async def after(choice: str | None) -> None:
            if choice == "log":
                await self.action_log()

        self.app.push_screen(BriefScreen(brief(self.repo, person.id, clock.today()), clock.today()), after)

    def action_brief(self) -> None:
        person = self.current_person()
        if person is not None:
            self.show_brief(person)

    def action_everyone(self) -> None:
        """Upcoming: everyone due on their own day, or paced under the weekly cap again."""
        self.worker.everyone = not self.worker.everyone
        pane = self.query_one("#upcoming-pane")
        pane.border_title = "Upcoming · everyone due" if self.worker.everyone else "Upcoming"
        cap = self.data.insights.weekly_cap if self.data is not None else 3
        self.notify(
            "Upcoming lists everyone due (w paces them again)"
            if self.worker.everyone
            else f"Upcoming paces the people due: {cap} one-on-ones a week at most (w lists everyone)"
        )
        self.worker.reload()

    def debrief(self, person_id: str) -> None:
        """After a planned conversation is logged: what did I learn about how I can help?"""
        from nettui.tui.screens.brief import DebriefDialog

        person = self.repo.people_by_id().get(person_id)
        if person is None:
            return

        def answered(answer: tuple[str, dt.date | None] | None) -> None:
            if answer is None:
                return
            learned, due = answer

            def job(repo: Repository) -> str:
                repo.learned(person_id, learned)
                if due is None:
                    return f"Noted how you can help {person.name}"
                repo.add_follow_up(FollowUp(person=person_id, text=learned, due=due))
                return f"Noted how you can help {person.name} · follow-up due {due.isoformat()}"

            self.run_job(job, "Noted", person_id)

        self.app.push_screen(DebriefDialog(person.name, clock.today()), answered)
