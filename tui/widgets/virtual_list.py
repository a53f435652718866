"""A list that draws only its visible rows (the line API), so 10,000 rows cost nothing.

Subclasses say how many rows there are and how to draw one; the cursor, keys, scrolling and
mouse are shared.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from nettui.storage.domain.text import printable


def fit(text: str, width: int) -> str:
    """Pad or cut ``text`` to exactly ``width`` cells, with an ellipsis when cut; control
    characters in it are shown, never sent to the terminal."""
    if width <= 0:
        return ""
    text = printable(text, one_line=True)
    if cell_len(text) > width:
        return set_cell_size(text[: width + 4], width - 1) + "…"
    return set_cell_size(text, width)


class VirtualList(ScrollView, can_focus=True):
    """Cursor movement and scrolling over ``row_count`` rows drawn by ``render_row``."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
    ]
    DEFAULT_CSS = """
    VirtualList {
        height: 1fr;
        overflow-x: hidden;
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def render_row(self, index: int, width: int, selected: bool) -> Strip:
        raise NotImplementedError

    def on_cursor_moved(self) -> None:
        """Hook: the highlighted row changed."""

    def on_row_chosen(self, index: int) -> None:
        """Hook: a row was double-clicked."""

    def rows_changed(self, cursor: int = 0) -> None:
        """Call after the rows changed: resizes the scroll area and places the cursor.

        Assigning ``virtual_size`` lays out the whole screen again (~7 ms a keystroke while
        filtering 10,000 rows); unless the scrollbar appears or goes, only the scroll range
        and the scrollbar change, so they are updated without a layout.
        """
        size = Size(0, self.row_count)
        height = self.scrollable_content_region.height
        if self.is_mounted and height and (size.height > height) == (self.virtual_size.height > height):
            self.set_reactive(VirtualList.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size
        self.cursor = cursor
        self.refresh()

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.row_count - 1)) if self.row_count else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to(y=self._scroll_target(new), animate=False, immediate=True)
        self.refresh()
        self.on_cursor_moved()

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
        self.cursor = self.row_count - 1

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self.row_count:
            if index == self.cursor and event.chain > 1:
                self.on_row_chosen(index)
            self.cursor = index

    def on_resize(self, event: events.Resize) -> None:
        """Smaller (the log form opened under the list) or larger: the cursor stays in view."""
        self.virtual_size = Size(0, self.row_count)
        self.scroll_to(y=self._scroll_target(self.cursor), animate=False, immediate=True)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= self.row_count:
            return Strip.blank(width, self.rich_style)
        return self.render_row(index, width, index == self.cursor).adjust_cell_length(width, self.rich_style)
