"""The dashboard's actions on people: add, edit, delete or forget, archive, snooze, merge,
and how the list is ordered. Mixed into the DashboardScreen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

from nettui.storage import clock
from nettui.storage.domain.dates import parse_when
from nettui.storage.domain.models import Person
from nettui.storage.errors import ChangedElsewhere, InputError
from nettui.storage.repository import Repository
from nettui.storage.views.people_rows import ORDERS
from nettui.tui.screens.dashboard_data import Said
from nettui.tui.screens.dialogs import AskDialog, ChoiceDialog, PickPersonDialog
from nettui.tui.screens.person_form import PersonDialog, PersonEdit
from nettui.tui.text import markup

if TYPE_CHECKING:
    from nettui.tui.screens.dashboard_data import Job
    from nettui.tui.widgets.people_list import PeopleList


class EditConflict(Message):
    """A person dialog's save met a field changed elsewhere: open it again with both."""

    def __init__(self, edit: PersonEdit, note: str) -> None:
        self.edit = edit
        self.note = note
        super().__init__()


class PeopleActions:
    """Needs ``repo``, ``app``, ``people``, ``current_person()``, ``run_job()``."""

    if TYPE_CHECKING:  # what the screen provides
        repo: Repository
        app: Any
        people: PeopleList

        def current_person(self) -> Person | None: ...
        def run_job(self, job: Job, notice: str, person_id: str | None = None) -> None: ...
        def post_message(self, message: Message) -> bool: ...
        def show_order(self) -> None: ...

    # -- add and edit -----------------------------------------------------------------------

    def action_add(self) -> None:
        self.show_person_dialog(None)

    def action_edit(self) -> None:
        person = self.current_person()
        if person is not None:
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

        def job(repo: Repository) -> str | Said:
            if edit.person_id is None:
                person = Person(name=edit.changes.pop("name"))
                for field, value in edit.changes.items():
                    setattr(person, field, value)
                with repo.transaction():
                    repo.join_communities(person, edit.community_names or [])
                    repo.add_person(person)
                return Said(f"Added {person.name}", person.id)
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

    # -- delete, forget, archive --------------------------------------------------------------

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
            "[$text-muted]Deleting keeps them in nettui's backups (u undoes it); forgetting removes every "
            "trace, backups too.[/]"
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

    def action_archive(self) -> None:
        person = self.current_person()
        if person is not None:
            self.run_job(lambda repo: repo.archive(person.id), f"Archived {person.name} (u undoes it)")

    def action_unarchive(self) -> None:
        archived = [p for p in self.repo.people() if p.archived]
        if not archived:
            self.app.notify("Nobody is archived.")
            return

        def picked(person_id: str | None) -> None:
            if person_id:
                self.run_job(
                    lambda repo: repo.archive(person_id, archived=False), "Back in your people", person_id
                )

        self.app.push_screen(PickPersonDialog("Keep in touch again with…", archived), picked)

    # -- snooze and merge ---------------------------------------------------------------------

    def action_snooze(self) -> None:
        person = self.current_person()
        if person is None:
            return
        today = clock.today()

        def answered(text: str | None) -> None:
            if text is None:
                return
            if text.strip().lower() in ("", "off", "no", "none"):
                self.run_job(lambda repo: repo.snooze(person.id, None), f"{person.name} is no longer snoozed")
                return
            try:
                until = parse_when(text, today)
            except InputError as error:
                self.app.notify(str(error), severity="error")
                return
            if until <= today:
                self.app.notify(
                    f"{until.isoformat()} is not ahead: snooze until a day to come.", severity="error"
                )
                return
            notice = f"Snoozed {person.name} until {until.isoformat()}"
            self.run_job(lambda repo: repo.snooze(person.id, until), notice, person.id)

        current = person.snoozed_until.isoformat() if person.snoozed_until else "in 2 weeks"
        self.app.push_screen(
            AskDialog(f"Snooze {markup(person.name)}: not due until when?", "Until", current,
                      "in 2 weeks, next month, 2027-01-10", "Empty or 'off': no longer snoozed."),
            answered,
        )  # fmt: skip

    def action_merge(self) -> None:
        person = self.current_person()
        if person is None:
            return
        others = [p for p in self.repo.people() if p.id != person.id]

        def picked(other_id: str | None) -> None:
            other = self.repo.people_by_id().get(other_id or "")
            if other is None:
                return

            def chosen(key: str | None) -> None:
                if key == "y":
                    self.run_job(lambda repo: _merged(repo, person.id, other.id), "Merged", person.id)

            question = (
                f"Merge [b]{markup(other.name)}[/] into [b]{markup(person.name)}[/]? Their talks, plans and "
                f"details move to {markup(person.name)}; differing values are kept in the notes."
            )
            self.app.push_screen(
                ChoiceDialog(question, [("y", "Merge", "warning"), ("n", "No", "default")]), chosen
            )

        self.app.push_screen(
            PickPersonDialog(f"Merge into {markup(person.name)}: who is the same person?", others), picked
        )

    # -- the list -----------------------------------------------------------------------------

    def action_order(self) -> None:
        """Cycle the list's order: name, due (most overdue first), last talked."""
        order = ORDERS[(ORDERS.index(self.people.order) + 1) % len(ORDERS)]
        self.people.set_order(order, self.people.cadence_only)
        self.show_order()

    def action_cadence(self) -> None:
        """Only the people I keep in touch with (a cadence), or everyone."""
        self.people.set_order(self.people.order, not self.people.cadence_only)
        self.show_order()


def _merged(repo: Repository, keep: str, other: str) -> str:
    person, differing = repo.merge_people(keep, other)
    return f"Merged into {person.name}" + (
        f"; kept in the notes: {'; '.join(differing)}" if differing else ""
    )
