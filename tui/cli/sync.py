"""``nettui sync``: the network on several machines, through git."""

from __future__ import annotations

from pathlib import Path

import click

from nettui.tui.cli.support import NettuiGroup, echo, open_repo, with_db
from nettui.tui.startup.entry import driver_command


@click.group(cls=NettuiGroup, invoke_without_command=True)
@click.pass_context
def sync(ctx: click.Context) -> None:
    """Commit, fetch, merge and push the database (git; `sync init` first)."""
    if ctx.invoked_subcommand is not None:
        return
    from nettui.storage.sync.machines import sync as run_sync

    repo = open_repo(ctx, must_exist=False)  # none yet: sync says `sync init` makes one
    for line in run_sync(repo, driver_command()).lines():
        echo(with_db(ctx, line))


@sync.command("init")
@click.option("--remote", metavar="URL", help="The git remote both machines share (origin).")
@click.pass_context
def sync_init(ctx: click.Context, remote: str | None) -> None:
    """Make the database's folder a git repository that merges it record by record."""
    from nettui.storage.sync.setup import init

    repo = open_repo(ctx, must_exist=False)
    for line in init(repo, driver_command(), remote).lines():
        echo(with_db(ctx, line))


@sync.command("merge")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def sync_merge(ctx: click.Context, file: Path) -> None:
    """Merge another copy of the database into this one (a Syncthing or Dropbox conflict copy,
    an old backup)."""
    from nettui.storage.sync.copies import merge_copy

    repo = open_repo(ctx, notice=False)
    for line in merge_copy(repo, file).lines():
        echo(line)


@sync.command("merge-driver", hidden=True)
@click.argument("base", type=click.Path(path_type=Path))
@click.argument("ours", type=click.Path(path_type=Path))
@click.argument("theirs", type=click.Path(path_type=Path))
def merge_driver(base: Path, ours: Path, theirs: Path) -> None:
    """What git calls (%O %A %B): the merge of the three files is written into OURS."""
    from nettui.storage.sync.files import merge_files

    merge_files(base, ours, theirs)


COMMANDS = (sync,)
