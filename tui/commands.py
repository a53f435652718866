"""nettui's own commands in the command palette (ctrl+p)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from nettui.tui.text import markup, shown

if TYPE_CHECKING:
    from nettui.tui.screens.dashboard import DashboardScreen

ACTIONS = (
    ("Log a conversation", "log", "Log a conversation with the highlighted person"),
    ("Add a person", "add", "Add someone to your network"),
    ("Edit person", "edit", "Edit the highlighted person"),
    ("Plan a conversation", "plan", "Plan a 1:1 with the highlighted person"),
    ("Write a reflection", "reflect", "Note what gave or took energy"),
    ("Filter people", "filter", "Filter the people list as you type"),
    ("Delete person", "delete", "Delete the highlighted person (asks first)"),
    ("Forget person", "forget", "Remove every trace of the highlighted person, backups too"),
    ("Undo", "undo", "Undo the last change made here (u), several steps back"),
    ("Snooze person", "snooze", "Not due until a day you choose (z)"),
    ("Archive person", "archive", "Stop keeping in touch: hidden, kept in the file (A)"),
    ("Unarchive a person", "unarchive", "Keep in touch again with someone archived"),
    ("Merge with another person", "merge", "Two records of one person become one (m)"),
    ("Order the list", "order", "By name, by due (most overdue first), by last talked (o)"),
    ("Only people with a cadence", "cadence", "The people you keep in touch with, or everyone (t)"),
    ("Import…", "import", "Bring people in from LinkedIn, Google Contacts or vCard"),
    ("Export…", "export", "Write a vCard folder, an iCalendar file or JSON"),
    ("Communities", "communities", "Communities by spill-over, members, introductions (c)"),
    ("My strengths and pitch", "strengths", "My strengths, my pitch and my weekly cap (s)"),
    ("Ask for an introduction", "ask_intro", "Ask the highlighted person to introduce you (i)"),
    ("Reflections", "reflections", "Every reflection, in full"),
    ("Everyone due", "everyone", "Upcoming: everyone due, or paced under the weekly cap (w)"),
    ("Brief", "brief", "What to bring to a conversation with the highlighted person"),
    ("Sync with my other machines", "sync", "Commit, fetch, merge and push the database through git"),
    ("Merge conflict copies", "merge_copies", "Take in copies Syncthing or Dropbox left beside the database"),
)
MAX_PEOPLE_HITS = 20


class Palette(CommandPalette):
    """Textual's command palette, safe against keys faster than it: typing and enter queue
    messages, the search runs in a worker, and an escape handled before them closes the
    palette first. Textual would then start a search in a palette already gone, fill a list
    already removed or close the dashboard under it (crashes). Each of those steps is dropped
    once the palette is closed."""

    @property
    def _dismissed(self) -> bool:
        return self.app.screen is not self

    def _gather_commands(self, search_value: str) -> Any:
        return None if self._dismissed else super()._gather_commands(search_value)

    def _refresh_command_list(self, *args: Any, **kwargs: Any) -> None:
        if not self._dismissed:
            super()._refresh_command_list(*args, **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        if not self._dismissed:
            super()._start_no_matches_countdown(search_value)

    def _watch__list_visible(self) -> None:
        if not self._dismissed:
            super()._watch__list_visible()

    async def _watch__show_busy(self) -> None:
        if not self._dismissed:
            await super()._watch__show_busy()

    def _select_or_command(self, event: Any = None) -> None:
        if not self._dismissed:
            super()._select_or_command(event)


class NettuiCommands(Provider):
    """Dashboard actions, and "Open NAME" for every person."""

    def _dashboard(self) -> DashboardScreen | None:
        from nettui.tui.screens.dashboard import DashboardScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, DashboardScreen):
                return screen
        return None

    async def discover(self) -> Hits:
        dashboard = self._dashboard()
        if dashboard is None:
            return
        for title, action, help_text in ACTIONS:
            yield DiscoveryHit(title, partial(dashboard.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        dashboard = self._dashboard()
        if dashboard is None:
            return
        matcher = self.matcher(query)
        actions = [(title, partial(dashboard.run_action, action), text) for title, action, text in ACTIONS]
        people = (
            (
                f"Open {shown(p.name, one_line=True)}",
                partial(dashboard.open_person, p),
                markup(p.company_role),
            )
            for p in dashboard.repo.people()
        )
        for candidates, limit in ((actions, len(actions)), (people, MAX_PEOPLE_HITS)):
            hits = 0
            for title, command, help_text in candidates:
                score = matcher.match(title)
                if score > 0:
                    yield Hit(score, _highlight(matcher, title), command, help=help_text)
                    hits += 1
                    if hits >= limit:
                        break


def _highlight(matcher: Matcher, title: str) -> Content:
    """The title as plain text (a name is never markup) with the matched letters styled:
    ``Matcher.highlight`` would read the title as markup."""
    content = Content(title)
    score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    if not score:
        return content
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
