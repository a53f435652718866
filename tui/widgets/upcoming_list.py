"""The Upcoming pane: planned 1:1s, people due, follow-ups, humanized and ordered by date."""

from __future__ import annotations

import datetime as dt

from nettui.storage.dates import humanize_short
from nettui.storage.upcoming import Upcoming
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

NARROW = 60
KIND_LABELS = {"planned": "plan", "due": "due", "follow-up": "promise", "thank": "thank"}
KIND_STYLES = {"planned": "bold", "due": "", "follow-up": "italic", "thank": "italic"}


class UpcomingList(OptionList):
    """One line per upcoming item; overdue ones in the error colour."""

    BINDINGS = [
        Binding("k", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", show=False),
    ]

    class Chosen(Message):
        def __init__(self, item: Upcoming) -> None:
            self.item = item
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[Upcoming] = []
        self.name_width = 0
        self.today: dt.date | None = None
        self._narrow: bool | None = None

    def show(self, items: list[Upcoming], today: dt.date) -> None:
        keep = self.highlighted
        self.items = items
        self.today = today
        self.name_width = min(22, max((len(i.person) for i in items), default=0))
        self.clear_options()
        if not items:
            self.add_option(
                Option(
                    Text("Nothing coming up. Press p to plan a conversation.", style="dim"),
                    disabled=True,
                )
            )
            return
        self.add_options(Option(self._line(item, today), id=str(i)) for i, item in enumerate(items))
        self.highlighted = min(keep, len(items) - 1) if keep is not None else 0

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        if narrow != self._narrow and self.today is not None:
            self.show(self.items, self.today)

    def _line(self, item: Upcoming, today: dt.date) -> Text:
        self._narrow = narrow = self.size.width < NARROW
        when = humanize_short(item.date, today) if narrow else item.when(today)
        late = item.date < today
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(when.ljust(10 if narrow else 16, "\u00a0"), style="bold red" if late else "")
        line.append(KIND_LABELS[item.kind].ljust(8, "\u00a0"), style="dim")
        line.append(item.person, style=KIND_STYLES[item.kind])
        gap = max(1, self.name_width - len(item.person)) + 1
        if item.note:
            line.append("\u00a0" * gap + item.note, style="dim")
        return line

    @property
    def current(self) -> Upcoming | None:
        if self.highlighted is None or not self.items:
            return None
        return self.items[self.highlighted] if self.highlighted < len(self.items) else None

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if self.is_attached:
            self.screen.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.current is not None:
            self.post_message(self.Chosen(self.current))
