"""The merge driver's rules, one by one, on two copies changed through the repository."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nettui.storage.domain.models import Conversation, Person, Plan
from nettui.storage.maintenance.forget import forget, whom
from nettui.storage.repository import Repository
from nettui.storage.sync.merge import DELETED
from tests.sync.helpers import Machines, by_identity, notes, people, tables

DAY = dt.date(2026, 11, 20)


@pytest.fixture
def machines(tmp_path: Path) -> Machines:
    found = Machines(tmp_path)
    base = found.start()
    for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing"):
        base.add_person(Person(name=name, company="Old Co", tags=["math"]))
    ada = base.find("Ada")
    base.log(Conversation(person=ada.id, date=DAY, channel="coffee", note="first coffee"))
    return found


def test_added_on_both_sides_all_kept_with_doc_ids_that_do_not_collide(machines: Machines) -> None:
    a, b = machines.split()
    a.add_person(Person(name="Katherine Johnson"))
    b.add_person(Person(name="Dorothy Vaughan"))
    a.log(Conversation(person=a.find("Grace").id, date=DAY, channel="call", note="from a"))
    b.log(Conversation(person=b.find("Grace").id, date=DAY, channel="walk", note="from b"))
    merged = machines.merged()
    assert set(people(merged)) == {
        "Ada Lovelace",
        "Grace Hopper",
        "Alan Turing",
        "Katherine Johnson",
        "Dorothy Vaughan",
    }
    assert notes(merged) == {"first coffee", "from a", "from b"}
    assert len(merged["people"]) == 5 and len(merged["conversations"]) == 3  # no doc id shared
    grace = people(merged)["Grace Hopper"]
    assert grace["channel_counts"] == {"call": 1, "walk": 1}  # recounted from both sides' talks
    assert grace["last_talked"] == DAY.isoformat()


def test_deleted_on_one_side_and_unchanged_on_the_other_is_deleted(machines: Machines) -> None:
    a, b = machines.split()
    a.delete_person(a.find("Alan").id)
    b.add_person(Person(name="Someone New"))
    merged = machines.merged()
    assert "Alan Turing" not in people(merged)
    assert "Someone New" in people(merged)


def test_deleted_on_one_side_and_changed_on_the_other_is_kept_with_a_note(machines: Machines) -> None:
    a, b = machines.split()
    a.delete_person(a.find("Alan").id)
    b.update_person(b.find("Alan").id, {"city": "Manchester"})
    merged = machines.merged()
    alan = people(merged)["Alan Turing"]
    assert alan["city"] == "Manchester"
    assert DELETED in alan["conflicts"]


def test_a_person_deleted_while_the_other_machine_logged_a_talk_comes_back(machines: Machines) -> None:
    a, b = machines.split()
    a.delete_person(a.find("Ada").id)
    b.log(Conversation(person=b.find("Ada").id, date=DAY, channel="walk", note="talk on b"))
    merged = machines.merged()
    ada = people(merged)["Ada Lovelace"]
    assert DELETED in ada["conflicts"]
    assert "talk on b" in notes(merged)
    talks = [c for c in merged["conversations"].values() if c["person"] == ada["id"]]
    assert {c["note"] for c in talks} == {"talk on b"}  # the deleted side's coffee stays deleted


def test_different_fields_changed_on_each_side_both_kept(machines: Machines) -> None:
    a, b = machines.split()
    a.update_person(a.find("Grace").id, {"company": "Navy"})
    b.update_person(b.find("Grace").id, {"city": "Arlington"})
    grace = people(machines.merged())["Grace Hopper"]
    assert (grace["company"], grace["city"]) == ("Navy", "Arlington")
    assert "conflicts" not in grace


def test_same_field_changed_on_both_the_later_wins_and_the_other_is_kept(machines: Machines) -> None:
    a, b = machines.split()
    machines.tick()
    a.update_person(a.find("Grace").id, {"company": "Navy"})
    machines.tick()
    b.update_person(b.find("Grace").id, {"company": "Remington Rand"})
    for merged in (machines.merged(), machines.merged(machines.b_path, machines.a_path)):
        grace = people(merged)["Grace Hopper"]
        assert grace["company"] == "Remington Rand"
        assert [(c["field"], c["value"]) for c in grace["conflicts"]] == [("company", "Navy")]


def test_lists_merge_as_sets(machines: Machines) -> None:
    a, b = machines.split()
    a.update_person(a.find("Ada").id, {"tags": ["math", "poetry"]})
    b.update_person(b.find("Ada").id, {"tags": ["engines"]})  # removed math, added engines
    assert sorted(people(machines.merged())["Ada Lovelace"]["tags"]) == ["engines", "poetry"]


def test_settings_and_the_pitch_merge_key_by_key(machines: Machines) -> None:
    a, b = machines.split()
    machines.tick()
    a.set_setting("weekly_cap", 5)
    a.set_setting("pitch", "I build tools")
    machines.tick()
    b.set_setting("pitch", "I help people meet")
    settings = machines.merged()["settings"]["1"]
    assert settings["weekly_cap"] == 5
    assert settings["pitch"] == "I help people meet"
    assert {"field": "pitch", "value": "I build tools", "updated": "2026-11-02T12:00:00.000Z"} in settings[
        "conflicts"
    ]


def test_strengths_added_on_both_sides_all_kept(machines: Machines) -> None:
    a, b = machines.split()
    a.add_strength("listening")
    b.add_strength("writing")
    assert {s["text"] for s in machines.merged()["strengths"].values()} == {"listening", "writing"}


def test_a_person_forgotten_on_one_machine_stays_forgotten(machines: Machines) -> None:
    a, b = machines.split()
    forget(a, whom(a, "Ada"))
    ada_id = b.find("Ada").id
    b.update_person(ada_id, {"notes": "knows everyone"})
    b.log(Conversation(person=ada_id, date=DAY, channel="call", note="a secret call"))
    b.add_plan(Plan(person=ada_id, date=DAY + dt.timedelta(days=10)))
    for merged in (machines.merged(), machines.merged(machines.b_path, machines.a_path)):
        assert "Ada Lovelace" not in people(merged)
        assert {doc["id"] for doc in merged["forgotten"].values()} == {ada_id}
        assert notes(merged) == set()
        assert not merged.get("plans")
        assert "knows everyone" not in str(merged) and "Ada" not in str(merged)


def test_merging_is_symmetric_and_merging_again_changes_nothing(machines: Machines) -> None:
    a, b = machines.split()
    machines.tick()
    a.update_person(a.find("Grace").id, {"company": "Navy", "tags": ["math", "cobol"]})
    a.delete_person(a.find("Alan").id)
    machines.tick()
    b.update_person(b.find("Grace").id, {"company": "Univac", "city": "Philadelphia"})
    b.update_person(b.find("Alan").id, {"city": "Bletchley"})
    one, two = machines.merged(), machines.merged(machines.b_path, machines.a_path)
    assert by_identity(one) == by_identity(two)
    merged_path = machines.folder / "merged-a-b.json"
    again = machines.merged(merged_path, machines.b_path)
    assert by_identity(again) == by_identity(one)
    again = machines.merged(merged_path, machines.a_path)
    assert by_identity(again) == by_identity(one)


def test_the_result_is_in_nettuis_layout_and_reads_without_a_fallback(machines: Machines) -> None:
    a, b = machines.split()
    a.log(Conversation(person=a.find("Grace").id, date=DAY, channel="call", note="from a"))
    b.log(Conversation(person=b.find("Alan").id, date=DAY, channel="walk", note="from b"))
    machines.merged()
    result = machines.folder / "merged-a-b.json"
    raw = result.read_bytes()
    assert raw.startswith(b'{\n"meta": {\n  "1": {') and b'"toc"' in raw
    repo = Repository(result)
    assert repo.db.in_bytes("conversations")  # cut by the table of contents, not parsed whole
    assert repo.db.written_by_nettui("people")  # its checksum matched: nettui's own bytes
    assert {c.note for c in repo.conversations()} == {"first coffee", "from a", "from b"}
    assert repo.rollups() is not None  # the index rebuilds from the merged file


def run_driver(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nettui.tui.startup.entry", "sync", "merge-driver", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_driver_refuses_files_that_are_not_nettui_databases(machines: Machines) -> None:
    machines.split()
    garbage = machines.folder / "garbage.json"
    for content in ("<<<<<<< HEAD\nnot json\n", '{"_default": {"1": {"x": 1}}}', "[1, 2]"):
        garbage.write_text(content)
        before = machines.a_path.read_bytes()
        done = run_driver(machines.base, machines.a_path, garbage)
        assert done.returncode == 1
        assert done.stderr.startswith("nettui: ") and done.stderr.count("\n") == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert machines.a_path.read_bytes() == before  # ours untouched: git keeps it as it was


def test_the_driver_merges_with_an_empty_base(machines: Machines) -> None:
    """git's add/add: the same file added on two machines, no common copy."""
    a, b = machines.split()
    a.add_person(Person(name="Only On A"))
    b.add_person(Person(name="Only On B"))
    empty = machines.folder / "empty"
    empty.write_bytes(b"")
    ours = machines.folder / "ours.json"
    shutil.copyfile(machines.a_path, ours)
    done = run_driver(empty, ours, machines.b_path)
    assert done.returncode == 0, done.stderr
    assert {"Only On A", "Only On B", "Ada Lovelace"} <= set(people(tables(ours)))


def test_a_record_that_breaks_the_rules_is_never_merged_in(machines: Machines) -> None:
    """A hand edit or a crafted copy on the other side: one sentence naming it, nothing written."""
    import orjson

    _, b = machines.split()
    b.add_person(Person(name="Fine Person"))
    raw = orjson.loads(machines.b_path.read_bytes())
    key = next(k for k, doc in raw["conversations"].items())
    raw["conversations"][key]["date"] = "not-a-date"
    crafted = machines.folder / "crafted.json"
    crafted.write_bytes(orjson.dumps(raw))
    before = machines.a_path.read_bytes()
    done = run_driver(machines.base, machines.a_path, crafted)
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert "crafted.json: a record of conversations" in done.stderr and "is not a date" in done.stderr
    assert machines.a_path.read_bytes() == before
