"""The SQLite connection behind `Store`: opening (and migrating) the file, one guarded connection
that turns every `sqlite3.Error` into a `StoreError`, and short write transactions."""

from __future__ import annotations

import math
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from .. import messages as msg
from ..errors import StoreError
from ..paths import database_path
from . import backups, migrations

BUSY_TIMEOUT_S = 10.0
T = TypeVar("T")


def guarded(call: Callable[[], T]) -> T:
    """Run `call`, turning a `sqlite3.Error` into a `StoreError`."""
    try:
        return call()
    except sqlite3.Error as exc:
        raise StoreError(msg.database_error(str(exc))) from None


class Cursor:
    """A cursor whose reads raise `StoreError` instead of `sqlite3.Error`."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    def fetchone(self) -> Any:
        return guarded(self._cursor.fetchone)

    def fetchall(self) -> list[Any]:
        return guarded(self._cursor.fetchall)

    def __iter__(self) -> Iterator[Any]:
        it = iter(self._cursor)
        while True:
            try:
                row = next(it)
            except StopIteration:
                return
            except sqlite3.Error as exc:
                raise StoreError(msg.database_error(str(exc))) from None
            yield row


class Db:
    """The store's connection: the calls it uses, each raising `StoreError` on a database error."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, args: Any = ()) -> Cursor:
        return Cursor(guarded(lambda: self.raw.execute(sql, args)))

    def executemany(self, sql: str, rows: Iterable[Any]) -> Cursor:
        return Cursor(guarded(lambda: self.raw.executemany(sql, rows)))

    @property
    def in_transaction(self) -> bool:
        return self.raw.in_transaction

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that see one state of the database (a read transaction; inside a transaction, that one)."""
        if self.in_transaction:
            yield
            return
        self.execute("BEGIN")
        try:
            yield
        finally:
            if self.in_transaction:
                self.execute("COMMIT")

    def ensure_pow(self) -> None:
        """SQLite builds without the math functions get `pow` from Python."""
        try:
            self.raw.execute("SELECT pow(2, 0.5)")
        except sqlite3.OperationalError:
            self.raw.create_function("pow", 2, math.pow, deterministic=True)

    def close(self) -> None:
        self.raw.close()


class Tx:
    """`with store._write():` — BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error. Inside another
    transaction it is a savepoint: its writes commit with the outer one, or are undone alone."""

    def __init__(self, db: Db) -> None:
        self.db = db
        self.nested = False

    def __enter__(self) -> None:
        self.nested = self.db.in_transaction
        if self.nested:
            self.db.execute("SAVEPOINT tx")
            return
        try:
            self.db.raw.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(msg.db_locked("database") if "lock" in str(exc) else str(exc)) from None

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.nested:
            if exc_type is not None and self.db.in_transaction:
                self.db.execute("ROLLBACK TO tx")
            if self.db.in_transaction:
                self.db.execute("RELEASE tx")
        elif exc_type is None:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:  # SQLite may already have rolled back (e.g. SQLITE_FULL)
            self.db.execute("ROLLBACK")


def connect(home: Path) -> Db:
    """Open (creating if needed) the database in `home`, migrating it forward after a backup."""
    if home.exists() and not home.is_dir():
        raise StoreError(msg.home_is_a_file(str(home)))
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(msg.db_unusable(str(home), exc.strerror or str(exc))) from None
    path = database_path(home)
    db: sqlite3.Connection | None = None
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        return Db(_prepare(db, home, path))
    except BaseException:
        if db is not None:  # every way out but success closes the connection
            db.close()
        raise


def _prepare(db: sqlite3.Connection, home: Path, path: Path) -> sqlite3.Connection:
    """Settings, then pending migrations (after a backup); every failure as one `StoreError`."""
    try:
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        version = migrations.current_version(db)
        known = len(migrations.MIGRATIONS)
        if version > known:
            raise StoreError(msg.db_newer(version, known), str(path))
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        if version < known:
            if version > 0:
                backups.backup(db, home, f"before-migration-v{version}")
            migrations.apply(db)
    except OSError as exc:
        raise StoreError(msg.db_unusable(str(path), exc.strerror or str(exc))) from None
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise StoreError(msg.db_locked(str(path))) from None
        if "readonly" in text or not os.access(home, os.W_OK):
            raise StoreError(msg.home_read_only(str(home))) from None
        raise StoreError(msg.db_unusable(str(path), text)) from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(msg.db_unusable(str(path), str(exc))) from None
    return db


def read_setting(home: Path, key: str) -> str:
    """One stored setting, read without creating, migrating or locking anything (for the help texts,
    which come before a command opens the store); "" when there is no such database, table or setting."""
    path = database_path(home)
    if not path.is_file():
        return ""
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=1.0)
        try:
            row = db.execute("SELECT value FROM config WHERE key = ?", (key,)).fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return ""
    return str(row[0]) if row else ""
