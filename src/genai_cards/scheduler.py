"""The only importer of `fsrs`, through its public API: FSRS reviews, interval previews and
retrievability.

Fuzz is seeded from the card key and its review count, so the same answers give the same due
dates and the interval shown before a rating is the one the rating gives. py-fsrs draws its fuzz
from the `random` module's shared generator, and that is how its own tests make fuzz reproducible
(`random.seed(42)` in its test_fuzz); we seed it the same way and put it back as it was.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Iterator

from .config import Config
from .model import AGAIN, NEW, RATINGS, REVIEW, CardState, from_ms, fsrs_card_id, to_ms, utc

if TYPE_CHECKING:
    import fsrs

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

        card = self._card(state, fsrs_card_id(key))
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
        """FSRS decay and factor, for computing retrievability in bulk (stats, queue order):
        R = (1 + factor * t / S) ** decay, with decay = -w[20] of the scheduler's parameters and factor
        chosen so that R = 0.9 when t = S (the FSRS-6 forgetting curve)."""
        return -float(self._fsrs.parameters[20])

    @property
    def factor(self) -> float:
        return float(0.9 ** (1 / self.decay) - 1)


@contextmanager
def _seeded_fuzz(key: str, reps: int) -> Iterator[None]:
    """Seed the generator py-fsrs draws its fuzz from by the card and its review count; restore it after."""
    saved = random.getstate()
    random.seed(f"{key}#{reps}")
    try:
        yield
    finally:
        random.setstate(saved)
