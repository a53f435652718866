"""A hostile file can put control sequences in any text; none of them ever reaches a terminal:
not from the real dashboard in a pseudo-terminal (every screen), not from the CLI's plain or
JSON output, piped or not. Text typed or imported is stored without them."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nettui.storage.domain.models import Conversation, FollowUp, Intro, Person, Plan, Reflection
from nettui.storage.repository import Repository
from tests.conftest import TODAY

ROOT = Path(__file__).parents[2]
PAYLOADS = {
    "OSC52": "\x1b]52;c;SGVsbG8=\x07",  # a clipboard write
    "CLEAR": "\x1b[2J\x1b[3J\x1b[5;7mINJ",  # a screen clear and styling
    "LINK": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # a hyperlink
    "TITLE": "\x1b]0;PWNED\x07",  # a window title
    "C1": "\x9b31mRED\x9d0;C1TITLE\x9c",  # the same, as 8-bit C1 controls
    "BELL": "\x07\x08\x7f",
}
RAW_FORBIDDEN = [
    b"\x1b]52;",
    b"\x1b[5;7mINJ",
    b"\x1b]8;;https://evil",
    b"\x1b]0;PWNED",
    "\x9b31m".encode(),
    "\x9d0;C1".encode(),
]
TOKEN = "ZQX"  # stands for a payload in the file until the bytes are swapped in


def hostile_file(path: Path) -> Path:
    """A database whose every text field carries control sequences (as a restored, merged or
    hand-edited file may): written normally with tokens, then the tokens swapped for the raw
    JSON escapes of the payloads."""
    repo = Repository(path)
    bad = " ".join(f"{TOKEN}{name}" for name in PAYLOADS)
    ada = repo.add_person(Person(name=f"Ada {bad}", company=bad, role=bad, notes=bad, working_on=bad,
                                 how_i_can_help=bad, city=bad, tags=[bad], every="2w", how_met=bad,
                                 story=bad, emails=[f"ada{TOKEN}BELL@x.io"]))  # fmt: skip
    alan = repo.add_person(Person(name="Alan", introduced_by=ada.id, every="1w"))
    repo.log(Conversation(person=ada.id, date=TODAY - dt.timedelta(days=30), channel="call", energy=2,
                          note=bad, strengths=[bad]))  # fmt: skip
    repo.add_plan(Plan(person=ada.id, date=TODAY + dt.timedelta(days=1), topic=bad))
    repo.add_follow_up(FollowUp(person=ada.id, text=bad, due=TODAY))
    repo.add_strength(bad)
    repo.add_reflection(Reflection(text=bad, date=TODAY, strengths=[bad]))
    repo.add_community(bad, "board")
    repo.add_intro(Intro(stage="met", date=TODAY, introducer=alan.id, wanted=bad))
    repo.set_setting("pitch", bad)
    text = path.read_text()
    for name, payload in PAYLOADS.items():
        escaped = json.dumps(payload)[1:-1]
        text = text.replace(TOKEN + name, escaped)
    path.write_text(text)
    assert any("\x1b]52;" in doc.get("city", "") for doc in json.loads(text)["people"].values())
    return path


def texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)] + [t for k in value for t in texts(k)]
    if isinstance(value, list):
        return [t for v in value for t in texts(v)]
    return []


class Terminal:
    """A real `nettui` in a pseudo-terminal: keys in, every byte it wrote out."""

    def __init__(self, db: Path, command: list[str] | None = None) -> None:
        command = command or [sys.executable, "-m", "nettui.tui", "--db", str(db)]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover - the child becomes nettui
            env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "160", "LINES": "48"}
            os.execvpe(command[0], command, env)
        self.seen = b""

    def read(self, seconds: float, until: bytes | None = None) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if select.select([self.fd], [], [], 0.05)[0]:
                try:
                    self.seen += os.read(self.fd, 65536)
                except OSError:
                    return
                if until is not None and until in self.seen:
                    return

    def press(self, keys: bytes, settle: float = 0.6) -> None:
        os.write(self.fd, keys)
        self.read(settle)

    def close(self) -> int:
        with contextlib.suppress(OSError):
            for key in (b"\x1b", b"\x1b"):  # a dialog a slow machine opened late is closed first
                self.press(key)
            os.write(self.fd, b"q")
        end = time.monotonic() + 10
        status = None
        while time.monotonic() < end:
            self.read(0.1)
            done, code = os.waitpid(self.pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(code)
                break
        if status is None:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        os.close(self.fd)
        return -1 if status is None else status


def test_the_dashboard_never_sends_control_sequences_from_data(tmp_path: Path) -> None:
    db = hostile_file(tmp_path / "nettui.json")
    terminal = Terminal(db)
    try:
        terminal.read(20, until="␛".encode())  # the list is drawn, with the stand-ins
        for keys in (b"\r", b"e", b"\x1b", b"\x1b",  # a person's page; fixing a talk prefills its note
                     b"e", b"\x1b", b"l", b"\x1b", b"p", b"\x1b", b"c", b"\x1b", b"?", b"\x1b",
                     b"\t", b"p", b"\x1b", b"j", b"p", b"\x1b", b"j", b"p", b"\x1b",  # reschedule: the topic
                     b"\t", b"\x10", b"Open", b"\x1b", b"\x10", b"Reflections", b"\r", b"\x1b",
                     b"s", b"\x1b", b"i", b"\x1b"):  # fmt: skip
            terminal.press(keys)
    finally:
        status = terminal.close()
    assert status == 0, terminal.seen[-4000:].decode(errors="replace")  # a crash's last words
    for forbidden in RAW_FORBIDDEN:
        assert forbidden not in terminal.seen, forbidden
    assert "␛".encode() in terminal.seen and b"INJ" in terminal.seen  # shown, not obeyed


@pytest.mark.parametrize(
    "args",
    [
        ["people"], ["show", "ada"], ["upcoming"], ["intros"], ["communities"], ["insights"],
        ["strengths", "list"], ["people", "--json"], ["show", "ada", "--json"], ["upcoming", "--json"],
        ["insights", "--json"], ["intros", "--json"], ["communities", "--json"],
    ],
)  # fmt: skip
def test_cli_output_never_carries_control_sequences(tmp_path: Path, args: list[str]) -> None:
    db = hostile_file(tmp_path / "nettui.json")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "nettui.tui", "--db", str(db), *args], env=env,
                            capture_output=True, check=True)  # fmt: skip
    out = result.stdout + result.stderr
    for code in (b"\x1b", b"\x07", b"\x08", b"\x7f", "\x9b".encode(), "\x9d".encode(), "\x9c".encode()):
        assert code not in out, (code, out[:400])
    if "--json" in args:
        data = json.loads(result.stdout)  # the same data, escaped: scripts still get it whole
        assert any("\x1b]52;c;" in text for text in texts(data))


def test_text_typed_or_imported_is_stored_without_control_characters(tmp_path: Path) -> None:
    db = tmp_path / "nettui.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def nettui(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "nettui.tui", "--db", str(db), *args], env=env, check=True,
                       capture_output=True)  # fmt: skip

    nettui("add", "Eve\x1b]0;x\x07 Evil", "--company", "A\x9bCo\r\nrp")
    nettui("log", "eve", "--note", "hi\x1b[2Jthere\x7f")
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "Mal\x1b[31m,Lory,,,Bad\x07Inc,Boss\x9d,15 Mar 2023\n")  # fmt: skip
    nettui("import", "linkedin", str(csv))
    raw = db.read_text()
    for code in ("\\u001b", "\\u0007", "\\u009b", "\\u009d", "\\u007f", "\x7f", "\\r"):
        assert code not in raw, code
    names = sorted(p.name for p in Repository(db).people())
    assert names == ["Eve]0;x Evil", "Mal[31m Lory"]
    assert Repository(db).find("eve").company == "ACo\nrp"
