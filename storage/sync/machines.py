"""``nettui sync``: one network on several machines, with git as the engine between them. It
commits what changed here, fetches, merges (git calls nettui's driver for the database, record
by record) and pushes; on any failure one sentence, and this machine's commit kept.

The file is held still (``Database.hold``: saves folded in, other writers waiting) only while
git reads or replaces it; never during the network's fetch or push.
"""

from __future__ import annotations

import dataclasses

from nettui.storage.repository import Repository
from nettui.storage.sync.commits import commit_database, forgotten_ids, keep_private, scrub_backups, tables_at
from nettui.storage.sync.git import NETWORK_TIMEOUT, Git, GitFailed, SyncError, safe_url
from nettui.storage.sync.setup import is_synced, register
from nettui.storage.sync.summary import changed_records, describe, new_notes

PUSH_TRIES = 2


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


def _remote(git: Git) -> str | None:
    names = git.out("remote").split()
    return "origin" if "origin" in names else (names[0] if names else None)


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
    register(git, driver)
    repo.check_records()  # a hand edit that breaks the rules goes nowhere: one sentence first
    remote = _remote(git)
    if remote is None:
        with repo.db.hold():
            return Synced(commit_database(git, repo), None, None, False)
    shown = safe_url(git.out("remote", "get-url", remote))
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
                    committed = commit_database(git, repo) or committed
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
    gone = forgotten_ids(tables_at(git, theirs, repo.path.name) or {}) if there else set()
    with repo.db.hold():
        # whoever was forgotten there leaves with this commit already, never to be pushed again
        committed = commit_database(git, repo, forgotten=gone)
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
        keep_private(repo.path)  # git writes what it merged with the umask's mode
        after = git.out("rev-parse", "HEAD")
        if after == before:
            return None, committed, []
        name = repo.path.name
        was = tables_at(git, before, name) if before else None
        now = tables_at(git, after, name) or {}
        counts = changed_records(was, now)
        scrub_backups(repo, forgotten_ids(now) - forgotten_ids(was or {}))
        return (describe(counts) if counts else None), committed, new_notes(was, now)


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
