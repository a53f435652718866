"""Syncing as a user meets it: notes on a person's page until dismissed, the palette's Sync,
and conflict copies left by Syncthing or Dropbox, named by every command and merged by one."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from textual.pilot import Pilot

from nettui.storage.repository import Repository
from nettui.storage.sync.merge import DELETED
from nettui.tui.app import NettuiApp
from nettui.tui.screens.person import PersonScreen
from tests.conftest import Cli
from tests.tui.conftest import SIZE, notices, screen_text, seed, settle, stored, type_text


def with_conflicts(repo: Repository) -> str:
    """Alan's company changed on two machines (the other value set aside), and a talk of his
    deleted on one machine and changed on the other."""
    alan = repo.find("Alan")
    note = {"field": "company", "value": "Bletchley Park", "updated": "2026-11-20T09:00:00.000Z"}
    repo.update_person(alan.id, {"company": "Manchester", "conflicts": [note]})
    talk = repo.conversations_with(alan.id)[0]
    repo.update_conversation(talk.id, {"conflicts": [DELETED]})
    return alan.id


async def open_page(pilot: Pilot, name: str) -> None:
    """Filter the people list to ``name`` and open their page."""
    await settle(pilot)
    await pilot.press("slash")
    await type_text(pilot, name)
    await pilot.press("enter", "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PersonScreen)


async def test_the_persons_page_shows_what_differed_until_c_dismisses_it(repo: Repository) -> None:
    seed(repo)
    alan_id = with_conflicts(repo)
    app = NettuiApp(Repository(repo.path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_page(pilot, "alan")
        text = " ".join(screen_text(app).split())
        assert "Changed differently on two machines" in text
        assert "company is “Manchester”; the other machine had “Bletchley Park” (set 2026-11-20)" in text
        assert "The call of 2026-11-22 was deleted on one machine and changed on another: kept." in text
        assert "c Dismiss" in screen_text(app)  # the footer offers c while there are notes
        await pilot.press("c")
        await settle(pilot)
        assert "Dismissed the sync notes" in notices(app)
        assert "Changed differently" not in screen_text(app)
        assert "c Dismiss" not in screen_text(app)
    saved = stored(repo.path)
    people = {doc["id"]: doc for doc in saved["people"].values()}
    assert "conflicts" not in people[alan_id]
    assert all("conflicts" not in doc for doc in saved["conversations"].values())
    assert people[alan_id]["company"] == "Manchester"


def test_show_prints_the_notes_and_json_carries_them(cli: Cli, repo: Repository) -> None:
    seed(repo)
    with_conflicts(repo)
    said = cli.ok("show", "Alan")
    assert "Changed differently on two machines" in said
    assert "company is “Manchester”; the other machine had “Bletchley Park”" in said
    import json

    notes = json.loads(cli.ok("show", "Alan", "--json"))["conflicts"]
    assert [(n["record"], n["field"], n["kept"], n["other"]) for n in notes] == [
        ("person", "company", "Manchester", "Bletchley Park"),
        ("conversation", None, None, None),
    ]
    assert notes[1]["deleted"] is True


async def test_the_palette_syncs_and_the_dashboard_shows_what_came_in(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    laptop_folder, desktop_folder = tmp_path / "laptop", tmp_path / "desktop"
    laptop_folder.mkdir(mode=0o700)
    laptop = Cli(laptop_folder / "nettui.json")
    laptop.ok("add", "Ada Lovelace")
    laptop.ok("sync", "init", "--remote", str(remote))
    laptop.ok("sync")
    subprocess.run(["git", "clone", "-q", str(remote), str(desktop_folder)], check=True)
    desktop_folder.chmod(0o700)
    desktop = Cli(desktop_folder / "nettui.json")
    desktop.ok("sync", "init")
    desktop.ok("add", "Grace Hopper")
    desktop.ok("sync")

    app = NettuiApp(Repository(laptop.path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert "Grace Hopper" not in screen_text(app)
        await pilot.press("a")  # a save on the laptop, still in the journal when syncing
        await settle(pilot)
        await type_text(pilot, "Linus Torvalds")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "sync with")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
        text = notices(app)
        assert "Received from" in text and "1 person" in text, text
        assert "Grace Hopper" in screen_text(app)
    desktop.ok("sync")
    assert "Linus Torvalds" in desktop.ok("people")


def conflict_copy(db: Path) -> Path:
    copy = db.with_name("nettui.sync-conflict-20261125-101500-ABCDEFG.json")
    shutil.copyfile(db, copy)
    return copy


def test_every_command_names_a_conflict_copy_and_sync_merge_takes_it_in(cli: Cli, repo: Repository) -> None:
    seed(repo)
    copy = conflict_copy(repo.path)
    other = Repository(copy)
    other.add_person(other.find("Ada").__class__(name="Only In The Copy"))
    other.update_person(other.find("Grace").id, {"city": "Arlington"})
    repo.update_person(repo.find("Alan").id, {"city": "Manchester"})

    result = cli("people")
    assert result.exit_code == 0
    assert f"nettui --db {repo.path} sync merge '{copy}'" in result.stderr and result.stderr.count("\n") == 1
    assert "Only In The Copy" not in result.stdout

    said = cli.ok("sync", "merge", str(copy))
    assert f"Merged {copy.name}: 2 people." in said
    people = {p["name"]: p for p in __import__("json").loads(cli.ok("people", "--json"))}
    assert "Only In The Copy" in people
    assert cli.ok("show", "Grace").count("Arlington") == 1
    assert "Manchester" in cli.ok("show", "Alan")
    assert not copy.exists()  # set aside with the backups, so it is not merged again
    assert (repo.backups_folder / f"merged-{copy.name}").exists()
    assert "conflict copy" not in cli("people").stderr


def test_merging_a_copy_twice_changes_nothing(cli: Cli, repo: Repository, tmp_path: Path) -> None:
    seed(repo)
    copy = tmp_path / "old-backup.json"
    shutil.copyfile(repo.path, copy)
    Repository(copy).update_person(Repository(copy).find("Ada").id, {"city": "London"})
    cli.ok("sync", "merge", str(copy))
    before = stored(repo.path)
    assert "held nothing new" in cli.ok("sync", "merge", str(copy))
    assert stored(repo.path) == before


def test_a_copy_that_is_no_database_is_one_sentence(cli: Cli, repo: Repository, tmp_path: Path) -> None:
    seed(repo)
    before = repo.path.read_bytes()
    for content in ("not json at all", '{"_default": {}}', ""):
        bad = tmp_path / "bad.json"
        bad.write_text(content)
        result = cli("sync", "merge", str(bad))
        assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
        assert repo.path.read_bytes() == before
    result = cli("sync", "merge", str(tmp_path / "missing.json"))
    assert result.exit_code == 1 and "There is no file" in result.stderr


async def test_the_dashboard_names_a_conflict_copy_and_the_palette_merges_it(repo: Repository) -> None:
    seed(repo)
    copy = conflict_copy(repo.path)
    other = Repository(copy)
    other.update_person(other.find("Grace").id, {"city": "Arlington"})
    app = NettuiApp(Repository(repo.path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        said = [note.message for note in app._notifications]  # a long file name wraps on screen
        assert any(f"A conflict copy of the database is beside it ({copy.name})" in m for m in said), said
        assert "A conflict copy of the database" in notices(app)
        await pilot.press("ctrl+p")
        await type_text(pilot, "merge conflict")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        said = [note.message for note in app._notifications]
        assert any(m.startswith(f"Merged {copy.name}: 1 person.") for m in said), said
        assert "with the backups." in notices(app)
    assert not copy.exists()
    grace = next(doc for doc in stored(repo.path)["people"].values() if doc["name"] == "Grace Hopper")
    assert grace["city"] == "Arlington"


async def test_set_aside_values_are_text_never_markup(repo: Repository) -> None:
    """Values from another machine are drawn as they are: "[1 src=http://x]" is no tag, a
    trailing backslash escapes nothing, ESC is shown, never sent."""
    seed(repo)
    alan = repo.find("Alan")
    odd = ["pricing [1 src=http://x]", "ends in \\", "\x1b[5m[link=h://e]x", "[@click=app.quit]q[/]"]
    notes = [
        {"field": f, "value": v, "updated": "2026-11-20T09:00:00.000Z"}
        for f, v in zip(("notes", "city", "role", "company"), odd, strict=True)
    ]
    repo.update_person(alan.id, {"conflicts": notes, "notes": "[b]kept[/b] \\"})
    app = NettuiApp(Repository(repo.path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_page(pilot, "alan")
        text = screen_text(app)
        assert "“pricing [1 src=http://x]”" in text
        assert "␛[5m[link=h://e]x" in text and "\x1b" not in text
        assert "[@click=app.quit]q[/]" in text
        assert "“ends in \\”" in text  # inside the sentence: a backslash, escaping nothing


def test_a_copy_with_a_broken_record_writes_nothing(cli: Cli, repo: Repository, tmp_path: Path) -> None:
    seed(repo)
    raw = json.loads(repo.path.read_bytes())
    first = next(iter(raw["people"]))
    raw["people"][first]["every"] = "sometimes"
    copy = tmp_path / "copy.json"
    copy.write_text(json.dumps(raw))
    before = repo.path.read_bytes()
    result = cli("sync", "merge", str(copy))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
    assert f"{copy}: a record of people" in result.stderr and "nothing was merged" in result.stderr
    assert repo.path.read_bytes() == before
    assert cli("people").exit_code == 0


def test_a_conflict_copy_does_not_bring_back_what_was_deleted_here_since(cli: Cli, repo: Repository) -> None:
    seed(repo)
    copy = conflict_copy(repo.path)  # made before the deletions below
    cli.ok("delete", "Linus", "--yes")
    talk = repo.conversations_with(repo.find("Grace").id)[0]
    cli.ok("conversation", "delete", talk.id[:8])
    other = Repository(copy)
    other.update_person(other.find("Alan").id, {"city": "Manchester"})  # changed in the copy
    cli.ok("sync", "merge", str(copy))
    names = {p["name"] for p in json.loads(cli.ok("people", "--json"))}
    assert "Linus Torvalds" not in names
    assert talk.id not in {t.id for t in Repository(repo.path).conversations()}
    assert "Manchester" in cli.ok("show", "Alan")


async def test_an_undo_after_a_sync_stays_undone(tmp_path: Path) -> None:
    """Undo removes a conversation that already went to the remote: the next sync deletes it
    there too, instead of bringing it back."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    folder = tmp_path / "laptop"
    folder.mkdir(mode=0o700)
    laptop = Cli(folder / "nettui.json")
    laptop.ok("add", "Ada Lovelace")
    laptop.ok("sync", "init", "--remote", str(remote))
    laptop.ok("sync")
    app = NettuiApp(Repository(laptop.path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await type_text(pilot, "UNDOME")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "UNDOME" in laptop.ok("show", "Ada")
        laptop.ok("sync")  # it reaches the remote
        await pilot.press("u")
        await settle(pilot)
        assert "Undone" in notices(app)
    assert "UNDOME" not in laptop.ok("show", "Ada")
    laptop.ok("sync")
    assert "UNDOME" not in laptop.ok("show", "Ada")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True)
    assert b"UNDOME" not in (clone / "nettui.json").read_bytes()
