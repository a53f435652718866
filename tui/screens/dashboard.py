"""The one screen: People, Upcoming and Strengths, with the inline log form."""

from __future__ import annotations

import time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input, Static

from nettui.storage import clock
from nettui.storage.domain.drafts import LogDraft, build
from nettui.storage.domain.models import Person, Plan
from nettui.storage.queries.upcoming import Upcoming
from nettui.storage.repository import Repository
from nettui.storage.session import Session
from nettui.storage.views.dashboard import DashboardData
from nettui.storage.views.people_rows import PersonRow
from nettui.tui.screens.dashboard_data import DataLoaded, DataWorker, Job, Said, Saved, SaveFailed
from nettui.tui.screens.people_actions import PeopleActions
from nettui.tui.screens.person import PersonScreen
from nettui.tui.screens.plan_actions import CLOSABLE, PlanActions
from nettui.tui.screens.rhythm_actions import RhythmActions
from nettui.tui.screens.sync_actions import SyncActions
from nettui.tui.startup.preload import Preload
from nettui.tui.startup.start_time import START
from nettui.tui.widgets.log_form import LogForm
from nettui.tui.widgets.people_list import FilterInput, PeopleHeader, PeopleList
from nettui.tui.widgets.strengths_pane import StrengthsPane
from nettui.tui.widgets.upcoming_list import UpcomingList

WELCOME = (
    "[b]Welcome to nettui.[/]\n\n"
    "Your network grows one conversation at a time.\n\n"
    "Press [b]a[/] to add someone you'd like to talk to,\n"
    "or quit and run [b]nettui demo[/] to try it with sample people."
)
PERSON_ACTIONS = {
    "edit",
    "delete",
    "forget",
    "log",
    "plan",
    "open",
    "archive",
    "snooze",
    "merge",
    "ask_intro",
    "brief",
}
UNDO_KEPT = 50


class DashboardScreen(PeopleActions, PlanActions, RhythmActions, SyncActions, Screen):
    BINDINGS = [
        Binding("l", "log", "Log", id="dashboard.log"),
        Binding("a", "add", "Add", id="dashboard.add"),
        Binding("e", "edit", "Edit", id="dashboard.edit"),
        Binding("d", "delete", "Delete", show=False, id="dashboard.delete"),
        Binding("p", "plan", "Plan", id="dashboard.plan"),
        Binding("r", "reflect", "Reflect", show=False, id="dashboard.reflect"),
        Binding("x", "done", "Done", id="dashboard.done"),
        Binding("u", "undo", "Undo", id="dashboard.undo"),
        Binding("z", "snooze", "Snooze", show=False, id="dashboard.snooze"),
        Binding("A", "archive", "Archive", show=False, id="dashboard.archive"),
        Binding("m", "merge", "Merge", show=False, id="dashboard.merge"),
        Binding("o", "order", "Order", show=False, id="dashboard.order"),
        Binding("t", "cadence", "Kept in touch", show=False, id="dashboard.cadence"),
        Binding("c", "communities", "Communities", show=False, id="dashboard.communities"),
        Binding("s", "strengths", "Strengths", show=False, id="dashboard.strengths"),
        Binding("i", "ask_intro", "Ask intro", show=False, id="dashboard.intro"),
        Binding("w", "everyone", "Everyone due", show=False, id="dashboard.everyone"),
        Binding("slash", "filter", "Filter", id="dashboard.filter"),
        Binding("enter", "open", "Open", show=False, id="dashboard.open"),
        Binding("escape", "escape", "Clear", show=False, id="dashboard.escape"),
    ]

    def __init__(self, session: Session, preload: Preload | None = None) -> None:
        super().__init__()
        self.repo = session.repo
        self.worker = DataWorker(self, session, preload)
        self.data: DashboardData | None = None
        self._ready_logged = False
        self._select_after_load: str | None = None
        self._log_from_upcoming = False
        self.undo_stack: list[tuple[str, list[object]]] = []  # (what was done, what it changed)

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            with Vertical(id="people-pane", classes="pane"):
                yield FilterInput(self.apply_filter, id="filter")
                people = PeopleList(id="people")
                yield PeopleHeader(people, id="people-header")
                yield people
                yield Static(WELCOME, id="welcome")
            with Vertical(id="right"):
                with Vertical(id="upcoming-pane", classes="pane"):
                    yield UpcomingList(id="upcoming")
                yield StrengthsPane(id="strengths-pane", classes="pane")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.show_order()
        self.query_one("#upcoming-pane").border_title = "Upcoming"
        self.query_one("#strengths-pane").border_title = "Strengths"
        self.query_one("#welcome").display = False
        self.query_one(PeopleList).focus()
        self.worker.start()
        self.name_conflict_copies()

    @property
    def people(self) -> PeopleList:
        return self.query_one(PeopleList)

    @property
    def log_form(self) -> LogForm | None:
        """The inline log form, once it has been opened (it is mounted on first use)."""
        return self.query(LogForm).first() if self.query(LogForm) else None

    async def _mounted_log_form(self) -> LogForm:
        form = self.log_form
        if form is None:
            form = LogForm(id="log-form")
            await self.query_one("#people-pane").mount(form)
        return form

    async def _premount_log_form(self) -> None:
        """Mount the (hidden) log form once the dashboard is drawn, so the first l opens it
        at once and the words typed right after it land in it."""
        if self.log_form is None:
            form = await self._mounted_log_form()
            if not form.person_id:
                form.display = False

    # -- data -------------------------------------------------------------------------------

    def on_data_loaded(self, message: DataLoaded) -> None:
        was_empty = self.data is not None and not self.data.rows  # the welcome was showing
        data = self.data = message.data
        people = self.people
        people.set_rows(data.rows)
        if self._select_after_load:
            people.select_id(self._select_after_load)
            self._select_after_load = None
        empty = not data.rows
        people.display = not empty
        self.query_one("#welcome").display = empty
        self.query_one("#people-header").display = not empty
        filter_input = self.query_one("#filter")
        filter_input.display = not empty  # nothing to filter: keys go to the bindings
        filter_input.disabled = empty  # and focus never lands there (a dialog closing gives it back)
        if empty and isinstance(self.focused, Input):
            self.set_focus(None)
        elif was_empty and not empty and not isinstance(self.app.screen, ModalScreen):
            people.focus()  # the first person, just added: the list is where the keys go
        self.query_one("#people-pane").border_subtitle = self._people_count()
        self.query_one(UpcomingList).show(data.upcoming, data.today)
        self.query_one(StrengthsPane).show(
            data.insights, data.strengths, data.reflections, data.pitch, data.cap_default
        )
        self.refresh_bindings()
        self.worker.shown(data)
        if self.log_form is None:
            self.call_after_refresh(self._premount_log_form)
        if not self._ready_logged:
            self._ready_logged = True
            self.app.log.info(f"dashboard ready in {time.perf_counter() - START:.3f} s")

    def _people_count(self) -> str:
        shown, total = len(self.people.rows), len(self.data.rows) if self.data else 0
        return f"{shown} of {total}" if shown != total else f"{total}"

    # -- the highlighted person -------------------------------------------------------------

    def current_person(self) -> Person | None:
        focused = self.focused
        row: PersonRow | None = self.people.current
        if isinstance(focused, UpcomingList) and focused.current is not None:
            pid = focused.current.person_id
        elif row is not None and self.people.display:
            pid = row.id
        else:
            return None
        return self.repo.people_by_id().get(pid)

    def show_order(self) -> None:
        """The pane's title says how the list is ordered and narrowed."""
        people = self.people
        title = "People" + ("" if people.order == "name" else f" · by {people.order}")
        self.query_one("#people-pane").border_title = title + (
            " · with a cadence" if people.cadence_only else ""
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            item = self.upcoming_item()
            return item is not None and item.kind in CLOSABLE
        if action in PERSON_ACTIONS and self.data is not None and not self.data.rows:
            return None
        return True

    # -- filter -----------------------------------------------------------------------------

    def action_filter(self) -> None:
        # focused now, not after the queue: keys typed in one burst ("/jose", a paste) filter
        self.set_focus(self.query_one("#filter", Input))

    def apply_filter(self, text: str) -> None:
        """Called by the filter input as its value changes, so the rows it selects are drawn
        in the same frame as the keystroke's echo."""
        self.people.set_filter(text)
        self.query_one("#people-pane").border_subtitle = self._people_count()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.people.cursor = 0
        self.people.focus()

    def action_escape(self) -> None:
        filter_input = self.query_one("#filter", Input)
        if filter_input.value or self.focused is filter_input:
            filter_input.value = ""
            self.people.focus()

    # -- opening and logging ------------------------------------------------------------------

    def action_open(self) -> None:
        item = self.upcoming_item()
        if item is not None:
            self.open_item(item)
            return
        person = self.current_person()
        if person is not None:
            self.open_person(person)

    @on(PeopleList.Chosen)
    def person_chosen(self, event: PeopleList.Chosen) -> None:
        person = self.repo.people_by_id().get(event.row.id)
        if person is not None:
            self.open_person(person)

    @on(UpcomingList.Chosen)
    def upcoming_chosen(self, event: UpcomingList.Chosen) -> None:
        self.open_item(event.item)

    def open_item(self, item: Upcoming) -> None:
        """Enter in Upcoming: a plan's brief, everyone due on the "more" line, else the page."""
        if item.kind == "more-due":
            self.action_everyone()
            return
        person = self.repo.people_by_id().get(item.person_id)
        if person is None:
            return
        if item.kind in ("planned", "debrief"):
            self.show_brief(person)
        else:
            self.open_person(person)

    def open_person(self, person: Person) -> None:
        async def after(choice: str | None) -> None:
            fresh = self.repo.people_by_id().get(person.id)
            if fresh is None:
                return
            if choice == "log":
                await self.start_log(fresh)
            elif choice == "edit":
                self.show_person_dialog(fresh)
            elif choice == "plan":
                self.plan_with(fresh)

        self.app.push_screen(PersonScreen(self.repo, person.id, self.run_job, self.action_undo), after)

    async def action_log(self) -> None:
        """Log a talk with the highlighted person; on a plan in Upcoming, prefilled from it."""
        item = self.upcoming_item()
        plan = None
        if item is not None and item.kind in ("planned", "debrief"):
            plan = next((p for p in self.repo.plans() if p.id == item.ref), None)
        person = self.current_person()
        if person is not None:
            await self.start_log(person, plan)

    async def start_log(self, person: Person, plan: Plan | None = None) -> None:
        self._log_from_upcoming = isinstance(self.focused, UpcomingList)  # the keys go back there
        if not self.people.select_id(person.id):
            self.query_one("#filter", Input).value = ""
            self.people.set_filter("")
            self.people.select_id(person.id)
        form = await self._mounted_log_form()
        form.open(person)
        if plan is not None:
            form.from_plan(plan, clock.today())

    @on(LogForm.Submitted)
    def log_submitted(self, event: LogForm.Submitted) -> None:
        self.save_log(event.person_id, event.draft)

    @on(LogForm.Cancelled)
    def log_cancelled(self) -> None:
        self.focus_after_log()

    def focus_after_log(self) -> None:
        """Back to the pane the log was started from."""
        (self.query_one(UpcomingList) if self._log_from_upcoming else self.people).focus()

    def save_log(self, person_id: str, draft: LogDraft) -> None:
        def job(repo: Repository) -> Said:
            talk, follow_up = build(repo, person_id, draft, clock.today())
            repo.log(talk, follow_up)
            energy = "unrated" if talk.energy is None else f"{talk.energy:+d}"
            notice = f"Saved: {talk.channel} with {repo.person(person_id).name} ({energy})"
            if follow_up is not None:
                notice += f" · follow-up due {follow_up.due.isoformat()}"
            return Said(notice, person_id, closed_plan=talk.plan is not None)

        self.worker.save(job, "Saved", person_id, field="log")

    # -- saving -----------------------------------------------------------------------------

    def run_job(self, job: Job, notice: str, person_id: str | None = None) -> None:
        self.worker.save(job, notice, person_id)

    def on_saved(self, message: Saved) -> None:
        form = self.log_form
        if form is not None and form.display and form.person_id == message.person_id:
            form.close()
            self.focus_after_log()
        if message.changes and not message.undone:
            self.undo_stack.append((message.notice.split("\n")[0], message.changes))
            del self.undo_stack[:-UNDO_KEPT]
        self.notify(message.notice, timeout=4)
        if message.closed_plan and message.person_id:
            self.call_after_refresh(self.debrief, message.person_id)  # once the form has closed
        self._select_after_load = message.person_id
        self.worker.saved()
        for screen in self.app.screen_stack:
            if screen is not self and callable(getattr(screen, "saved", None)):
                screen.saved()  # a person's page, the communities view: show it as stored

    def on_save_failed(self, message: SaveFailed) -> None:
        page = next((s for s in self.app.screen_stack if isinstance(s, PersonScreen)), None)
        if page is not None and page.failed(message.field, message.error):
            return
        form = self.log_form
        if message.field and form is not None and form.display:
            form.show_error(message.field, message.error)
        else:
            self.notify(message.error, severity="error", timeout=8)

    def action_undo(self) -> None:
        """Undo the last change made here (several steps back), unless it changed since."""
        if not self.undo_stack:
            self.notify("Nothing to undo.")
            return
        notice, changes = self.undo_stack.pop()
        self.worker.undo(notice, changes)
