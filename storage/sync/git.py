"""git, run for nettui: always with argument lists (no shell ever sees user text), never
prompting (a dashboard owns the terminal), its errors turned into one sentence."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from nettui.storage.errors import NettuiError

NETWORK_TIMEOUT = 120.0  # seconds for a fetch or a push
LOCAL_TIMEOUT = 600.0  # a merge of two large databases runs nettui's driver


_CREDENTIALS = re.compile(r"([a-z][a-z0-9+.-]*://)[^\s'\"]*@", re.IGNORECASE)


class SyncError(NettuiError):
    """Syncing stopped; nothing was lost (the sentence says what is kept where)."""


class GitFailed(SyncError):
    def __init__(self, args: list[str], output: str) -> None:
        self.output = output
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        reason = next(
            (line for line in lines if line.startswith(("fatal:", "error:"))), lines[-1] if lines else ""
        )
        reason = reason.removeprefix("fatal: ").removeprefix("error: ").rstrip(".")
        reason = _CREDENTIALS.sub(r"\1", reason)  # git quotes an address it cannot parse as given
        if "index.lock" in output:
            reason = "another git is at work here, or one was stopped midway (if none is running, "
            reason += "remove .git/index.lock)"
        super().__init__(f"git {args[0]} failed: {reason or 'no reason given'}.")


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(GIT_TERMINAL_PROMPT="0", LC_ALL="C", LANGUAGE="C", GIT_MERGE_AUTOEDIT="no")
    env["GIT_LITERAL_PATHSPECS"] = "1"  # a database named "[x]*.json" is that file, not a pattern
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    return env


class Git:
    """git in one folder (the database's)."""

    def __init__(self, folder: Path) -> None:
        if shutil.which("git") is None:
            raise SyncError("Syncing needs git, which is not installed here.")
        self.folder = folder
        self._env = _environment()

    def run(
        self, *args: str, timeout: float = LOCAL_TIMEOUT, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=self.folder,
                env=self._env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise SyncError(f"git {args[0]} took over {timeout:.0f} s and was stopped.") from None
        except OSError as error:
            raise SyncError(f"Could not run git: {error.strerror}.") from None
        if check and done.returncode != 0:
            raise GitFailed(list(args), done.stderr + done.stdout)
        return done

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    def out(self, *args: str) -> str:
        return self.run(*args).stdout.strip()

    def top(self) -> Path | None:
        """The work tree the folder is in, or None."""
        done = self.run("rev-parse", "--show-toplevel", check=False)
        return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None

    def config(self, key: str) -> str:
        return self.run("config", "--get", key, check=False).stdout.strip()

    def identity(self) -> dict[str, str]:
        """Author and committer for nettui's commits when git has none configured here."""
        if self.config("user.email") and self.config("user.name"):
            return {}
        return {"GIT_AUTHOR_NAME": "nettui", "GIT_AUTHOR_EMAIL": "nettui@localhost",
                "GIT_COMMITTER_NAME": "nettui", "GIT_COMMITTER_EMAIL": "nettui@localhost"}  # fmt: skip

    def commit(self, message: str, *paths: str) -> None:
        saved = self._env
        self._env = {**saved, **self.identity()}
        try:
            self.run("commit", "-q", "--no-verify", "-m", message, "--", *paths)
        finally:
            self._env = saved

    def merge(self, ref: str, message: str) -> None:
        saved = self._env
        self._env = {**saved, **self.identity()}
        try:
            self.run(
                "merge", "-q", "--no-edit", "--no-verify", "--allow-unrelated-histories", "-m", message, ref
            )
        finally:
            self._env = saved

    def blob(self, ref: str, name: str) -> bytes | None:
        """A file of the database's folder as committed in ``ref``, or None."""
        try:
            done = subprocess.run(
                ["git", "show", f"{ref}:./{name}"],
                cwd=self.folder,
                env=self._env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=LOCAL_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None


def safe_url(url: str) -> str:
    """A remote's address without any user name, password or token in it: everything before
    the last @ of its host part (a secret may hold / # : or @), and any query."""
    scheme, found, rest = url.partition("://")
    if not found and (url.startswith(("/", ".", "~")) or ":" not in url):
        return url  # a folder on this machine
    if not found:  # user@host:path
        scheme, rest = "", url
    rest = rest.split("?", 1)[0]
    if "@" in rest:
        rest = rest[rest.rindex("@") + 1 :]
    return f"{scheme}://{rest}" if found else rest
