"""The only importer of `fsrs`: FSRS reviews, interval previews, retrievability, and study-day bounds.

Fuzz is seeded from the card key and its review count, so the same answers give the same due
dates (tests are deterministic and a review can be replayed exactly).
"""

from __future__ import annotations

import hashlib
import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Iterator

from .config import Config

if TYPE_CHECKING:
    import fsrs

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
STATE_NAMES = {NEW: "new", LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}
RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


@dataclass(frozen=True)
class CardState:
    """The FSRS memory state of one study card (times in ms since the epoch, UTC)."""

    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: int | None = None
    last_review: int | None = None
    reps: int = 0
    lapses: int = 0


def to_ms(moment: datetime) -> int:
    """Milliseconds since the epoch of an aware datetime."""
    return int(moment.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    """An aware UTC datetime from milliseconds since the epoch."""
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def utc(moment: datetime) -> datetime:
    """The same instant in `timezone.utc` (py-fsrs requires exactly that tzinfo)."""
    return moment.astimezone(timezone.utc)


class Scheduler:
    """FSRS with the learner's settings."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._scheduler: fsrs.Scheduler | None = None

    @property
    def _fsrs(self) -> "fsrs.Scheduler":
        """py-fsrs, imported on first use: showing the first card does not need it (benchmarks/)."""
        if self._scheduler is None:
            import fsrs

            self._scheduler = fsrs.Scheduler(
                desired_retention=self.config.desired_retention,
                learning_steps=self.config.learning_steps,
                relearning_steps=self.config.relearning_steps,
                enable_fuzzing=True,
            )
        return self._scheduler

    def _card(self, state: CardState, card_id: int) -> "fsrs.Card":
        import fsrs

        if state.state == NEW:
            return fsrs.Card(card_id=card_id, state=fsrs.State.Learning, step=0)
        return fsrs.Card(
            card_id=card_id,
            state=fsrs.State(state.state),
            step=state.step,
            stability=state.stability,
            difficulty=state.difficulty,
            due=from_ms(state.due) if state.due is not None else None,
            last_review=from_ms(state.last_review) if state.last_review is not None else None,
        )

    def review(self, key: str, state: CardState, rating: int, now: datetime) -> CardState:
        """The state after answering `rating` at `now`."""
        import fsrs

        card = self._card(state, _card_id(key))
        with _seeded_fuzz(key, state.reps):
            after, _ = self._fsrs.review_card(card, fsrs.Rating(rating), review_datetime=utc(now))
        lapse = rating == AGAIN and state.state == REVIEW
        return CardState(
            state=int(after.state),
            step=after.step,
            stability=after.stability,
            difficulty=after.difficulty,
            due=to_ms(after.due),
            last_review=to_ms(utc(now)),
            reps=state.reps + 1,
            lapses=state.lapses + (1 if lapse else 0),
        )

    def preview(self, key: str, state: CardState, now: datetime) -> dict[int, timedelta]:
        """The interval each rating would give, for the rating buttons."""
        out = {}
        for rating in RATINGS:
            after = self.review(key, state, rating, now)
            assert after.due is not None
            out[rating] = timedelta(milliseconds=after.due - to_ms(utc(now)))
        return out

    def retrievability(self, state: CardState, now: datetime) -> float:
        """Probability of recall now (0 for a new card)."""
        if state.state == NEW or state.stability is None or state.last_review is None:
            return 0.0
        card = self._card(state, 1)
        return float(self._fsrs.get_card_retrievability(card, current_datetime=utc(now)))

    @property
    def decay(self) -> float:
        """FSRS decay and factor, for computing retrievability in bulk (stats, queue order)."""
        return float(self._fsrs._DECAY)

    @property
    def factor(self) -> float:
        return float(self._fsrs._FACTOR)


def _card_id(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=6).digest(), "big")


@contextmanager
def _seeded_fuzz(key: str, reps: int) -> Iterator[None]:
    """Make py-fsrs's fuzz draw from a generator seeded by the card and its review count."""
    import fsrs.scheduler as _fsrs_scheduler

    rng = random.Random(f"{key}#{reps}")
    saved = _fsrs_scheduler.random  # type: ignore[attr-defined]
    _fsrs_scheduler.random = rng.random  # type: ignore[attr-defined]
    try:
        yield
    finally:
        _fsrs_scheduler.random = saved  # type: ignore[attr-defined]


def format_interval(delta: timedelta) -> str:
    """A short human interval: 1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = delta.total_seconds()
    if seconds < 59.5:
        return f"{max(0, round(seconds))}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def study_day_start(now: datetime, starts_at: int) -> datetime:
    """Start (UTC) of the study day containing `now`: the last `starts_at`:00 local time."""
    local = now.astimezone()
    day = local.date() if local.hour >= starts_at else local.date() - timedelta(days=1)
    return local_moment(day, starts_at)


def local_moment(day: date, hour: int) -> datetime:
    """`hour`:00 local time on `day`, as an aware UTC datetime (DST handled by the OS rules).

    A wall-clock time that happens twice (the hour repeated in autumn) is its first occurrence; one
    that never happens (skipped in spring, e.g. 00:00 in São Paulo on 2018-11-04) is the moment the
    clock jumps past it, so every study day starts after the one before it.
    """
    naive = datetime(day.year, day.month, day.day, hour)
    candidates = [naive.replace(fold=f).astimezone().astimezone(timezone.utc) for f in (0, 1)]
    real = [c for c in candidates if c.astimezone().replace(tzinfo=None) == naive]
    return min(real) if real else max(candidates)


def next_study_day(start: datetime, starts_at: int) -> datetime:
    """Start of the study day after the one starting at `start`."""
    local_day = start.astimezone().date()
    return local_moment(local_day + timedelta(days=1), starts_at)
