"""Reasons to reach out (birthdays, job news, debriefs), a pace under the weekly cap, a brief
before, a digest outside the dashboard and calendars: on a frozen Wednesday, 2026-11-25."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from nettui.storage import clock
from tests.conftest import TODAY, Cli


def kinds(cli: Cli, *args: str) -> list[tuple[str, str, str]]:
    items = json.loads(cli.ok("upcoming", "--json", *args))
    return [(i["kind"], i["person"], i["date"]) for i in items]


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


# -- reasons ----------------------------------------------------------------------------------


def test_birthdays_in_the_window_full_or_without_a_year(cli: Cli) -> None:
    cli.ok("add", "Ada Lovelace", "--birthday", "1985-12-01")  # in 6 days: turns 41
    cli.ok("add", "Alan Turing", "--birthday", "--11-27")  # no year, in 2 days
    cli.ok("add", "Grace Hopper", "--birthday", "1906-12-31")  # beyond 30 days
    cli.ok("add", "Linus Torvalds", "--birthday", "circa 1969")  # text: no day to count
    cli.ok("add", "Barbara Liskov", "--birthday", "--11-28")
    cli.ok("archive", "Barbara")  # archived: never a reason
    items = json.loads(cli.ok("upcoming", "--json"))
    assert [(i["kind"], i["person"], i["date"], i["note"]) for i in items] == [
        ("birthday", "Alan Turing", day(2), ""),
        ("birthday", "Ada Lovelace", day(6), "turns 41"),
    ]
    assert ("birthday", "Grace Hopper", "2026-12-31") in kinds(cli, "--days", "40")
    assert "in 6 days" in cli.ok("upcoming")  # a reason is never "overdue"


def test_a_job_change_is_news_for_a_month_until_we_talk(cli: Cli) -> None:
    cli.ok("add", "Tom Smith", "--company", "Acme", "--role", "CTO")
    cli.ok("add", "Ann Lee", "--company", "Initch")
    cli.ok("edit", "Tom", "--company", "Initech")  # a new job
    cli.ok("edit", "Ann", "--company", "Initech")  # a typo fixed: no news
    cli.ok("edit", "Ann", "--role", "Engineer")  # a role filled in for the first time: no news
    items = [i for i in json.loads(cli.ok("upcoming", "--json")) if i["kind"] == "job-change"]
    tom = json.loads(cli.ok("show", "Tom", "--json"))["id"]
    assert items == [
        {"kind": "job-change", "date": day(0), "person": "Tom Smith", "id": "", "person_id": tom,
         "note": "congratulate Tom on CTO, Initech (was Acme)"},
    ]  # fmt: skip
    shown = json.loads(cli.ok("show", "Tom", "--json"))
    assert [(c["from"], c["to"], c["source"]) for c in shown["job_changes"]] == [
        ("CTO, Acme", "CTO, Initech", "edit")
    ]
    clock.set_today(TODAY + dt.timedelta(days=31))
    assert not [k for k in kinds(cli) if k[0] == "job-change"]  # a month later: old news
    clock.set_today(TODAY + dt.timedelta(days=3))
    assert [k for k in kinds(cli) if k[0] == "job-change"]
    cli.ok("log", "Tom", "--channel", "call")  # congratulated
    assert not [k for k in kinds(cli) if k[0] == "job-change"]


def test_a_plan_whose_day_passed_without_a_log_is_a_debrief(cli: Cli) -> None:
    cli.ok("add", "Ada Lovelace")
    cli.ok("plan", "ada", "fri", "--channel", "walk", "--topic", "engines")  # 2026-11-27
    assert kinds(cli) == [("planned", "Ada Lovelace", day(2))]
    clock.set_today(TODAY + dt.timedelta(days=4))
    [item] = json.loads(cli.ok("upcoming", "--json"))
    assert (item["kind"], item["date"]) == ("debrief", day(2))
    assert item["note"] == "walk: engines · not logged yet: how did it go?"
    assert "overdue 2 days" in cli.ok("upcoming")
    cli.ok("log", "ada", "--date", day(2), "--channel", "walk")  # logged: the plan is closed
    assert [k for k in kinds(cli) if k[0] in ("debrief", "planned")] == []


# -- pace -------------------------------------------------------------------------------------


def due_crowd(cli: Cli, cap: str | None = "2") -> Cli:
    """Seven people due by cadence, 8 to 2 weeks overdue (Ada the most); a cap of 2."""
    if cap is not None:
        cli.ok("set", "weekly-cap", cap)
    for weeks, name in enumerate(["Ada", "Bea", "Cy", "Dee", "Eve", "Fay", "Gus"]):
        talked = (TODAY - dt.timedelta(weeks=8 - weeks, days=14)).isoformat()
        cli.ok("add", f"{name} Doe", "--every", "2w")
        cli.ok("log", f"{name} Doe", "--date", talked, "--channel", "call")
    return cli


@pytest.fixture
def crowd(cli: Cli) -> Cli:
    return due_crowd(cli)


def test_people_due_are_paced_under_the_weekly_cap(crowd: Cli) -> None:
    crowd.ok("log", "Gus Doe", "--channel", "event")  # today, not a one-on-one: it takes no room
    crowd.ok("plan", "Fay Doe", "fri")  # a 1:1 planned this week: one place left; Fay is planned
    due = [(k, p, d) for k, p, d in kinds(crowd, "--days", "14") if k in ("due", "more-due")]
    next_monday, after = "2026-11-30", "2026-12-07"
    assert due == [
        ("due", "Ada Doe", day(-56)),  # the most overdue, this week, on its own day
        ("due", "Bea Doe", next_monday),  # this week is full: the next week with room
        ("due", "Cy Doe", next_monday),
        ("due", "Dee Doe", after),
        ("due", "Eve Doe", after),
        ("more-due", "", day(14)),  # Gus, due on 9 December: that week is full
    ]
    items = json.loads(crowd.ok("upcoming", "--json", "--days", "14"))
    assert items[-1]["note"] == "1 more due later (your cap: 2 a week)"
    notes = [i["note"] for i in items if i["kind"] == "due"]
    assert "paced" not in notes[0] and notes[1] == "every 2w · last talked 2 months ago · paced to 2 a week"
    assert "upcoming --all lists everyone due" in crowd.ok("upcoming", "--days", "14")
    everyone = [(p, d) for k, p, d in kinds(crowd, "--all", "--days", "14") if k == "due"]
    assert [p for p, _ in everyone] == ["Ada Doe", "Bea Doe", "Cy Doe", "Dee Doe", "Eve Doe", "Gus Doe"]
    assert everyone[1] == ("Bea Doe", day(-49))  # everyone on their own day


def test_snoozed_and_archived_people_are_not_picked(crowd: Cli) -> None:
    crowd.ok("snooze", "Ada Doe", "in 2 months")
    crowd.ok("archive", "Bea Doe")
    picked = [p for k, p, _ in kinds(crowd) if k == "due"]
    assert picked[:2] == ["Cy Doe", "Dee Doe"] and "Ada Doe" not in picked and "Bea Doe" not in picked


def test_the_warmest_goes_first_among_people_due_the_same_day(cli: Cli) -> None:
    cli.ok("set", "weekly-cap", "1")
    for name, talks in (("Cold Kim", 1), ("Warm Lee", 4)):
        cli.ok("add", name, "--every", "4w")
        for n in range(talks):
            cli.ok(
                "log", name, "--date", (TODAY - dt.timedelta(days=60 + n)).isoformat(), "--channel", "call"
            )
    for name in ("Cold Kim", "Warm Lee"):  # both last talked 60 days ago: due the same day
        assert json.loads(cli.ok("show", name, "--json"))["last_talked"] == day(-60)
    assert next(p for k, p, _ in kinds(cli) if k == "due") == "Warm Lee"


def test_without_a_cap_the_default_is_three_a_week(cli: Cli) -> None:
    due_crowd(cli, cap=None)
    this_week = [p for k, p, d in kinds(cli) if k == "due" and d < "2026-11-30"]
    assert this_week == ["Ada Doe", "Bea Doe", "Cy Doe"]


# -- brief, digest ---------------------------------------------------------------------------


@pytest.fixture
def ada(cli: Cli) -> Cli:
    cli.ok("add", "Alan Turing")
    cli.ok("add", "Ada Lovelace", "--company", "Engines", "--introduced-by", "Alan",
           "--story", "Taught herself analysis", "--working-on", "a new data platform",
           "--birthday", "1985-12-01")  # fmt: skip
    cli.ok("add", "Grace Hopper", "--introduced-by", "Ada")
    for days_ago, channel, energy in (
        (40, "coffee", "-1"),
        (30, "walk", "2"),
        (20, "walk", "1"),
        (10, "call", "0"),
    ):
        cli.ok("log", "Ada", "--date", day(-days_ago), "--channel", channel, "--energy", energy,
               "--note", f"talk {days_ago}")  # fmt: skip
    cli.ok("log", "Ada", "--follow-up", "send the paper", "--due", "fri", "--channel", "message",
           "--date", "yesterday")  # fmt: skip
    cli.ok("intro", "ask", "Ada", "--for", "a climate founder")
    cli.ok("plan", "Ada", "sat", "--channel", "walk", "--topic", "compilers")
    cli.ok("edit", "Ada", "--company", "Analytical Co")
    return cli


def test_a_brief_says_what_to_bring(ada: Cli) -> None:
    text = "\n".join(" ".join(line.split()) for line in ada.ok("brief", "Ada").splitlines())
    for line in (
        "Ada Lovelace · walk on Sat 2026-11-28 (in 3 days)",
        "Topic compilers",
        "Worth a word new job since 2026-11-25: Analytical Co (was Engines)",
        "birthday on 1 December",
        "Their story Taught herself analysis",
        "Working on a new data platform",
        "How I can help not noted yet: ask them",
        "I promised send the paper (due 2026-11-27)",
        "They offered an introduction: a climate founder",
        "Introduced by Alan Turing",
        "They introduced Grace Hopper",
        "Goes best walk · one-on-one (by energy)",
    ):
        assert line in text, line
    assert "talk 40" not in text and "talk 10" in text  # the last three only
    brief = json.loads(ada.ok("brief", "Ada", "--json"))
    assert brief["name"] == "Ada Lovelace" and brief["topic"] == "compilers"
    assert [t["note"] for t in brief["last_conversations"]] == ["", "talk 10", "talk 20"]
    assert [f["text"] for f in brief["open_follow_ups"]] == ["send the paper"]
    assert brief["best_channel"] == "walk" and brief["best_group_size"] == 1
    assert len(brief["reasons"]) == 2


def test_a_brief_of_someone_new_says_what_is_missing(cli: Cli) -> None:
    cli.ok("add", "Linus Torvalds")
    text = "\n".join(" ".join(line.split()) for line in cli.ok("brief", "Linus").splitlines())
    assert "nothing planned" in text and "Last talks none yet" in text
    assert "Goes best nothing rated above 0 yet" in text
    result = cli("brief", "Nobody")
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_the_digest_in_a_few_lines(ada: Cli) -> None:
    ada.ok("add", "Bob Due", "--every", "2w")
    ada.ok("log", "Bob", "--date", day(-30), "--channel", "call")
    text = ada.ok("digest")
    assert text.splitlines() == [
        "This week: Bob Due (overdue 2 weeks)",
        "Birthdays: Ada Lovelace (in 6 days)",  # this week: today and the next six days
        "Job news: congratulate Ada on Analytical Co (was Engines)",
    ]
    clock.set_today(TODAY + dt.timedelta(days=2))  # Friday: the promise is due
    digest = json.loads(ada.ok("digest", "--json"))
    assert list(digest) == ["today", "this_week", "promises_due", "birthdays", "job_changes"]
    assert [i["note"] for i in digest["promises_due"]] == ["send the paper"]
    clock.set_today(TODAY + dt.timedelta(days=3))  # Saturday: the walk, and the birthday week
    digest = json.loads(ada.ok("digest", "--json"))
    assert [(i["kind"], i["person"]) for i in digest["today"]] == [("planned", "Ada Lovelace")]
    assert "Today: Ada Lovelace, walk: compilers" in ada.ok("digest")


def test_an_empty_digest_is_quiet_when_asked(cli: Cli) -> None:
    cli.ok("add", "Linus Torvalds")
    assert cli.ok("digest") == "Nothing to do today or this week.\n"
    assert cli.ok("digest", "--quiet") == ""
    assert json.loads(cli.ok("digest", "--json"))["today"] == []


# -- calendars --------------------------------------------------------------------------------


def test_export_ics_has_birthdays_every_year_and_this_weeks_picks(crowd: Cli, tmp_path: Path) -> None:
    crowd.ok("add", "Ada Lovelace", "--birthday", "1985-12-01")
    crowd.ok("add", "Alan Turing", "--birthday", "--02-29")
    crowd.ok("add", "Linus Torvalds", "--birthday", "circa 1969")
    crowd.ok("plan", "Ada Lovelace", "fri")
    crowd.ok("plan", "Alan", "in 3 weeks")
    target = tmp_path / "nettui.ics"
    said = crowd.ok("export", "ics", str(target))
    assert "2 planned conversations, 0 follow-ups, 3 people due and 2 birthdays" in said
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    ada, alan = events["Ada Lovelace's birthday"], events["Alan Turing's birthday"]
    assert ada.decoded("dtstart") == dt.date(1985, 12, 1) and alan.decoded("dtstart") == dt.date(2000, 2, 29)
    assert ada["rrule"]["FREQ"] == ["YEARLY"] and alan["rrule"]["FREQ"] == ["YEARLY"]
    todos = [t for t in cal.walk("VTODO")]
    assert [str(t["summary"]) for t in todos] == [  # the next seven days: the plan took a place
        "Get in touch with Ada Doe",
        "Get in touch with Bea Doe",
        "Get in touch with Cy Doe",
    ]
    uids = sorted(str(c["uid"]) for c in cal.walk() if "uid" in c)
    crowd.ok("export", "ics", str(target))  # again: the same UIDs, so calendars update
    again = icalendar.Calendar.from_ical(target.read_bytes())
    assert sorted(str(c["uid"]) for c in again.walk() if "uid" in c) == uids
    said = crowd.ok("export", "ics", str(target), "--days", "14")
    assert "1 planned conversation, 0 follow-ups, 5 people due" in said  # Alan's plan is later


KHAL_CONFIG = """[calendars]
[[nettui]]
path = {folder}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
[sqlite]
path = {db}
"""


def test_khal_reads_the_calendar(cli: Cli, tmp_path: Path) -> None:
    """The real khal imports the file and shows the plan, and the birthdays every year."""
    cli.ok("add", "Ada Lovelace", "--birthday", "1985-12-01")
    cli.ok("add", "Alan Turing", "--birthday", "--01-10")
    cli.ok("plan", "Ada Lovelace", "fri", "--channel", "walk", "--topic", "engines")
    target = tmp_path / "nettui.ics"
    cli.ok("export", "ics", str(target))
    config = tmp_path / "khal.conf"
    config.write_text(KHAL_CONFIG.format(folder=tmp_path / "cal", db=tmp_path / "khal.db"))
    (tmp_path / "cal").mkdir()
    khal = [str(Path(sys.executable).parent / "khal"), "-c", str(config)]
    env = {**os.environ, "TZ": "UTC", "LC_ALL": "C.UTF-8"}
    subprocess.run([*khal, "import", "--batch", str(target)], check=True, env=env, capture_output=True)
    listed = subprocess.run([*khal, "list", "2026-11-25", "2028-01-31"], check=True, env=env,
                            capture_output=True, text=True).stdout  # fmt: skip
    assert "Walk with Ada Lovelace :: engines" in listed
    for day in ("2026-12-01", "2027-12-01"):  # every year
        assert f"{day}\n Ada Lovelace's birthday" in listed
    for day in ("2027-01-10", "2028-01-10"):
        assert f"{day}\n Alan Turing's birthday" in listed


# -- from the trials ---------------------------------------------------------------------------


def test_a_promise_is_never_due_in_the_past(cli: Cli) -> None:
    cli.ok("add", "Ada Lovelace")
    result = cli("log", "ada", "--follow-up", "send notes", "--due", "2 weeks ago")
    assert result.exit_code == 1
    assert result.stderr == "nettui: 2026-11-11 is in the past: a promise is due on a day to come.\n"
    assert json.loads(cli.ok("show", "ada", "--json"))["conversations"] == []  # nothing half-saved


def test_a_promotion_is_news_and_text_in_it_is_stored_clean(cli: Cli) -> None:
    cli.ok("add", "Ann Lee", "--company", "Initech", "--role", "Analyst")
    cli.ok("edit", "Ann", "--role", "Lead Analyst")
    cli.ok("edit", "Ann", "--role", "Lead Analist")  # a typo: no news
    cli.ok("edit", "Ann", "--company", "Evil\x1b]0;PWNED\x07 Corp")
    changes = json.loads(cli.ok("show", "Ann", "--json"))["job_changes"]
    assert [(c["from"], c["to"]) for c in changes] == [
        ("Analyst, Initech", "Lead Analyst, Initech"),
        ("Lead Analist, Initech", "Lead Analist, Evil]0;PWNED Corp"),
    ]


def test_odd_birthdays_never_break_the_calendar(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "Zed Max", "--birthday", "9999-12-31")  # a year that cannot be theirs
    cli.ok("add", "Leap Day", "--birthday", "1988-02-29")
    cli.ok("add", "Nil Null")
    data = json.loads(cli.path.read_text())
    for doc in data["people"].values():
        if doc["name"] == "Nil Null":
            doc["birthday"] = None  # as a hand edit may leave it
        if doc["name"] == "Leap Day":
            doc["city"] = "\u001b]0;PWNED\u0007Oslo"
    cli.path.write_text(json.dumps(data))
    cli.ok("plan", "Leap", "fri", "--topic", "x")
    data = json.loads(cli.path.read_text())
    for doc in data["plans"].values():
        doc["topic"] = "\u001b]52;c;eA==\u0007 \u009b2J"  # control characters, edited in by hand
    cli.path.write_text(json.dumps(data))
    target = tmp_path / "c.ics"
    cli.ok("export", "ics", str(target))
    raw = target.read_bytes()
    assert b"\x1b" not in raw and b"\x07" not in raw and "\x9b".encode() not in raw
    cal = icalendar.Calendar.from_ical(raw)
    born = {str(e["summary"]): e for e in cal.walk("VEVENT") if "birthday" in str(e["summary"])}
    assert born["Zed Max's birthday"].decoded("dtstart") == dt.date(2000, 12, 31)
    leap = born["Leap Day's birthday"]
    assert leap["rrule"]["BYMONTHDAY"] == [-1] and leap["rrule"]["BYMONTH"] == [2]  # every year
    assert "turns" not in cli.ok("upcoming", "--days", "40")  # no age from an impossible year


def test_the_quiet_digest_before_any_database_says_nothing(tmp_path: Path) -> None:
    quiet = Cli(tmp_path / "none.json")
    result = quiet("digest", "--quiet")
    assert (result.exit_code, result.output) == (0, "")
    assert not (tmp_path / "none.json").exists()


def test_a_newline_in_a_topic_never_makes_a_fake_row(cli: Cli) -> None:
    cli.ok("add", "Ada Lovelace")
    cli.ok("plan", "ada", "today", "--topic", "engines\n2026-11-26  tomorrow  planned  Mallory")
    assert len(cli.ok("upcoming").splitlines()) == 1
    assert len(cli.ok("digest").splitlines()) == 1
