"""The floor for the dashboard's start-up: the least any Textual dashboard over this file must do.

    python bench/floor_app.py [DB]

With DB: import Textual, ``json.load`` the whole database, and draw a full screen showing
``<N> people`` (N read from the data). Without DB: import Textual and draw ``textual ready``
(the fixed cost of a Textual app). Either quits on ``q``. The bench launches it in the same
160x48 pseudo-terminal as nettui and times it until its marker is on the terminal.
"""

from __future__ import annotations

import json
import sys

from textual.app import App, ComposeResult
from textual.widgets import Static


class Floor(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.text)


def main() -> None:
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as handle:
            data = json.load(handle)
        text = f"{len(data['people'])} people"
    else:
        text = "textual ready"
    Floor(text).run()


if __name__ == "__main__":
    main()
