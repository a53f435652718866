"""Files as careless and hostile hands leave them: backups that can be trusted, folders others
can write to, symlinks, read-only files, umasks, and a lock that stays a lock."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nettui.storage.domain.models import Person
from nettui.storage.engine import backups as backups_module
from nettui.storage.errors import DatabaseError
from nettui.storage.repository import Repository
from tests.conftest import Cli

ROOT = Path(__file__).parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def every_write_backs_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backups_module, "INTERVAL", 0.0)
    monkeypatch.setattr(backups_module, "KEPT", 3)


def test_a_stranger_in_the_backup_folder_never_pushes_real_backups_out(
    repo: Repository, every_write_backs_up: None, cli: Cli
) -> None:
    repo.add_person(Person(name="Ada"))
    repo.add_person(Person(name="Alan"))
    folder = repo.db.backups_folder
    future = folder / f"{repo.path.stem}-29991231T235959-000000000.json"
    future.write_text('{"people": {"1": {"id": "x", "name": "Mallory"}}}')
    planted = folder / f"{repo.path.stem}-20200101T000000-000000000.json"
    planted.write_text("{}")
    for name in ("Grace", "Linus", "Barbara", "Ken"):
        repo.add_person(Person(name=name))
    backups = repo.db.backups()
    assert len(backups) == 3 and future not in [b.path for b in backups] and planted.exists()
    assert future.exists()  # not ours, not touched
    assert [b.made for b in backups] == sorted((b.made for b in backups), reverse=True)
    newest = json.loads(backups[0].path.read_text())
    assert sorted(d["name"] for d in newest["people"].values()) == [
        "Ada",
        "Alan",
        "Barbara",
        "Grace",
        "Linus",
    ]
    repo.path.write_text("damaged {")
    out = cli.ok("doctor", "--restore")
    assert str(backups[0].path) in out and "Mallory" not in repo.path.read_text()
    assert sorted(p.name for p in Repository(repo.path).people()) == [
        "Ada",
        "Alan",
        "Barbara",
        "Grace",
        "Linus",
    ]


def test_backups_are_private_even_when_the_database_was_not(
    repo: Repository, every_write_backs_up: None
) -> None:
    repo.add_person(Person(name="Ada"))
    os.chmod(repo.path, 0o644)
    repo.add_person(Person(name="Alan"))
    [backup] = repo.db.backups()
    assert mode(backup.path) == 0o600 and mode(repo.db.backups_folder) == 0o700
    assert mode(repo.path) == 0o600  # the new file is private again


def test_a_backup_folder_opened_to_others_is_repaired(repo: Repository, every_write_backs_up: None) -> None:
    repo.add_person(Person(name="Ada"))
    repo.add_person(Person(name="Alan"))
    os.chmod(repo.db.backups_folder, 0o777)
    Repository(repo.path).add_person(Person(name="Grace"))
    assert mode(repo.db.backups_folder) == 0o700


@pytest.mark.parametrize("permissions", [0o770, 0o777, 0o1777])
def test_a_database_folder_others_can_write_is_refused(tmp_path: Path, permissions: int) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, permissions)
    cli = Cli(folder / "nettui.json")
    result = cli("add", "Ada")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "is writable by other users" in result.stderr
    assert not (folder / "nettui.json").exists()


def test_a_symlinked_database_is_written_through_to_its_target(
    tmp_path: Path, every_write_backs_up: None
) -> None:
    target = tmp_path / "real" / "nettui.json"
    target.parent.mkdir(mode=0o700)
    Repository(target).add_person(Person(name="Ada"))
    link = tmp_path / "link.json"
    link.symlink_to(target)
    Repository(link).add_person(Person(name="Alan"))
    assert link.is_symlink() and link.resolve() == target
    assert sorted(d["name"] for d in json.loads(target.read_text())["people"].values()) == ["Ada", "Alan"]
    [backup] = Repository(target).db.backups()
    assert [d["name"] for d in json.loads(backup.path.read_text())["people"].values()] == ["Ada"]


def test_a_read_only_database_is_an_error_not_replaced(repo: Repository, cli: Cli) -> None:
    repo.add_person(Person(name="Ada"))
    os.chmod(repo.path, 0o400)
    before = repo.path.read_bytes()
    result = cli("add", "Alan")
    assert result.exit_code == 1 and "is read-only" in result.stderr
    assert repo.path.read_bytes() == before and mode(repo.path) == 0o400
    with pytest.raises(DatabaseError, match="is read-only"):
        Repository(repo.path).add_person(Person(name="Grace"))


def test_every_folder_created_is_private_whatever_the_umask(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "c" / "nettui.json"
    old = os.umask(0)
    try:
        Repository(db).add_person(Person(name="Ada"))
        Cli(db).ok("export", "vcard", str(tmp_path / "out" / "deep" / "cards"))
    finally:
        os.umask(old)
    for folder in (
        tmp_path / "a",
        tmp_path / "a" / "b",
        db.parent,
        tmp_path / "out",
        tmp_path / "out" / "deep",
    ):
        assert mode(folder) == 0o700, folder
    assert mode(db) == 0o600


HOLDER = """
import sys, time
from nettui.storage.repository import Repository
from nettui.storage.domain.models import Person
repo = Repository(sys.argv[1])
with repo.transaction():
    repo.add_person(Person(name="Held"))
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
print("released", time.time(), flush=True)
"""


def test_deleting_or_replacing_lock_files_never_lets_a_second_writer_in(repo: Repository) -> None:
    repo.add_person(Person(name="Ada"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(repo.path), "1.5"], env=env,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    for leftover in repo.path.parent.glob("*.lock"):  # whatever lock files there are
        leftover.unlink()
    (repo.path.parent / f"{repo.path.name}.lock").write_text("replaced")
    Repository(repo.path).add_person(Person(name="Second"))  # must wait for the holder
    done = time.time()
    released = float(holder.stdout.readline().split()[1])
    assert holder.wait(10) == 0
    assert done >= released
    assert sorted(p.name for p in Repository(repo.path).people()) == ["Ada", "Held", "Second"]
