"""A person's page: every field stored about them, what is planned and promised, and the
timeline of conversations as a list (↑/↓, newest first) whose entries can be fixed (e) or
deleted (d)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from nettui.storage import clock
from nettui.storage.domain import birthdays
from nettui.storage.domain.dates import humanize
from nettui.storage.domain.drafts import changes_from, present_names
from nettui.storage.domain.warmth import WORDS
from nettui.storage.errors import NettuiError
from nettui.storage.repository import Repository
from nettui.storage.views.shapes import person_detail
from nettui.tui.screens.dialogs import ChoiceDialog
from nettui.tui.text import markup, shown
from nettui.tui.widgets.log_form import LogForm
from nettui.tui.widgets.timeline import TimelineList

Save = Callable[[Callable[[Repository], object], str, str | None], None]  # job, notice, person id


class ProfileField(Horizontal):
    """A label and its value; a long value wraps under its own column."""

    DEFAULT_CSS = """
    ProfileField {
        height: auto;
        & > Label { width: 18; color: $text-muted; text-style: bold; }
        & > Static { width: 1fr; height: auto; }
    }
    """

    def __init__(self, label: str, value: str) -> None:
        super().__init__()
        self.label, self.value = label, value

    def compose(self) -> ComposeResult:
        label, value = Label(self.label), Static(Text(shown(self.value)))
        label.styles.width = 18  # set here: a class rule loses to Label's own width
        value.styles.width = "1fr"
        yield label
        yield value


class Bullet(Horizontal):
    """One line of a list; a long one wraps under its own text, not under the bullet."""

    DEFAULT_CSS = """
    Bullet {
        height: auto;
        & > Label { width: 4; padding-left: 2; }
        & > Static { width: 1fr; height: auto; }
    }
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        bullet, text = Label("•"), Static(Text(shown(self.text)))
        bullet.styles.width, bullet.styles.padding = 4, (0, 0, 0, 2)  # Label's own width wins over CSS
        text.styles.width = "1fr"
        yield bullet
        yield text


class PersonScreen(Screen[str | None]):
    """Shows one person; dismisses with "log", "edit" or "plan" to hand that to the dashboard."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="person.back"),
        Binding("e", "edit_conversation", "Fix talk", id="person.fix"),
        Binding("d", "delete_conversation", "Delete talk", show=False, id="person.delete"),
        Binding("l", "pick('log')", "Log", id="person.log"),
        Binding("E", "pick('edit')", "Edit", id="person.edit"),
        Binding("p", "pick('plan')", "Plan", id="person.plan"),
        Binding("u", "undo", "Undo", id="person.undo"),
        Binding("c", "dismiss_conflicts", "Dismiss", id="person.conflicts"),
    ]

    def __init__(self, repo: Repository, person_id: str, save: Save, undo: Callable[[], None]) -> None:
        super().__init__()
        self.repo = repo
        self.person_id = person_id
        self.save = save
        self.undo = undo
        self.detail: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="person-top"), VerticalScroll(id="person-page"):
            yield Vertical(id="person-profile")
            yield Vertical(id="person-conflicts")
            yield Static(id="person-open")
        yield Static(id="timeline-title", classes="section")
        yield TimelineList(id="timeline")
        yield LogForm(id="person-log-form")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = "person"
        self.query_one(LogForm).display = False
        self.reload()
        self.query_one(TimelineList).focus()

    def reload(self) -> None:
        """Show the person as stored now (after a save here or anywhere)."""
        person = self.repo.people_by_id().get(self.person_id)
        if person is None:
            self.dismiss(None)
            return
        today = clock.today()
        self.detail = d = person_detail(self.repo, person, today)
        self.title = shown(d["name"], one_line=True)
        profile = self.query_one("#person-profile", Vertical)
        profile.remove_children()
        role = ", ".join(x for x in (d["role"], d["company"]) if x)
        heading = f"[b]{markup(d['name'])}[/]" + (f"  [$text-muted]{markup(role)}[/]" if role else "")
        if d["archived"]:
            heading += "  [$text-warning]archived[/]"
        profile.mount(
            Static(heading), *[ProfileField(label, value) for label, value in self._fields(today) if value]
        )
        conflicts = self.query_one("#person-conflicts", Vertical)
        conflicts.display = bool(d["conflicts"])
        conflicts.remove_children()
        if d["conflicts"]:
            heading = (
                "\n[b $text-warning]Changed differently on two machines[/]  [$text-muted]c dismisses these[/]"
            )
            conflicts.mount(Static(heading), *[Bullet(note["text"]) for note in d["conflicts"]])
        self.refresh_bindings()
        self.query_one("#person-open", Static).update(self._open_items(today))
        talks = d["conversations"]
        title = f"Conversations ({len(talks)})" + (
            "  e fix · d delete" if talks else "  none yet: press l to log one"
        )
        self.query_one("#timeline-title", Static).update(Text(title))
        self.query_one(TimelineList).show(talks)

    def _fields(self, today: dt.date) -> list[tuple[str, str]]:
        d = self.detail
        rows = [
            ("How we met", d["how_met"]), ("Introduced by", self._chain()),
            ("Introduced me to", ", ".join(d["introduced"])), ("Communities", ", ".join(d["communities"])),
            ("E-mail", ", ".join(d["emails"])), ("Phone", ", ".join(d["phones"])), ("City", d["city"]),
            ("LinkedIn", d["linkedin_url"]), ("Connected on", d["connected_on"] or ""),
            ("Birthday", birthdays.shown(d["birthday"] or "")), ("Tags", ", ".join(d["tags"])),
            ("Keep in touch", self._cadence(today)), ("Snoozed until", d["snoozed_until"] or ""),
            ("Working on", d["working_on"]), ("Story", d["story"]), ("How I can help", d["how_i_can_help"]),
            ("Notes", d["notes"]), ("Source", d["source"]),
        ]  # fmt: skip
        for change in d["job_changes"]:
            rows.append(
                ("Job change", f"{change.get('date', '')}: {change.get('from', '')} → {change.get('to', '')}")
            )
        return rows

    def _chain(self) -> str:
        """ "Alan Turing, whom Ada Lovelace introduced" for a chain of introductions."""
        chain = self.detail["introduction_chain"]
        return ", ".join([chain[0], *(f"whom {name} introduced" for name in chain[1:])]) if chain else ""

    def _cadence(self, today: dt.date) -> str:
        d = self.detail
        if not d["every"] or not d["next_due"]:
            return ""
        due = dt.date.fromisoformat(d["next_due"])
        if due < today:
            return f"every {d['every']} · {humanize(due, today, overdue=True)}"
        return f"every {d['every']} · next {humanize(due, today)} ({WORDS[d['warmth']]})"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dismiss_conflicts":
            return bool(self.detail.get("conflicts"))
        return True

    def action_dismiss_conflicts(self) -> None:
        person_id = self.person_id
        self.save(lambda repo: repo.dismiss_conflicts(person_id), "Dismissed the sync notes", person_id)

    def _open_items(self, today: dt.date) -> str:
        d = self.detail
        lines = ["", "[b $text-accent]Planned and promised[/]"]
        for plan in d["plans"]:
            day = dt.date.fromisoformat(plan["date"])
            channel, topic = markup(plan["channel"]), markup(plan["topic"])
            lines.append(f"  {humanize(day, today):<14} {channel:<8} {topic}")
        for item in d["follow_ups"]:
            due = dt.date.fromisoformat(item["due"])
            when = humanize(due, today, overdue=due < today)
            lines.append(f"  {when:<14} promise  {markup(item['text'])}")
        if len(lines) == 2:
            lines.append("  [$text-muted]Nothing planned. Press p to plan a conversation.[/]")
        return "\n".join(lines)

    # -- the timeline -----------------------------------------------------------------------

    def action_edit_conversation(self) -> None:
        selected = self.query_one(TimelineList).current
        if selected is None:
            self.notify("No conversation with them yet: l logs one.")
            return
        try:
            talk = self.repo.find_conversation(selected["id"])
            person = self.repo.person(talk.person)  # logged with them (this page may be a guest's)
        except NettuiError as error:
            self.notify(str(error), severity="error")
            return
        self.query_one(LogForm).edit(person, talk, present_names(self.repo, talk))
        self.add_class("-fixing")  # the profile gives the form room

    @on(LogForm.Submitted)
    def conversation_fixed(self, event: LogForm.Submitted) -> None:
        event.stop()
        conversation_id = event.conversation_id
        if conversation_id is None:
            return
        draft = event.draft

        def job(repo: Repository) -> str:
            talk = repo.find_conversation(conversation_id)
            changes = changes_from(repo, talk, draft, clock.today())
            if not changes:
                return "Nothing changed"
            saved, _ = repo.update_conversation(conversation_id, changes)
            return f"Saved the {saved.channel} of {saved.date.isoformat()}"

        self.save(job, "Saved", self.person_id)

    @on(LogForm.Cancelled)
    def fix_cancelled(self, event: LogForm.Cancelled) -> None:
        event.stop()
        self.remove_class("-fixing")
        self.query_one(TimelineList).focus()

    def saved(self) -> None:
        """The dashboard saved something: close the form and show the person as stored."""
        form = self.query_one(LogForm)
        if form.display:
            form.close()
            self.remove_class("-fixing")
            self.query_one(TimelineList).focus()
        self.reload()

    def failed(self, field: str | None, error: str) -> bool:
        """A save from here failed: show it in the form; False if the form is not open."""
        form = self.query_one(LogForm)
        if not form.display:
            return False
        form.show_error(field or "log", error)
        return True

    def action_delete_conversation(self) -> None:
        selected = self.query_one(TimelineList).current
        if selected is None:
            self.notify("No conversation with them to delete.")
            return
        conversation_id = selected["id"]

        def chosen(key: str | None) -> None:
            if key == "y":
                self.save(lambda repo: repo.delete_conversation(conversation_id), "Deleted the conversation",
                          self.person_id)  # fmt: skip

        question = f"Delete the {markup(selected['channel'])} of {markup(selected['date'])}? (u undoes it)"
        self.app.push_screen(
            ChoiceDialog(question, [("y", "Delete", "error"), ("n", "No", "default")]), chosen
        )

    def action_undo(self) -> None:
        """The dashboard's undo: the last change made in this window, wherever it was made."""
        self.undo()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_pick(self, what: str) -> None:
        self.dismiss(what)
