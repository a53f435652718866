"""The dashboard's data, off the UI thread: loading (from the forked helper or by itself),
polling for other processes' writes, warming up, saving and flushing the journal.

Every result comes back to the screen as a message; no widget is touched from a thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from nettui.storage import clock
from nettui.storage.errors import NettuiError
from nettui.storage.repository import Repository
from nettui.storage.session import Session
from nettui.storage.views.dashboard import DashboardData, collect
from nettui.tui.startup.preload import Preload

POLL_SECONDS = 1.0
FLUSH_DELAY = 2.0  # seconds after the last save before the journal is written into the file
WARM_DELAY = 0.3  # seconds after the first data before building what the first action needs


class DataLoaded(Message):
    def __init__(self, data: DashboardData) -> None:
        self.data = data
        super().__init__()


class Said(NamedTuple):
    """What a job may return besides a notice: the person to select, and whether the save
    closed a plan (the dashboard then asks the debrief's question)."""

    notice: str
    person_id: str | None = None
    closed_plan: bool = False


class Saved(Message):
    def __init__(
        self,
        notice: str,
        person_id: str | None = None,
        changes: list[Any] | None = None,
        undone: bool = False,
        closed_plan: bool = False,
    ) -> None:
        self.notice = notice
        self.person_id = person_id
        self.changes = changes or []  # what the save changed, to undo it
        self.undone = undone  # this was an undo
        self.closed_plan = closed_plan
        super().__init__()


class SaveFailed(Message):
    def __init__(self, error: str, field: str | None = None) -> None:
        self.error = error
        self.field = field
        super().__init__()


Job = Callable[[Repository], object]  # a str it returns is the notice; a Said says more


class DataWorker:
    """Runs the dashboard's reads and writes in worker threads of ``screen``."""

    def __init__(self, screen: Screen[object], session: Session, preload: Preload | None) -> None:
        self.screen = screen
        self.session = session
        self.repo = session.repo
        self._preload = preload
        self.shown_version: str | None = None
        self._flush_timer: Timer | None = None
        self._warmed = False
        self.everyone = False  # Upcoming lists everyone due, not paced under the cap (w)

    def start(self) -> None:
        self.reload()
        self.screen.set_interval(POLL_SECONDS, self.poll)

    def _post(self, message: Message) -> None:
        self.screen.post_message(message)

    def _run(self, work: Callable[[], None], group: str, *, exclusive: bool = True) -> None:
        self.screen.run_worker(work, thread=True, exclusive=exclusive, group=group)

    # -- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        self._run(self._load, "load")

    def _load(self) -> None:
        preload, self._preload = self._preload, None
        if preload is not None:
            try:
                data = preload.result(self.session.version())
            except NettuiError as error:
                data = error
            if isinstance(data, NettuiError):
                self._post(SaveFailed(str(data)))
                return
            if data is not None:
                self._post(DataLoaded(data))
                return
        self._gather()

    def _gather(self) -> None:
        try:
            data = collect(self.repo, clock.today(), everyone=self.everyone)
        except NettuiError as error:
            self._post(SaveFailed(str(error)))
            return
        self._post(DataLoaded(data))

    def poll(self) -> None:
        self._run(self._poll, "poll")

    def _poll(self) -> None:
        """Pick up writes made by another process (a CLI `nettui log`, a second window)."""
        try:
            version = self.session.version()
        except NettuiError as error:
            self._post(SaveFailed(str(error)))
            return
        if self.shown_version is not None and version != self.shown_version:
            self._gather()

    def shown(self, data: DashboardData) -> None:
        """The screen now shows ``data``; the first time, warm up once the frame is out."""
        self.shown_version = data.version
        if not self._warmed:
            self._warmed = True
            self.screen.set_timer(WARM_DELAY, lambda: self._run(self._warm, "warm"))

    def _warm(self) -> None:
        try:
            self.session.warm()
        except NettuiError as error:
            self._post(SaveFailed(str(error)))

    # -- writing ----------------------------------------------------------------------------

    def save(self, job: Job, notice: str, person_id: str | None = None, field: str | None = None) -> None:
        """Run ``job`` off the UI thread; Saved is posted only once the change is fsynced,
        with what it changed, so that ``undo`` can put it back."""

        def work() -> None:
            try:
                with self.session.recording() as changes:
                    said = job(self.repo)
            except NettuiError as error:
                self._post(SaveFailed(str(error), getattr(error, "field", field)))
                return
            if not isinstance(said, Said):
                said = Said(said if isinstance(said, str) else notice, person_id)
            self._post(Saved(said.notice, said.person_id, changes, closed_plan=said.closed_plan))

        self._run(work, "save", exclusive=False)

    def undo(self, notice: str, changes: list[Any]) -> None:
        notice = _what(notice)

        def work() -> None:
            try:
                self.session.undo(changes)
            except NettuiError as error:
                self._post(SaveFailed(f"Could not undo {notice}: {error}"))
                return
            self._post(Saved(f"Undone: {notice}", undone=True))

        self._run(work, "save", exclusive=False)

    def saved(self) -> None:
        """After a save: show it, and write the journal into the file a moment later."""
        self.reload()
        if self._flush_timer is not None:
            self._flush_timer.stop()
        self._flush_timer = self.screen.set_timer(FLUSH_DELAY, lambda: self._run(self._flush, "flush"))

    def _flush(self) -> None:
        try:
            self.session.flush()
        except NettuiError as error:
            self._post(SaveFailed(str(error)))


_HINT = re.compile(r"\s*\((?:u undoes it|ctrl\+p [^)]*)\)")


def _what(notice: str) -> str:
    """What a save did, without the hints that came with it ("u undoes it", "; backups…")."""
    return _HINT.sub("", notice).split(";")[0].strip()
