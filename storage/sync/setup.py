"""Setting a database up for syncing: its folder a git repository (or the one it is in), git told
to merge the database with nettui's merge driver (``.gitattributes`` and the repository's own
config) and to leave what is derived or local alone (``.gitignore``), and a first commit."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from nettui.storage.repository import Repository
from nettui.storage.sync.commits import commit_database, keep_private
from nettui.storage.sync.git import Git, SyncError, safe_url

DRIVER = "nettui"  # merge=nettui in .gitattributes, merge.nettui.* in the config

ATTRIBUTES, IGNORE = ".gitattributes", ".gitignore"


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


def register(git: Git, driver: str) -> bool:
    """The merge driver in this repository's config (the command of this installation);
    True if it changed."""
    wanted = {f"merge.{DRIVER}.name": "nettui: merge records by id", f"merge.{DRIVER}.driver": driver}
    changed = False
    for key, value in wanted.items():
        if git.config(key) != value:
            git.run("config", "--local", key, value)
            changed = True
    return changed


def _set_remote(git: Git, url: str) -> str | None:
    current = git.run("remote", "get-url", "origin", check=False)
    if current.returncode == 0 and current.stdout.strip() == url:
        return None
    if current.returncode == 0:
        git.run("remote", "set-url", "origin", url)
        return f"the remote origin now points at {safe_url(url)}"
    git.run("remote", "add", "origin", url)
    return f"added the remote origin: {safe_url(url)}"


def init(repo: Repository, driver: str, remote: str | None = None) -> Initialized:
    folder, name = repo.path.parent, repo.path.name
    git = Git(folder)
    created = git.top() is None
    if created:
        git.run("init", "-q", "-b", "main")
    if not repo.path.exists():
        repo.create_empty()
    keep_private(repo.path)  # a clone checks it out 0644
    changed = []
    if _write_lines(folder / ATTRIBUTES, [attributes_line(name)]):
        changed.append(f"wrote {ATTRIBUTES}: git merges {name} with nettui's merge driver")
    if _write_lines(folder / IGNORE, ignore_lines(name)):
        changed.append(f"wrote {IGNORE}: the journal, indexes, backups and temp files stay on this machine")
    if register(git, driver):
        changed.append("registered the merge driver in the repository's config")
    if remote:
        said = _set_remote(git, remote)
        if said:
            changed.append(said)
    with repo.db.hold():
        committed = commit_database(git, repo, (ATTRIBUTES, IGNORE))
    return Initialized(folder, created, changed, committed)


def is_synced(database: Path) -> bool:
    """Whether ``sync init`` set the database up for syncing (its attributes line is there)."""
    attributes = database.parent / ATTRIBUTES
    try:
        lines = attributes.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    return attributes_line(database.name) in lines
