"""The Upcoming pane: planned 1:1s, people due, follow-ups and thank-yous, by date.

A virtual list: thousands of people due by cadence cost nothing to show.
"""

from __future__ import annotations

import datetime as dt

from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip

from nettui.storage.domain.dates import humanize_short
from nettui.storage.domain.text import printable
from nettui.storage.queries.upcoming import Upcoming
from nettui.tui.widgets.virtual_list import VirtualList, fit

NARROW = 60
KIND_LABELS = {
    "planned": "plan", "due": "due", "follow-up": "promise", "thank": "thank", "birthday": "birthday",
    "job-change": "new job", "debrief": "debrief", "more-due": "later",
}  # fmt: skip
EMPTY = "Nothing planned yet: p plans one."


class UpcomingList(VirtualList):
    """One line per upcoming item; overdue ones in the error colour."""

    COMPONENT_CLASSES = {
        "upcoming--cursor",
        "upcoming--late",
        "upcoming--dim",
        "upcoming--planned",
        "upcoming--promise",
    }
    DEFAULT_CSS = """
    UpcomingList {
        background: $surface;
        & > .upcoming--cursor { background: $panel; }
        &:focus > .upcoming--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .upcoming--late { color: $text-error; text-style: bold; }
        & > .upcoming--dim { color: $text-muted; }
        & > .upcoming--planned { text-style: bold; }
        & > .upcoming--promise { text-style: italic; }
    }
    """

    class Chosen(Message):
        def __init__(self, item: Upcoming) -> None:
            self.item = item
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[Upcoming] = []
        self.today: dt.date | None = None
        self.name_width = 0
        self._closable = False

    @property
    def row_count(self) -> int:
        return len(self.items)

    @property
    def current(self) -> Upcoming | None:
        if 0 <= self.cursor < len(self.items):
            return self.items[self.cursor]
        return None

    def show(self, items: list[Upcoming], today: dt.date) -> None:
        keep = self.current
        self.items, self.today = items, today
        self.name_width = min(22, max((len(i.person) for i in items[:500]), default=0))
        index = min(self.cursor, max(0, len(items) - 1))
        if keep is not None:
            same = (keep.kind, keep.ref, keep.person_id)
            index = next((i for i, it in enumerate(items) if (it.kind, it.ref, it.person_id) == same), index)
        self.rows_changed(index)

    def on_cursor_moved(self) -> None:
        closable = self.current is not None and self.current.kind in ("follow-up", "thank")
        if closable != self._closable and self.is_attached:
            self._closable = closable
            self.screen.refresh_bindings()  # `x` applies to follow-ups and thank-yous only

    def on_row_chosen(self, index: int) -> None:
        self.post_message(self.Chosen(self.items[index]))

    def render_line(self, y: int) -> Strip:
        if not self.items and y == 0:
            width = self.scrollable_content_region.width
            dim = self.rich_style + self.get_component_rich_style("upcoming--dim", partial=True)
            return Strip([Segment(fit(EMPTY, width), dim)]).adjust_cell_length(width, self.rich_style)
        return super().render_line(y)

    def render_row(self, index: int, width: int, selected: bool) -> Strip:
        item = self.items[index]
        assert self.today is not None
        base = self.rich_style
        if selected:
            base = base + self.get_component_rich_style("upcoming--cursor")
        narrow = width < NARROW
        late = item.late(self.today)
        when = humanize_short(item.date, self.today, late=late) if narrow else item.when(self.today)

        def part(component: str) -> Style:  # on the cursor row, the cursor's colours throughout
            return base if selected else base + self.get_component_rich_style(component, partial=True)

        when_style = part("upcoming--late") if late else base
        dim = part("upcoming--dim")
        name_style = base
        if item.kind == "planned":
            name_style = part("upcoming--planned")
        elif item.kind in ("follow-up", "thank"):
            name_style = part("upcoming--promise")
        kind = KIND_LABELS.get(item.kind, item.kind)
        when_width = 9 if narrow else 17
        kind_width = 0 if narrow else 9
        rest = width - when_width - kind_width
        name_width = (
            min(self.name_width, max(8, rest * 2 // 5)) if narrow else min(self.name_width, rest // 2)
        )
        note = printable(item.note, one_line=True)
        if narrow and item.kind not in ("due", "planned", "more-due"):
            note = f"{kind}: {note}" if note else kind  # no kind column: the note says what it is
        segments = [Segment(fit(when, when_width - 1) + " ", when_style)]  # a space after each column
        if kind_width:
            segments.append(Segment(fit(kind, kind_width - 1) + " ", dim))
        segments.append(Segment(fit(item.person, name_width), name_style))
        segments.append(Segment(" " + note, dim))
        return Strip(segments).crop(0, width)
