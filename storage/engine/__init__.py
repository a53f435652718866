"""The engine: one durable TinyDB file with its layout, atomic writes, lock, journal, derived
rollups and backups.

Its door is this package: :class:`Database` and the few names below. Nothing outside the
engine imports its modules (an import-linter contract in pyproject.toml says so).
"""

from nettui.storage.engine.backups import Backup
from nettui.storage.engine.database import Database, Health, file_bytes, inspect, read_tables
from nettui.storage.engine.files import ensure_private_folder, os_reason, write_file
from nettui.storage.engine.reading import EAGER_CHECK_LIMIT, paused_gc
from nettui.storage.engine.rollup import RollupSpec
from nettui.storage.engine.store import Change

__all__ = [
    "EAGER_CHECK_LIMIT",
    "Backup",
    "Change",
    "Database",
    "Health",
    "RollupSpec",
    "ensure_private_folder",
    "file_bytes",
    "inspect",
    "os_reason",
    "paused_gc",
    "read_tables",
    "write_file",
]
