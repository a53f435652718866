"""Real processes under fault: SIGKILL mid-write, writers side by side, damaged files, forget."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nettui.storage.domain.models import Person
from nettui.storage.domain.names import resolve
from nettui.storage.engine import backups as backups_module
from nettui.storage.engine import files as files_module
from nettui.storage.engine import reading as reading_module
from nettui.storage.errors import DatabaseError, NotFoundError
from nettui.storage.maintenance.demo import fill
from nettui.storage.repository import Repository
from tests.conftest import TODAY, Cli
from tests.tui.conftest import SIZE

KILLS = int(os.environ.get("NETTUI_KILLS", "100"))
WRITER = Path(__file__).with_name("writer.py")


@pytest.mark.parametrize("mode", ["file", "journal"])
def test_sigkill_mid_write_never_loses_an_acknowledged_write(db_path: Path, mode: str) -> None:
    repo = Repository(db_path)
    fill(repo, 200, 3000, 3, TODAY)
    acknowledged: set[str] = set()
    rng = random.Random(5)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(db_path), mode], stdout=subprocess.PIPE, text=True, env=env
        )
        assert proc.stdout is not None
        proc.stdout.readline()  # started and saved once
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        acknowledged.update(line for line in out.split() if line)
        stored = {c.id for c in Repository(db_path).conversations()}  # the file always loads
        missing = acknowledged - stored
        assert not missing, f"{len(missing)} acknowledged writes lost"
    assert len(acknowledged) >= KILLS


async def test_two_cli_writers_while_the_dashboard_is_open(db_path: Path) -> None:
    """Two `nettui log` processes write 200 conversations each; the open dashboard shows all."""
    from nettui.tui.app import NettuiApp
    from nettui.tui.screens.person import PersonScreen
    from nettui.tui.widgets.people_list import PeopleList
    from tests.tui.conftest import screen_text, settle

    Cli(db_path).ok("add", "Ada Lovelace")
    Cli(db_path).ok("add", "Alan Turing")
    script = (
        "import sys\n"
        "from nettui.tui.cli import main\n"
        "for n in range(200):\n"
        "    main(['--db', sys.argv[1], 'log', sys.argv[2], '--note', f'{sys.argv[2]} {n}'], standalone_mode=False)\n"
    )
    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        procs = [
            subprocess.Popen([sys.executable, "-c", script, str(db_path), who]) for who in ("Ada", "Alan")
        ]
        while any(p.poll() is None for p in procs):
            await pilot.pause(0.1)
        assert all(p.returncode == 0 for p in procs)
        for _ in range(40):
            await pilot.pause(0.1)
            await settle(pilot)
            if all(r.last_talked == "today" for r in app.screen.query_one(PeopleList).rows):
                break
        assert [r.last_talked for r in app.screen.query_one(PeopleList).rows] == ["today", "today"]
        await pilot.press("enter")
        assert isinstance(app.screen, PersonScreen)
        assert "Conversations (200)" in screen_text(app)
    assert len(Repository(db_path).conversations()) == 400


def test_read_only_folder(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.add_person(Person(name="Ada"))
    before = repo.path.read_bytes()

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files_module.tempfile, "mkstemp", denied)
    with pytest.raises(DatabaseError, match=f"Could not (save|back up) {repo.path}: permission denied"):
        repo.add_person(Person(name="Alan"))
    assert repo.path.read_bytes() == before


def test_full_disk(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.add_person(Person(name="Ada"))
    before = repo.path.read_bytes()
    real_writev = os.writev

    def full(fd: int, pieces: list[memoryview]) -> int:
        """The disk fills after 100 bytes: a short write first, then ENOSPC."""
        if sum(len(p) for p in pieces) > 100:
            if os.fstat(fd).st_size == 0:
                return real_writev(fd, [pieces[0][:100]])
            raise OSError(28, "No space left on device")
        return real_writev(fd, pieces)

    monkeypatch.setattr(files_module.os, "writev", full)
    with pytest.raises(DatabaseError, match="no space left on the device"):
        repo.add_person(Person(name="Alan" * 50))
    monkeypatch.undo()
    assert repo.path.read_bytes() == before
    assert [p.name for p in repo.people()] == ["Ada"]


def test_cli_full_disk_is_one_sentence(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli.ok("add", "Ada")
    before = cli.path.read_bytes()

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files_module.os, "replace", full)
    result = cli("log", "ada")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert f"{cli.path}: no space left on the device." in result.stderr
    assert cli.path.read_bytes() == before


def test_database_that_is_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "db.json"
    folder.mkdir()
    result = Cli(folder)("people")
    assert result.exit_code == 1 and "is a directory" in result.stderr


def test_wrong_shape_and_newer_schema(cli: Cli) -> None:
    for content, message in (
        (b'{"people": [1, 2]}', "not a nettui database"),
        (b'{"meta": {"1": {"schema_version": 7}}}', "newer nettui"),
    ):
        cli.path.write_bytes(content)
        result = cli("add", "Bob")
        assert result.exit_code == 1 and message in result.stderr and str(cli.path) in result.stderr
        assert cli.path.read_bytes() == content


def test_doctor_lists_backups_and_restores_the_newest_good_one(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backups_module, "INTERVAL", 0.0)
    for name in ("Ada", "Alan", "Grace"):
        cli.ok("add", name)
    out = cli.ok("doctor")
    assert "is healthy: 3 people" in out and "Backups in" in out and "ok  2 people" in out
    cli.path.write_bytes(b'{"people": {"1": ')
    result = cli("doctor")
    assert result.exit_code == 1 and "is damaged" in result.stdout and "doctor --restore" in result.stderr
    restored = cli.ok("doctor", "--restore")
    assert "Saved the current file aside" in restored and "(2 people)" in restored
    assert [p["name"] for p in json.loads(cli.ok("people", "--json"))] == ["Ada", "Alan"]
    aside = list(cli.path.parent.glob("nettui.json.damaged-*"))
    assert aside and aside[0].read_bytes() == b'{"people": {"1": '


def test_forget_removes_every_trace_including_backups(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backups_module, "INTERVAL", 0.0)
    cli.ok("add", "Ada Lovelace", "--email", "ada@secret.org")
    cli.ok("add", "Alan Turing", "--introduced-by", "ada")
    cli.ok("log", "ada", "--note", "private chat", "--follow-up", "send secret")
    cli.ok("log", "alan", "--channel", "meal", "--with", "ada", "--note", "dinner")
    cli.ok("intro", "ask", "ada", "--for", "a CTO")
    cli.ok("plan", "ada", "fri")
    refused = cli("forget", "ada", input="n\n")
    assert refused.exit_code == 1 and "Nothing was forgotten." in refused.stderr
    out = cli.ok("forget", "ada", "--yes")
    assert "Forgot Ada Lovelace" in out
    files = [cli.path, *(cli.path.parent / "nettui.json.backups").glob("*.json")]
    assert len(files) > 3
    for file in files:
        text = file.read_text()
        for secret in ("Ada Lovelace", "ada@secret.org", "private chat", "send secret", "a CTO"):
            assert secret not in text, (file, secret)
    alan = json.loads(cli.ok("show", "alan", "--json"))
    assert alan["introduced_by"] is None and [c["note"] for c in alan["conversations"]] == ["dinner"]


def test_nothing_touches_the_network(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("nettui tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    cli.ok("demo", "--people", "10", "--conversations", "30")
    for args in (["upcoming"], ["people", "--json"], ["insights"], ["export", "vcard", str(tmp_path / "v")],
                 ["export", "ics", str(tmp_path / "c.ics")], ["doctor"]):  # fmt: skip
        cli.ok(*args)


def test_no_shell_is_ever_run() -> None:
    """Only git is ever run (syncing), from one module, with argument lists: never a shell."""
    root = Path(__file__).parents[1]
    runs_git = root / "storage" / "sync" / "git.py"
    sources = [*root.joinpath("storage").rglob("*.py"), *root.joinpath("tui").rglob("*.py")]
    for source in sources:
        text = source.read_text()
        for call in (
            "os.system",
            "os.popen",
            "shell=True",
            "Popen",
            "pty.spawn",
            *(("subprocess",) if source != runs_git else ()),
        ):
            assert call not in text, (source, call)
    text = runs_git.read_text()
    assert text.count("subprocess.run(") == 2 and text.count('["git", ') == 2


@given(st.text(max_size=30))
def test_name_resolution_fuzz(query: str) -> None:
    pool = [Person(name=n) for n in ("Ada Lovelace", "Ada Byron", "Alan Turing", "Ünal Çelik", "李 小龙")]
    with contextlib.suppress(NotFoundError):
        assert resolve(query, pool) in pool


def test_a_damaged_record_in_a_large_table_is_one_sentence(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading_module, "EAGER_CHECK_LIMIT", 1)
    cli = Cli(db_path)
    cli.ok("add", "Ada")
    cli.ok("log", "ada")
    cli.ok("log", "ada")
    data = json.loads(db_path.read_text())
    data["conversations"]["2"] = [1, 2]
    db_path.write_text(json.dumps(data))
    before = db_path.read_bytes()
    for args in (["insights"], ["show", "ada"], ["forget", "ada", "--yes"]):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert "not a nettui database" in result.stderr and result.stderr.count("\n") == 1
    assert db_path.read_bytes() == before
    assert cli("doctor").exit_code == 1
