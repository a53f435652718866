"""`forget` means every trace: the database, its journal and rollups, every backup (a damaged
one is removed, and it says so), copies set aside by `doctor --restore`, temp files left by a
killed writer, and someone deleted earlier; exports it cannot reach are named."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from nettui.storage.domain.models import Conversation, Person
from nettui.storage.engine import backups as backups_module
from nettui.storage.repository import Repository
from nettui.storage.session import Session
from tests.conftest import TODAY, Cli

SECRET = "Zanzibar-secret-7"


def traces(folder: Path, *needles: str) -> list[Path]:
    """Every file under ``folder`` whose bytes hold any needle."""
    found = []
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            data = path.read_bytes()
            if any(n.encode() in data for n in needles):
                found.append(path)
    return found


def only_a_tombstone(path: Path, person_id: str) -> bool:
    """The forgotten person's id is left in one place only: the tombstone (ids, no personal
    data), which keeps an undo or a merge from bringing them back; no other file has it."""
    stored = Repository(path).stored()
    elsewhere = {name: table for name, table in stored.items() if name not in ("forgotten", "meta")}
    others = [p for p in traces(path.parent, person_id) if p != path]
    return (
        [d["id"] for d in stored["forgotten"].values()] == [person_id]
        and person_id not in json.dumps(elsewhere)
        and others == []
    )


@pytest.fixture
def eve(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Repository, Person]:
    monkeypatch.setattr(backups_module, "INTERVAL", 0.0)
    db_path.parent.joinpath("db").mkdir(mode=0o700)
    repo = Repository(db_path.parent / "db" / "nettui.json")
    eve = repo.add_person(Person(name="Eve Example", notes=SECRET, emails=["eve@example.com"]))
    ada = repo.add_person(Person(name="Ada"))
    repo.log(Conversation(person=eve.id, date=TODAY - dt.timedelta(days=2), channel="call", note=SECRET))
    repo.log(Conversation(person=ada.id, date=TODAY, channel="event", with_=[eve.id], note="group"))
    repo.add_person(Person(name="Grace"))  # one more write: Eve is in several backups by now
    return repo, eve


def test_forget_leaves_no_trace_anywhere(eve: tuple[Repository, Person], tmp_path: Path) -> None:
    repo, person = eve
    folder = repo.path.parent
    cli = Cli(repo.path)
    cli.ok("export", "json", str(tmp_path / "export.json"))
    damaged = repo.db.backups()[-1].path
    damaged.write_bytes(damaged.read_bytes()[:200])  # a backup too damaged to scrub
    aside = folder / f"{repo.path.name}.damaged-20261101T000000"
    aside.write_bytes(repo.path.read_bytes())  # as `doctor --restore` sets a file aside
    (folder / f".{repo.path.name}.abc123.tmp").write_text(f"half a write {SECRET}")  # a killed writer
    dashboard = Repository(repo.path)
    Session(dashboard)
    dashboard.log(Conversation(person=person.id, date=TODAY, channel="walk", note=SECRET))  # journaled
    assert traces(folder, SECRET)
    out = cli.ok("forget", "Eve", "--yes")
    assert "Removed 1 damaged backups" in out and str(tmp_path / "export.json") in out
    assert traces(folder, SECRET, "eve@example.com", "Eve Example") == []
    assert only_a_tombstone(repo.path, person.id)
    assert not damaged.exists()
    stored = Repository(repo.path)
    assert [p.name for p in stored.people()] == ["Ada", "Grace"]
    [group] = stored.conversations()
    assert group.note == "group" and group.with_ == []


def test_someone_deleted_earlier_can_still_be_forgotten(eve: tuple[Repository, Person]) -> None:
    repo, person = eve
    repo.delete_person(person.id)  # `d` in the dashboard: the backups still hold her
    assert traces(repo.db.backups_folder, SECRET)
    cli = Cli(repo.path)
    out = cli.ok("forget", "Eve Example", "--yes")
    assert "Forgot Eve Example" in out
    assert traces(repo.path.parent, SECRET) == [] and only_a_tombstone(repo.path, person.id)


def test_forgetting_an_unknown_name_is_one_sentence(eve: tuple[Repository, Person]) -> None:
    result = Cli(eve[0].path)("forget", "Nobody Like This", "--yes")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1


def test_forget_reaches_backups_the_manifest_lost(eve: tuple[Repository, Person]) -> None:
    """A damaged manifest, a backup orphaned by a killed copy, a temp file in the backups
    folder: none of them keeps the person after forget."""
    repo, person = eve
    folder = repo.backups_folder
    orphan = folder / "nettui-20261101T000000-000000001.json"
    orphan.write_bytes(repo.path.read_bytes())  # made, then killed before the manifest said so
    (folder / ".nettui-x.json.k2j3.tmp").write_text(f"half a copy {SECRET}")
    (folder / ".manifest.json").write_text("garbage")
    assert len(repo.backups()) >= 2  # a damaged manifest: nettui's own files are still listed
    out = Cli(repo.path).ok("forget", "Eve", "--yes")
    assert "Forgot Eve Example" in out
    assert traces(repo.path.parent, SECRET, "eve@example.com") == [] and only_a_tombstone(
        repo.path, person.id
    )


def test_temp_files_of_killed_writers_go_at_the_next_start(eve: tuple[Repository, Person]) -> None:
    repo, _ = eve
    temp = repo.path.parent / f".{repo.path.name}.k1ll3d.tmp"
    temp.write_text(f"half a write {SECRET}")
    backup_temp = repo.backups_folder / ".nettui-y.json.q9.tmp"
    backup_temp.write_text(f"half a copy {SECRET}")
    Cli(repo.path).ok("people")  # a read: no write happens
    assert not temp.exists() and not backup_temp.exists()
