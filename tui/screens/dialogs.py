"""Small modal dialogs: a question with answers, plan a conversation, write a reflection."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from nettui.storage import clock
from nettui.storage.domain.dates import parse_when
from nettui.storage.domain.models import CHANNELS, Person, Plan, Reflection, new_id
from nettui.storage.errors import InputError
from nettui.tui.screens.form import Dialog, buttons, row
from nettui.tui.text import markup, shown, unless_untouched
from nettui.tui.widgets.text_input import TextInput


class ChoiceDialog(ModalScreen[str | None]):
    """A question with a few answers, each on a key; dismisses with the key, or None."""

    BINDINGS = [Binding("escape", "choose('')", "Cancel", id="choice.cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str, str]]) -> None:
        """``choices``: (key, button label, variant)."""
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                for key, label, variant in self.choices:
                    yield Button(f"{label} ({key})", id=f"choice-{key}", variant=variant, compact=True)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query(Button).last().focus()

    def on_key(self, event: Key) -> None:
        if any(event.key == key for key, _, _ in self.choices):
            event.stop()
            self.dismiss(event.key)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id).removeprefix("choice-"))

    def action_choose(self, key: str) -> None:
        self.dismiss(key or None)


class PlanDialog(Dialog):
    """Plan a conversation with one person: when, channel, topic."""

    def __init__(self, person: Person, plan: Plan | None = None) -> None:
        """With ``plan``: reschedule it (the dialog opens on its day, channel and topic)."""
        super().__init__()
        self.person = person
        self.plan = plan

    def compose(self) -> ComposeResult:
        plan = self.plan
        what = "Reschedule the conversation with" if plan else "Plan a conversation with"
        with Vertical(classes="dialog"):
            yield Static(f"{what} [b]{markup(self.person.name)}[/]", classes="dialog-title")
            with Vertical(classes="form"):
                when = plan.date.isoformat() if plan else "tomorrow"
                yield row("When", TextInput(when, id="plan-when", placeholder="fri, next tuesday, in 3 days…",
                                        compact=True), required=True)  # fmt: skip
                channel = plan.channel if plan else self.person.usual_channel or "coffee"
                yield row("Channel", Select([(c, c) for c in CHANNELS], id="plan-channel", allow_blank=False,
                                            value=channel, compact=True))  # fmt: skip
                topic = plan.topic if plan else ""
                yield row("Topic", TextInput(topic, id="plan-topic", compact=True,
                                             placeholder="what you'd like to talk about"))  # fmt: skip
            yield from buttons(("ok", "Plan (ctrl+s)", "primary"), ("no", "Cancel (esc)", "default"))
            yield self.status()

    def on_mount(self) -> None:
        self.query_one("#plan-when", Input).focus()

    def action_submit(self) -> None:
        today = clock.today()
        try:
            day = parse_when(self.query_one("#plan-when", Input).value, today)
        except InputError as error:
            self.fail("plan-when", str(error))
            return
        if day < today:
            self.fail("plan-when", f"{day.isoformat()} is in the past: log it instead (l).")
            return
        self.dismiss(
            Plan(
                person=self.person.id,
                date=day,
                channel=str(self.query_one("#plan-channel", Select).value),
                topic=unless_untouched(
                    self.query_one("#plan-topic", Input).value.strip(), self.plan.topic if self.plan else ""
                ),
                id=self.plan.id if self.plan else new_id(),
            )
        )


class AskDialog(Dialog):
    """One question, one line of answer; dismisses with the text, or None."""

    def __init__(
        self, title: str, label: str, value: str = "", placeholder: str = "", hint: str = ""
    ) -> None:
        super().__init__()
        self.title_text, self.label, self.value = title, label, value
        self.placeholder, self.hint = placeholder, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with Vertical(classes="form"):
                yield row(
                    self.label,
                    TextInput(self.value, id="ask-answer", placeholder=self.placeholder, compact=True),
                )
            if self.hint:
                yield Static(self.hint, classes="form-note")
            yield from buttons(("ok", "OK (enter)", "primary"), ("no", "Cancel (esc)", "default"))
            yield self.status()

    def on_mount(self) -> None:
        self.query_one("#ask-answer", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        self.dismiss(self.query_one("#ask-answer", Input).value)


class PickPersonDialog(Dialog):
    """Pick one person by typing part of their name; dismisses with their id, or None."""

    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False, id="pick.down"),
        Binding("up", "move(-1)", "Previous", show=False, id="pick.up"),
    ]

    LIMIT = 40

    def __init__(self, title: str, people: list[Person]) -> None:
        super().__init__()
        self.title_text = title
        self.people = people

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList

        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield row(
                "Name",
                TextInput(id="pick-filter", placeholder="type part of a name or company", compact=True),
            )
            yield OptionList(id="pick-list")
            yield Static("enter picks the highlighted one · ↑↓ move · esc cancels", classes="form-note")
            yield self.status()

    def on_mount(self) -> None:
        self._show("")
        self.query_one("#pick-filter", Input).focus()

    def _show(self, text: str) -> None:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

        from nettui.storage.domain.names import label
        from nettui.storage.views.people_rows import fold

        words = fold(text).split()
        matches = [p for p in self.people if all(w in fold(f"{p.name} {p.company}") for w in words)]
        options = self.query_one("#pick-list", OptionList)
        options.clear_options()
        options.add_options(
            [Option(Text(shown(label(p), one_line=True)), id=p.id) for p in matches[: self.LIMIT]]
        )
        if matches:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def action_move(self, step: int) -> None:
        from textual.widgets import OptionList

        options = self.query_one("#pick-list", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def on_input_submitted(self) -> None:
        self.action_submit()

    def on_option_list_option_selected(self, event: object) -> None:
        option = getattr(event, "option", None)
        if option is not None:
            self.dismiss(option.id)

    def action_submit(self) -> None:
        from textual.widgets import OptionList

        options = self.query_one("#pick-list", OptionList)
        if options.highlighted is None:
            self.fail("pick-filter", "Nobody matches: type less of the name.")
            return
        self.dismiss(options.get_option_at_index(options.highlighted).id)


class ReflectDialog(Dialog):
    """A dated reflection, with the strengths it is about."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("A reflection", classes="dialog-title")
            yield Static("What gave you energy lately, and what drained it?", classes="form-note")
            with Vertical(classes="form"):
                text = TextInput(id="reflect-text", placeholder="one or two sentences", compact=True)
                yield row("Reflection", text, required=True)
                yield row("Strengths", TextInput(id="reflect-strengths", compact=True,
                                                 placeholder="comma-separated, optional"))  # fmt: skip
            yield from buttons(("ok", "Save (ctrl+s)", "primary"), ("no", "Cancel (esc)", "default"))
            yield self.status()

    def on_mount(self) -> None:
        self.query_one("#reflect-text", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        text = self.query_one("#reflect-text", Input).value.strip()
        if not text:
            self.fail("reflect-text", "Write a sentence or two first.")
            return
        strengths = [s.strip() for s in self.query_one("#reflect-strengths", Input).value.split(",")]
        self.dismiss(Reflection(text=text, date=clock.today(), strengths=[s for s in strengths if s]))
