"""Dialogs of the method: my strengths, pitch and weekly cap (s), asking someone for an
introduction (i), and my reflections read back in full."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from nettui.storage.domain.models import Person, Reflection
from nettui.tui.screens.form import REQUIRED_NOTE, Dialog, buttons, row
from nettui.tui.text import markup, shown, unless_untouched
from nettui.tui.widgets.text_input import TextInput


class StrengthsDialog(Dialog):
    """Dismisses with (strengths, pitch, weekly cap or None), or None."""

    def __init__(self, strengths: list[str], pitch: str, cap: int | None) -> None:
        super().__init__()
        self.strengths, self.pitch, self.cap = strengths, pitch, cap

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("My strengths, my pitch, my pace", classes="dialog-title")
            cap = "" if self.cap is None else str(self.cap)
            strengths = TextInput(shown(", ".join(self.strengths), one_line=True), id="method-strengths",
                              compact=True, placeholder="listening, small groups, teaching")  # fmt: skip
            pitch = TextInput(shown(self.pitch, one_line=True), id="method-pitch", compact=True,
                          placeholder="what I do, and what I'd like (for friends who refer)")  # fmt: skip
            weekly = TextInput(
                cap, id="method-cap", compact=True, placeholder="one-on-ones a week (empty: 3)"
            )
            with Vertical(classes="form"):
                yield row("Strengths", strengths)
                yield row("Pitch", pitch)
                yield row("Weekly cap", weekly)
            note = "One strength per comma. The cap paces Upcoming: at most that many 1:1s a week."
            yield Static(note, classes="form-note")
            yield from buttons(("ok", "Save (ctrl+s)", "primary"), ("no", "Cancel (esc)", "default"))
            yield self.status()

    def on_mount(self) -> None:
        self.query_one("#method-strengths", Input).focus()

    def action_submit(self) -> None:
        typed = self.query_one("#method-strengths", Input).value
        if typed.strip() == shown(", ".join(self.strengths), one_line=True).strip():
            strengths = list(self.strengths)  # untouched: as stored, a comma inside one kept
        else:
            strengths = [s.strip() for s in typed.split(",") if s.strip()]
        if len({s.casefold() for s in strengths}) < len(strengths):
            self.fail("method-strengths", "A strength is listed twice.")
            return
        cap_text = self.query_one("#method-cap", Input).value.strip()
        if cap_text and not (cap_text.isdigit() and 0 <= int(cap_text) <= 50):
            self.fail("method-cap", "The weekly cap is a whole number from 0 to 50.")
            return
        pitch = unless_untouched(" ".join(self.query_one("#method-pitch", Input).value.split()), self.pitch)
        self.dismiss((strengths, pitch, int(cap_text) if cap_text else None))


class AskIntroDialog(Dialog):
    """Ask someone for an introduction; dismisses with the "for whom or what" text, or None."""

    def __init__(self, person: Person) -> None:
        super().__init__()
        self.person = person

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Ask [b]{markup(self.person.name)}[/] for an introduction", classes="dialog-title")
            with Vertical(classes="form"):
                yield row("Introduce me to", TextInput(id="intro-for", compact=True,
                                                    placeholder="a CTO in Lisbon, someone hiring designers"),
                          required=True)  # fmt: skip
            stages = "asked → made → met → thanked, in the introductions view (c)"
            yield Static(f"{REQUIRED_NOTE} · it moves {stages}", classes="form-note")
            yield from buttons(("ok", "Ask (ctrl+s)", "primary"), ("no", "Cancel (esc)", "default"))
            yield self.status()

    def on_mount(self) -> None:
        self.query_one("#intro-for", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        wanted = " ".join(self.query_one("#intro-for", Input).value.split())
        if not wanted:
            self.fail("intro-for", "Say whom or what you'd like to be introduced to.")
            return
        self.dismiss(wanted)


class ReflectionsScreen(ModalScreen[None]):
    """Every reflection, newest first, in full."""

    BINDINGS = [Binding("escape,q", "close", "Close", id="reflections.close")]

    def __init__(self, reflections: list[Reflection]) -> None:
        super().__init__()
        self.reflections = reflections

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-tall", id="reflections"):
            yield Static(f"My reflections ({len(self.reflections)})", classes="dialog-title")
            if not self.reflections:
                yield Static("None yet: press r on the dashboard to write one.", classes="form-note")
            for reflection in self.reflections:
                about = f"  ({', '.join(reflection.strengths)})" if reflection.strengths else ""
                heading = shown(f"{reflection.date.isoformat()}{about}", one_line=True)
                yield Static(Text(heading, style="bold"))
                yield Static(Text(shown(reflection.text) + "\n"))
            yield Static("esc closes", classes="form-note")

    def action_close(self) -> None:
        self.dismiss(None)
