"""Every CLI command and its errors, through click's runner, on a frozen clock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nettui.storage.repository import Repository
from tests.conftest import Cli


@pytest.fixture
def people(cli: Cli) -> Cli:
    cli.ok("add", "Ada Lovelace", "--company", "Engines", "--role", "Engineer", "--email", "ada@x.org",
           "--every", "4w", "--tag", "math", "--how-met", "PyCon")  # fmt: skip
    cli.ok("add", "Alan Turing", "--every", "2w", "--introduced-by", "ada")
    cli.ok("add", "Grace Hopper")
    return cli


def test_version(cli: Cli) -> None:
    assert cli.ok("--version").startswith("nettui, version ")


def test_add_creates_unknown_community(cli: Cli) -> None:
    out = cli.ok("add", "Ada", "--community", "PyData")
    assert "Created the community PyData (kind other)." in out
    assert "Added Ada." in out
    detail = json.loads(cli.ok("show", "Ada", "--json"))
    assert detail["communities"] == ["PyData"]


def test_people_json(people: Cli) -> None:
    rows = json.loads(people.ok("people", "--json"))
    assert [r["name"] for r in rows] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    ada = rows[0]
    assert set(ada) >= {
        "id",
        "name",
        "company",
        "role",
        "email",
        "tags",
        "every",
        "last_talked",
        "next_due",
        "warmth",
    }
    assert ada["email"] == "ada@x.org" and ada["tags"] == ["math"] and ada["every"] == "4w"
    assert ada["last_talked"] is None and ada["warmth"] == "due-soon"
    assert rows[2]["warmth"] == "none" and rows[2]["next_due"] is None


def test_people_filter(people: Cli) -> None:
    assert [r["name"] for r in json.loads(people.ok("people", "--filter", "engines", "--json"))] == [
        "Ada Lovelace"
    ]
    assert "Nobody matches." in people.ok("people", "--filter", "zzz")
    assert "Ada Lovelace" in people.ok("people")


def test_log_then_show(people: Cli) -> None:
    out = people.ok(
        "log", "ada", "--channel", "walk", "--energy", "2", "--note", "river walk",
        "--strength", "listening", "--with", "Alan", "--follow-up", "send the notes", "--due", "fri",
    )  # fmt: skip
    assert "Logged walk with Ada Lovelace, Alan Turing on 2026-11-25 (energy +2)." in out
    assert "due 2026-11-27: send the notes" in out
    detail = json.loads(people.ok("show", "Ada Lovelace", "--json"))
    [talk] = detail["conversations"]
    assert talk["date"] == "2026-11-25" and talk["channel"] == "walk" and talk["energy"] == 2
    assert talk["strengths"] == ["listening"] and talk["with"] == ["Alan Turing"]
    assert detail["last_talked"] == "2026-11-25" and detail["warmth"] == "on-track"
    assert detail["follow_ups"][0]["text"] == "send the notes"
    assert detail["introduced"] == ["Alan Turing"]
    alan = json.loads(people.ok("show", "alan", "--json"))
    assert alan["introduced_by"] == "Ada Lovelace" and alan["last_talked"] == "2026-11-25"


def test_log_without_energy_is_unrated(people: Cli) -> None:
    assert "(unrated)" in people.ok("log", "grace", "--date", "yesterday")
    detail = json.loads(people.ok("show", "grace", "--json"))
    assert detail["conversations"][0]["energy"] is None
    assert detail["conversations"][0]["date"] == "2026-11-24"


def test_follow_up_defaults_to_a_week(people: Cli) -> None:
    assert "due 2026-12-02" in people.ok("log", "grace", "--follow-up", "send link")


def test_plan_and_upcoming(people: Cli) -> None:
    assert "Planned coffee with Grace Hopper on Fri 2026-11-27 (in 2 days)." in people.ok(
        "plan", "grace", "fri", "--topic", "compilers"
    )
    people.ok("log", "alan", "--follow-up", "paper", "--due", "tomorrow")
    items = json.loads(people.ok("upcoming", "--json"))
    assert [(i["kind"], i["person"], i["date"]) for i in items] == [
        ("due", "Ada Lovelace", "2026-11-25"),
        ("follow-up", "Alan Turing", "2026-11-26"),
        ("planned", "Grace Hopper", "2026-11-27"),
        ("due", "Alan Turing", "2026-12-09"),
    ]
    assert items[2]["note"] == "coffee: compilers"
    text = people.ok("upcoming", "--days", "3")
    assert "in 2 days" in text and "2026-12-09" not in text


def test_plan_warns_past_the_weekly_cap(people: Cli) -> None:
    for name in ("ada", "alan", "grace"):
        people.ok("plan", name, "fri")
    result = people("plan", "ada", "thu")
    assert result.exit_code == 0
    assert "4 one-on-ones against your weekly cap of 3" in result.stderr


def test_edit(people: Cli) -> None:
    people.ok("edit", "grace", "--company", "Navy", "--working-on", "COBOL", "--every", "3m")
    detail = json.loads(people.ok("show", "grace", "--json"))
    assert detail["company"] == "Navy" and detail["working_on"] == "COBOL" and detail["every"] == "3m"


def test_show_text(people: Cli) -> None:
    out = people.ok("show", "ada")
    assert "Ada Lovelace" in out and "Engines · Engineer" in out and "How we met:" in out


def test_demo_is_repeatable(tmp_path: Path) -> None:
    outputs = []
    for name in ("a.json", "b.json"):
        cli = Cli(tmp_path / name)
        assert "40 people, 300 conversations" in cli.ok("demo")
        outputs.append(json.loads(cli.ok("people", "--json")))
    assert outputs[0] == outputs[1]
    assert len({row["warmth"] for row in outputs[0]}) >= 3


def test_demo_refuses_a_database_with_people(people: Cli) -> None:
    result = people("demo")
    assert result.exit_code == 1 and "already holds people" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "zelda"], "No person matches 'zelda'."),
        (["log", "a"], "could be Ada Lovelace ("),
        (["log", "ada", "--date", "tomorrow"], "That has not happened yet; plan it instead"),
        (["log", "ada", "--date", "next blursday"], "Cannot read the date 'next blursday'"),
        (["log", "ada", "--energy", "5"], "Energy must be from -2"),
        (["log", "ada", "--energy", "lots"], "Energy must be a whole number"),
        (["log", "ada", "--channel", "carrier pigeon"], "Unknown channel 'carrier pigeon'"),
        (["log", "ada", "--due", "fri"], "--due goes with --follow-up."),
        (["log", "ada", "--with", "ada"], "Each person present counts once."),
        (["plan", "ada", "yesterday"], "is in the past"),
        (["plan", "ada", "someday"], "Cannot read the date"),
        (["add", "Bob", "--every", "often"], "Cannot read the cadence"),
        (["add", "Bob", "--introduced-by", "nobody"], "No person matches 'nobody'."),
        (["add", "  "], "A person needs a name."),
        (["show", "zelda"], "No person matches"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_writes_nothing(people: Cli, args: list[str], message: str) -> None:
    before = people.path.read_bytes()
    result = people(*args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert people.path.read_bytes() == before


def test_missing_database_for_a_read_command(cli: Cli) -> None:
    result = cli("people")
    assert result.exit_code == 1 and "There is no database at" in result.stderr
    assert not cli.path.exists()


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"people": {"1": ', b"\x89PNG\r\n"])
@pytest.mark.parametrize("command", [["people"], ["upcoming"], ["add", "Bob"], ["log", "bob"]])
def test_damaged_database_is_one_line_and_untouched(cli: Cli, content: bytes, command: list[str]) -> None:
    cli.path.write_bytes(content)
    result = cli(*command)
    assert result.exit_code == 1
    assert str(cli.path) in result.stderr and result.stderr.count("\n") == 1
    assert cli.path.read_bytes() == content


def test_usage_errors_keep_clicks_exit_2(cli: Cli) -> None:
    assert cli("upcoming", "--days", "x").exit_code == 2
    assert cli("nope").exit_code == 2


def test_env_var_chooses_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from nettui.tui.cli import main

    target = tmp_path / "env.json"
    monkeypatch.setenv("NETTUI_DB", str(target))
    result = CliRunner().invoke(main, ["add", "Ada"])
    assert result.exit_code == 0 and target.exists()


def test_default_database_is_in_the_user_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from nettui.storage.repository import default_path
    from nettui.tui.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "nettui" / "nettui.json"
    result = CliRunner().invoke(main, ["add", "Ada"])
    assert result.exit_code == 0
    created = tmp_path / "data" / "nettui" / "nettui.json"
    assert created.exists() and oct(created.stat().st_mode & 0o777) == "0o600"
    assert oct(created.parent.stat().st_mode & 0o777) == "0o700"


def test_bytes_that_are_not_utf8_on_the_command_line_are_one_character(db_path: Path) -> None:
    """A name typed in a Latin-1 terminal: stored with the replacement character, found again by
    the same bytes, never a traceback."""
    import os
    import subprocess
    import sys

    def run(*args: str | bytes) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable.encode(), b"-m", b"nettui.tui", b"--db", str(db_path).encode()]
        return subprocess.run([*command, *(a.encode() if isinstance(a, str) else a for a in args)],
                              capture_output=True, env={**os.environ, "LC_ALL": "C.UTF-8"})  # fmt: skip

    added = run("add", b"Bob\xff", "--company", b"Caf\xe9")
    assert added.returncode == 0 and b"Traceback" not in added.stderr, added.stderr
    [person] = Repository(db_path).people()
    assert (person.name, person.company) == ("Bob\ufffd", "Caf\ufffd")
    shown = run("show", b"Bob\xff")
    assert shown.returncode == 0 and "Bob\ufffd".encode() in shown.stdout
    logged = run("log", b"Bob\xff", "--note", b"hi\xfe")
    assert logged.returncode == 0, logged.stderr
    assert [c.note for c in Repository(db_path).conversations()] == ["hi\ufffd"]
