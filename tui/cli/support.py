"""Shared plumbing of the CLI: errors as one line, opening the database, JSON output."""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
from pathlib import Path
from typing import Any

import click

from nettui.storage import clock
from nettui.storage.domain.dates import parse_when
from nettui.storage.domain.text import json_safe, printable
from nettui.storage.errors import NettuiError
from nettui.storage.repository import Repository


def echo(text: str = "", *, err: bool = False) -> None:
    """Print plain text; control characters from users and files are shown, never obeyed
    (tty or not: output piped into a pager or a log reaches a terminal later)."""
    click.echo(printable(text), err=err)


def confirm(question: str) -> bool:
    return click.confirm(printable(question, one_line=True), default=False)


class UserError(click.ClickException):
    """A NettuiError shown as one line on stderr, exit 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        echo(f"nettui: {printable(self.message, one_line=True)}", err=True)


def with_db(ctx: click.Context, text: str) -> str:
    """A sentence that names a nettui command (`nettui sync init`), naming it with this
    database's ``--db`` when it is not the one a bare `nettui` opens."""
    obj = (ctx.find_root().obj or {}) if ctx is not None else {}
    path = obj.get("db")
    if path is None or not obj.get("chosen") or os.environ.get("NETTUI_DB") == str(obj.get("given")):
        return text
    return text.replace("`nettui ", f"`nettui --db {shlex.quote(str(path))} ")


class NettuiGroup(click.Group):
    """Turns every NettuiError raised by a command into one clear line and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NettuiError as error:
            raise UserError(with_db(click.get_current_context(silent=True) or ctx, str(error))) from None


def name_conflict_copies(ctx: click.Context, path: Path) -> None:
    """A conflict copy a sync tool left beside the database, named on stderr with the command
    that merges it."""
    from nettui.storage.sync.copies import notice

    said = notice(path)
    if said:
        echo(f"nettui: {with_db(ctx, said)}", err=True)


def open_repo(ctx: click.Context, *, must_exist: bool = True, notice: bool = True) -> Repository:
    """The database the command works on; a conflict copy a sync tool left beside it is named
    on stderr (``notice=False``: the command that merges it)."""
    path: Path = ctx.obj["db"]
    if notice:
        name_conflict_copies(ctx, path)
    if must_exist and not path.exists():
        raise NettuiError(
            f"There is no database at {path} yet: add someone with `nettui add NAME` or try `nettui demo`."
        )
    repo = Repository(path)
    repo.refresh()  # a damaged file fails here, before anything is written
    return repo


def emit_json(value: Any) -> None:
    click.echo(json_safe(json.dumps(value, indent=2, ensure_ascii=False)))


def when_date(text: str, *, past: bool = False) -> dt.date:
    return parse_when(text, clock.today(), past=past)
