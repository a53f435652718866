"""The dashboard's side of syncing: the palette's Sync (git), conflict copies named at start
and merged from the palette. Mixed into the DashboardScreen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nettui.storage.repository import Repository
from nettui.storage.sync.copies import conflict_copies
from nettui.tui.screens.dashboard_data import Said
from nettui.tui.startup.entry import driver_command

if TYPE_CHECKING:
    from nettui.tui.screens.dashboard_data import Job


class SyncActions:
    if TYPE_CHECKING:  # what the screen provides
        repo: Repository

        def run_job(self, job: Job, notice: str, person_id: str | None = None) -> None: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...

    def name_conflict_copies(self) -> None:
        """At start: a conflict copy beside the database (Syncthing, Dropbox) is named."""
        copies = conflict_copies(self.repo.path)
        if copies:
            names = ", ".join(copy.name for copy in copies)
            self.notify(
                f"A conflict copy of the database is beside it ({names}): the palette's "
                "“Merge conflict copies” takes it in (in a terminal: nettui sync merge FILE).",
                severity="warning",
                timeout=15,
            )

    def action_merge_copies(self) -> None:
        from nettui.storage.sync.copies import merge_copy

        def job(repo: Repository) -> Said:
            copies = conflict_copies(repo.path)
            if not copies:
                return Said("There is no conflict copy beside the database.", None)
            return Said("\n".join(line for copy in copies for line in merge_copy(repo, copy).lines()), None)

        self.run_job(job, "Merged")

    def action_sync(self) -> None:
        """Commit, fetch, merge and push through git: the journal is written into the file
        first, and the dashboard reloads what came in."""
        from nettui.storage.sync.machines import sync

        def job(repo: Repository) -> Said:
            return Said("\n".join(sync(repo, driver_command()).lines()), None)

        self.notify("Syncing with the other machines…", timeout=3)
        self.run_job(job, "Synced")
