"""Rotating backups of the database in ``<database>.backups/``.

nettui records every backup it makes in the folder's manifest, with the time it made it, and
only ever lists, rotates or restores what the manifest names: a file someone else put in the
folder, or one whose name claims a date in the future, never pushes a real backup out and is
never what ``doctor --restore`` picks. A backup is a hard link of the file about to be replaced
(no copy) when that file is private, else a private copy.
"""

from __future__ import annotations

import calendar
import contextlib
import dataclasses
import os
import re
import shutil
import stat
import time
from pathlib import Path

import orjson

from nettui.storage.engine.files import ensure_private_folder, os_reason, write_file
from nettui.storage.errors import DatabaseError

KEPT = 10
INTERVAL = 600.0  # seconds between routine backups
MANIFEST = ".manifest.json"
_NAME = re.compile(r"-(\d{8}T\d{6})-(\d{9})\.json$")


@dataclasses.dataclass(frozen=True)
class Backup:
    path: Path
    made: float  # seconds since the epoch, as recorded when nettui made it


class Backups:
    """The backups of one database file."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.folder = database.with_name(database.name + ".backups")

    def _manifest(self) -> Path:
        return self.folder / MANIFEST

    def _read(self) -> list[Backup]:
        try:
            entries = orjson.loads(self._manifest().read_bytes())
            return [Backup(self.folder / str(e["name"]), float(e["made"])) for e in entries]
        except FileNotFoundError:
            return self._adopt()
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            return self._adopt()  # a damaged manifest: nettui's own files, dated in the past

    def _adopt(self) -> list[Backup]:
        """Backups made by a nettui that kept no manifest: its own files, dated in the past."""
        if not self.folder.is_dir():
            return []
        found, now, uid = [], time.time(), os.getuid()
        for path in self.folder.glob(f"{self.database.stem}-*.json"):
            match = _NAME.search(path.name)
            with contextlib.suppress(OSError, ValueError):
                made = calendar.timegm(time.strptime(match[1], "%Y%m%dT%H%M%S")) if match else 0
                if match and 0 < made <= now and path.lstat().st_uid == uid and path.is_file():
                    found.append(Backup(path, made + int(match[2]) / 1e9))
        return sorted(found, key=lambda b: b.made)

    def _write(self, backups: list[Backup]) -> None:
        data = [{"name": b.path.name, "made": b.made} for b in backups]
        write_file(self._manifest(), orjson.dumps(data))

    def files(self) -> list[Path]:
        """Every file in the folder but the manifest, listed or not (forget scrubs them all: a
        backup whose record was lost, a temp file of a killed copy)."""
        if not self.folder.is_dir():
            return []
        return sorted(
            p for p in self.folder.iterdir() if p.name != MANIFEST and p.is_file() and not p.is_symlink()
        )

    def list(self) -> list[Backup]:
        """The backups nettui made, newest first (those whose file is still there)."""
        return sorted((b for b in self._read() if b.path.is_file()), key=lambda b: b.made, reverse=True)

    def due(self) -> bool:
        newest = self.list()[:1]
        return not newest or time.time() - newest[0].made >= INTERVAL

    def make(self) -> Path:
        """Keep the current database file as a backup (it is about to be replaced)."""
        try:
            ensure_private_folder(self.folder)
            known = self._read()
            now = time.time_ns()  # one reading for the name and the record
            stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9))
            target = self.folder / f"{self.database.stem}-{stamp}-{now % 10**9:09d}.json"
            source = self.database.resolve()
            if stat.S_IMODE(source.stat().st_mode) == 0o600:
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copyfile(source, target)
            else:
                shutil.copyfile(source, target)
            os.chmod(target, 0o600)
            backups = [*known, Backup(target, now / 1e9)]
            backups.sort(key=lambda b: b.made)
            kept, dropped = backups[-KEPT:], backups[:-KEPT]
            self._write(kept)
            for old in dropped:
                old.path.unlink(missing_ok=True)
        except DatabaseError as error:
            raise DatabaseError(f"Could not back up {self.database}: {error.reason}.") from None
        except OSError as error:
            raise DatabaseError(f"Could not back up {self.database}: {os_reason(error)}.") from None
        return target

    def rewrite(self, backup: Backup, data: bytes) -> None:
        write_file(backup.path, data)
