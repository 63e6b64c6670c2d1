"""The only SQL: the SQLite file in the home folder, the review log, and the card-state cache.

The review log (`reviews`, minus `undone`, plus `card_events`) is the truth; the FSRS columns of
`cards` are a cache that `rebuild_card` recomputes from it. Every write is one short transaction,
committed before the caller moves on. Every `sqlite3.Error` leaves the store as a `StoreError`.

Parts: `connection` (opening, the guarded connection, transactions), `writes`, `queues`,
`listings`, `planning` (exam pacing, deck suspension, the log for `optimize`), `stats` (the stats
read model), `backups` and `migrations`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Sequence

from . import backups, migrations
from .connection import Db, connect, guarded
from .listings import Listings
from .mock_exams import ExamQuestionRow, MockExams
from .planning import Planning
from .queues import Queues
from .rows import CardRow, DeckRow, Recorded
from .writes import Writes

if TYPE_CHECKING:
    from .stats import StatsQueries

__all__ = ["CardRow", "DeckRow", "ExamQuestionRow", "Recorded", "Store", "open_store"]


def open_store(home: Path) -> "Store":
    """Open (creating if needed) the database in `home`, migrating it forward after a backup."""
    return Store(connect(home), home)


class Store(Writes, Queues, Listings, MockExams, Planning):
    """All reads and writes of one home's database. A context manager: `with open_store(h) as s:`."""

    def __init__(self, db: Db, home: Path) -> None:
        super().__init__(db, home)

    def __enter__(self) -> "Store":
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def stats_queries(self, topics: Sequence[str]) -> StatsQueries:
        """The stats read model over this database, restricted to `topics` (and their subtopics)."""
        from .stats import StatsQueries  # only `stats` needs it: not loaded on every start

        return StatsQueries(self.db, topics)

    # --- health and backups ----------------------------------------------------------------
    def integrity(self) -> list[str]:
        """SQLite's integrity check: ['ok'] when the file is sound."""
        return [r[0] for r in self.db.execute("PRAGMA integrity_check")]

    def backup(self, label: str) -> Path:
        """Copy the database to home/backups/<label>-<timestamp>.sqlite3."""
        return guarded(lambda: backups.backup(self.db.raw, self.home, label))

    def daily_backup(self, today: date) -> Path | None:
        """Back up once per local day and keep the last few daily copies."""
        return guarded(lambda: backups.daily_backup(self.db.raw, self.home, today))

    def list_backups(self) -> list[Path]:
        """Every backup in the home, oldest first."""
        return backups.list_backups(self.home)

    def restore(self, name: str) -> Path:
        """Bring back a backup (a path, or a file name in the home's backups folder), after checking it
        and keeping a safety copy of the current database; return that copy."""
        candidate = Path(name)
        if not candidate.is_file():
            candidate = backups.backups_dir(self.home) / name
        backups.check_backup(candidate, len(migrations.MIGRATIONS))

        def run() -> Path:
            safety = backups.restore(self.db.raw, self.home, candidate)
            migrations.apply(self.db.raw)  # an older backup is migrated forward in place
            return safety

        return guarded(run)

