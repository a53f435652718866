"""Before and after a conversation: the brief (enter on a plan) and the debrief (after a log
that closes a plan: what did I learn about how I can help them?)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from nettui.storage.domain.drafts import promise_day
from nettui.storage.errors import InputError
from nettui.storage.views.brief import Brief, brief_lines
from nettui.tui.screens.form import Dialog, buttons, row
from nettui.tui.text import markup, shown
from nettui.tui.widgets.text_input import TextInput


class BriefScreen(ModalScreen[str | None]):
    """What to bring to a conversation; l logs it (dismisses with "log"), esc closes."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="brief.close"),
        Binding("l", "log", "Log it", id="brief.log"),
    ]

    def __init__(self, brief: Brief, today: dt.date) -> None:
        super().__init__()
        self.brief, self.today = brief, today

    def compose(self) -> ComposeResult:
        lines = brief_lines(self.brief, self.today)
        (_, heading), rest = lines[0], lines[1:]
        with VerticalScroll(classes="dialog dialog-tall", id="brief"):
            yield Static(Text(shown(f"Brief: {heading}", one_line=True)), classes="dialog-title")
            previous = ""
            for label, text in rest:
                shown_label = "" if label == previous else label
                previous = label
                yield Horizontal(
                    Static(Text(shown_label, style="bold"), classes="brief-label"),
                    Static(Text(shown(text)), classes="brief-text"),
                    classes="brief-row",
                )
            yield Static("l logs the conversation · esc closes", classes="form-note")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_log(self) -> None:
        self.dismiss("log")


class DebriefDialog(Dialog):
    """After a planned conversation is logged: what I learned about how I can help them, and
    whether it becomes a promise. Dismisses with (what I learned, due day or None), or None."""

    def __init__(self, name: str, today: dt.date) -> None:
        super().__init__()
        self.person_name, self.today = name, today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                f"How did it go with [b]{markup(self.person_name, one_line=True)}[/]?", classes="dialog-title"
            )
            yield Static("What did you learn about how you can help them?", classes="form-note")
            with Vertical(classes="form"):
                learned = TextInput(
                    id="debrief-learned", placeholder="an intro, a review, a tip…", compact=True
                )
                yield row("I can help", learned)
                hint = "a day makes it a follow-up: fri, in 2 weeks"
                yield row("Promise by", TextInput(id="debrief-due", placeholder=hint, compact=True))
            yield from buttons(("ok", "Save (ctrl+s)", "primary"), ("no", "Skip (esc)", "default"))
            yield self.status()

    def on_mount(self) -> None:
        self.query_one("#debrief-learned", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        learned = self.query_one("#debrief-learned", Input).value.strip()
        due_text = self.query_one("#debrief-due", Input).value.strip()
        if not learned:
            if due_text:
                self.fail("debrief-learned", "Write what you could do for them, to promise it.")
                return
            self.dismiss(None)
            return
        due = None
        if due_text:
            try:
                due = promise_day(due_text, self.today)
            except InputError as error:
                self.fail("debrief-due", str(error))
                return
        self.dismiss((learned, due))
