"""The people list: a virtual list of people with warmth marks, filtered in place."""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.text import Text
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from nettui.storage.domain.warmth import MARKS
from nettui.storage.views.people_rows import ORDERS, PersonRow, filter_rows, ordered
from nettui.tui.widgets.text_input import TextInput
from nettui.tui.widgets.virtual_list import VirtualList, fit


class PeopleList(VirtualList):
    """Rows of people with a cursor; posts Highlighted and Chosen."""

    COMPONENT_CLASSES = {
        "people-list--cursor",
        "people-list--dim",
        "people-list--on-track",
        "people-list--due-soon",
        "people-list--overdue",
        "people-list--none",
    }
    DEFAULT_CSS = """
    PeopleList {
        background: $surface;
        & > .people-list--cursor { background: $panel; text-style: bold; }
        &:focus > .people-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .people-list--dim { color: $text-muted; }
        & > .people-list--on-track { color: $text-success; }
        & > .people-list--due-soon { color: $text-warning; }
        & > .people-list--overdue { color: $text-error; }
        & > .people-list--none { color: $text-disabled; }
    }
    """

    class Highlighted(Message):
        def __init__(self, row: PersonRow | None) -> None:
            self.row = row
            super().__init__()

    class Chosen(Message):
        def __init__(self, row: PersonRow) -> None:
            self.row = row
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._all: list[PersonRow] = []
        self._ordered: list[PersonRow] = []  # _all in the chosen order, narrowed by `cadence_only`
        self.rows: list[PersonRow] = []
        self.filter_text = ""
        self.order = ORDERS[0]
        self.cadence_only = False

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def current(self) -> PersonRow | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def set_rows(self, rows: list[PersonRow]) -> None:
        """Replace the rows, keeping the cursor on the same person where possible."""
        keep = self.current.id if self.current else None
        self._all = rows
        self._reorder()
        self._apply(keep)

    def set_order(self, order: str, cadence_only: bool) -> None:
        """By name, due or last talked (``ORDERS``); only people with a cadence, or everyone."""
        keep = self.current.id if self.current else None
        self.order, self.cadence_only = order, cadence_only
        self._reorder()
        self._apply(keep)

    def _reorder(self) -> None:
        rows = [r for r in self._all if r.due] if self.cadence_only else self._all
        self._ordered = ordered(rows, self.order)

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._apply(None)

    def select_id(self, person_id: str) -> bool:
        for index, row in enumerate(self.rows):
            if row.id == person_id:
                self.cursor = index
                return True
        return False

    def _apply(self, keep: str | None) -> None:
        """The rows again, the cursor on ``keep`` if it is still there (placed at once: never by
        way of the first row, which would scroll the list to the top and back)."""
        self.rows = filter_rows(self._ordered, self.filter_text)
        index = next((i for i, row in enumerate(self.rows) if row.id == keep), 0) if keep else 0
        self.rows_changed(index)

    def on_cursor_moved(self) -> None:
        self.post_message(self.Highlighted(self.current))

    def on_row_chosen(self, index: int) -> None:
        self.post_message(self.Chosen(self.rows[index]))

    def columns(self, width: int) -> tuple[int, int, int, int]:
        """Widths of name, company/role, last talked and next step for a row ``width`` wide:
        the terminal's width shared out, nothing cut at a fixed size on a wide one."""
        usable = width - 2
        last = 13 if usable >= 60 else 11
        if usable < 34:
            return max(8, usable - last - 1), 0, last, 0
        if usable < 60:
            name = max(14, min(22, usable // 2 - 2))
            return name, max(0, usable - name - last - 2), last, 0
        name = max(16, min(40, usable * 3 // 10))
        company = max(0, (usable - name - last) * 11 // 20)
        step = max(0, usable - name - company - last - 3)
        return name, company, last, step

    def header(self, width: int) -> str:
        name, company, last, step = self.columns(width)
        parts = ["  " + fit("Name", name)]
        if company:
            parts.append(fit("Company / role", company))
        parts.append(fit("Last talked", last))
        if step:
            parts.append(fit("Next step", step))
        return " ".join(parts)

    def render_row(self, index: int, width: int, selected: bool) -> Strip:
        row = self.rows[index]
        style = self.rich_style
        if selected:
            style = style + self.get_component_rich_style("people-list--cursor")
        # on the cursor row every cell takes the cursor's colours: muted text is unreadable there
        dim = style if selected else style + self.get_component_rich_style("people-list--dim", partial=True)
        mark = (
            style
            if selected
            else style + self.get_component_rich_style(f"people-list--{row.warmth}", partial=True)
        )
        name, company, last, step = self.columns(width)
        segments = [Segment(MARKS[row.warmth] + " ", mark), Segment(fit(row.name, name), style)]
        if company:
            segments.append(Segment(" " + fit(row.company_role, company), dim))
        segments.append(Segment(" " + fit(row.last_talked, last), dim))
        if step:
            segments.append(Segment(" " + fit(row.next_step, step), style))
        return Strip(segments).adjust_cell_length(width, style)


class PeopleHeader(Widget):
    """Column titles that line up with the PeopleList below, whatever the width."""

    DEFAULT_CSS = """
    PeopleHeader { height: 1; color: $text-muted; text-style: bold; }
    """

    def __init__(self, people: PeopleList, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.people = people

    def render(self) -> Text:
        return Text(self.people.header(self.size.width), no_wrap=True)


class FilterInput(TextInput):
    """The people filter. It applies each change from inside the keystroke that made it, not
    from a Changed message handled after the echo was drawn: one frame per key, not two."""

    def __init__(self, apply: Callable[[str], None], *, id: str | None = None) -> None:
        super().__init__(placeholder="/ filter: name, company, tags, notes", id=id, compact=True)
        self._apply_filter = apply

    def watch_value(self, value: str) -> None:
        self._apply_filter(value)
