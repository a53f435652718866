"""The dashboard's actions on plans and promises (plan, reschedule, cancel, done, thanked),
reflections, communities, imports and exports. Mixed into the DashboardScreen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nettui.storage import clock
from nettui.storage.domain.models import Person, Plan, Reflection
from nettui.storage.repository import Repository
from nettui.tui.screens.dialogs import ChoiceDialog, PlanDialog, ReflectDialog
from nettui.tui.text import markup
from nettui.tui.widgets.upcoming_list import UpcomingList

if TYPE_CHECKING:
    from nettui.storage.queries.upcoming import Upcoming
    from nettui.tui.screens.dashboard_data import DataWorker, Job

CLOSABLE = ("follow-up", "thank", "planned", "debrief")  # what `x` applies to in Upcoming
PLANS = ("planned", "debrief")  # a plan to come, and one whose day passed without a log


class PlanActions:
    if TYPE_CHECKING:  # what the screen provides
        repo: Repository
        app: Any
        worker: DataWorker

        def current_person(self) -> Person | None: ...
        def run_job(self, job: Job, notice: str, person_id: str | None = None) -> None: ...
        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...
        def open_person(self, person: Person) -> None: ...

    def upcoming_item(self) -> Upcoming | None:
        """The Upcoming item highlighted, when Upcoming has the focus."""
        upcoming = self.query_one(UpcomingList)
        return upcoming.current if upcoming.has_focus else None

    def action_plan(self) -> None:
        """Plan a conversation; on a planned one in Upcoming, reschedule it."""
        item = self.upcoming_item()
        if item is not None and item.kind in PLANS:
            plan = next((p for p in self.repo.plans() if p.id == item.ref), None)
            person = self.repo.people_by_id().get(item.person_id)
            if plan is not None and person is not None:
                self.plan_with(person, plan)
                return
        person = self.current_person()
        if person is not None:
            self.plan_with(person)

    def plan_with(self, person: Person, existing: Plan | None = None) -> None:
        def planned(plan: Plan | None) -> None:
            if plan is None:
                return
            when = plan.date.isoformat()
            if existing is not None:
                changes = {"date": plan.date, "channel": plan.channel, "topic": plan.topic}
                notice = f"Rescheduled the {plan.channel} with {person.name} to {when}"
                self.run_job(
                    lambda repo: repo.update_plan(existing.id, changes, clock.today()), notice, person.id
                )
                return
            notice = f"Planned {plan.channel} with {person.name} on {when}"

            def job(repo: Repository) -> str:
                from nettui.storage.queries.battery import week_load

                repo.add_plan(plan)
                load = week_load(repo, plan.date)
                return notice + (f"\n{load.warning()}" if load.over_cap else "")

            self.run_job(job, notice, person.id)

        self.app.push_screen(PlanDialog(person, existing), planned)

    def action_done(self) -> None:
        """In Upcoming: close a follow-up, mark a thank-you sent, or cancel a plan (asks first)."""
        item = self.upcoming_item()
        if item is None:
            return
        if item.kind == "follow-up":
            self.run_job(lambda repo: repo.close_follow_up(item.ref), f"Done: {item.note}")
        elif item.kind == "thank":
            self.run_job(lambda repo: repo.advance_intro(item.ref, clock.today()), f"Thanked {item.person}")
        elif item.kind in PLANS:

            def chosen(key: str | None) -> None:
                if key == "y":
                    notice = f"Cancelled the plan with {item.person} (u undoes it)"
                    self.run_job(lambda repo: repo.cancel_plan(item.ref), notice, item.person_id)

            question = (
                f"Cancel the {markup(item.note.split(' · ')[0])} with [b]{markup(item.person)}[/] "
                f"on {item.date.isoformat()}? It will not happen (a talk that did happen is logged with l)."
            )
            choices = [("y", "Cancel the plan", "warning"), ("n", "Keep it", "default")]
            self.app.push_screen(ChoiceDialog(question, choices), chosen)
        else:  # due, a birthday, a job change: nothing to close, only a reason to reach out
            self.app.notify(
                f"Nothing to close on {item.person}: l logs a talk with them, p plans one, z snoozes them."
            )

    def action_reflect(self) -> None:
        def written(reflection: Reflection | None) -> None:
            if reflection is not None:
                self.run_job(lambda repo: repo.add_reflection(reflection), "Reflection saved")

        self.app.push_screen(ReflectDialog(), written)

    def action_communities(self) -> None:
        from nettui.tui.screens.network import NetworkScreen

        self.app.push_screen(NetworkScreen(self.repo, self.run_job, self.open_person))

    def action_strengths(self) -> None:
        """My strengths (one per comma), my pitch and my weekly cap."""
        from nettui.tui.screens.method import StrengthsDialog

        current = [s.text for s in self.repo.strengths()]
        cap = self.repo.setting("weekly_cap")

        def saved(result: tuple[list[str], str, int | None] | None) -> None:
            if result is not None:
                self.run_job(lambda repo: _save_method(repo, *result), "Saved your strengths and pitch")

        dialog = StrengthsDialog(
            current, str(self.repo.setting("pitch", "")), cap if isinstance(cap, int) else None
        )
        self.app.push_screen(dialog, saved)

    def action_ask_intro(self) -> None:
        """Ask the highlighted person for an introduction."""
        from nettui.storage.domain.models import Intro
        from nettui.tui.screens.method import AskIntroDialog

        person = self.current_person()
        if person is None:
            return

        def asked(wanted: str | None) -> None:
            if wanted:
                intro = Intro(stage="asked", date=clock.today(), introducer=person.id, wanted=wanted)
                self.run_job(lambda repo: repo.add_intro(intro), f"Asked {person.name} for an introduction")

        self.app.push_screen(AskIntroDialog(person), asked)

    def action_reflections(self) -> None:
        from nettui.tui.screens.method import ReflectionsScreen

        self.app.push_screen(ReflectionsScreen(self.repo.reflections()))

    def action_import(self) -> None:
        from nettui.tui.screens.transfer import ImportDialog

        self.app.push_screen(ImportDialog(self.repo), self._transfer_done)

    def action_export(self) -> None:
        from nettui.tui.screens.transfer import ExportDialog

        self.app.push_screen(ExportDialog(self.repo), self._transfer_done)

    def _transfer_done(self, notice: str | None) -> None:
        if notice:
            self.app.notify(notice, timeout=6)
            self.worker.reload()


def _save_method(repo: Repository, strengths: list[str], pitch: str, cap: int | None) -> None:
    """The strengths as typed (new ones added, dropped ones removed), the pitch and the cap."""
    with repo.transaction():
        have = {s.text.casefold(): s for s in repo.strengths()}
        wanted = {s.casefold() for s in strengths}
        for text in strengths:
            if text.casefold() not in have:
                repo.add_strength(text)
        for key, strength in have.items():
            if key not in wanted:
                repo.remove_strength(strength.text)
        if pitch != repo.setting("pitch", ""):
            repo.set_setting("pitch", pitch)
        if cap != repo.setting("weekly_cap"):
            repo.set_setting("weekly_cap", cap)
