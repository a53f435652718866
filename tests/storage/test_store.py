"""The durable store: atomic writes, reload, locking, backups, permissions, damaged files."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import threading
from pathlib import Path

import orjson
import pytest

from nettui.storage.domain.models import Person
from nettui.storage.engine import Database
from nettui.storage.engine import backups as backups_module
from nettui.storage.engine import files as files_module
from nettui.storage.engine.reading import SCHEMA_VERSION, parse_whole
from nettui.storage.errors import DatabaseError
from nettui.storage.repository import Repository
from tests.conftest import canonical


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_first_write_creates_a_private_file_with_a_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "new" / "nettui.json"
    Repository(path).add_person(Person(name="Ada Lovelace"))
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    data = json.loads(path.read_text())
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    [doc] = data["people"].values()
    assert doc["name"] == "Ada Lovelace"
    assert len(doc["id"]) == 36  # a UUID, not TinyDB's doc id


def test_file_is_stable_one_record_per_line(repo: Repository) -> None:
    repo.add_person(Person(name="Ada"))
    repo.add_person(Person(name="Alan"))
    text = repo.path.read_text()
    assert text == canonical(text.encode()).decode()
    lines = [line for line in text.splitlines() if '"name":' in line]
    assert len(lines) == 2
    assert all(json.loads(line.split(": ", 1)[1].rstrip(",")) for line in lines)


def test_a_failed_write_leaves_file_and_memory_as_they_were(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.add_person(Person(name="Ada"))
    before = repo.path.read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files_module.os, "replace", full_disk)
    with pytest.raises(DatabaseError, match="no space left"):
        repo.add_person(Person(name="Alan"))
    monkeypatch.undo()
    assert repo.path.read_bytes() == before
    assert [p.name for p in repo.people()] == ["Ada"]
    assert not list(repo.path.parent.glob(".*.tmp"))


def test_reload_picks_up_another_writer(db_path: Path) -> None:
    first, second = Repository(db_path), Repository(db_path)
    first.add_person(Person(name="Ada"))
    assert [p.name for p in second.people()] == ["Ada"]
    second.add_person(Person(name="Alan"))
    assert [p.name for p in first.people()] == ["Ada", "Alan"]
    first.add_person(Person(name="Grace"))  # must not overwrite Alan
    assert [p.name for p in Repository(db_path).people()] == ["Ada", "Alan", "Grace"]


def test_threads_writing_at_once_lose_nothing(db_path: Path) -> None:
    repos = [Repository(db_path) for _ in range(4)]

    def write(index: int) -> None:
        for n in range(10):
            repos[index].add_person(Person(name=f"P{index}-{n}"))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(Repository(db_path).people()) == 40


def test_processes_writing_at_once_lose_nothing(db_path: Path) -> None:
    Repository(db_path).add_person(Person(name="Ada Lovelace"))
    script = (
        "import sys\n"
        "from nettui.storage.repository import Repository\n"
        "from nettui.storage.domain.models import Conversation\n"
        "repo = Repository(sys.argv[1])\n"
        "ada = repo.find('Ada')\n"
        "import datetime\n"
        "for n in range(15):\n"
        "    note = sys.argv[2] + str(n)\n"
        "    repo.log(Conversation(person=ada.id, date=datetime.date(2026, 1, 1), note=note))\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(db_path), tag]) for tag in ("a", "b", "c")]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    notes = {c.note for c in Repository(db_path).conversations()}
    assert len(notes) == 45


def test_backups_rotate_and_are_private(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backups_module, "INTERVAL", 0.0)
    monkeypatch.setattr(backups_module, "KEPT", 3)
    for n in range(6):
        repo.add_person(Person(name=f"P{n}"))
    backups = repo.db.backups()
    assert len(backups) == 3
    assert len(list(repo.db.backups_folder.glob("nettui-*.json"))) == 3  # the older ones are gone
    assert all(mode(b.path) == 0o600 for b in backups)
    assert mode(repo.db.backups_folder) == 0o700
    newest = json.loads(backups[0].path.read_text())
    assert len(newest["people"]) == 5  # the state before the last write


def test_stale_temp_files_are_removed(repo: Repository) -> None:
    repo.add_person(Person(name="Ada"))
    stale = repo.path.parent / f".{repo.path.name}.abc.tmp"
    stale.write_text("half a write")
    Repository(repo.path).add_person(Person(name="Alan"))  # at once: no writer can be using it
    assert not stale.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b'{"people": {"1": {"name": "Ada"', "damaged"),
        (b"\x00\xffgarbage", "damaged"),
        (b"[1, 2, 3]", "not a nettui database"),
        (b'{"people": 5}', "not a nettui database"),
        (b'{"meta": {"1": {"schema_version": 99}}}', "newer nettui"),
    ],
)
def test_damaged_files_are_refused_and_left_alone(db_path: Path, content: bytes, message: str) -> None:
    db_path.write_bytes(content)
    repo = Repository(db_path)
    with pytest.raises(DatabaseError, match=message):
        repo.people()
    with pytest.raises(DatabaseError, match=message):
        repo.add_person(Person(name="Ada"))
    assert db_path.read_bytes() == content


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a directory"):
        Repository(tmp_path).people()


def test_plain_tinydb_file_is_migrated_after_a_backup(db_path: Path) -> None:
    db_path.write_text('{"people": {"1": {"id": "x1", "name": "Ada"}}}')
    repo = Repository(db_path)
    assert [p.name for p in repo.people()] == ["Ada"]
    repo.add_person(Person(name="Alan"))
    assert json.loads(db_path.read_text())["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    [backup] = repo.db.backups()
    assert "meta" not in json.loads(backup.path.read_text())


def test_parse_keeps_the_collector_enabled_afterwards() -> None:
    import gc

    parse_whole(orjson.dumps({"people": {}}), Path("x"))
    assert gc.isenabled()


def test_writes_need_a_transaction(tmp_path: Path) -> None:
    database = Database(tmp_path / "x.json")
    with pytest.raises(RuntimeError, match=r"inside Database\.transaction"):
        database.tinydb.table("people").insert({"id": "1", "name": "Ada"})
    assert not database.path.exists()


def test_documents_leave_out_empty_fields_and_updates_replace_them(repo: Repository) -> None:
    ada = repo.add_person(Person(name="Ada", company="Engines", every="4w"))
    [doc] = json.loads(repo.path.read_text())["people"].values()
    assert set(doc) == {"id", "name", "company", "every", "created"}
    ada.company, ada.every = "", None
    repo.save_person(ada)
    [doc] = json.loads(repo.path.read_text())["people"].values()
    assert "company" not in doc and "every" not in doc
    fresh = Repository(repo.path).person(ada.id)
    assert fresh.company == "" and fresh.every is None and fresh.emails == []
