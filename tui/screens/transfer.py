"""Import… and Export… from the command palette: a path, a preview of the counts, progress."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, ProgressBar, Select, Static

from nettui.storage import clock
from nettui.storage.errors import NettuiError
from nettui.storage.formats.merge import ImportPlan, apply, plan
from nettui.storage.repository import Repository
from nettui.tui.screens.form import Dialog, buttons, row
from nettui.tui.text import markup
from nettui.tui.widgets.text_input import TextInput

IMPORT_KINDS = [
    ("LinkedIn Connections.csv", "linkedin"),
    ("Google Contacts CSV", "google"),
    ("vCard file or folder", "vcard"),
]
EXPORT_KINDS = [
    ("vCard folder (khard, vdirsyncer)", "vcard"),
    ("iCalendar file (.ics)", "ics"),
    ("JSON file", "json"),
]


class ImportDialog(Dialog):
    """Pick a format and a path, preview what would change, then import with a progress bar.

    Dismisses with the notice to show, or None when cancelled.
    """

    def __init__(self, repo: Repository) -> None:
        super().__init__()
        self.repo = repo
        self.preview: ImportPlan | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Import people", classes="dialog-title")
            with Vertical(classes="form"):
                kinds = Select(
                    IMPORT_KINDS, id="import-kind", allow_blank=False, value="linkedin", compact=True
                )
                yield row("Format", kinds, required=True)
                path = TextInput(id="import-path", placeholder="~/Downloads/Connections.csv", compact=True)
                yield row("Path", path, required=True)
            yield Static("", id="import-preview")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield from buttons(
                ("preview", "Preview (enter)", "default"), ("ok", "Import (ctrl+s)", "primary"),
                ("no", "Cancel (esc)", "default"),
            )  # fmt: skip
            yield self.status()

    def on_mount(self) -> None:
        self.query_one("#ok", Button).disabled = True
        self.query_one("#import-progress").display = False
        self.query_one("#import-path", Input).focus()

    def _request(self) -> tuple[str, Path]:
        kind = str(self.query_one("#import-kind", Select).value)
        return kind, Path(self.query_one("#import-path", Input).value.strip()).expanduser()

    def on_input_submitted(self) -> None:
        self.run_preview()

    def on_select_changed(self) -> None:
        self.preview = None
        self.query_one("#ok", Button).disabled = True

    def on_input_changed(self) -> None:
        self.on_select_changed()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "preview":
            self.run_preview()
        else:
            super().on_button_pressed(event)

    def run_preview(self) -> None:
        """Read the file and show what importing it would do (off the UI thread)."""
        if not self.query_one("#import-path", Input).value.strip():
            self.fail("import-path", "Give the path of the file to import.")
            return
        self._preview(*self._request())

    @work(thread=True, exclusive=True, group="import-preview")
    def _preview(self, kind: str, path: Path) -> None:
        try:
            result = plan(self.repo, kind, path, clock.today())
        except NettuiError as error:
            self.app.call_from_thread(self.fail, "import-path", str(error))
            return
        self.app.call_from_thread(self._show_preview, result)

    def _show_preview(self, result: ImportPlan) -> None:
        self.preview = result
        lines = [f"[b]Would import:[/] {markup(result.summary())}"]
        lines += [f"[$text-error]{markup(problem, one_line=True)}[/]" for problem in result.problems[:5]]
        if len(result.problems) > 5:
            lines.append(f"… and {len(result.problems) - 5} more problems")
        if result.problems:
            lines.append("Bad rows are skipped; the good ones are imported.")
        self.query_one("#import-preview", Static).update("\n".join(lines))
        self.query_one(".dialog-status", Static).update("")
        self.query_one("#ok", Button).disabled = False

    def action_submit(self) -> None:
        if self.preview is None:
            self.run_preview()
            return
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=max(1, len(self.preview.new) + len(self.preview.updated)), progress=0)
        self.query_one("#ok", Button).disabled = True
        self.run_import(self.preview, bar)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, result: ImportPlan, bar: ProgressBar) -> None:
        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=max(1, total), progress=done)

        try:
            apply(self.repo, result, progress)
        except NettuiError as error:
            self.app.call_from_thread(self.fail, "import-path", str(error))
            return
        self.app.call_from_thread(self.dismiss, f"Imported {result.path.name}: {result.summary()}")


class ExportDialog(Dialog):
    """Pick a format and a path; dismisses with the notice to show, or None."""

    def __init__(self, repo: Repository) -> None:
        super().__init__()
        self.repo = repo

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Export", classes="dialog-title")
            with Vertical(classes="form"):
                kinds = Select(EXPORT_KINDS, id="export-kind", allow_blank=False, value="vcard", compact=True)
                yield row("Format", kinds, required=True)
                yield row(
                    "Path",
                    TextInput(id="export-path", placeholder="~/contacts/nettui", compact=True),
                    required=True,
                )
            yield from buttons(("ok", "Export (ctrl+s)", "primary"), ("no", "Cancel (esc)", "default"))
            yield self.status()

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        if not self.query_one("#export-path", Input).value.strip():
            self.fail("export-path", "Give a path to export to.")
            return
        self.run_export()

    @work(thread=True, exclusive=True, group="export")
    def run_export(self) -> None:
        from nettui.storage.formats.exporting import export

        kind = str(self.query_one("#export-kind", Select).value)
        path = Path(self.query_one("#export-path", Input).value.strip()).expanduser()
        try:
            notice = export(self.repo, kind, path)
        except NettuiError as error:
            self.app.call_from_thread(self.fail, "export-path", str(error))
            return
        self.app.call_from_thread(self.dismiss, notice)
