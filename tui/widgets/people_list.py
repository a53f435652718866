"""A virtual people list: draws only the visible rows, so 10,000 people cost nothing."""

from __future__ import annotations

from nettui.storage.people_view import PersonRow, filter_rows
from nettui.storage.warmth import MARKS
from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget


def _fit(text: str, width: int) -> str:
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text[: width + 4], width - 1) + "…"
    return set_cell_size(text, width)


class PeopleList(ScrollView, can_focus=True):
    """Rows of people with a cursor; filter in place; posts Highlighted and Chosen."""

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
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        & > .people-list--cursor { background: $panel; text-style: bold; }
        &:focus > .people-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .people-list--dim { color: $text-muted; }
        & > .people-list--on-track { color: $success; }
        & > .people-list--due-soon { color: $warning; }
        & > .people-list--overdue { color: $error; }
        & > .people-list--none { color: $text-disabled; }
    }
    """
    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

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
        self.rows: list[PersonRow] = []
        self.filter_text = ""

    # -- data -------------------------------------------------------------------------------

    @property
    def current(self) -> PersonRow | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def set_rows(self, rows: list[PersonRow]) -> None:
        """Replace the rows, keeping the cursor on the same person where possible."""
        keep = self.current.id if self.current else None
        self._all = rows
        self._apply(keep)

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
        self.rows = filter_rows(self._all, self.filter_text)
        self.virtual_size = Size(0, len(self.rows))
        if keep is None or not self.select_id(keep):
            self.cursor = 0
        self.refresh()

    # -- cursor -----------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to(y=self._scroll_target(new), animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def _scroll_target(self, index: int) -> float:
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        if index < top:
            return index
        if index >= top + height:
            return index - height + 1
        return top

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self.rows):
            if index == self.cursor and event.chain > 1:
                self.post_message(self.Chosen(self.rows[index]))
            self.cursor = index

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, len(self.rows))

    # -- drawing ----------------------------------------------------------------------------

    def columns(self, width: int) -> tuple[int, int, int, int]:
        """Widths of name, company/role, last talked and next step for a row ``width`` wide."""
        usable = width - 2
        last = 13 if usable >= 60 else 11
        if usable < 46:
            name = max(8, usable - last - 1)
            return name, 0, last, 0
        name = max(14, min(26, usable * 3 // 10))
        company = max(0, min(28, (usable - name - last) // 2))
        step = max(0, usable - name - company - last - 3)
        return name, company, last, step

    def header(self, width: int) -> str:
        name, company, last, step = self.columns(width)
        parts = ["  " + _fit("Name", name)]
        if company:
            parts.append(_fit("Company / role", company))
        parts.append(_fit("Last talked", last))
        if step:
            parts.append(_fit("Next step", step))
        return " ".join(parts)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("people-list--cursor")
        dim = style + self.get_component_rich_style("people-list--dim", partial=True)
        mark = style + self.get_component_rich_style(f"people-list--{row.warmth}", partial=True)
        name, company, last, step = self.columns(width)
        segments = [Segment(MARKS[row.warmth] + " ", mark), Segment(_fit(row.name, name), style)]
        if company:
            segments.append(Segment(" " + _fit(row.company_role, company), dim))
        segments.append(Segment(" " + _fit(row.last_talked, last), dim))
        if step:
            segments.append(Segment(" " + _fit(row.next_step, step), style))
        strip = Strip(segments)
        return strip.adjust_cell_length(width, style)


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
