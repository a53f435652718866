"""The dashboard's quick saves: journal lines beside the database, folded into it later."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from nettui.storage.domain.models import Conversation, Person
from nettui.storage.domain.rollups import CONVERSATION_ROLLUPS
from nettui.storage.engine import journal
from nettui.storage.errors import DatabaseError
from nettui.storage.repository import Repository
from nettui.storage.session import Session
from tests.conftest import TODAY, Cli, canonical


@pytest.fixture
def dashboard(tmp_path: Path) -> Repository:
    """A repository saving the way the open dashboard does."""
    path = tmp_path / "db.json"
    first = Repository(path)
    ada = first.add_person(Person(name="Ada", every="2w"))
    first.add_person(Person(name="Alan"))
    first.log(Conversation(person=ada.id, date=TODAY - dt.timedelta(days=30), channel="call", note="seed"))
    repo = Repository(path)
    Session(repo)
    return repo


def test_a_save_is_one_journal_line_and_every_reader_sees_it(dashboard: Repository) -> None:
    before = dashboard.path.read_bytes()
    ada = dashboard.find("Ada")
    dashboard.log(Conversation(person=ada.id, date=TODAY, channel="walk", energy=2, note="river"))
    assert dashboard.path.read_bytes() == before  # the 30 MB file is not rewritten
    lines = journal.path_for(dashboard.path).read_bytes().splitlines()
    assert len(lines) == 1 and b"river" in lines[0]
    other = Repository(dashboard.path)  # another process
    assert [c.note for c in other.conversations_with(ada.id)] == ["river", "seed"]
    assert other.person(ada.id).last_talked == TODAY
    assert Cli(dashboard.path).ok("show", "ada", "--json").count("river") == 1


def test_folding_writes_one_complete_file_and_drops_the_journal(dashboard: Repository) -> None:
    ada = dashboard.find("Ada")
    for n in range(3):
        dashboard.log(Conversation(person=ada.id, date=TODAY, channel="call", note=f"n{n}"))
    dashboard.db.flush()
    assert not journal.path_for(dashboard.path).exists()
    raw = dashboard.path.read_bytes()
    assert raw == canonical(raw)
    data = json.loads(raw)
    assert sorted(d["note"] for d in data["conversations"].values()) == ["n0", "n1", "n2", "seed"]


def test_a_torn_last_line_and_lines_for_another_file_are_ignored(dashboard: Repository) -> None:
    ada = dashboard.find("Ada")
    dashboard.log(Conversation(person=ada.id, date=TODAY, channel="walk", note="kept"))
    target = journal.path_for(dashboard.path)
    line = target.read_bytes().splitlines()[0]
    stale = json.loads(line)
    stale["base"] = "an-older-file"
    stale["ops"][0][2] = {**stale["ops"][0][2], "note": "stale"}
    with target.open("ab") as handle:
        handle.write(json.dumps(stale).encode() + b"\n" + line[: len(line) // 2])  # then a torn save
    notes = [c.note for c in Repository(dashboard.path).conversations()]
    assert notes == ["seed", "kept"]


def test_a_full_write_by_another_process_takes_the_journal_in(dashboard: Repository) -> None:
    ada = dashboard.find("Ada")
    dashboard.log(Conversation(person=ada.id, date=TODAY, channel="walk", note="journaled"))
    Cli(dashboard.path).ok("log", "alan", "--note", "from the CLI")
    assert not journal.path_for(dashboard.path).exists()
    notes = sorted(d["note"] for d in json.loads(dashboard.path.read_text())["conversations"].values())
    assert notes == ["from the CLI", "journaled", "seed"]
    dashboard.refresh()
    assert len(dashboard.conversations()) == 3


def test_forgetting_someone_leaves_no_journal_behind(dashboard: Repository) -> None:
    alan = dashboard.find("Alan")
    dashboard.log(Conversation(person=alan.id, date=TODAY, channel="walk", note="secret"))
    dashboard.delete_person(alan.id)
    assert not journal.path_for(dashboard.path).exists()
    assert b"secret" not in dashboard.path.read_bytes()


def test_rollups_follow_journaled_saves(dashboard: Repository) -> None:
    ada, alan = dashboard.find("Ada"), dashboard.find("Alan")
    for n in range(4):
        dashboard.log(
            Conversation(person=ada.id, date=TODAY, channel="coffee", energy=n - 1, with_=[alan.id] * (n % 2))
        )
    fresh = Repository(dashboard.path)
    rebuilt = CONVERSATION_ROLLUPS.build(fresh.conversation_docs())
    assert fresh.rollups() == rebuilt


def test_rollups_follow_journaled_saves_when_conversations_were_parsed(dashboard: Repository) -> None:
    ada = dashboard.find("Ada")
    dashboard.conversations()  # parsed in this process: its size in bytes is no longer known
    for energy in (2, -2):
        dashboard.log(Conversation(person=ada.id, date=TODAY, channel="walk", energy=energy))
        assert dashboard.rollups().days[TODAY.isoformat()]["energies"][-1] == energy
    rebuilt = CONVERSATION_ROLLUPS.build(Repository(dashboard.path).conversation_docs())
    assert dashboard.rollups().days == rebuilt.days


def test_a_save_after_a_torn_one_is_kept(dashboard: Repository) -> None:
    ada = dashboard.find("Ada")
    dashboard.log(Conversation(person=ada.id, date=TODAY, channel="walk", note="first"))
    with journal.path_for(dashboard.path).open("ab") as handle:
        handle.write(b'{"base": "torn by a crash, no newline')
    dashboard.refresh()
    dashboard.log(Conversation(person=ada.id, date=TODAY, channel="walk", note="after the tear"))
    notes = sorted(c.note for c in Repository(dashboard.path).conversations())
    assert notes == ["after the tear", "first", "seed"]


def test_a_full_disk_while_journaling_is_one_sentence_and_loses_nothing(
    dashboard: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada = dashboard.find("Ada")
    dashboard.log(Conversation(person=ada.id, date=TODAY, channel="walk", note="saved"))
    before = journal.path_for(dashboard.path).read_bytes()
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        real_write(fd, bytes(data[:10]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal.os, "write", full)
    with pytest.raises(DatabaseError, match="no space left on the device"):
        dashboard.log(Conversation(person=ada.id, date=TODAY, channel="walk", note="lost"))
    monkeypatch.undo()
    assert journal.path_for(dashboard.path).read_bytes() == before  # the half line is gone
    assert sorted(c.note for c in Repository(dashboard.path).conversations()) == ["saved", "seed"]
