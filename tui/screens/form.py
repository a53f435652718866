"""The pieces every dialog is built from, so each field shows its label beside it at 80x24
and larger, required fields are marked, and an error is shown whole."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from nettui.tui.text import markup

REQUIRED_NOTE = "* required"


def row(label: str, widget: Widget, *, required: bool = False) -> Horizontal:
    """One field: its label (marked * when required), then the input."""
    tag = Label(f"{label} *" if required else label, classes="required" if required else "")
    return Horizontal(tag, widget, classes="form-row")


def buttons(*specs: tuple[str, str, str]) -> ComposeResult:
    """(id, label, variant) buttons on one line."""
    with Horizontal(classes="dialog-buttons"):
        for button_id, label, variant in specs:
            yield Button(label, id=button_id, variant=variant, compact=True)  # type: ignore[arg-type]


class Dialog(ModalScreen):
    """Shared keys: escape dismisses with None, ctrl+s submits; errors under the fields."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "submit", "Save", id="dialog.save", priority=True),
        Binding("down", "app.focus_next", "Next field", show=False, id="dialog.next"),
        Binding("up", "app.focus_previous", "Previous field", show=False, id="dialog.previous"),
    ]

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def status(self) -> Static:
        return Static("", classes="dialog-status")

    def fail(self, widget_id: str, message: str) -> None:
        """Mark the field and say why, whole (the status wraps)."""
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        widget = self.query_one(f"#{widget_id}")
        widget.add_class("-invalid")
        widget.focus()
        if isinstance(widget, Input):
            widget.select_all()  # typing replaces what was refused
        self.query_one(".dialog-status", Static).update(f"[$text-error]{markup(message)}[/]")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_submit()
        else:
            self.dismiss(None)
