"""One network on several machines, with git as the engine between them.

``init`` makes the database's folder a git repository (or uses the one it is in), tells git to
merge the database with nettui's merge driver (``.gitattributes`` and the repository's config)
and to leave what is derived or local alone (``.gitignore``), and commits the database.
``sync`` commits what changed, fetches, merges (the driver, record by record) and pushes.

The file is held still (``Database.hold``: saves folded in, other writers waiting) only while
git reads or replaces it; never during the network's fetch or push.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from nettui.storage.engine import write_file
from nettui.storage.errors import DatabaseError
from nettui.storage.maintenance.scrub import scrub
from nettui.storage.repository import Repository
from nettui.storage.sync.files import merge_tables, merged_bytes, parse_database, read_database
from nettui.storage.sync.git import NETWORK_TIMEOUT, Git, GitFailed, SyncError
from nettui.storage.sync.merge import Tables
from nettui.storage.sync.summary import changed_records, describe, new_notes

DRIVER = "nettui"  # merge=nettui in .gitattributes, merge.nettui.* in the config
ATTRIBUTES, IGNORE = ".gitattributes", ".gitignore"
PUSH_TRIES = 2


def _glob_escaped(name: str) -> str:
    """A file name as a pattern matching only it: glob characters and spaces escaped."""
    return "".join("\\" + ch if ch in " *?[]\\!#" else ch for ch in name)


def attributes_line(name: str) -> str:
    """``/nettui.json merge=nettui``; a name with a space or a quote in it, C-quoted."""
    pattern = "/" + "".join("\\" + ch if ch in "*?[]\\" else ch for ch in name)
    if any(ch in pattern for ch in ' "\\\t'):
        pattern = '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{pattern} merge={DRIVER}"


def ignore_lines(name: str) -> list[str]:
    """What beside the database stays on this machine: its journal, indexes, backups, lock and
    temporary files (all named after it)."""
    return [
        "# nettui: only the database travels; its journal, indexes, backups and temp files stay here",
        "/" + _glob_escaped(name) + ".*",
        "/" + _glob_escaped("." + name) + ".*",
    ]


@dataclasses.dataclass(frozen=True)
class Initialized:
    folder: Path
    created_repository: bool
    changed: list[str]  # what was written or set, in words
    committed: str | None

    def lines(self) -> list[str]:
        if not self.changed and self.committed is None:
            return [f"{self.folder.resolve()} is already set up for syncing: nothing changed."]
        said = [f"Made {self.folder.resolve()} a git repository." if self.created_repository else ""]
        said += [f"{what[0].upper()}{what[1:]}." for what in self.changed]
        if self.committed:
            said.append(f"Committed: {self.committed}.")
        said.append("Run `nettui sync` to commit, fetch, merge and push.")
        return [line for line in said if line]


@dataclasses.dataclass(frozen=True)
class Synced:
    committed: str | None  # what this machine's commit holds
    received: str | None  # what came in from the remote
    remote: str | None  # where it went (no credentials), None: no remote set
    pushed: bool
    differed: tuple[str, ...] = ()  # what the two machines changed differently, in sentences

    def lines(self) -> list[str]:
        said = [f"Committed: {self.committed}." if self.committed else "Nothing new to commit here."]
        if self.remote is None:
            said.append("No remote is set, so nothing was sent: `nettui sync init --remote URL` sets one.")
            return said
        said.append(
            f"Received from {self.remote}: {self.received}."
            if self.received
            else f"Nothing new from {self.remote}."
        )
        said += self.differed
        said.append(f"Sent to {self.remote}." if self.pushed else f"{self.remote} was already up to date.")
        return said


def _keep_private(database: Path) -> None:
    """The database stays 0600 whoever wrote it last (git checks files out 0644)."""
    try:
        if database.stat().st_mode & 0o077:
            database.chmod(0o600)
    except OSError:
        pass


def _write_lines(path: Path, lines: list[str]) -> bool:
    """Append the lines a file lacks; True if it changed."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise SyncError(f"Cannot read {path}: {error}.") from None
    have = set(text.splitlines())
    missing = [line for line in lines if line not in have]
    if not missing:
        return False
    joined = (text if not text or text.endswith("\n") else text + "\n") + "\n".join(missing) + "\n"
    try:
        path.write_text(joined, encoding="utf-8")
    except OSError as error:
        raise SyncError(f"Cannot write {path}: {error.strerror}.") from None
    return True


def _register(git: Git, driver: str) -> bool:
    """The merge driver in this repository's config (the command of this installation);
    True if it changed."""
    wanted = {f"merge.{DRIVER}.name": "nettui: merge records by id", f"merge.{DRIVER}.driver": driver}
    changed = False
    for key, value in wanted.items():
        if git.config(key) != value:
            git.run("config", "--local", key, value)
            changed = True
    return changed


def _safe_url(url: str) -> str:
    """A remote's address without any user name, password or token in it (everything before
    the last @ of a scheme://user:secret@host address; a secret may hold / # : or @)."""
    scheme, found, rest = url.partition("://")
    if not found or "@" not in rest:
        return url
    return f"{scheme}://{rest[rest.rindex('@') + 1 :]}"


def _remote(git: Git) -> str | None:
    names = git.out("remote").split()
    return "origin" if "origin" in names else (names[0] if names else None)


def _set_remote(git: Git, url: str) -> str | None:
    current = git.run("remote", "get-url", "origin", check=False)
    if current.returncode == 0 and current.stdout.strip() == url:
        return None
    if current.returncode == 0:
        git.run("remote", "set-url", "origin", url)
        return f"the remote origin now points at {_safe_url(url)}"
    git.run("remote", "add", "origin", url)
    return f"added the remote origin: {_safe_url(url)}"


def _tables_at(git: Git, ref: str, name: str) -> Tables | None:
    """The database as committed in ``ref`` (None: not there, or not readable)."""
    raw = git.blob(ref, name)
    if raw is None:
        return None
    try:
        found = parse_database(raw, Path(f"{ref}:{name}"), may_be_empty=True)
    except DatabaseError:
        return None
    return None if found is None else found[0]


def _commit_database(
    git: Git, repo: Repository, extra: tuple[str, ...] = (), forgotten: set[str] | None = None
) -> str | None:
    """Commit the database (and ``extra`` files) if they changed; the commit's summary. Called
    with the file held still (``Database.hold``). ``forgotten``: people forgotten on another
    machine, left out of this commit already."""
    name = repo.path.name
    paths = (*extra, name)
    if _as_committed(git, name, paths):
        return None
    head = _tables_at(git, "HEAD", name)
    current = read_database(repo.path)
    tables = current[0] if current else {}
    if current is not None and (head is not None or forgotten):
        tables = _mended(repo, head, current, forgotten or set())
    git.run("add", "--", *paths)
    if git.ok("diff", "--cached", "--quiet", "--", *paths):
        return None
    counts = changed_records(head, tables)
    summary = describe(counts) if counts else "an empty database"
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
    known = _forgotten(mine)
    if forgotten - known:
        mine["forgotten"] = {**mine.get("forgotten", {})}
        top = max((int(k) for k in mine["forgotten"]), default=0)
        for offset, person_id in enumerate(sorted(forgotten - known), start=1):
            mine["forgotten"][str(top + offset)] = {"id": person_id}
    base = head if head is not None else mine
    mended = merge_tables(base, mine, base, "the last commit")
    if changed_records(current[0], mended.tables):
        write_file(repo.path, merged_bytes(mended, current[0], current[1]))
        _keep_private(repo.path)
    _scrub_backups(repo, forgotten - known)
    return mended.tables


def init(repo: Repository, driver: str, remote: str | None = None) -> Initialized:
    folder, name = repo.path.parent, repo.path.name
    git = Git(folder)
    created = git.top() is None
    if created:
        git.run("init", "-q", "-b", "main")
    if not repo.path.exists():
        repo.create_empty()
    _keep_private(repo.path)  # a clone checks it out 0644
    changed = []
    if _write_lines(folder / ATTRIBUTES, [attributes_line(name)]):
        changed.append(f"wrote {ATTRIBUTES}: git merges {name} with nettui's merge driver")
    if _write_lines(folder / IGNORE, ignore_lines(name)):
        changed.append(f"wrote {IGNORE}: the journal, indexes, backups and temp files stay on this machine")
    if _register(git, driver):
        changed.append("registered the merge driver in the repository's config")
    if remote:
        said = _set_remote(git, remote)
        if said:
            changed.append(said)
    with repo.db.hold():
        committed = _commit_database(git, repo, (ATTRIBUTES, IGNORE))
    return Initialized(folder, created, changed, committed)


def is_synced(database: Path) -> bool:
    """Whether ``sync init`` set the database up for syncing (its attributes line is there)."""
    attributes = database.parent / ATTRIBUTES
    try:
        lines = attributes.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    return attributes_line(database.name) in lines


def _ready(repo: Repository) -> Git:
    git = Git(repo.path.parent)
    if git.top() is None or not is_synced(repo.path):
        raise SyncError(
            f"{repo.path.parent} is not set up for syncing yet: run `nettui sync init [--remote URL]`."
        )
    return git


def sync(repo: Repository, driver: str) -> Synced:
    """Commit, fetch, merge, push; on any failure one sentence, and the local commit kept."""
    if not repo.path.exists():
        raise SyncError(f"There is no database at {repo.path} yet: `nettui sync init` makes one.")
    git = _ready(repo)
    _register(git, driver)
    repo.check_records()  # a hand edit that breaks the rules goes nowhere: one sentence first
    remote = _remote(git)
    if remote is None:
        with repo.db.hold():
            return Synced(_commit_database(git, repo), None, None, False)
    shown = _safe_url(git.out("remote", "get-url", remote))
    local = git.run("symbolic-ref", "--short", "-q", "HEAD", check=False).stdout.strip()
    if not local:
        raise SyncError(f"{git.folder} is not on a branch (a detached HEAD): check it out, then sync again.")
    committed: str | None = None
    received: list[str] = []
    differed: list[str] = []
    pushed = False
    try:
        for attempt in range(PUSH_TRIES):
            try:
                _fetch(git, remote, shown)
            except SyncError:
                with repo.db.hold():  # offline: this machine's changes are committed all the same
                    committed = _commit_database(git, repo) or committed
                raise
            branch = _their_branch(git, remote, local)
            got, later, whose = _merge(git, repo, remote, shown, branch)
            received += [got] if got else []
            differed += [name for name in whose if name not in differed]
            committed = committed or later
            theirs = git.run("rev-parse", "-q", "--verify", f"refs/remotes/{remote}/{branch}", check=False)
            ahead = git.out("rev-parse", "HEAD") != theirs.stdout.strip()
            if not ahead or _push(git, remote, shown, branch, last=attempt + 1 == PUSH_TRIES):
                pushed = ahead
                break
    except SyncError as stopped:
        done = [f"Committed: {committed}."] if committed else []
        done += [f"Received from {shown}: {'; '.join(received)}."] if received else []
        raise SyncError(" ".join([*done, str(stopped)])) from None
    return Synced(committed, "; ".join(received) or None, shown, pushed, tuple(differed))


def _fetch(git: Git, remote: str, shown: str) -> None:
    kept = "your changes are committed here; run `nettui sync` again when it can be reached"
    try:
        git.run("fetch", "-q", remote, timeout=NETWORK_TIMEOUT)
    except GitFailed as failed:
        raise SyncError(f"Could not reach {shown} ({_reason(failed)}): {kept}.") from None
    except SyncError as failed:
        raise SyncError(f"Could not reach {shown} ({failed}): {kept}.") from None


def _their_branch(git: Git, remote: str, local: str) -> str:
    """The remote branch this one syncs with: its upstream; else the one of the same name; else
    the remote's only branch (a clone of a remote whose HEAD names no branch); else the same
    name (a push starts it)."""
    prefix = f"refs/remotes/{remote}/"
    refs = git.out("for-each-ref", "--format=%(refname)", prefix).split()
    names = [ref.removeprefix(prefix) for ref in refs if ref != prefix + "HEAD"]
    upstream = git.config(f"branch.{local}.merge").removeprefix("refs/heads/")
    if upstream in names and git.config(f"branch.{local}.remote") == remote:
        return upstream
    if local in names or len(names) != 1:
        return local
    return names[0]


def _merge(
    git: Git, repo: Repository, remote: str, shown: str, branch: str
) -> tuple[str | None, str | None, list[str]]:
    """Merge the remote branch (git calls nettui's driver for the database), holding the file
    still; what came in, what was committed first (saves made while fetching), and whose
    records the machines changed differently."""
    theirs = f"refs/remotes/{remote}/{branch}"
    there = git.ok("rev-parse", "--verify", "-q", theirs)
    gone = _forgotten(_tables_at(git, theirs, repo.path.name) or {}) if there else set()
    with repo.db.hold():
        # whoever was forgotten there leaves with this commit already, never to be pushed again
        committed = _commit_database(git, repo, forgotten=gone)
        if not there:
            return None, committed, []  # an empty remote: the push starts it
        before = git.run("rev-parse", "-q", "--verify", "HEAD", check=False).stdout.strip()
        try:
            git.merge(theirs, f"nettui: merge from {remote}")
        except GitFailed as failed:
            git.run("merge", "--abort", check=False)
            raise SyncError(
                f"Could not merge what {shown} holds ({_reason(failed)}): "
                "nothing changed here, your changes are committed."
            ) from None
        _keep_private(repo.path)  # git writes what it merged with the umask's mode
        after = git.out("rev-parse", "HEAD")
        if after == before:
            return None, committed, []
        name = repo.path.name
        was = _tables_at(git, before, name) if before else None
        now = _tables_at(git, after, name) or {}
        counts = changed_records(was, now)
        _scrub_backups(repo, _forgotten(now) - _forgotten(was or {}))
        return (describe(counts) if counts else None), committed, new_notes(was, now)


def _forgotten(tables: Tables) -> set[str]:
    return {str(doc.get("id")) for doc in tables.get("forgotten", {}).values()}


def _scrub_backups(repo: Repository, forgotten: set[str]) -> None:
    """Someone forgotten on another machine leaves this one's backups too."""
    for person_id in sorted(forgotten):
        repo.db.rewrite_copies(lambda tiny, person_id=person_id: scrub(tiny, person_id))


def _push(git: Git, remote: str, shown: str, branch: str, *, last: bool) -> bool:
    """Push; False when the remote moved on meanwhile and another round may merge it."""
    done = git.run(
        "push",
        "-q",
        "--no-verify",
        "-u",
        remote,
        f"HEAD:refs/heads/{branch}",
        timeout=NETWORK_TIMEOUT,
        check=False,
    )
    if done.returncode == 0:
        return True
    failed = GitFailed(["push"], done.stderr + done.stdout)
    moved = any(word in failed.output for word in ("(fetch first)", "(non-fast-forward)"))
    if moved and not last:
        return False
    if moved:
        raise SyncError(
            f"{shown} refused the push (it changed again meanwhile): "
            "your changes are committed here; run `nettui sync` again."
        )
    why = _refusal(failed.output) or _reason(failed)
    raise SyncError(f"Could not send to {shown} ({why}): your changes are committed here.")


def _refusal(output: str) -> str:
    """Why the remote refused a push: the reason git gives in brackets (a hook declined, a
    protected branch) and what the server said."""
    lines = [line.strip() for line in output.splitlines()]
    why = next(
        (line[line.rindex("(") + 1 : -1] for line in lines if "rejected]" in line and line.endswith(")")), ""
    )
    said = [line.removeprefix("remote:").strip() for line in lines if line.startswith("remote:")]
    said = [line for line in said if line]
    return "; ".join([why, *said[:1]]) if why else ""


def _reason(failed: GitFailed) -> str:
    return str(failed).removeprefix("git ").split(" failed: ", 1)[-1].rstrip(".")
