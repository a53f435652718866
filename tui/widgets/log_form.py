"""The inline log form: opens in place under the people list, saves with ctrl+s."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from nettui.storage.domain.drafts import LogDraft
from nettui.storage.domain.models import CHANNELS, Conversation, Person, Plan
from nettui.tui.text import markup
from nettui.tui.widgets.text_input import TextInput

UNRATED = ""  # the energy is counted only once it is chosen
ENERGY_CHOICES = [
    ("unrated", UNRATED), ("+2 energized", 2), ("+1 good", 1), ("0 neutral", 0), ("-1 tiring", -1),
    ("-2 drained", -2),
]  # fmt: skip


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class LogForm(Vertical):
    """Date, channel, energy, notes, strengths, others present and a follow-up, in six lines."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="log.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="log.cancel"),
        Binding("tab", "cycle(1)", "Next field", show=False, id="log.next"),
        Binding("shift+tab", "cycle(-1)", "Previous field", show=False, id="log.previous"),
    ]
    NARROW = 56  # below this width a field takes a line of its own

    class Submitted(Message):
        def __init__(self, person_id: str, draft: LogDraft, conversation_id: str | None) -> None:
            self.person_id = person_id
            self.draft = draft
            self.conversation_id = conversation_id  # None: a new conversation
            super().__init__()

    class Cancelled(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.person_id: str | None = None
        self.conversation_id: str | None = None
        self.title_markup = ""  # the title as shown, in markup (a plan adds its topic)
        self.plan_id = ""  # the plan being logged, if it was opened from one

    def compose(self) -> ComposeResult:
        yield Static("", id="log-title")
        with Grid(id="log-grid"):
            yield Label("Date")
            yield TextInput(id="log-date", compact=True)
            yield Label("Channel")
            yield Select([(c, c) for c in CHANNELS], id="log-channel", allow_blank=False, compact=True)
            yield Label("Energy")
            yield Select(ENERGY_CHOICES, id="log-energy", allow_blank=False, value=UNRATED, compact=True)
            yield Label("With")
            yield TextInput(id="log-with", placeholder="others present, comma-separated", compact=True)
            yield Label("Notes")
            yield TextInput(id="log-notes", placeholder="what you talked about", compact=True, classes="wide")
            yield Label("Follow-up")
            yield TextInput(id="log-follow-up", placeholder="something you promised", compact=True)
            yield Label("Due")
            yield TextInput(id="log-due", placeholder="in a week", compact=True)
            yield Label("Strengths")
            yield TextInput(
                id="log-strengths",
                placeholder="strengths you used, comma-separated",
                compact=True,
                classes="wide",
            )
        yield Static("", id="log-status")

    def open(self, person: Person, today_text: str = "today") -> None:
        """Prefill for ``person`` (today, their usual channel, unrated) and focus the notes."""
        self._show(person, "Log a conversation with", today_text, person.usual_channel or "coffee", UNRATED)
        self.conversation_id = None
        self.plan_id = ""
        for field in ("with", "notes", "strengths", "follow-up", "due"):
            self.query_one(f"#log-{field}", Input).value = ""
        self.screen.set_focus(self.query_one("#log-notes", Input))  # now: keys typed at once land here

    def from_plan(self, plan: Plan, today: dt.date) -> None:
        """Prefill from the plan it fulfils (saving closes it): its day (if past) and channel;
        its topic in the title."""
        self.plan_id = plan.id
        self.query_one("#log-date", Input).value = "today" if plan.date >= today else plan.date.isoformat()
        self.query_one("#log-channel", Select).value = plan.channel if plan.channel in CHANNELS else "other"
        if plan.topic:
            topic = f" · [$text-muted]planned: {markup(plan.topic, one_line=True)}[/]"
            self.query_one("#log-title", Static).update(self.title_markup + topic)

    def edit(self, person: Person, talk: Conversation, others: list[str]) -> None:
        """Prefill with a logged conversation, to fix it (``others``: the names present)."""
        energy = UNRATED if talk.energy is None else talk.energy
        self._show(person, "Fix the conversation with", talk.date.isoformat(), talk.channel, energy)
        self.conversation_id = talk.id
        self.plan_id = ""
        values = {"with": ", ".join(others), "notes": talk.note, "strengths": ", ".join(talk.strengths),
                  "follow-up": "", "due": ""}  # fmt: skip
        for field, value in values.items():
            self.query_one(f"#log-{field}", Input).value = value
        for field in ("follow-up", "due"):  # a promise is its own record: not edited here
            self.query_one(f"#log-{field}", Input).disabled = True
        self.screen.set_focus(self.query_one("#log-notes", Input))  # now: keys typed at once land here

    def _show(self, person: Person, what: str, day: str, channel: str, energy: object) -> None:
        self.person_id = person.id
        prompt = person.how_i_can_help or person.working_on
        hint = f" · {markup(prompt, one_line=True)}" if prompt else ""
        title = f"{what} [b]{markup(person.name, one_line=True)}[/]{hint}"
        self.title_markup = title
        self.query_one("#log-title", Static).update(title)
        self.query_one("#log-date", Input).value = day
        self.query_one("#log-channel", Select).value = channel if channel in CHANNELS else "other"
        self.query_one("#log-energy", Select).value = energy
        for field in ("follow-up", "due"):
            self.query_one(f"#log-{field}", Input).disabled = False
        self.clear_errors()
        self.display = True

    def close(self) -> None:
        self.display = False
        self.person_id = None
        self.conversation_id = None

    def draft(self) -> LogDraft:
        def text(field: str) -> str:
            return self.query_one(f"#log-{field}", Input).value

        return LogDraft(
            when=text("date"),
            channel=str(self.query_one("#log-channel", Select).value),
            energy=self.query_one("#log-energy", Select).value,  # type: ignore[arg-type]
            note=text("notes"),
            strengths=_split(text("strengths")),
            with_names=_split(text("with")),
            follow_up=text("follow-up"),
            due=text("due"),
            plan=self.plan_id,
        )

    def clear_errors(self) -> None:
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        self.query_one("#log-status", Static).update("[$text-muted]ctrl+s save · esc cancel[/]")

    def show_error(self, field: str, message: str) -> None:
        """Mark the bad field and say why; nothing was saved."""
        self.clear_errors()
        targets = {"date": "log-date", "channel": "log-channel", "energy": "log-energy",
                   "with": "log-with", "due": "log-due"}  # fmt: skip
        if field in targets:
            widget = self.query_one(f"#{targets[field]}")
            widget.add_class("-invalid")
            widget.focus()
        self.query_one("#log-status", Static).update(f"[$text-error]{markup(message)}[/]")

    def action_cycle(self, step: int) -> None:
        """tab and shift+tab go round the form's fields, never out of it while it is open."""
        fields = [w for w in self.query("#log-grid > *") if w.focusable]
        if not fields:
            return
        current = next((i for i, w in enumerate(fields) if w.has_focus or w.has_focus_within), -1)
        fields[(current + step) % len(fields)].focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW, "-narrow")

    def action_save(self) -> None:
        if self.person_id is not None:
            self.post_message(self.Submitted(self.person_id, self.draft(), self.conversation_id))

    def action_cancel(self) -> None:
        self.close()
        self.post_message(self.Cancelled())
