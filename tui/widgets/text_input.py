"""The one-line input every form uses: whatever its value comes from (a stored record, a
paste, a prefill), control characters are shown as visible stand-ins, never sent to the
terminal."""

from __future__ import annotations

from textual.widgets import Input

from nettui.storage.domain.text import printable


class TextInput(Input):
    """An :class:`Input` whose value never holds a control character."""

    def validate_value(self, value: str) -> str:
        return printable(value, one_line=True)

    def on_mount(self) -> None:
        if self.app.is_headless:  # tests and snapshots: a cursor drawn the same every time
            self.cursor_blink = False
