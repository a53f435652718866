"""Imports (LinkedIn, Google, vCard), merging, exports (vCard, iCalendar, JSON) and restore."""

from __future__ import annotations

import contextlib
import json
import stat
from pathlib import Path

import icalendar
import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nettui.storage.errors import InputError
from nettui.storage.formats import google, linkedin, vcard
from nettui.storage.formats.records import UnreadableFile
from tests.conftest import Cli

LINKEDIN = (
    "\ufeffNotes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical Engines,Engineer,15 Mar 2023\n"
    'Alan,Turing,https://www.linkedin.com/in/alan,alan@example.com,"Bletchley, Park",Cryptanalyst,01 Jan 2024\n'
    "Grace,Hopper,https://www.linkedin.com/in/grace,,Navy,Admiral,07 Jul 2022\n"
)
LINKEDIN_OLD = (
    "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,,Analytical Engines,Engineer,15 Mar 2023\n"
)
GOOGLE_CURRENT = (
    "First Name,Middle Name,Last Name,Nickname,Organization Name,Organization Title,Birthday,Notes,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value\n"
    "Ada,,Lovelace,,Analytical Engines,Engineer,1815-12-10,Poet's daughter,* myContacts ::: Friends ::: Math,"
    "* Home,ada@home.org ::: ada@work.org,Work,ada@engines.org,Mobile,+44 1 ::: +44 2\n"
    "Grace,,Hopper,,Navy,Admiral,--12-09,,* myContacts,,grace@navy.mil,,,,\n"
)
GOOGLE_LEGACY = (
    "Name,Given Name,Additional Name,Family Name,Birthday,Notes,Group Membership,E-mail 1 - Type,"
    "E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title\n"
    "Alan Turing,Alan,,Turing,1912-06-23,Codes,* My Contacts ::: Colleagues,* Work,alan@example.com,"
    "Mobile,+44 3,Bletchley,Cryptanalyst\n"
)
VCARDS = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:11111111-1111-4111-8111-111111111111\r\n"
    "FN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nEMAIL;TYPE=work:ada@engines.org\r\nEMAIL:ada@home.org\r\n"
    "TEL;VALUE=uri;TYPE=cell:tel:+44-1\r\nORG:Analytical Engines\r\nTITLE:Engineer\r\n"
    "NOTE:Likes poetry\\, engines\\nand long walks that go on and on and on and on and on and \r\n"
    " on\r\nCATEGORIES:math,poetry\r\nBDAY:18151210\r\nURL:https://www.linkedin.com/in/ada\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nN:Turing;Alan;;;\r\nEMAIL;TYPE=INTERNET:alan@example.com\r\n"
    "RELATED;TYPE=contact:urn:uuid:11111111-1111-4111-8111-111111111111\r\nEND:VCARD\r\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def people(cli: Cli) -> dict[str, dict]:
    return {
        p["name"]: json.loads(cli.ok("show", p["name"], "--json"))
        for p in json.loads(cli.ok("people", "--json"))
    }


def test_linkedin_import(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "Connections.csv", LINKEDIN)
    assert "3 new, 0 updated, 0 unchanged, 0 skipped" in cli.ok("import", "linkedin", str(path))
    found = people(cli)
    alan = found["Alan Turing"]
    assert alan["company"] == "Bletchley, Park" and alan["role"] == "Cryptanalyst"
    assert alan["emails"] == ["alan@example.com"] and found["Ada Lovelace"]["emails"] == []
    doc = next(d for d in json.loads(cli.path.read_text())["people"].values() if d["name"] == "Ada Lovelace")
    assert doc["linkedin_url"] == "https://www.linkedin.com/in/ada" and doc["connected_on"] == "2023-03-15"


def test_linkedin_without_url_column(tmp_path: Path) -> None:
    [record] = linkedin.parse(write(tmp_path, "old.csv", LINKEDIN_OLD)).records
    assert record.name == "Ada Lovelace" and record.linkedin_url == "" and record.line == 2


def test_reimport_adds_nobody_and_records_job_changes(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "Connections.csv", LINKEDIN)
    cli.ok("import", "linkedin", str(path))
    assert "0 new, 0 updated, 3 unchanged" in cli.ok("import", "linkedin", str(path))
    write(tmp_path, "Connections.csv", LINKEDIN.replace("Analytical Engines,Engineer", "Babbage Inc,CTO"))
    out = cli.ok("import", "linkedin", str(path))
    assert "job change: Engineer, Analytical Engines → CTO, Babbage Inc" in out
    ada = people(cli)["Ada Lovelace"]
    assert ada["company"] == "Babbage Inc" and ada["job_changes"][0]["date"] == "2026-11-25"
    assert len(people(cli)) == 3


def test_name_match_across_kinds_is_kept_apart(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "Ada Lovelace", "--company", "Somewhere Else")
    out = cli.ok("import", "linkedin", str(write(tmp_path, "c.csv", LINKEDIN)))
    assert "duplicate" in out and "1 possible duplicates" in out
    assert len([p for p in json.loads(cli.ok("people", "--json")) if p["name"] == "Ada Lovelace"]) == 2


def test_matching_by_email_wins_over_name(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "A. Turing", "--email", "alan@example.com")
    cli.ok("import", "linkedin", str(write(tmp_path, "c.csv", LINKEDIN)))
    names = [p["name"] for p in json.loads(cli.ok("people", "--json"))]
    assert "Alan Turing" not in names and "A. Turing" in names


def test_dry_run_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "Someone")
    before = cli.path.read_bytes()
    out = cli.ok("import", "linkedin", str(write(tmp_path, "c.csv", LINKEDIN)), "--dry-run")
    assert "new        Ada Lovelace" in out and "Dry run, nothing written: 3 new" in out
    assert cli.path.read_bytes() == before


def test_bad_rows_import_nothing_unless_skip_bad(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "Someone")
    before = cli.path.read_bytes()
    bad = LINKEDIN + "Linus,Torvalds,,,Linux,Creator,someday\n,,,,,,\nOnly,Two\n"
    path = write(tmp_path, "c.csv", bad)
    result = cli("import", "linkedin", str(path))
    assert result.exit_code == 1
    assert f"{path}:8: cannot read the date 'someday' in Connected On" in result.stderr
    assert f"{path}:10: has 2 fields, the header has 7" in result.stderr
    assert "nothing imported: 2 bad rows" in result.stderr
    assert cli.path.read_bytes() == before
    out = cli("import", "linkedin", str(path), "--skip-bad")
    assert out.exit_code == 0 and "3 new, 0 updated, 0 unchanged, 2 skipped" in out.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "binary file"),
        (b"name,phone\nAda,1\n", "not a LinkedIn Connections.csv"),
    ],
)
def test_unreadable_linkedin_files(cli: Cli, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(content)
    result = cli("import", "linkedin", str(path))
    assert result.exit_code == 1 and message in result.stderr and result.stderr.count("\n") == 1
    assert not cli.path.exists()


def test_missing_file(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", "vcard", str(tmp_path / "nope.vcf"))
    assert result.exit_code == 1 and "There is no file at" in result.stderr


def test_latin1_bytes_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", LINKEDIN_OLD.replace("Ada,Lovelace", "Zoë,Brontë"), "cp1252")
    assert linkedin.parse(path).records[0].name == "Zoë Brontë"


def test_google_current_header(tmp_path: Path) -> None:
    parsed = google.parse(write(tmp_path, "contacts.csv", GOOGLE_CURRENT))
    ada, grace = parsed.records
    assert ada.emails == ["ada@home.org", "ada@work.org", "ada@engines.org"]
    assert ada.phones == ["+44 1", "+44 2"]
    assert ada.tags == ["Friends", "Math"] and ada.notes == "Poet's daughter"
    assert ada.birthday == "1815-12-10" and ada.company == "Analytical Engines"
    assert grace.birthday == "--12-09" and grace.tags == []  # a birthday without a year is kept


def test_google_legacy_header(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "legacy.csv", GOOGLE_LEGACY)
    assert "1 new" in cli.ok("import", "google", str(path))
    alan = people(cli)["Alan Turing"]
    assert (
        alan["company"] == "Bletchley" and alan["role"] == "Cryptanalyst" and alan["tags"] == ["Colleagues"]
    )
    assert alan["phones"] == ["+44 3"] and alan["birthday"] == "1912-06-23"


def test_google_rejects_a_linkedin_file(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", "google", str(write(tmp_path, "c.csv", LINKEDIN)))
    assert result.exit_code == 1 and "not a Google Contacts CSV" in result.stderr


def test_vcard_file_with_many_cards(tmp_path: Path) -> None:
    ada, alan = vcard.parse(write(tmp_path, "all.vcf", VCARDS)).records
    assert ada.vcard_uid == "urn:uuid:11111111-1111-4111-8111-111111111111"
    assert ada.emails == ["ada@engines.org", "ada@home.org"] and ada.phones == ["+44-1"]
    assert ada.notes.startswith("Likes poetry, engines\nand long walks") and ada.notes.endswith("on and on")
    assert ada.tags == ["math", "poetry"] and ada.birthday == "1815-12-10"
    assert ada.linkedin_url == "https://www.linkedin.com/in/ada" and alan.line == 17


def test_vcard_folder_and_related_becomes_introducer(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    first, second = VCARDS.split("END:VCARD\r\n")[:2]
    (folder / "ada.vcf").write_text(first + "END:VCARD\r\n")
    (folder / "alan.vcf").write_text(second + "END:VCARD\r\n")
    assert "2 new" in cli.ok("import", "vcard", str(folder))
    assert people(cli)["Alan Turing"]["introduced_by"] == "Ada Lovelace"
    assert "0 new, 0 updated, 2 unchanged" in cli.ok("import", "vcard", str(folder))


def test_broken_card_is_a_problem_with_its_line(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "x.vcf", VCARDS + "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:x@y.org\r\nEND:VCARD\r\n")
    result = cli("import", "vcard", str(path))
    assert result.exit_code == 1 and f"{path}:24: no FN or N (no name)" in result.stderr


def test_not_a_vcard(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", "vcard", str(write(tmp_path, "x.vcf", "hello\n")))
    assert result.exit_code == 1 and "not a vCard file" in result.stderr


def test_export_vcard_round_trip(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "Ada Lovelace", "--company", "Engines", "--role", "Engineer", "--email", "ada@x.org",
           "--phone", "+44 1", "--tag", "math", "--note", "likes poetry; engines", "--city", "London")  # fmt: skip
    cli.ok("add", "Alan Turing", "--introduced-by", "ada", "--email", "alan@x.org")
    out = tmp_path / "book"
    assert "2 written, 0 unchanged" in cli.ok("export", "vcard", str(out))
    assert "0 written, 2 unchanged" in cli.ok("export", "vcard", str(out))
    files = sorted(out.glob("*.vcf"))
    assert len(files) == 2 and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    cards = [vobject.readOne(f.read_text()) for f in files]
    assert all(c.version.value == "4.0" and c.uid.value for c in cards)
    alan = next(c for c in cards if c.fn.value == "Alan Turing")
    assert alan.related.value.startswith("urn:uuid:") and alan.related.params["TYPE"] == ["contact"]
    fresh = Cli(tmp_path / "fresh.json")
    assert "2 new" in fresh.ok("import", "vcard", str(out))
    before, after = people(cli), people(fresh)
    for name in before:
        for field in ("name", "company", "role", "emails", "phones", "tags", "introduced_by"):
            assert before[name][field] == after[name][field], field
    assert after["Ada Lovelace"]["notes"] == "likes poetry; engines"


def test_export_ics(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "Ada Lovelace")
    cli.ok("plan", "ada", "fri", "--topic", "engines")
    cli.ok("log", "ada", "--follow-up", "send deck", "--due", "tomorrow")
    target = tmp_path / "nettui.ics"
    assert "1 planned conversation, 1 follow-up, 0 people due and 0 birthdays" in cli.ok(
        "export", "ics", str(target)
    )
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    [event] = cal.walk("VEVENT")
    assert str(event["summary"]) == "Coffee with Ada Lovelace" and str(event["description"]) == "engines"
    assert event.decoded("dtstart").isoformat() == "2026-11-27" and "DTSTAMP" in event
    [todo] = cal.walk("VTODO")
    assert todo.decoded("due").isoformat() == "2026-11-26"
    first = target.read_bytes()
    cli.ok("export", "ics", str(target))
    assert target.read_bytes() == first  # stable UIDs and stamps


def test_export_json_and_restore(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "Ada Lovelace")
    dump = tmp_path / "all.json"
    cli.ok("export", "json", str(dump))
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    cli.ok("add", "Alan Turing")
    assert "Restored 1 people" in cli.ok("restore", str(dump))
    assert [p["name"] for p in json.loads(cli.ok("people", "--json"))] == ["Ada Lovelace"]
    backups = list((tmp_path / "nettui.json.backups").glob("*.json"))
    assert any("Alan Turing" in b.read_text() for b in backups)


@pytest.mark.parametrize("content", [b"", b"{broken", b"[1]"])
def test_restore_refuses_bad_files(cli: Cli, tmp_path: Path, content: bytes) -> None:
    cli.ok("add", "Ada")
    before = cli.path.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = cli("restore", str(bad))
    assert result.exit_code == 1 and cli.path.read_bytes() == before


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.text(max_size=300))
def test_importers_never_raise_unexpected_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz"
    path.write_bytes(text.encode("utf-8", errors="replace"))
    for parser in (linkedin.parse, google.parse, vcard.parse):
        with contextlib.suppress(UnreadableFile, InputError):
            parser(path)
