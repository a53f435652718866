"""Two machines syncing through a bare git repository, with the real git and the real `nettui`
command (git runs nettui's merge driver as a program of its own)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nettui.storage.repository import Repository

NETTUI = [sys.executable, "-m", "nettui.tui.startup.entry"]


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


class Machine:
    """One machine: a folder holding the database, and `nettui --db` run in it as a program."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = folder / "nettui.json"
        self.day = 1

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NETTUI_TODAY": f"2026-11-{self.day:02d}"}
        done = subprocess.run(
            [*NETTUI, "--db", str(self.db), *args], capture_output=True, text=True, env=env, check=False
        )
        if ok:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def at(self, day: int) -> Machine:
        """The next commands run on this day (their `updated` stamps say which change is later)."""
        self.day = day
        return self

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json").stdout)

    def stored(self) -> dict[str, Any]:
        return json.loads(self.db.read_bytes())


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    return bare


def first_machine(tmp_path: Path, remote: Path) -> Machine:
    folder = tmp_path / "laptop"
    folder.mkdir(mode=0o700)
    laptop = Machine(folder)
    for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra"):
        laptop.run("add", name, "--company", "Old Co")
    laptop.run("log", "Ada", "--channel", "coffee", "--note", "the first coffee")
    said = laptop.run("sync", "init", "--remote", str(remote)).stdout
    assert "Committed: 4 people, 1 conversation." in said
    assert laptop.run("sync").stdout.splitlines()[-1] == f"Sent to {remote}."
    return laptop


def second_machine(tmp_path: Path, remote: Path) -> Machine:
    """The README's commands: clone, sync init, sync."""
    folder = tmp_path / "desktop"
    subprocess.run(["git", "clone", "-q", str(remote), str(folder)], check=True)
    folder.chmod(0o700)
    desktop = Machine(folder)
    desktop.run("sync", "init")
    desktop.run("sync")
    return desktop


def conversations(machine: Machine) -> set[str]:
    return {doc.get("note", "") for doc in machine.stored().get("conversations", {}).values()}


def by_id(machine: Machine) -> dict[str, dict[str, Any]]:
    stored = machine.stored()
    stored.pop("meta")
    return {
        name: {doc.get("id", key): doc for key, doc in table.items()}
        for name, table in stored.items()
        if table
    }


def test_init_twice_changes_nothing_and_ignores_what_stays_local(tmp_path: Path, remote: Path) -> None:
    laptop = first_machine(tmp_path, remote)
    head = git(laptop.folder, "rev-parse", "HEAD")
    config = git(laptop.folder, "config", "--local", "--list")
    said = laptop.run("sync", "init", "--remote", str(remote)).stdout
    assert "nothing changed" in said
    assert git(laptop.folder, "rev-parse", "HEAD") == head
    assert git(laptop.folder, "config", "--local", "--list") == config
    assert "merge.nettui.driver=" in config
    assert (laptop.folder / ".gitattributes").read_text() == "/nettui.json merge=nettui\n"
    laptop.run("log", "Grace", "--channel", "call")  # makes rollup indexes, maybe a backup
    (laptop.folder / ".nettui.json.x.tmp").write_text("temp")
    assert git(laptop.folder, "status", "--porcelain") == " M nettui.json\n"  # nothing else shows
    assert git(laptop.folder, "ls-files").split() == [".gitattributes", ".gitignore", "nettui.json"]


@pytest.mark.parametrize("first", ["laptop", "desktop"])
def test_two_machines_end_identical_with_every_conversation(tmp_path: Path, remote: Path, first: str) -> None:
    laptop = first_machine(tmp_path, remote)
    desktop = second_machine(tmp_path, remote)
    assert conversations(desktop) == {"the first coffee"}
    # interleaved changes on both machines, none synced yet
    laptop.at(2).run("add", "Katherine Johnson")
    desktop.at(3).run("add", "Dorothy Vaughan")
    laptop.at(4).run("log", "Grace", "--channel", "call", "--note", "laptop call")
    desktop.at(5).run("log", "Grace", "--channel", "walk", "--note", "desktop walk")
    laptop.at(6).run("edit", "Grace", "--company", "Navy")
    desktop.at(7).run("edit", "Grace", "--city", "Arlington")
    laptop.at(8).run("edit", "Alan", "--company", "Bletchley Park")
    desktop.at(9).run("edit", "Alan", "--company", "Manchester University")  # later: wins
    desktop.at(10).run("delete", "Edsger", "--yes")
    said = laptop.at(11).run("forget", "Ada", "--yes").stdout
    assert "earlier commits of the sync repository still hold them" in said
    desktop.at(12).run("log", "Ada", "--channel", "meal", "--note", "desktop dinner with Ada")
    laptop.at(13).run("plan", "Katherine", "2026-12-01", "--channel", "video")
    desktop.at(14).run("set", "weekly-cap", "5")
    laptop.at(15).run("strengths", "add", "listening")
    desktop.at(16).run("strengths", "add", "writing")

    order = [laptop, desktop, laptop] if first == "laptop" else [desktop, laptop, desktop]
    for machine in order:
        machine.run("sync")

    assert by_id(laptop) == by_id(desktop)
    for machine in (laptop, desktop):
        notes = conversations(machine)
        assert notes == {"laptop call", "desktop walk"}  # Ada's talks went with her
        names = {p["name"] for p in machine.json("people")}
        assert names == {"Grace Hopper", "Alan Turing", "Katherine Johnson", "Dorothy Vaughan"}
        grace = machine.json("show", "Grace")
        assert (grace["company"], grace["city"]) == ("Navy", "Arlington")
        alan = machine.json("show", "Alan")
        assert alan["company"] == "Manchester University"
        assert [(c["field"], c["other"], c["kept"]) for c in alan["conflicts"]] == [
            ("company", "Bletchley Park", "Manchester University")
        ]
        assert "Ada" not in machine.db.read_text()
        backups = machine.folder / "nettui.json.backups"
        assert not [p for p in backups.glob("*") if b"Ada Lovelace" in p.read_bytes()]  # scrubbed too
        assert machine.stored()["settings"]["1"]["weekly_cap"] == 5
        assert [p["person"] for p in machine.json("plans")] == ["Katherine Johnson"]
        strengths = {s["text"] for s in machine.stored()["strengths"].values()}
        assert strengths == {"listening", "writing"}
        assert "<<<<<<<" not in machine.db.read_text()
        assert machine.run("doctor").returncode == 0
    assert git(laptop.folder, "status", "--porcelain") == ""
    assert git(laptop.folder, "rev-parse", "HEAD") == git(desktop.folder, "rev-parse", "HEAD")
    for machine in (laptop, desktop):  # git writes what it merged with the umask's mode
        assert machine.db.stat().st_mode & 0o777 == 0o600


def test_conflicts_show_until_dismissed_on_either_machine(tmp_path: Path, remote: Path) -> None:
    laptop = first_machine(tmp_path, remote)
    desktop = second_machine(tmp_path, remote)
    laptop.at(2).run("edit", "Alan", "--company", "Bletchley Park")
    desktop.at(3).run("edit", "Alan", "--company", "Manchester University")
    laptop.run("sync")
    said = desktop.run("sync").stdout
    assert "Changed differently on both machines: Alan Turing. The later change is kept" in said
    shown = desktop.run("show", "Alan").stdout
    assert "Bletchley Park" in shown and "Manchester University" in shown
    alan = Repository(desktop.db).find("Alan")
    assert Repository(desktop.db).dismiss_conflicts(alan.id) == 1  # what the person page's c does
    assert desktop.json("show", "Alan")["conflicts"] == []
    desktop.run("sync")
    laptop.run("sync")
    assert laptop.json("show", "Alan")["conflicts"] == []  # dismissed everywhere


def test_offline_or_a_missing_remote_is_one_sentence_and_the_commit_is_kept(
    tmp_path: Path, remote: Path
) -> None:
    laptop = first_machine(tmp_path, remote)
    git(laptop.folder, "remote", "set-url", "origin", str(tmp_path / "no-such-remote"))
    laptop.run("log", "Grace", "--channel", "call", "--note", "while offline")
    done = laptop.run("sync", ok=False)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert "Could not reach" in done.stderr and "committed here" in done.stderr
    assert "nettui: 1 person, 1 conversation" in git(laptop.folder, "log", "-1", "--format=%s")
    assert git(laptop.folder, "status", "--porcelain") == ""


def test_a_rejected_push_is_one_sentence_and_the_commit_is_kept(tmp_path: Path, remote: Path) -> None:
    laptop = first_machine(tmp_path, remote)
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'refused by the server' >&2\nexit 1\n")
    hook.chmod(0o755)
    laptop.run("log", "Grace", "--channel", "call", "--note", "refused")
    done = laptop.run("sync", ok=False)
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert "committed here" in done.stderr and "Committed: 1 person, 1 conversation." in done.stderr
    assert "pre-receive hook declined" in done.stderr and "changed again" not in done.stderr
    assert "refused" in conversations(laptop)
    assert git(laptop.folder, "status", "--porcelain") == ""


def test_sync_before_init_says_what_to_run(tmp_path: Path) -> None:
    folder = tmp_path / "alone"
    folder.mkdir(mode=0o700)
    alone = Machine(folder)
    done = alone.run("sync", ok=False)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert f"`nettui --db {alone.db} sync init` makes one" in done.stderr  # the command works as shown
    alone.run("add", "Ada")
    done = alone.run("sync", ok=False)
    assert done.returncode == 1
    assert f"nettui --db {alone.db} sync init" in done.stderr and done.stderr.count("\n") == 1


def test_no_remote_commits_locally_and_says_how_to_add_one(tmp_path: Path) -> None:
    folder = tmp_path / "local"
    folder.mkdir(mode=0o700)
    local = Machine(folder)
    local.run("add", "Ada")
    local.run("sync", "init")
    local.run("log", "Ada", "--channel", "call")
    said = local.run("sync").stdout
    assert "Committed: 1 person, 1 conversation." in said
    assert "--remote URL" in said


def test_no_shell_ever_sees_the_folder_name(tmp_path: Path, remote: Path) -> None:
    folder = tmp_path / "it's $(touch pwned) `touch pwned2`; a folder"
    folder.mkdir(mode=0o700)
    odd = Machine(folder)
    odd.db = folder / "my db $(touch x).json"
    odd.run("add", "Ada")
    odd.run("sync", "init", "--remote", str(remote))
    odd.run("sync")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True)
    clone.chmod(0o700)
    other = Machine(clone)
    other.db = clone / "my db $(touch x).json"
    other.run("sync", "init")
    other.run("log", "Ada", "--channel", "call", "--note", "from the clone")
    odd.run("log", "Ada", "--channel", "walk", "--note", "from the odd folder")
    other.run("sync")
    odd.run("sync")
    assert conversations(odd) == {"from the clone", "from the odd folder"}
    for place in (tmp_path, folder, clone, Path.cwd()):
        assert not any((place / name).exists() for name in ("pwned", "pwned2", "x"))


def test_a_machine_with_a_database_of_its_own_joins_with_init_and_sync(tmp_path: Path, remote: Path) -> None:
    """The README's second machine: `sync init --remote URL`, `sync`; no clone, and what it had
    is merged with what the remote holds (git's add/add: no common copy)."""
    laptop = first_machine(tmp_path, remote)
    folder = tmp_path / "old-desktop"
    folder.mkdir(mode=0o700)
    desktop = Machine(folder)
    desktop.run("add", "Dorothy Vaughan")
    desktop.run("log", "Dorothy", "--channel", "walk", "--note", "before syncing")
    desktop.run("sync", "init", "--remote", str(remote))
    said = desktop.run("sync").stdout
    assert "Received from" in said and "4 people, 1 conversation" in said, said
    laptop.run("sync")
    assert by_id(laptop) == by_id(desktop)
    assert conversations(laptop) == {"the first coffee", "before syncing"}
    empty = tmp_path / "new-machine"
    empty.mkdir(mode=0o700)
    fresh = Machine(empty)
    fresh.run("sync", "init", "--remote", str(remote))
    fresh.run("sync")
    assert by_id(fresh) == by_id(laptop)


def test_a_token_in_the_remote_address_is_never_printed(tmp_path: Path) -> None:
    folder = tmp_path / "tokens"
    folder.mkdir(mode=0o700)
    machine = Machine(folder)
    machine.run("add", "Ada")
    for url in ("https://bob:ab#SECRET1@127.0.0.1:9/x.git", "https://u:SEC/RET2@127.0.0.1:notaport/x",
                "https://SECRET3@127.0.0.1:9/x.git"):  # fmt: skip
        init = machine.run("sync", "init", "--remote", url)
        synced = machine.run("sync", ok=False)
        said = init.stdout + init.stderr + synced.stdout + synced.stderr
        assert "SEC" not in said and "Traceback" not in said, said
        assert synced.returncode == 1 and "Could not reach https://127.0.0.1:" in synced.stderr


def test_an_older_copy_put_back_on_one_machine_deletes_nothing_elsewhere(
    tmp_path: Path, remote: Path
) -> None:
    """A backup restored (or an old file copied back) lacks what came later, but nothing was
    deleted there: the other machines' conversations, and a forget, survive the next sync."""
    laptop = first_machine(tmp_path, remote)
    desktop = second_machine(tmp_path, remote)
    older = desktop.db.read_bytes()  # what a backup of the desktop holds
    laptop.at(2).run("log", "Grace", "--channel", "call", "--note", "acknowledged on the laptop")
    laptop.at(3).run("forget", "Alan", "--yes")
    laptop.run("sync")
    desktop.run("sync")
    assert "acknowledged on the laptop" in conversations(desktop)
    desktop.db.write_bytes(older)  # put back by hand, or by `doctor --restore`
    desktop.at(4).run("log", "Ada", "--channel", "walk", "--note", "after the restore")
    desktop.run("sync")
    laptop.run("sync")
    for machine in (laptop, desktop):
        assert conversations(machine) == {
            "the first coffee",
            "acknowledged on the laptop",
            "after the restore",
        }
        assert "Alan" not in machine.db.read_text()
    assert by_id(laptop) == by_id(desktop)


def test_settings_set_aside_are_said_and_deletions_stop_reimports_everywhere(
    tmp_path: Path, remote: Path
) -> None:
    laptop = first_machine(tmp_path, remote)
    desktop = second_machine(tmp_path, remote)
    laptop.at(2).run("pitch", "I build engines")
    desktop.at(3).run("pitch", "I teach compilers")
    laptop.at(4).run("delete", "Alan", "--yes")  # each machine makes up its own identity salt
    desktop.at(5).run("delete", "Edsger", "--yes")
    laptop.run("sync")
    said = desktop.run("sync").stdout
    assert (
        "Your pitch was changed on both machines: “I teach compilers” is kept, the other was “I build engines”"
        in said
    )
    laptop.run("sync")
    cards = tmp_path / "cards.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nN:Turing;Alan;;;\r\nORG:Old Co\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Edsger Dijkstra\r\nN:Dijkstra;Edsger;;;\r\nORG:Old Co\r\nEND:VCARD\r\n"
    )
    for machine in (laptop, desktop):
        machine.run("import", "vcard", str(cards))
        names = {p["name"] for p in machine.json("people")}
        assert not names & {"Alan Turing", "Edsger Dijkstra"}, names  # deleted earlier, here or there
    laptop.at(6).run("pitch", "I build engines, again")  # chosen: the note goes
    assert (
        "conflicts" not in laptop.stored()["settings"]["1"]
        or not laptop.stored()["settings"]["1"]["conflicts"]
    )


def test_what_one_machine_says_of_someone_forgotten_elsewhere_never_reaches_the_remote(
    tmp_path: Path, remote: Path
) -> None:
    laptop = first_machine(tmp_path, remote)
    desktop = second_machine(tmp_path, remote)
    laptop.at(2).run("forget", "Grace", "--yes")
    laptop.run("sync")
    desktop.at(3).run("edit", "Grace", "--story", "SECRET-STORY-ON-DESKTOP")
    desktop.at(4).run("log", "Grace", "--channel", "call", "--note", "SECRET-TALK-ON-DESKTOP")
    desktop.at(5).run("log", "Ada", "--channel", "walk", "--note", "a walk with Ada")
    desktop.run("sync")
    history = git(remote, "log", "-p", "--all")
    assert "SECRET-STORY-ON-DESKTOP" not in history and "SECRET-TALK-ON-DESKTOP" not in history
    laptop.run("sync")
    assert conversations(laptop) == conversations(desktop) == {"the first coffee", "a walk with Ada"}
