"""The dashboard as users start it: a real `nettui` process in a pseudo-terminal, its data
gathered by the forked helper (or, with NETTUI_NO_PRELOAD, by the app itself)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pty
import select
import sys
import time
from pathlib import Path

import pytest

from nettui.storage.domain.models import Conversation
from nettui.storage.errors import NettuiError
from nettui.storage.repository import Repository
from nettui.storage.views.dashboard import collect, from_wire, to_wire
from nettui.tui.startup import preload
from tests.tui.conftest import TODAY

MARKERS = (b"Alan Turing", b"send the paper", b"listening")  # People, Upcoming, Strengths


def run_dashboard(db: Path, env: dict[str, str], wanted: tuple[bytes, ...], timeout: float = 30.0) -> bytes:
    """Start `nettui --db DB` in a pty, wait until every marker was drawn, quit with q."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child becomes nettui
        os.execvpe(
            sys.executable,
            [sys.executable, "-m", "nettui.tui", "--db", str(db)],
            {**env, "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "40"},
        )
    seen = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and not all(m in seen for m in wanted):
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
    finally:
        os.write(fd, b"q")
        end = time.monotonic() + 10
        while time.monotonic() < end and os.waitpid(pid, os.WNOHANG) == (0, 0):
            with contextlib.suppress(OSError):
                select.select([fd], [], [], 0.05)[0] and os.read(fd, 65536)
        else:
            with contextlib.suppress(ChildProcessError, ProcessLookupError):
                os.kill(pid, 9)
                os.waitpid(pid, 0)
        os.close(fd)
    return seen


@pytest.mark.parametrize("helper", [True, False], ids=["forked-helper", "in-app"])
def test_the_dashboard_starts_complete_in_a_terminal(seeded: Repository, helper: bool) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NETTUI_NO_PRELOAD"}
    if not helper:
        env["NETTUI_NO_PRELOAD"] = "1"
    seen = run_dashboard(seeded.path, env, MARKERS)
    missing = [m.decode() for m in MARKERS if m not in seen]
    assert not missing, f"never drawn: {missing}"


def current_version(path: Path) -> str:
    repo = Repository(path)
    repo.refresh()
    return repo.version


def test_helper_data_is_used_only_for_the_file_this_process_read(seeded: Repository) -> None:
    helper = preload.start(seeded.path, TODAY)
    assert helper is not None
    assert helper.result(current_version(seeded.path)) == collect(Repository(seeded.path), TODAY)

    helper = preload.start(seeded.path, TODAY)
    assert helper is not None
    read = current_version(seeded.path)
    assert helper.result(read) is not None  # the helper has read this version and finished
    other = Repository(seeded.path)  # another process writes
    other.log(Conversation(person=other.find("Linus").id, date=TODAY, channel="walk"))
    now = current_version(seeded.path)
    assert now != read
    assert helper.result(now) is None  # it read another version: the app gathers itself


def test_helper_reports_a_damaged_file_as_one_sentence(seeded: Repository) -> None:
    raw = seeded.path.read_bytes()
    start = raw.index(b"{", raw.index(b'"people": {\n') + 12)
    seeded.path.write_bytes(raw[:start] + b"#" + raw[start + 1 :])
    helper = preload.start(seeded.path, TODAY)
    assert helper is not None
    result = helper.result("")
    assert isinstance(result, NettuiError) and "is damaged" in str(result)


def test_a_helper_that_dies_leaves_the_app_to_gather(seeded: Repository) -> None:
    helper = preload.start(seeded.path, dt.date(2026, 11, 25))
    assert helper is not None
    helper.cancel()
    assert helper.result(current_version(seeded.path)) is None  # killed: no data, whatever the version


def test_the_wire_form_round_trips(seeded: Repository) -> None:
    data = collect(Repository(seeded.path), TODAY)
    assert from_wire(to_wire(data)) == data


@pytest.mark.parametrize(
    ("args", "opens"),
    [
        ([], "default"),
        (["--db", "x.json"], "x.json"),
        (["--db=x.json"], "x.json"),
        (["upcoming"], None),
        (["--db", "x.json", "log", "ada"], None),
        (["--help"], None),
        (["--db"], None),
    ],
)
def test_only_a_bare_nettui_forks_the_helper_early(
    args: list[str], opens: str | None, tmp_path: Path
) -> None:
    from nettui.storage.repository import default_path
    from nettui.tui.startup.entry import dashboard_database

    found = dashboard_database(args)
    expected = {"default": default_path(), "x.json": Path("x.json"), None: None}[opens]
    assert found == expected


def test_an_early_helper_serves_only_its_own_file(seeded: Repository, tmp_path: Path) -> None:
    preload.start_early(seeded.path)
    helper = preload.take(seeded.path, TODAY)
    assert helper is not None  # the early helper read our file: its data is ours
    assert helper.result(current_version(seeded.path)) == collect(Repository(seeded.path), TODAY)
    preload.start_early(tmp_path / "other.json")
    helper = preload.take(seeded.path, TODAY)  # the early one is stopped, a new one started
    assert helper is not None
    assert helper.result(current_version(seeded.path)) == collect(Repository(seeded.path), TODAY)
