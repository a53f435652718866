"""The method: strengths, reflections, insights, introductions, communities, pitch, cap, done."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli


@pytest.fixture
def net(cli: Cli) -> Cli:
    cli.ok("community", "add", "PyData board", "--kind", "board")
    cli.ok("add", "Ada Lovelace", "--community", "PyData board", "--every", "2w", "--working-on", "engines",
           "--story", "poet's daughter", "--how-i-can-help", "intro to investors")  # fmt: skip
    cli.ok("add", "Alan Turing", "--introduced-by", "Ada", "--community", "PyData board")
    cli.ok("add", "Grace Hopper", "--introduced-by", "Alan", "--community", "PyData board")
    cli.ok("add", "Linus Torvalds", "--introduced-by", "Ada")
    return cli


def test_help_loop_fields_on_add(net: Cli) -> None:
    ada = json.loads(net.ok("show", "ada", "--json"))
    assert (ada["working_on"], ada["story"], ada["how_i_can_help"]) == (
        "engines", "poet's daughter", "intro to investors",
    )  # fmt: skip
    assert "How I can help:" in net.ok("show", "ada")


def test_introduced_by_and_introduced(net: Cli) -> None:
    ada = json.loads(net.ok("show", "ada", "--json"))
    assert ada["introduced_by"] is None and ada["introduced"] == ["Alan Turing", "Linus Torvalds"]
    grace = json.loads(net.ok("show", "grace", "--json"))
    assert grace["introduced_by"] == "Alan Turing"
    assert grace["introduction_chain"] == ["Alan Turing", "Ada Lovelace"]


def test_strengths_add_list_remove(net: Cli) -> None:
    net.ok("strengths", "add", "listening")
    net.ok("strengths", "add", "small groups")
    assert json.loads(net.ok("strengths", "list", "--json")) == ["listening", "small groups"]
    assert net("strengths", "add", "Listening").exit_code == 1  # already there
    net.ok("strengths", "remove", "small groups")
    assert net.ok("strengths", "list") == "listening\n"
    result = net("strengths", "remove", "juggling")
    assert result.exit_code == 1 and "No strength matches 'juggling'." in result.stderr


def test_reflect_is_dated(net: Cli, db_path) -> None:  # type: ignore[no-untyped-def]
    assert "2026-11-25" in net.ok("reflect", "Walks beat coffee", "--strength", "listening")
    [doc] = json.loads(db_path.read_text())["reflections"].values()
    assert doc["date"] == "2026-11-25" and doc["strengths"] == ["listening"]


def test_insights_exact_numbers(net: Cli) -> None:
    net.ok("log", "ada", "--channel", "coffee", "--energy", "2", "--strength", "listening")
    net.ok("log", "ada", "--channel", "walk", "--energy", "1", "--date", "yesterday")
    net.ok("log", "alan", "--channel", "event", "--energy", "-2", "--with", "grace")
    net.ok("log", "grace", "--channel", "message", "--energy", "0", "--strength", "listening")
    net.ok("log", "linus", "--channel", "call")  # unrated: left out of every average
    data = json.loads(net.ok("insights", "--json"))
    assert data["energy_by_channel"] == {"coffee": 2.0, "event": -2.0, "message": 0.0, "walk": 1.0}
    assert data["energy_by_group_size"] == {"1": 1.0, "2": -2.0}
    assert data["energy_by_person"] == {
        "Ada Lovelace": 1.5, "Alan Turing": -2.0, "Grace Hopper": -1.0,
    }  # fmt: skip
    assert data["energy_by_community"] == {"PyData board": 0.25}
    assert data["strengths_used"] == {"listening": {"count": 2, "energy": 1.0}}
    assert data["one_on_ones_this_month"] == 3  # coffee, walk, call; not the event or message
    assert data["inner_circle"] == []
    assert data["suggestion"] == "Nobody is due: a good week to reach out to someone new."  # no cadences
    text = net.ok("insights")
    assert "Who energizes: Ada Lovelace +1.5" in text and "Who drains: Alan Turing -2.0" in text


def test_intro_stages_and_thank_you(net: Cli) -> None:
    out = net.ok("intro", "ask", "ada", "--for", "a CTO in Lisbon")
    intro_id = out.rsplit("(", 1)[1].rstrip(").\n")
    [row] = json.loads(net.ok("intros", "--json"))
    assert row["stage"] == "asked" and row["from"] == "Ada Lovelace" and row["for"] == "a CTO in Lisbon"
    assert row["date"] == "2026-11-25" and row["id"].startswith(intro_id)
    net.ok("intro", "advance", intro_id)
    assert not [i for i in json.loads(net.ok("upcoming", "--json")) if i["kind"] == "thank"]
    assert "A thank-you to the introducer" in net.ok("intro", "advance", intro_id)
    [thank] = [i for i in json.loads(net.ok("upcoming", "--json")) if i["kind"] == "thank"]
    assert thank["person"] == "Ada Lovelace" and thank["note"] == "intro: a CTO in Lisbon"
    net.ok("intro", "advance", intro_id)
    assert not [i for i in json.loads(net.ok("upcoming", "--json")) if i["kind"] == "thank"]
    result = net("intro", "advance", intro_id)
    assert result.exit_code == 1 and "already thanked" in result.stderr


def test_intro_make_starts_at_made(net: Cli) -> None:
    net.ok("intro", "make", "grace", "linus")
    [row] = json.loads(net.ok("intros", "--json"))
    assert row["stage"] == "made" and row["from"] == "me" and row["for"] == "Grace Hopper ↔ Linus Torvalds"
    assert "Who brought my network: Ada Lovelace (2), Alan Turing (1)" in net.ok("intros")


def test_communities_spill_over(net: Cli) -> None:
    net.ok("community", "add", "Rust Discord", "--kind", "online")
    net.ok("log", "ada", "--channel", "coffee")
    net.ok("log", "alan", "--channel", "event")  # an event is not a one-on-one
    net.ok("log", "grace", "--channel", "video", "--with", "linus")  # nor is a group video
    rows = json.loads(net.ok("communities", "--json"))
    assert rows[0] == {
        "name": "PyData board",
        "kind": "board",
        "members": 3,
        "met_one_on_one": 1,
        "spill_over": 0.33,
    }
    assert rows[1]["name"] == "Rust Discord" and rows[1]["members"] == 0 and rows[1]["spill_over"] == 0.0
    assert "next: Alan Turing, Grace Hopper" in net.ok("communities")


def test_pitch_and_weekly_cap(net: Cli, db_path) -> None:  # type: ignore[no-untyped-def]
    net.ok("pitch", "I build data tools; I'd like to meet climate founders")
    net.ok("set", "weekly-cap", "1")
    meta = json.loads(db_path.read_text())["settings"]["1"]
    assert meta["pitch"].startswith("I build data tools") and meta["weekly_cap"] == 1
    net.ok("plan", "ada", "fri")
    result = net("plan", "alan", "thu")
    assert "2 one-on-ones against your weekly cap of 1" in result.stderr
    assert json.loads(net.ok("insights", "--json"))["weekly_cap"] == 1


def test_done_closes_a_follow_up(net: Cli) -> None:
    net.ok("log", "ada", "--follow-up", "send the deck")
    [item] = [i for i in json.loads(net.ok("upcoming", "--json")) if i["kind"] == "follow-up"]
    assert "Done: send the deck." in net.ok("done", item["id"][:8])
    assert not [i for i in json.loads(net.ok("upcoming", "--json")) if i["kind"] == "follow-up"]
    assert net("done", item["id"][:8]).exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["intro", "ask", "zelda", "--for", "x"], "No person matches 'zelda'."),
        (["intro", "ask", "ada", "--for", " "], "Say whom you'd like to meet"),
        (["intro", "advance", "ffffffff"], "No introduction has the id"),
        (["intro", "make", "ada", "ada lovelace"], "two different people"),
        (["community", "add", "PyData board"], "already a community"),
        (["pitch", "  "], "needs a sentence"),
        (["done", "nope"], "Give at least 6 characters"),
        (["done", "ffffffff"], "No open follow-up"),
        (["cancel", "abc"], "Give at least 6 characters"),
        (["strengths", "add", " "], "needs a text"),
        (["reflect", " "], "needs a text"),
    ],
)
def test_method_bad_input(net: Cli, args: list[str], message: str) -> None:
    before = net.path.read_bytes()
    result = net(*args)
    assert result.exit_code == 1 and message in result.stderr
    assert net.path.read_bytes() == before


def test_bad_kind_and_cap_are_usage_errors(net: Cli) -> None:
    assert net("community", "add", "X", "--kind", "party").exit_code == 2
    assert net("set", "weekly-cap", "-1").exit_code == 2


def test_the_suggestion_tells_namesakes_apart(cli: Cli) -> None:
    """Two people called Sam Lee: the one whose talk drained me is never recommended as if the
    other's good talks were theirs."""
    cli.ok("add", "Sam Lee", "--company", "Acme", "--every", "1w")
    cli.ok("add", "Sam Lee", "--company", "Globex", "--every", "52w")
    people = {p["company"]: p["id"] for p in json.loads(cli.ok("people", "--json"))}
    cli.ok("log", people["Acme"][:8], "--date", "2026-10-01", "--energy", "-2")
    for _ in range(3):
        cli.ok("log", people["Globex"][:8], "--energy", "2")
    suggestion = json.loads(cli.ok("insights", "--json"))["suggestion"]
    assert "Sam Lee" in suggestion and "average -2.0" in suggestion and "drain you" in suggestion
    assert "+2.0" not in suggestion and "+1.0" not in suggestion
