"""Committing the database, held still: what the file lost without a deletion (a restore) is put
back first, and anyone forgotten on another machine is left out, so no commit deletes what
was never deleted or carries what was forgotten."""

from __future__ import annotations

from pathlib import Path

from nettui.storage.engine import write_file
from nettui.storage.errors import DatabaseError
from nettui.storage.maintenance.scrub import scrub
from nettui.storage.repository import Repository
from nettui.storage.sync.files import merge_tables, merged_bytes, parse_database, read_database
from nettui.storage.sync.git import Git
from nettui.storage.sync.merge import Tables
from nettui.storage.sync.summary import changed_records, describe


def keep_private(database: Path) -> None:
    """The database stays 0600 whoever wrote it last (git checks files out 0644)."""
    try:
        if database.stat().st_mode & 0o077:
            database.chmod(0o600)
    except OSError:
        pass


def tables_at(git: Git, ref: str, name: str) -> Tables | None:
    """The database as committed in ``ref`` (None: not there, or not readable)."""
    raw = git.blob(ref, name)
    if raw is None:
        return None
    try:
        found = parse_database(raw, Path(f"{ref}:{name}"), may_be_empty=True)
    except DatabaseError:
        return None
    return None if found is None else found[0]


def commit_database(
    git: Git, repo: Repository, extra: tuple[str, ...] = (), forgotten: set[str] | None = None
) -> str | None:
    """Commit the database (and ``extra`` files) if they changed; the commit's summary. Called
    with the file held still (``Database.hold``). ``forgotten``: people forgotten on another
    machine, left out of this commit already."""
    name = repo.path.name
    paths = (*extra, name)
    if _as_committed(git, name, paths):
        return None
    head = tables_at(git, "HEAD", name)
    current = read_database(repo.path)
    tables = current[0] if current else {}
    if current is not None and (head is not None or forgotten):
        tables = _mended(repo, head, current, forgotten or set())
    git.run("add", "--", *paths)
    if git.ok("diff", "--cached", "--quiet", "--", *paths):
        return None
    counts = changed_records(head, tables)
    summary = describe(counts) if counts else ("an empty database" if head is None else "no record changed")
    git.commit(f"nettui: {summary}", *paths)
    return summary


def _as_committed(git: Git, name: str, paths: tuple[str, ...]) -> bool:
    """Whether the database and the files beside it are as the last commit holds them."""
    return (
        git.ok("diff", "--quiet", "HEAD", "--", name)
        and git.ok("diff", "--cached", "--quiet", "--", *paths)
        and not git.run("ls-files", "--others", "--exclude-standard", "--", *paths).stdout.split()
    )


def _mended(
    repo: Repository, head: Tables | None, current: tuple[Tables, dict[str, str]], forgotten: set[str]
) -> Tables:
    """The file as it should be committed, written back if it differs: what the last commit
    holds that the file lost without deleting it through nettui (a backup restored, an older
    file copied back) is put back, or the commit would delete it on every machine (the same
    merge, with the commit as the common copy and the other side); and anyone forgotten on
    another machine is left out (their tombstone added, every trace scrubbed)."""
    mine = dict(current[0])
    known = forgotten_ids(mine)
    if forgotten - known:
        mine["forgotten"] = {**mine.get("forgotten", {})}
        top = max((int(k) for k in mine["forgotten"]), default=0)
        for offset, person_id in enumerate(sorted(forgotten - known), start=1):
            mine["forgotten"][str(top + offset)] = {"id": person_id}
    base = head if head is not None else mine
    mended = merge_tables(base, mine, base, "the last commit")
    if changed_records(current[0], mended.tables):
        write_file(repo.path, merged_bytes(mended, current[0], current[1]))
        keep_private(repo.path)
    scrub_backups(repo, forgotten - known)
    return mended.tables


def forgotten_ids(tables: Tables) -> set[str]:
    return {str(doc.get("id")) for doc in tables.get("forgotten", {}).values()}


def scrub_backups(repo: Repository, forgotten: set[str]) -> None:
    """Someone forgotten on another machine leaves this one's backups too."""
    for person_id in sorted(forgotten):
        repo.db.rewrite_copies(lambda tiny, person_id=person_id: scrub(tiny, person_id))
