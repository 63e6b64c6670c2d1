"""The only importer of `fsrs`, through its public API: FSRS reviews, interval previews and
retrievability.

With an exam date ahead, an interval that would carry a card past the exam with a predicted recall
on the day below `exam_retention` is the one fsrs gives for that higher target instead (the same
review through a second fsrs scheduler): the card comes back before the exam. After the exam moment,
plain long-term FSRS.

Fuzz is seeded from the card key and its review count, so the same answers give the same due
dates and the interval shown before a rating is the one the rating gives. py-fsrs draws its fuzz
from the `random` module's shared generator, and that is how its own tests make fuzz reproducible
(`random.seed(42)` in its test_fuzz); we seed it the same way and put it back as it was.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple, Union

from .config import Config
from .model import (AGAIN, NEW, RATINGS, REVIEW, CardState, from_ms, fsrs_card_id, local_moment, to_ms,
                    utc)

if TYPE_CHECKING:
    import fsrs

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
_FORECAST_CARD_ID = 1  # see Scheduler.forecast_review
EXAM_HOUR = 12  # "on the exam date" means 12:00 local time that day (as stats has it)


class Memory(NamedTuple):
    """A card's memory state in `plan`'s forecast: CardState's fields (times in ms since the epoch, UTC)
    and, once `Scheduler.forecast_review` has answered it, the fsrs Card they were read from, so that the
    next answer hands fsrs that Card instead of building one (a plain tuple: 20,000 of them are made)."""

    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: int | None = None
    last_review: int | None = None
    reps: int = 0
    lapses: int = 0
    card: "fsrs.Card | None" = None


AnyState = Union[CardState, Memory]


def exam_moment(config: Config) -> datetime | None:
    """The moment recall is planned for: 12:00 local time on the exam date (None without a date)."""
    if config.exam_date is None:
        return None
    return local_moment(config.exam_date, EXAM_HOUR)


def check_parameters(parameters: tuple[float, ...]) -> None:
    """Raise ValueError unless fsrs accepts these parameters."""
    import fsrs

    fsrs.Scheduler(parameters=parameters)  # raises ValueError naming what is out of bounds


class Scheduler:
    """FSRS with the learner's settings (and their fitted parameters, when `optimize` stored some)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.exam_at = exam_moment(config)
        self._scheduler: fsrs.Scheduler | None = None
        self._exam_scheduler: fsrs.Scheduler | None = None
        self._batch = False  # inside batch(): the fuzz generator's state is put back once, at the end
        self._ids: dict[str, int] = {}
        self._decay_factor: tuple[float, float] | None = None
        self._forecast: ("tuple[fsrs.Scheduler, fsrs.Scheduler, float, dict[int, fsrs.Rating], type[fsrs.Card]] "
                         "| None") = None
        self._when: tuple[datetime | None, int, datetime] = (None, 0, _EPOCH)  # forecast_review's last moment

    def _make(self, retention: float) -> "fsrs.Scheduler":
        import fsrs

        extra = {"parameters": self.config.fsrs_parameters} if self.config.fsrs_parameters else {}
        return fsrs.Scheduler(
            desired_retention=retention,
            learning_steps=self.config.learning_steps,
            relearning_steps=self.config.relearning_steps,
            enable_fuzzing=True,
            **extra,  # type: ignore[arg-type]
        )

    @property
    def _fsrs(self) -> "fsrs.Scheduler":
        """py-fsrs, imported on first use: showing the first card does not need it (benchmarks/)."""
        if self._scheduler is None:
            self._scheduler = self._make(self.config.desired_retention)
        return self._scheduler

    @property
    def _exam_fsrs(self) -> "fsrs.Scheduler":
        """The same FSRS aiming at the exam-day target."""
        if self._exam_scheduler is None:
            self._exam_scheduler = self._make(max(self.config.exam_retention, self.config.desired_retention))
        return self._exam_scheduler

    @property
    def parameters(self) -> tuple[float, ...]:
        return tuple(float(w) for w in self._fsrs.parameters)

    @property
    def exam_target(self) -> float:
        return max(self.config.exam_retention, self.config.desired_retention)

    def _card(self, state: AnyState, card_id: int, kind: "type[fsrs.Card] | None" = None) -> "fsrs.Card":
        import fsrs

        kind = kind or fsrs.Card
        if state.state == NEW:
            return kind(card_id=card_id, state=fsrs.State.Learning, step=0)
        return kind(
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

        when = utc(now)
        card = self._card(state, self._card_id(key))
        grade = fsrs.Rating(rating)
        with _seeded_fuzz(key, state.reps, self._batch):
            after, _ = self._fsrs.review_card(card, grade, review_datetime=when)
        exam = self.exam_at
        if exam is not None and when < exam and after.due > exam and after.state == fsrs.State.Review:
            if self._fsrs.get_card_retrievability(after, current_datetime=exam) < self.exam_target:
                with _seeded_fuzz(key, state.reps, self._batch):
                    capped, _ = self._exam_fsrs.review_card(card, grade, review_datetime=when)
                if capped.due < after.due:
                    after = capped
        lapse = rating == AGAIN and state.state == REVIEW
        return CardState(
            state=int(after.state),
            step=after.step,
            stability=after.stability,
            difficulty=after.difficulty,
            due=to_ms(after.due),
            last_review=to_ms(when),
            reps=state.reps + 1,
            lapses=state.lapses + (1 if lapse else 0),
        )

    def forecast_review(self, key: str, state: Memory, rating: int, when: datetime) -> Memory:
        """`review` for `plan`'s forecast, inside `batch()` and with `when` in UTC: the same state, with fsrs
        asked directly. The fsrs Card kept on the Memory is the one `review` would rebuild from the state
        (its times read back from the milliseconds); its id is a constant, since fsrs puts the id only in
        the review log, which a forecast drops."""
        assert self._batch and when.tzinfo is timezone.utc
        if self._forecast is None:
            self._forecast = (self._fsrs, self._exam_fsrs, self.exam_target, self._grades, _copied_card_type())
        scheduler, exam_scheduler, target, grades, kind = self._forecast
        if self._when[0] != when:
            ms = to_ms(when)
            self._when = (when, ms, from_ms(ms))
        _, last, last_review = self._when
        card = state.card or self._card(state, _FORECAST_CARD_ID, kind)
        grade = grades[rating]
        seed = f"{key}#{state.reps}"
        random.seed(seed)
        after, _ = scheduler.review_card(card, grade, review_datetime=when)
        exam = self.exam_at
        if exam is not None and when < exam and after.due > exam and after.state == REVIEW:
            if scheduler.get_card_retrievability(after, current_datetime=exam) < target:
                random.seed(seed)
                capped, _ = exam_scheduler.review_card(card, grade, review_datetime=when)
                if capped.due < after.due:
                    after = capped
        due = to_ms(after.due)
        after.due, after.last_review = from_ms(due), last_review  # as `review` would rebuild them
        return Memory(int(after.state), after.step, after.stability, after.difficulty, due, last, state.reps + 1,
                      state.lapses + 1 if rating == AGAIN and state.state == REVIEW else state.lapses, after)

    @property
    def _grades(self) -> "dict[int, fsrs.Rating]":
        import fsrs

        return {r: fsrs.Rating(r) for r in RATINGS}

    def _card_id(self, key: str) -> int:
        """fsrs_card_id(key), remembered (previews ask for the same card four times)."""
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = fsrs_card_id(key)
        return found

    def preview(self, key: str, state: CardState, now: datetime) -> dict[int, timedelta]:
        """The interval each rating would give, for the rating buttons."""
        out = {}
        for rating in RATINGS:
            after = self.review(key, state, rating, now)
            assert after.due is not None
            out[rating] = timedelta(milliseconds=after.due - to_ms(utc(now)))
        return out

    def normal_review(self, key: str, state: CardState, rating: int, now: datetime) -> CardState:
        """The state plain long-term FSRS gives, with no exam date (for tests and `plan`)."""
        saved, self.exam_at = self.exam_at, None
        try:
            return self.review(key, state, rating, now)
        finally:
            self.exam_at = saved

    def retrievability(self, state: CardState, now: datetime) -> float:
        """Probability of recall now (0 for a new card)."""
        if state.state == NEW or state.stability is None or state.last_review is None:
            return 0.0
        card = self._card(state, 1)
        return float(self._fsrs.get_card_retrievability(card, current_datetime=utc(now)))

    def recall_at(self, states: Iterable[AnyState], when: datetime) -> list[float]:
        """`retrievability(state, when)` of many states at once, with fsrs's own forgetting curve and
        parameters: R = (1 + factor * days / S) ** decay over the whole days elapsed since the last
        review, as fsrs's get_card_retrievability counts them (0 for a new card)."""
        at = (utc(when) - _EPOCH) // _MICROSECOND  # exact, so that whole days are counted as fsrs counts them
        decay, factor = self._fsrs_decay_factor()
        return [0.0 if s.state == NEW or s.stability is None or s.last_review is None
                else float((1 + factor * max(0, (at - s.last_review * 1000) // 86_400_000_000) / s.stability)
                           ** decay)
                for s in states]

    def recall_one(self, state: AnyState, when: datetime) -> float:
        """recall_at for one state (the forecast asks before each of its answers)."""
        if state.state == NEW or state.stability is None or state.last_review is None:
            return 0.0
        at = (utc(when) - _EPOCH) // _MICROSECOND
        decay, factor = self._decay_factor or self._fsrs_decay_factor()
        return float((1 + factor * max(0, (at - state.last_review * 1000) // 86_400_000_000) / state.stability)
                     ** decay)

    def _fsrs_decay_factor(self) -> tuple[float, float]:
        decay = -self._fsrs.parameters[20]
        self._decay_factor = (decay, 0.9 ** (1 / decay) - 1)
        return self._decay_factor

    @contextmanager
    def batch(self) -> Iterator["Scheduler"]:
        """Many reviews in a row (`plan`'s forecast): the generator py-fsrs draws its fuzz from is saved
        once and put back at the end instead of around every review; each review is seeded as always,
        so the states are the same."""
        saved = random.getstate()
        self._batch = True
        try:
            yield self
        finally:
            self._batch = False
            random.setstate(saved)

    @property
    def decay(self) -> float:
        """FSRS decay and factor, for computing retrievability in bulk (stats, queue order):
        R = (1 + factor * t / S) ** decay, with decay = -w[20] of the scheduler's parameters and factor
        chosen so that R = 0.9 when t = S (the FSRS-6 forgetting curve)."""
        return -float(self._fsrs.parameters[20])

    @property
    def factor(self) -> float:
        return float(0.9 ** (1 / self.decay) - 1)


def _copied_card_type() -> "type[fsrs.Card]":
    """fsrs's Card with a `__copy__` that copies its attributes, for the forecast: `review_card` begins with
    `copy(card)`, which for a plain Card goes through pickle's protocol (a fifth of fsrs's time in `plan`);
    the copy is the same (a new object with the same attributes), only made directly."""
    import fsrs

    class CopiedCard(fsrs.Card):
        def __copy__(self) -> "CopiedCard":
            new = object.__new__(CopiedCard)
            new.__dict__.update(self.__dict__)
            return new

    return CopiedCard


@contextmanager
def _seeded_fuzz(key: str, reps: int, batch: bool = False) -> Iterator[None]:
    """Seed the generator py-fsrs draws its fuzz from by the card and its review count; restore it after
    (in a batch, Scheduler.batch restores it once at the end)."""
    if batch:
        random.seed(f"{key}#{reps}")
        yield
        return
    saved = random.getstate()
    random.seed(f"{key}#{reps}")
    try:
        yield
    finally:
        random.setstate(saved)
