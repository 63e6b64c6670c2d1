"""Dated copies of the database: before every migration, once a day on first use (the last 7 kept),
and restoring one after checking it."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

from .. import messages as msg
from ..errors import StoreError

KEEP_DAILY = 7
DAILY_PREFIX = "daily-"
FAILING_MARK = ".backup-failing"  # in the home while daily backups fail, so the failure is said once


def backups_dir(home: Path) -> Path:
    return home / "backups"


def backup(db: sqlite3.Connection, home: Path, label: str, day: date | None = None) -> Path:
    """Copy the database to home/backups/<label>-<YYYYmmdd>-<HHMMSS>.sqlite3 with SQLite's online backup
    API (the date is `day`'s when given, the time the clock's). The copy is a single file in rollback
    journal mode: no -wal or -shm files next to it, now or when it is read."""
    folder = backups_dir(home)
    folder.mkdir(exist_ok=True)
    moment = datetime.now()
    stamp = f"{(day or moment.date()).strftime('%Y%m%d')}-{moment.strftime('%H%M%S')}"
    target = folder / f"{label}-{stamp}.sqlite3"
    tmp = target.with_suffix(".tmp")
    dest = sqlite3.connect(tmp, isolation_level=None)
    try:
        db.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")  # the source's WAL mode came with its pages
    finally:
        dest.close()
    for leftover in (tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
        leftover.unlink(missing_ok=True)
    tmp.replace(target)
    return target


def daily_backup(db: sqlite3.Connection, home: Path, today: date) -> Path | None:
    """Back up once per local day (on first use) and keep the last KEEP_DAILY daily copies:
    daily-<YYYYmmdd>-<HHMMSS>.sqlite3."""
    folder = backups_dir(home)
    stamp = today.strftime("%Y%m%d")
    if folder.is_dir() and any(folder.glob(f"{DAILY_PREFIX}{stamp}-*.sqlite3")):
        return None
    target = backup(db, home, DAILY_PREFIX.rstrip("-"), today)
    dailies = sorted(folder.glob(f"{DAILY_PREFIX}*.sqlite3"))
    for old in dailies[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return target


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens `path` read-only; the path is percent-encoded, so `#`, `%` and `?` in it
    are part of the name. A file with no -wal beside it (every backup) is opened as immutable, which
    leaves no -wal or -shm files behind; one with a -wal is read with it (immutable would ignore it)."""
    wal = path.with_name(path.name + "-wal")
    return path.absolute().as_uri() + ("?mode=ro" if wal.exists() else "?mode=ro&immutable=1")


def list_backups(home: Path) -> list[Path]:
    """Every backup in the home, oldest first."""
    folder = backups_dir(home)
    return sorted(folder.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []


def check_backup(path: Path, known_version: int) -> None:
    """Refuse a file that is not a sound genai-cards database this program can read."""
    if not path.is_file():
        raise StoreError(msg.NO_SUCH_FILE, str(path))
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise StoreError(msg.NOT_A_DATABASE, str(path))
    con = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StoreError(msg.BACKUP_DAMAGED, str(path))
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
        if version == 0 or version > known_version:
            raise StoreError(msg.db_newer(version, known_version) if version else msg.NOT_A_DATABASE, str(path))
        con.execute("SELECT COUNT(*) FROM reviews").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(msg.db_unusable(str(path), str(exc))) from None
    finally:
        con.close()


def restore(db: sqlite3.Connection, home: Path, source: Path) -> Path:
    """Replace the database's content with a backup's, after backing up the current one; return that copy."""
    safety = backup(db, home, "before-restore")
    src = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        src.backup(db)
    finally:
        src.close()
    return safety


def note_failure(home: Path) -> bool:
    """Remember that the daily backup failed; True if it had not failed since the last one made (say so)."""
    mark = home / FAILING_MARK
    if mark.exists():
        return False
    try:
        mark.write_text(datetime.now().isoformat(timespec="seconds") + "\n", encoding="utf-8")
    except OSError:
        pass  # cannot remember it: say it each time rather than never
    return True


def clear_failure(home: Path) -> None:
    """A daily backup was made: a later failure is worth saying again."""
    (home / FAILING_MARK).unlink(missing_ok=True)
