"""`restore`, `doctor` and every reader check every record with the forms' rules: a bad one is
`FILE: record N of TABLE: reason`, exit 1, and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.fixture
def export(cli: Cli, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    cli.ok("add", "Ada Lovelace", "--every", "4w")
    cli.ok("add", "Alan Turing")
    cli.ok("log", "ada", "--energy", "2", "--note", "engines")
    cli.ok("plan", "ada", "fri")
    cli.ok("log", "alan", "--follow-up", "send the paper")
    target = tmp_path / "export.json"
    cli.ok("export", "json", str(target))
    return json.loads(target.read_text())


def first(data: dict, table: str) -> dict:  # type: ignore[type-arg]
    return next(iter(data[table].values()))


BREAKS = [
    ("people", lambda d: first(d, "people").pop("name"), "has no name"),
    ("people", lambda d: first(d, "people").update(name=["Ada"]), "name is empty or not text"),
    ("people", lambda d: first(d, "people").update(name="   "), "name is empty"),
    ("people", lambda d: first(d, "people").update(every="often"), "every 'often' is not a cadence"),
    ("people", lambda d: first(d, "people").update(id="../../etc"), "id is not an id"),
    ("conversations", lambda d: first(d, "conversations").update(energy=7), "energy 7 is not an energy"),
    ("conversations", lambda d: first(d, "conversations").update(date="next blursday"), "is not a date"),
    ("conversations", lambda d: first(d, "conversations").update(channel="pigeon"), "channel 'pigeon'"),
    ("plans", lambda d: first(d, "plans").update(date="2026-02-30"), "is not a date"),
    ("follow_ups", lambda d: first(d, "follow_ups").update(text=""), "text is empty"),
    ("people", lambda d: d["people"].update({"9": dict(first(d, "people"))}), "is used by another record"),
    ("people", lambda d: d["people"].update({"9": [1, 2]}), "not"),
]


@pytest.mark.parametrize(("table", "breaks", "reason"), BREAKS)
def test_restore_refuses_a_bad_record_and_writes_nothing(
    cli: Cli,
    export: dict,
    tmp_path: Path,
    table: str,
    breaks,
    reason: str,  # type: ignore[no-untyped-def,type-arg]
) -> None:
    breaks(export)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(export))
    before = cli.path.read_bytes()
    result = cli("restore", str(bad))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.output
    assert str(bad) in result.stderr and reason in result.stderr
    assert cli.path.read_bytes() == before


@pytest.mark.parametrize(("table", "breaks", "reason"), BREAKS[:10])
def test_readers_and_doctor_name_a_bad_record_in_the_database(
    cli: Cli,
    export: dict,
    table: str,
    breaks,
    reason: str,  # type: ignore[no-untyped-def,type-arg]
) -> None:
    breaks(export)
    export.pop("meta")
    cli.path.write_text(json.dumps(export))  # edited by hand
    before = cli.path.read_bytes()
    reader = {"people": ["people"], "conversations": ["insights"], "plans": ["upcoming"],
              "follow_ups": ["upcoming"]}[table]  # fmt: skip
    result = cli(*reader)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.output
    assert f"of {table}: " in result.stderr and reason in result.stderr
    doctor = cli("doctor")
    assert doctor.exit_code == 1 and reason in doctor.stdout and "healthy" not in doctor.stdout
    assert cli.path.read_bytes() == before


@pytest.mark.parametrize("layout", ["nettui", "indented"])
@pytest.mark.parametrize(("table", "breaks", "reason"), BREAKS[:10])
def test_writers_and_exports_refuse_a_file_with_a_bad_record(
    cli: Cli,
    export: dict,
    tmp_path: Path,
    table: str,
    breaks,
    reason: str,
    layout: str,  # type: ignore[no-untyped-def,type-arg]
) -> None:
    """A record broken by hand in a table the command does not even read: every write and
    the JSON export refuse with the record named, and the file stays as it is."""
    if layout == "nettui":  # the same bytes nettui wrote, one record changed in place
        raw = cli.path.read_text()
        doc = first(export, table)
        line = json.dumps(doc, sort_keys=True, separators=(",", ":"))
        assert line in raw, "the record is not on one line as nettui writes it"
        breaks(export)
        cli.path.write_text(raw.replace(line, json.dumps(first(export, table), sort_keys=True,
                                                          separators=(",", ":"))))  # fmt: skip
    else:
        breaks(export)
        cli.path.write_text(json.dumps(export, indent=4))
    before = cli.path.read_bytes()
    for command in (["add", "Grace Hopper"], ["log", "alan", "--note", "hi"], ["plan", "alan", "tue"],
                    ["set", "weekly-cap", "4"], ["export", "json", str(tmp_path / "out.json")]):  # fmt: skip
        result = cli(*command)
        assert result.exit_code == 1, (command, result.output)
        assert f"of {table}: " in result.stderr and reason in result.stderr, (command, result.stderr)
    assert cli.path.read_bytes() == before
    assert not (tmp_path / "out.json").exists()


def test_dates_too_far_away_are_one_sentence(cli: Cli) -> None:
    cli.ok("add", "Ada Lovelace")
    before = cli.path.read_bytes()
    for args in (["plan", "ada", "9999-12-31"], ["plan", "ada", "in 99999 years"],
                 ["log", "ada", "--date", "1850-01-01"], ["snooze", "ada", "3000-01-01"]):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (args, result.output)
        assert result.stderr.count("\n") == 1
    assert cli.path.read_bytes() == before


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (
            lambda raw: raw.replace('"people": {\n  "1": ', '"people": {\n  "x1": ', 1),
            "not under a record number",
        ),
        (lambda raw: raw.replace('"created":', '"last_talked":"9999-12-31","created":', 1), "1900 to 2199"),
    ],
)
def test_a_hand_edit_no_reader_can_use_is_one_sentence(cli: Cli, edit, reason: str) -> None:  # type: ignore[no-untyped-def]
    cli.ok("add", "Ada Lovelace")
    cli.path.write_text(edit(cli.path.read_text()))
    before = cli.path.read_bytes()
    for command in (["people"], ["show", "ada"], ["upcoming"], ["add", "Bob"], ["export", "json", "x.json"]):
        result = cli(*command)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (command, result.output)
        assert reason in result.stderr, (command, result.stderr)
    assert cli.path.read_bytes() == before
