"""The nettui Textual app: one dashboard screen over a repository."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.notifications import SeverityLevel

from nettui.storage.repository import Repository
from nettui.storage.session import Session
from nettui.tui import preferences
from nettui.tui.commands import NettuiCommands, Palette
from nettui.tui.readable import readable_variables
from nettui.tui.screens.dashboard import DashboardScreen
from nettui.tui.screens.help import HelpScreen
from nettui.tui.startup.preload import Preload
from nettui.tui.text import shown


class NettuiApp(App[None]):
    CSS_PATH = "app.tcss"
    hold_notices = False  # snapshots set it: a notice stays until the picture is taken
    TITLE = "nettui"
    COMMANDS = App.COMMANDS | {NettuiCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Palette", id="app.palette"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="app.interrupt"),
    ]

    def __init__(self, repo: Repository, preload: Preload | None = None) -> None:
        super().__init__()
        self.repo = repo
        self.session = Session(repo)  # quick saves while the dashboard is open
        self.preload = preload
        self.sub_title = str(repo.path)

    def on_mount(self) -> None:
        theme = preferences.load().get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme  # as chosen last time on this machine

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted:
            self.run_worker(lambda: preferences.save(theme=theme), thread=True, group="preferences")

    def format_title(self, title: str, sub_title: str) -> Content:
        """The title, and the database path in the theme's muted text (not dim: readable)."""
        if not sub_title:
            return Content(shown(title, one_line=True))
        muted = "$text-muted"
        return Content.assemble(
            shown(title, one_line=True), (" — ", muted), (shown(sub_title, one_line=True), muted)
        )

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, with its text colours made readable (``tui/readable.py``)."""
        variables = super().get_css_variables()
        ansi = self.current_theme.name.startswith("ansi")
        variables = {**variables, **readable_variables(variables, ansi=ansi)}
        self.theme_variables = variables
        return variables

    def get_default_screen(self) -> DashboardScreen:
        return DashboardScreen(self.session, self.preload)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notice is plain text (names and file names in it are never markup), with
        control characters shown: ``markup`` is ignored, since a screen's or widget's
        ``notify`` asks for markup by default."""
        del markup
        if self.hold_notices:
            timeout = 3600.0
        super().notify(shown(message), title=shown(title), severity=severity, timeout=timeout, markup=False)

    def action_command_palette(self) -> None:
        if not Palette.is_open(self):
            self.push_screen(Palette(id="--command-palette"))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def run(repo: Repository, preload: Preload | None = None) -> int:
    """Run the dashboard; its exit status (non-zero after a crash, once saves are written)."""
    app = NettuiApp(repo, preload)
    try:
        app.run()
    finally:
        app.session.close()
    return app.return_code or 0
