"""No lost updates: every read-modify-write happens under the lock on the record as it is now,
and the dashboard's journaled saves merge field by field into a file edited by hand."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nettui.storage.domain.models import Conversation, Person
from nettui.storage.queries.insights import compute
from nettui.storage.repository import Repository
from nettui.storage.session import Session
from tests.conftest import TODAY

ROOT = Path(__file__).parents[2]
EDITS = 25


def run_cli_loop(db: Path, commands: list[list[str]]) -> subprocess.Popen[str]:
    """A real process running many `nettui` commands one after another (in one interpreter)."""
    code = (
        "import sys, json\n"
        "from click.testing import CliRunner\n"
        "from nettui.tui.cli import main\n"
        "runner = CliRunner()\n"
        "for args in json.loads(sys.argv[2]):\n"
        "    result = runner.invoke(main, ['--db', sys.argv[1], *args])\n"
        "    assert result.exit_code == 0, (args, result.output)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, str(db), json.dumps(commands)], env=env, text=True)


def test_two_edits_of_different_fields_both_stay(db_path: Path) -> None:
    Repository(db_path).add_person(Person(name="Ada Lovelace"))
    a = run_cli_loop(db_path, [["edit", "ada", "--company", f"C{n}"] for n in range(EDITS)])
    b = run_cli_loop(db_path, [["edit", "ada", "--city", f"X{n}"] for n in range(EDITS)])
    assert a.wait(120) == 0 and b.wait(120) == 0
    ada = Repository(db_path).find("ada")
    assert (ada.company, ada.city) == (f"C{EDITS - 1}", f"X{EDITS - 1}")


def test_a_log_and_an_edit_at_once_keep_both_and_the_rollups(db_path: Path) -> None:
    Repository(db_path).add_person(Person(name="Ada Lovelace"))
    a = run_cli_loop(db_path, [["log", "ada", "--channel", "walk", "--energy", "1"] for _ in range(EDITS)])
    b = run_cli_loop(db_path, [["edit", "ada", "--role", f"R{n}"] for n in range(EDITS)])
    assert a.wait(120) == 0 and b.wait(120) == 0
    repo = Repository(db_path)
    ada = repo.find("ada")
    assert ada.role == f"R{EDITS - 1}"
    assert ada.channel_counts == {"walk": EDITS} and ada.last_talked == TODAY
    assert repo.rollups().people[ada.id]["talks"] == EDITS
    assert compute(repo, TODAY).energy_by_channel == {"walk": 1.0}


def test_an_update_is_made_on_the_stored_record_not_a_stale_copy(repo: Repository) -> None:
    ada = repo.add_person(Person(name="Ada", company="Engines"))
    other = Repository(repo.path)
    other.update_person(ada.id, {"city": "London"})
    repo.update_person(ada.id, {"role": "Analyst"})  # this process last read her before the city
    stored = Repository(repo.path).person(ada.id)
    assert (stored.company, stored.city, stored.role) == ("Engines", "London", "Analyst")


def test_a_field_changed_elsewhere_is_a_conflict_not_an_overwrite(repo: Repository) -> None:
    from nettui.storage.errors import ChangedElsewhere

    ada = repo.add_person(Person(name="Ada", company="Engines"))
    Repository(repo.path).update_person(ada.id, {"company": "Analytical"})
    try:
        repo.update_person(ada.id, {"company": "Babbage & Co"}, expected={"company": "Engines"})
    except ChangedElsewhere as error:
        assert error.conflicts == [("company", "Analytical", "Babbage & Co")]
    else:
        raise AssertionError("the conflict went unnoticed")
    assert Repository(repo.path).person(ada.id).company == "Analytical"
    repo.update_person(ada.id, {"company": "Babbage & Co"}, expected={"company": "Analytical"})
    assert Repository(repo.path).person(ada.id).company == "Babbage & Co"


def test_an_update_never_brings_back_someone_deleted(repo: Repository) -> None:
    from nettui.storage.errors import NotFoundError

    ada = repo.add_person(Person(name="Ada"))
    Repository(repo.path).delete_person(ada.id)
    try:
        repo.update_person(ada.id, {"city": "London"})
    except NotFoundError as error:
        assert "no longer exists" in str(error)
    else:
        raise AssertionError("the update went through")
    assert Repository(repo.path).people() == []


def hand_edit(path: Path, table: str, match: str, **fields: object) -> None:
    """Change fields of one record in the file as a text editor would (same layout)."""
    lines = path.read_text().split("\n")
    for index, line in enumerate(lines):
        if match in line and line.startswith('  "'):
            key, _, rest = line.partition(": ")
            comma = rest.endswith(",")
            doc = json.loads(rest.rstrip(","))
            doc.update(fields)
            lines[index] = f"{key}: {json.dumps(doc, sort_keys=True, separators=(',', ':'))}" + (
                "," if comma else ""
            )
            path.write_text("\n".join(lines))
            return
    raise AssertionError(f"no {table} record with {match}")


def test_a_hand_edit_survives_the_dashboards_fold(db_path: Path) -> None:
    seed = Repository(db_path)
    ada = seed.add_person(Person(name="Ada", company="Engines", every="4w"))
    alan = seed.add_person(Person(name="Alan", notes="codes"))
    seed.set_setting("weekly_cap", 3)
    dashboard = Repository(db_path)
    Session(dashboard)  # saves go to the journal, folded later
    dashboard.log(Conversation(person=ada.id, date=TODAY, channel="walk", energy=2))
    assert db_path.with_name(db_path.name + ".journal").exists()
    hand_edit(db_path, "people", ada.id, company="Analytical Engines")  # the very person just logged
    hand_edit(db_path, "people", alan.id, notes="breaks codes")
    hand_edit(db_path, "settings", '"weekly_cap"', weekly_cap=5)
    dashboard.db.flush()  # the fold: on top of the file as it is now
    stored = Repository(db_path)
    fresh_ada = stored.person(ada.id)
    assert fresh_ada.company == "Analytical Engines"  # the hand edit
    assert fresh_ada.last_talked == TODAY and fresh_ada.channel_counts == {"walk": 1}  # the dashboard
    assert stored.person(alan.id).notes == "breaks codes"
    assert stored.weekly_cap == 5
    assert len(stored.conversations()) == 1


def test_a_same_size_hand_edit_of_conversations_rebuilds_the_rollups(db_path: Path) -> None:
    repo = Repository(db_path)
    ada = repo.add_person(Person(name="Ada"))
    repo.log(Conversation(person=ada.id, date=TODAY - dt.timedelta(days=1), channel="coffee", energy=2))
    assert compute(Repository(db_path), TODAY).energy_by_channel == {"coffee": 2.0}
    raw = db_path.read_bytes()
    edited = raw.replace(b'"energy":2', b'"energy":1')
    assert len(edited) == len(raw) and edited != raw
    db_path.write_bytes(edited)
    assert compute(Repository(db_path), TODAY).energy_by_channel == {"coffee": 1.0}


DASHBOARD_PROCESS = """
import sys, datetime
from nettui.storage.domain.models import Conversation
from nettui.storage.repository import Repository
from nettui.storage.session import Session
repo = Repository(sys.argv[1])
session = Session(repo)
ada = repo.find("Ada")
repo.log(Conversation(person=ada.id, date=datetime.date(2026, 11, 25), channel="walk", energy=2))
print("logged", flush=True)
sys.stdin.readline()  # the file is edited by hand meanwhile
session.close()  # the fold, at exit
print("folded", flush=True)
"""


@pytest.mark.parametrize("layout", ["indented", "compact", "trailing-newline", "same"])
def test_a_hand_edit_in_any_layout_keeps_the_dashboards_saves(db_path: Path, layout: str) -> None:
    """A real dashboard process journals a log; the file is rewritten by hand meanwhile, in
    another layout or the same one: after the fold both the log and the hand edit are there."""
    seed = Repository(db_path)
    ada = seed.add_person(Person(name="Ada", company="Engines", every="4w"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    dashboard = subprocess.Popen(
        [sys.executable, "-c", DASHBOARD_PROCESS, str(db_path)],
        env=env, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    assert dashboard.stdout is not None and dashboard.stdin is not None
    assert dashboard.stdout.readline().strip() == "logged"
    assert Repository(db_path).person(ada.id).last_talked == TODAY  # journaled, readable
    data = json.loads(db_path.read_text())
    for doc in data["people"].values():
        doc["company"] = "Analytical Engines"
    raw = {
        "indented": json.dumps(data, indent=4),
        "compact": json.dumps(data),
        "trailing-newline": db_path.read_text().replace('"Engines"', '"Analytical Engines"') + "\n",
        "same": db_path.read_text().replace('"Engines"', '"Analytical Engines"'),
    }[layout]
    db_path.write_text(raw)
    between = Repository(db_path).person(ada.id)  # any reader, before the fold
    assert between.company == "Analytical Engines" and between.last_talked == TODAY
    dashboard.stdin.write("go\n")
    dashboard.stdin.flush()
    assert dashboard.stdout.readline().strip() == "folded"
    assert dashboard.wait(timeout=30) == 0
    stored = Repository(db_path)
    after = stored.person(ada.id)
    assert after.company == "Analytical Engines"  # the hand edit
    assert after.last_talked == TODAY and len(stored.conversations()) == 1  # the dashboard's save
    assert not db_path.with_name(db_path.name + ".journal").exists()


def test_a_hand_edit_while_a_save_waits_is_seen_by_the_dashboard(db_path: Path) -> None:
    """The dashboard saved Ada (a journal line waits); Bob is edited and Cy added by hand, Cy
    under the very doc id the dashboard's next insert takes. The dashboard then sees Bob as the
    file has him, edits him on top of that, and nobody is lost."""
    seed = Repository(db_path)
    ada = seed.add_person(Person(name="Ada"))
    bob = seed.add_person(Person(name="Bob"))
    dashboard = Repository(db_path)
    Session(dashboard)
    fresh = dashboard.person(ada.id)
    dashboard.update_person(fresh.id, {"company": "Engines"})  # journaled
    dashboard.add_person(Person(name="Dee"))  # journaled: doc id 3
    data = json.loads(db_path.read_text())
    data["people"]["2"]["company"], data["people"]["2"]["notes"] = "HandCo", "hand note"
    data["people"]["3"] = {
        "id": "c0ffee00-0000-4000-8000-000000000003",
        "name": "Cy",
        "created": "2026-01-01",
    }
    db_path.write_text(json.dumps(data, indent=2))  # by hand, in another layout
    assert dashboard.person(bob.id).company == "HandCo"  # what the file holds, not a stale copy
    dashboard.update_person(bob.id, {"role": "CTO"})
    dashboard.db.flush()
    stored = Repository(db_path)
    assert sorted(p.name for p in stored.people()) == ["Ada", "Bob", "Cy", "Dee"]
    after = stored.person(bob.id)
    assert (after.company, after.notes, after.role) == ("HandCo", "hand note", "CTO")
    assert stored.person(ada.id).company == "Engines"
