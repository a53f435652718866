"""The one screen: People, Upcoming and Strengths, with the inline log form."""

from __future__ import annotations

import time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input, Static

from nettui.storage import clock
from nettui.storage.domain.drafts import LogDraft, build
from nettui.storage.domain.models import Person, Plan, Reflection
from nettui.storage.errors import ChangedElsewhere
from nettui.storage.repository import Repository
from nettui.storage.session import Session
from nettui.storage.views.dashboard import DashboardData
from nettui.storage.views.people_rows import PersonRow
from nettui.storage.views.shapes import person_detail
from nettui.tui.screens.dashboard_data import DataLoaded, DataWorker, Job, Saved, SaveFailed
from nettui.tui.screens.dialogs import ChoiceDialog, PlanDialog, ReflectDialog
from nettui.tui.screens.person import PersonScreen
from nettui.tui.screens.person_form import PersonDialog, PersonEdit
from nettui.tui.startup.preload import Preload
from nettui.tui.startup.start_time import START
from nettui.tui.text import markup
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
PERSON_ACTIONS = {"edit", "delete", "forget", "log", "plan", "open"}


class EditConflict(Message):
    """A person dialog's save met a field changed elsewhere: open it again with both."""

    def __init__(self, edit: PersonEdit, note: str) -> None:
        self.edit = edit
        self.note = note
        super().__init__()


class DashboardScreen(Screen):
    BINDINGS = [
        Binding("l", "log", "Log", id="dashboard.log"),
        Binding("a", "add", "Add", id="dashboard.add"),
        Binding("e", "edit", "Edit", id="dashboard.edit"),
        Binding("d", "delete", "Delete", id="dashboard.delete"),
        Binding("p", "plan", "Plan", id="dashboard.plan"),
        Binding("r", "reflect", "Reflect", id="dashboard.reflect"),
        Binding("x", "done", "Done", id="dashboard.done"),
        Binding("c", "communities", "Communities", id="dashboard.communities"),
        Binding("slash", "filter", "Filter", id="dashboard.filter"),
        Binding("enter", "open", "Open", id="dashboard.open"),
        Binding("escape", "escape", "Clear", show=False, id="dashboard.escape"),
    ]

    def __init__(self, session: Session, preload: Preload | None = None) -> None:
        super().__init__()
        self.repo = session.repo
        self.worker = DataWorker(self, session, preload)
        self.data: DashboardData | None = None
        self._ready_logged = False
        self._select_after_load: str | None = None

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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#people-pane").border_title = "People"
        self.query_one("#upcoming-pane").border_title = "Upcoming"
        self.query_one("#strengths-pane").border_title = "Strengths"
        self.query_one("#welcome").display = False
        self.query_one(PeopleList).focus()
        self.worker.start()

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
        self.query_one("#filter").display = not empty  # nothing to filter: keys go to the bindings
        if empty and isinstance(self.focused, Input):
            self.set_focus(None)
        elif was_empty and not empty and not isinstance(self.app.screen, ModalScreen):
            people.focus()  # the first person, just added: the list is where the keys go
        self.query_one("#people-pane").border_subtitle = self._people_count()
        self.query_one(UpcomingList).show(data.upcoming, data.today)
        self.query_one(StrengthsPane).show(data.insights, data.strengths, data.reflections, data.pitch)
        self.refresh_bindings()
        self.worker.shown(data)
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            upcoming = self.query_one(UpcomingList)
            item = upcoming.current if upcoming.has_focus else None
            return item is not None and item.kind in ("follow-up", "thank")
        if action in PERSON_ACTIONS and self.data is not None and not self.data.rows:
            return None
        return True

    # -- filter -----------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

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

    # -- actions ----------------------------------------------------------------------------

    def action_open(self) -> None:
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
        person = self.repo.people_by_id().get(event.item.person_id)
        if person is not None:
            self.open_person(person)

    def open_person(self, person: Person) -> None:
        detail = person_detail(self.repo, person, clock.today())

        async def after(choice: str | None) -> None:
            if choice == "log":
                await self.start_log(person)
            elif choice == "edit":
                self.edit_person(person)
            elif choice == "plan":
                self.plan_with(person)

        self.app.push_screen(PersonScreen(detail, clock.today()), after)

    async def action_log(self) -> None:
        person = self.current_person()
        if person is not None:
            await self.start_log(person)

    async def start_log(self, person: Person) -> None:
        if not self.people.select_id(person.id):
            self.query_one("#filter", Input).value = ""
            self.people.set_filter("")
            self.people.select_id(person.id)
        form = await self._mounted_log_form()
        form.open(person)

    @on(LogForm.Submitted)
    def log_submitted(self, event: LogForm.Submitted) -> None:
        self.save_log(event.person_id, event.draft)

    @on(LogForm.Cancelled)
    def log_cancelled(self) -> None:
        self.people.focus()

    def save_log(self, person_id: str, draft: LogDraft) -> None:
        def job(repo: Repository) -> str:
            talk, follow_up = build(repo, person_id, draft, clock.today())
            repo.log(talk, follow_up)
            energy = "unrated" if talk.energy is None else f"{talk.energy:+d}"
            notice = f"Saved: {talk.channel} with {repo.person(person_id).name} ({energy})"
            if follow_up is not None:
                notice += f" · follow-up due {follow_up.due.isoformat()}"
            return notice

        self.worker.save(job, "Saved", person_id, field="log")

    def action_add(self) -> None:
        self.show_person_dialog(None)

    def action_edit(self) -> None:
        person = self.current_person()
        if person is not None:
            self.edit_person(person)

    def edit_person(self, person: Person) -> None:
        self.show_person_dialog(person)

    def show_person_dialog(
        self, person: Person | None, typed: dict[str, str] | None = None, note: str = ""
    ) -> None:
        def saved(edit: PersonEdit | None) -> None:
            if edit is not None:
                self.save_person_edit(edit)

        self.app.push_screen(PersonDialog(self.repo, person, typed, note), saved)

    def save_person_edit(self, edit: PersonEdit) -> None:
        """Save only the changed fields, on the person as stored now; after a conflict the
        dialog opens again with what was typed, over the stored values."""

        def job(repo: Repository) -> str | tuple[str, str]:
            if edit.person_id is None:
                person = Person(name=edit.changes.pop("name"))
                for field, value in edit.changes.items():
                    setattr(person, field, value)
                with repo.transaction():
                    repo.join_communities(person, edit.community_names or [])
                    repo.add_person(person)
                return (f"Added {person.name}", person.id)
            try:
                with repo.transaction():
                    changes = dict(edit.changes)
                    if edit.community_names is not None:
                        current = repo.person(edit.person_id)
                        current.communities = []
                        repo.join_communities(current, edit.community_names)
                        changes["communities"] = current.communities
                    saved, _ = repo.update_person(edit.person_id, changes, edit.expected)
            except ChangedElsewhere as error:
                self.post_message(EditConflict(edit, str(error)))  # never wait on the UI in here
                raise
            return f"Saved {saved.name}"

        self.run_job(job, "Saved", edit.person_id)

    def on_edit_conflict(self, message: EditConflict) -> None:
        stored = self.repo.people_by_id().get(message.edit.person_id or "")
        if stored is not None:
            self.show_person_dialog(stored, message.edit.typed, message.note)

    def action_delete(self) -> None:
        person = self.current_person()
        if person is None:
            return

        def chosen(key: str | None) -> None:
            if key == "y":
                notice = f"Deleted {person.name}; backups still hold them (ctrl+p Forget removes every trace)"
                self.run_job(lambda repo: repo.delete_person(person.id), notice)
            elif key == "f":
                self.forget(person.id, person.name)

        question = (
            f"Delete [b]{markup(person.name)}[/] with their plans, follow-ups and one-on-one conversations?\n"
            "[dim]Deleting keeps them in nettui's backups; forgetting removes every trace, backups too.[/]"
        )
        choices = [("y", "Delete", "warning"), ("f", "Forget every trace", "error"), ("n", "No", "default")]
        self.app.push_screen(ChoiceDialog(question, choices), chosen)

    def forget(self, person_id: str, name: str) -> None:
        def job(repo: Repository) -> str:
            from nettui.storage.maintenance.forget import Whom, forget

            return " ".join(forget(repo, Whom(person_id, name, True)).lines())

        self.run_job(job, f"Forgot {name}")

    def action_forget(self) -> None:
        person = self.current_person()
        if person is None:
            return

        def chosen(key: str | None) -> None:
            if key == "f":
                self.forget(person.id, person.name)

        question = f"Forget [b]{markup(person.name)}[/]: every trace, backups too? This cannot be undone."
        self.app.push_screen(
            ChoiceDialog(question, [("f", "Forget", "error"), ("n", "No", "default")]), chosen
        )

    def action_plan(self) -> None:
        person = self.current_person()
        if person is not None:
            self.plan_with(person)

    def plan_with(self, person: Person) -> None:
        def planned(plan: Plan | None) -> None:
            if plan is not None:
                notice = f"Planned {plan.channel} with {person.name} on {plan.date.isoformat()}"

                def job(repo: Repository) -> str:
                    from nettui.storage.queries.battery import week_load

                    repo.add_plan(plan)
                    load = week_load(repo, plan.date)
                    return notice + (f"\n{load.warning()}" if load.over_cap else "")

                self.run_job(job, notice, person.id)

        self.app.push_screen(PlanDialog(person), planned)

    def action_done(self) -> None:
        """Close the highlighted follow-up, or mark the highlighted thank-you as sent."""
        upcoming = self.query_one(UpcomingList)
        item = upcoming.current if upcoming.has_focus else None
        if item is None:
            return
        if item.kind == "follow-up":
            self.run_job(lambda repo: repo.close_follow_up(item.ref), f"Done: {item.note}")
        elif item.kind == "thank":
            self.run_job(lambda repo: repo.advance_intro(item.ref, clock.today()), f"Thanked {item.person}")

    def action_import(self) -> None:
        from nettui.tui.screens.transfer import ImportDialog

        self.app.push_screen(ImportDialog(self.repo), self._transfer_done)

    def action_export(self) -> None:
        from nettui.tui.screens.transfer import ExportDialog

        self.app.push_screen(ExportDialog(self.repo), self._transfer_done)

    def _transfer_done(self, notice: str | None) -> None:
        if notice:
            self.notify(notice, timeout=6)
            self.worker.reload()

    def action_communities(self) -> None:
        from nettui.storage.queries.network import communities
        from nettui.tui.screens.network import NetworkScreen

        self.app.push_screen(NetworkScreen(self.repo, communities(self.repo)))

    def action_reflect(self) -> None:
        def written(reflection: Reflection | None) -> None:
            if reflection is not None:
                self.run_job(lambda repo: repo.add_reflection(reflection), "Reflection saved")

        self.app.push_screen(ReflectDialog(), written)

    # -- saving -----------------------------------------------------------------------------

    def run_job(self, job: Job, notice: str, person_id: str | None = None) -> None:
        self.worker.save(job, notice, person_id)

    def on_saved(self, message: Saved) -> None:
        form = self.log_form
        if form is not None and form.display and form.person_id == message.person_id:
            form.close()
            self.people.focus()
        self.notify(message.notice, timeout=4)
        self._select_after_load = message.person_id
        self.worker.saved()

    def on_save_failed(self, message: SaveFailed) -> None:
        form = self.log_form
        if message.field and form is not None and form.display:
            form.show_error(message.field, message.error)
        else:
            self.notify(message.error, severity="error", timeout=8)
