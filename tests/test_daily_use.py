"""Daily use from the CLI: fix a logged conversation, plans that change, curating people,
telling namesakes apart, duplicates, imports that tell the truth, everything stored visible."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from nettui.storage.queries.insights import compute
from nettui.storage.repository import Repository
from tests.conftest import TODAY, Cli


def shown(cli: Cli, name: str) -> dict:  # type: ignore[type-arg]
    return json.loads(cli.ok("show", name, "--json"))


@pytest.fixture
def net(cli: Cli) -> Cli:
    cli.ok("add", "Ada Lovelace", "--company", "Engines", "--every", "4w")
    cli.ok("add", "Alan Turing", "--company", "Bletchley", "--every", "2w")
    return cli


def test_a_logged_conversation_can_be_edited_and_deleted(net: Cli) -> None:
    net.ok("log", "ada", "--date", "2026-11-20", "--channel", "walk", "--energy", "2", "--note", "river")
    net.ok("log", "ada", "--date", "2026-11-10", "--channel", "call", "--energy", "-1")
    talks = shown(net, "ada")["conversations"]
    newest, older = talks[0], talks[1]
    assert newest["note"] == "river" and len(newest["id"]) == 36
    net.ok(
        "conversation",
        "edit",
        newest["id"][:8],
        "--date",
        "2026-11-01",
        "--energy",
        "1",
        "--channel",
        "coffee",
    )
    ada = shown(net, "ada")
    assert ada["last_talked"] == "2026-11-10"  # the edited talk is now the older one
    assert [(t["date"], t["channel"], t["energy"]) for t in ada["conversations"]] == [
        ("2026-11-10", "call", -1), ("2026-11-01", "coffee", 1),
    ]  # fmt: skip
    assert compute(Repository(net.path), TODAY).energy_by_channel == {"call": -1.0, "coffee": 1.0}
    net.ok("conversation", "delete", older["id"])
    ada = shown(net, "ada")
    assert [t["channel"] for t in ada["conversations"]] == ["coffee"] and ada["last_talked"] == "2026-11-01"
    assert compute(Repository(net.path), TODAY).energy_by_channel == {"coffee": 1.0}
    result = net("conversation", "delete", "abc")
    assert result.exit_code == 1 and "at least 6 characters" in result.stderr


def test_a_conversation_is_never_in_the_future_nor_a_plan_in_the_past(net: Cli) -> None:
    result = net("log", "ada", "--date", "tomorrow")
    assert result.exit_code == 1 and "That has not happened yet; plan it instead" in result.stderr
    assert net("plan", "ada", "yesterday").exit_code == 1


def test_plans_can_be_listed_rescheduled_and_cancelled(net: Cli) -> None:
    net.ok("plan", "ada", "fri", "--topic", "engines")
    [plan] = json.loads(net.ok("plans", "--json"))
    assert plan["person"] == "Ada Lovelace" and plan["date"] == "2026-11-27"
    assert "Moved" in net.ok("reschedule", plan["id"][:8], "next tuesday")
    assert json.loads(net.ok("plans", "--json"))[0]["date"] == "2026-12-01"
    assert net("reschedule", plan["id"][:8], "yesterday").exit_code == 1
    assert "Cancelled" in net.ok("cancel", plan["id"][:8])
    assert json.loads(net.ok("plans", "--json")) == []
    assert net("cancel", plan["id"][:8]).exit_code == 1


def test_archive_and_snooze_take_people_out_of_upcoming(net: Cli) -> None:
    due = {i["person"] for i in json.loads(net.ok("upcoming", "--json")) if i["kind"] == "due"}
    assert due == {"Ada Lovelace", "Alan Turing"}
    net.ok("archive", "ada")
    assert [p["name"] for p in json.loads(net.ok("people", "--json"))] == ["Alan Turing"]
    assert [p["name"] for p in json.loads(net.ok("people", "--archived", "--json"))] == ["Ada Lovelace"]
    assert "Ada" not in net.ok("upcoming")
    assert shown(net, "ada")["archived"] is True
    net.ok("unarchive", "ada")
    net.ok("snooze", "alan", "in 3 weeks")
    alan = shown(net, "alan")
    assert alan["snoozed_until"] == "2026-12-16" and alan["next_due"] == "2026-12-16"
    items = json.loads(net.ok("upcoming", "--days", "14", "--json"))
    assert "Alan Turing" not in {i["person"] for i in items if i["kind"] == "due"}
    net.ok("snooze", "alan", "--off")
    assert shown(net, "alan")["snoozed_until"] is None
    net.ok("edit", "alan", "--every", "none")
    assert shown(net, "alan")["every"] is None


def test_namesakes_are_told_apart_by_id(cli: Cli) -> None:
    cli.ok("add", "Sam Lee", "--company", "Acme")
    cli.ok("add", "Sam Lee", "--company", "Globex")
    result = cli("show", "sam lee")
    assert result.exit_code == 1
    assert "Sam Lee (Acme, " in result.stderr and "Sam Lee (Globex, " in result.stderr
    ids = {p["company"]: p["id"] for p in json.loads(cli.ok("people", "--json"))}
    acme = ids["Acme"][:6]
    assert shown(cli, acme)["company"] == "Acme"
    cli.ok("log", acme, "--note", "met at Acme")
    cli.ok("edit", ids["Globex"], "--name", "Samantha Lee")
    assert shown(cli, "samantha")["company"] == "Globex"
    assert [t["note"] for t in shown(cli, acme)["conversations"]] == ["met at Acme"]


def test_duplicates_are_found_and_merged(cli: Cli) -> None:
    cli.ok("add", "Grace Hopper", "--email", "grace@navy.mil", "--company", "Navy")
    cli.ok("add", "Grace M. Hopper", "--email", "GRACE@navy.mil", "--city", "Arlington", "--company", "Yale")
    cli.ok("add", "Linus Torvalds", "--company", "Linux")
    cli.ok("add", "Linus Torvald", "--company", "Linux", "--introduced-by", "grace m")
    cli.ok("log", "grace m", "--channel", "walk", "--note", "compilers")
    pairs = json.loads(cli.ok("duplicates", "--json"))
    assert {(p["a"]["name"], p["b"]["name"]) for p in pairs} == {
        ("Grace Hopper", "Grace M. Hopper"), ("Linus Torvald", "Linus Torvalds"),
    }  # fmt: skip
    keep, other = pairs[0]["a"]["id"], pairs[0]["b"]["id"]
    said = cli.ok("merge", keep, other, "--yes")
    assert "company: Yale" in said
    grace = shown(cli, keep)
    assert grace["city"] == "Arlington" and "company: Yale" in grace["notes"]
    assert grace["emails"] == ["grace@navy.mil"]  # one address, whatever its case
    assert [t["note"] for t in grace["conversations"]] == ["compilers"] and grace[
        "last_talked"
    ] == "2026-11-25"
    assert shown(cli, "linus torvald")["introduced_by"] == "Grace Hopper"
    assert "Grace M. Hopper" not in cli.ok("people")


LINKEDIN = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_imports_tell_the_truth(cli: Cli, tmp_path: Path) -> None:
    two = write(tmp_path, "a.csv", LINKEDIN + "Sam,Lee,https://linkedin.com/in/sam1,,Acme,CTO,1 Mar 2023\n"
                                              "Sam,Lee,https://linkedin.com/in/sam2,,Acme,CTO,1 Mar 2023\n")  # fmt: skip
    cli.ok("import", "linkedin", str(two))
    assert len(json.loads(cli.ok("people", "--json"))) == 2  # two profiles, two people
    moved = write(
        tmp_path, "b.csv", LINKEDIN + "Sam,Lee,https://linkedin.com/in/sam1,,Initech,CTO,1 Mar 2023\n"
    )
    cli.ok("import", "linkedin", str(moved))
    ids = [p["id"] for p in json.loads(cli.ok("people", "--json")) if p["company"] == "Initech"]
    [changes] = [shown(cli, i)["job_changes"] for i in ids]
    assert [(c["from"], c["to"]) for c in changes] == [("CTO, Acme", "CTO, Initech")]
    cli.ok("edit", ids[0], "--company", "Initech Labs")  # fixed by hand
    assert "0 updated" in cli.ok("import", "linkedin", str(moved))  # the same file again
    sam = shown(cli, ids[0])
    assert sam["company"] == "Initech Labs" and len(sam["job_changes"]) == 1


def test_dry_run_says_exactly_what_would_happen_including_a_refusal(cli: Cli, tmp_path: Path) -> None:
    bad = write(
        tmp_path, "c.csv", LINKEDIN + "Ada,Lovelace,,ada@engines,Engines,,1 Mar 2023\nAlan,Turing,,,,,\n"
    )
    result = cli("import", "linkedin", str(bad), "--dry-run")
    assert (
        result.exit_code == 1 and "would refuse" in result.stdout and "not an e-mail address" in result.stdout
    )
    assert not cli.path.exists()
    assert cli("import", "linkedin", str(bad), "--dry-run", "--skip-bad").exit_code == 0


def test_a_file_of_another_format_is_refused_by_its_header(cli: Cli, tmp_path: Path) -> None:
    google = write(
        tmp_path, "g.csv", "First Name,Last Name,Organization Name,E-mail 1 - Value\nAda,L,Engines,a@b.io\n"
    )
    result = cli("import", "linkedin", str(google))
    assert result.exit_code == 1 and "not a LinkedIn Connections.csv" in result.stderr


def test_a_google_contact_with_only_an_organization_is_named_by_it(cli: Cli, tmp_path: Path) -> None:
    google = write(
        tmp_path, "g.csv", "First Name,Last Name,Organization Name,E-mail 1 - Value\n,,Acme Plumbing,\n"
    )
    cli.ok("import", "google", str(google))
    assert shown(cli, "acme plumbing")["company"] == "Acme Plumbing"


def test_someone_deleted_is_not_brought_back_by_a_reimport(cli: Cli, tmp_path: Path) -> None:
    source = write(tmp_path, "d.csv", LINKEDIN + "Eve,Example,https://linkedin.com/in/eve,,Acme,CEO,1 Mar 2023\n"
                                                 "Bob,Builder,,,,,1 Mar 2023\n")  # fmt: skip
    cli.ok("import", "linkedin", str(source))
    cli.ok("delete", "eve", "--yes")
    said = cli.ok("import", "linkedin", str(source))
    assert "skipped: deleted earlier" in said and "Eve" not in cli.ok("people")
    raw = cli.path.read_text()
    assert "linkedin.com/in/eve" not in raw and "Example" not in raw  # only a one-way hash is kept
    cli.ok("import", "linkedin", str(source), "--include-deleted")
    assert "Eve Example" in cli.ok("people")


def test_everything_stored_is_shown(cli: Cli, tmp_path: Path) -> None:
    card = write(tmp_path, "a.vcf", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nBDAY;VALUE=text:circa 1815\r\n"
                 "TEL:+44 1\r\nEMAIL:ada@engines.org\r\nURL:https://linkedin.com/in/ada\r\nEND:VCARD\r\n"
                 "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Grace Hopper\r\nBDAY:--1209\r\nEND:VCARD\r\n")  # fmt: skip
    cli.ok("import", "vcard", str(card))
    ada = shown(cli, "ada")
    assert ada["birthday"] == "circa 1815" and ada["source"] == "vcard" and ada["phones"] == ["+44 1"]
    assert ada["linkedin_url"] == "https://linkedin.com/in/ada"
    assert shown(cli, "grace")["birthday"] == "--12-09"
    text = cli.ok("show", "ada")
    for value in ("circa 1815", "+44 1", "ada@engines.org", "linkedin.com/in/ada", "vcard"):
        assert value in text
    out = tmp_path / "cards"
    cli.ok("export", "vcard", str(out))
    exported = "".join(p.read_text() for p in out.iterdir())
    assert "BDAY;VALUE=text:circa 1815" in exported and "BDAY:--1209" in exported


def test_long_notes_wrap_under_their_own_column(cli: Cli) -> None:
    cli.ok("add", "Ada", "--note", "word " * 60)
    lines = cli.ok("show", "ada").splitlines()
    notes = next(i for i, line in enumerate(lines) if line.strip().startswith("Notes:"))
    assert lines[notes + 1].startswith(" " * 20) and lines[notes + 1].strip().startswith("word")


def test_filter_ignores_case_and_accents(cli: Cli) -> None:
    cli.ok("add", "José Müller", "--company", "Café Größe")
    for query in ("jose", "MULLER", "cafe", "große", "José", "grosse"):
        assert "José Müller" in cli.ok("people", "--filter", query), query
    cli.ok("add", "Søren Łukasz")
    cli.ok("add", "Siobhán O\u2019Brien")
    for query, name in (("soren", "Søren Łukasz"), ("lukasz", "Søren Łukasz"), ("o'brien", "O\u2019Brien")):
        assert name in cli.ok("people", "--filter", query), query
    assert "Siobhán O\u2019Brien" in cli.ok("show", "siobhan o'brien")  # names resolve the same way


def test_the_suggestion_never_hides_that_talks_drain(cli: Cli) -> None:
    cli.ok("add", "Drainer", "--every", "1w")
    day = (TODAY - dt.timedelta(days=30)).isoformat()
    for _ in range(3):
        cli.ok("log", "drainer", "--date", day, "--channel", "coffee", "--energy", "-2")
    suggestion = json.loads(cli.ok("insights", "--json"))["suggestion"]
    assert "Drainer" in suggestion and "drain you" in suggestion  # the only one due: said plainly
    cli.ok("add", "Neutral", "--every", "1w")
    suggestion = json.loads(cli.ok("insights", "--json"))["suggestion"]
    assert "Neutral" in suggestion and "Drainer" not in suggestion


def test_importing_an_older_file_again_records_no_job_change(cli: Cli, tmp_path: Path) -> None:
    """Initech, then Globex, then the Initech file again, then the Globex one: one change."""
    old = write(
        tmp_path, "old.csv", LINKEDIN + "Ana,Ruiz,https://linkedin.com/in/ana,,Initech,CTO,1 Mar 2023\n"
    )
    new = write(
        tmp_path, "new.csv", LINKEDIN + "Ana,Ruiz,https://linkedin.com/in/ana,,Globex,CTO,1 Mar 2023\n"
    )
    for source in (old, new, old, new, old):
        cli.ok("import", "linkedin", str(source))
    ana = shown(cli, "ana")
    assert [(c["from"], c["to"]) for c in ana["job_changes"]] == [("CTO, Initech", "CTO, Globex")]
    assert ana["company"] == "Globex"


def test_an_impossible_birthday_is_exported_as_text(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "Ada Lovelace", "--birthday", "1990-02-30")
    cli.ok("add", "Alan Turing", "--birthday", "--13-40")
    cli.ok("export", "vcard", str(tmp_path / "cards"))
    cards = {p.read_text() for p in (tmp_path / "cards").glob("*.vcf")}
    text = "\n".join(cards)
    assert "BDAY;VALUE=text:1990-02-30" in text and "BDAY;VALUE=text:--13-40" in text
    assert "19900230" not in text and "--1340" not in text
    other = Cli(tmp_path / "other.json")
    other.ok("import", "vcard", str(tmp_path / "cards"))
    assert {shown(other, n)["birthday"] for n in ("ada", "alan")} == {"1990-02-30", "--13-40"}


def test_a_person_added_twice_is_a_likely_duplicate(cli: Cli) -> None:
    cli.ok("add", "Ada Lovelace", "--company", "Engines")
    cli.ok("add", "Ada Lovelace")  # added again, without the company
    cli.ok("add", "Grace Hopper", "--company", "Navy")
    cli.ok("add", "Grace B. Hopper", "--company", "Navy")  # a middle initial
    cli.ok("add", "Sam Lee", "--company", "Acme")
    cli.ok("add", "Sam Lee", "--company", "Globex")  # namesakes at two companies: two people
    found = json.loads(cli.ok("duplicates", "--json"))
    pairs = {frozenset((p["a"]["name"], p["b"]["name"])): p["reason"] for p in found}
    assert set(pairs) == {frozenset({"Ada Lovelace"}), frozenset({"Grace Hopper", "Grace B. Hopper"})}
    assert "one with no company" in pairs[frozenset({"Ada Lovelace"})]
