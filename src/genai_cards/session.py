"""The study loop: which card comes next, how an answer becomes a rating, and recording it.

No terminal in here: the loop talks to an injected `SessionIO` and reads time from an injected
clock, so tests drive it with plain strings and fixed datetimes.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Callable, Protocol, Sequence

from .config import Config
from .grading import WRONG, Grade, InvalidAnswer, Question, grade, make_question
from .model import AGAIN, GOOD, NEW, RATINGS, REVIEW, CardState, study_day_bounds, to_ms
from .scheduler import Scheduler
from .store import CardRow, Recorded, Store
from .today import answers_owed, todays_cards

if TYPE_CHECKING:
    from .planning import Pace

LEARN_AHEAD = timedelta(minutes=20)
MAX_DURATION_MS = 3_600_000
COMMANDS = {"u": "undo", "s": "suspend", "q": "quit"}
RATING_WORDS = {name: n for n, name in RATINGS.items()} | {str(n): n for n in RATINGS}

Clock = Callable[[], datetime]


class SessionIO(Protocol):
    """What the loop needs from a user interface."""

    def show_question(self, card: CardRow, q: Question, left: "Counts") -> None: ...
    def ask(self, kind: str, q: Question) -> str | None: ...  # kind: reveal | answer | rating; None = EOF
    def invalid(self, reason: str) -> None: ...
    def show_answer(self, card: CardRow, q: Question, g: Grade | None) -> None: ...
    def show_ratings(self, previews: dict[int, timedelta], suggested: int) -> None: ...
    def notice(self, text: str, **values: object) -> None: ...


@dataclass(frozen=True)
class Counts:
    """What is left in the session: new, learning, review."""

    new: int
    learning: int
    review: int


@dataclass
class Outcome:
    """One recorded answer, for the end-of-session summary."""

    key: str
    result: str | None  # right / partial / wrong, or None for self-rated
    rating: int
    topics: tuple[str, ...] = ()


@dataclass
class SessionResult:
    """What happened in a session."""

    outcomes: list[Outcome] = field(default_factory=list)
    quit: bool = False
    eof: bool = False
    seconds: float = 0.0


class Study:
    """Today's queue for `review`: due reviews (most at risk first) interleaved with new cards."""

    def __init__(
        self, store: Store, scheduler: Scheduler, config: Config, now: datetime,
        topics: Sequence[str] = (), limit: int | None = None, mode: str = "review", pace: "Pace | None" = None,
    ) -> None:
        self.store = store
        self.pace = pace  # exam-date pacing (planning.pace_for), None for plain FSRS
        self.stretch = 0  # cards brought forward by the final stretch before the exam
        self.new_stopped = False  # the day's answers reached exam_answers_per_day: no more new cards
        self.held_reviews = 0  # due reviews that wait for tomorrow: the day's answers are spent
        self.notices: list[tuple[str, dict[str, object]]] = []  # for the UI, before the next card
        self.scheduler = scheduler
        self.config = config
        self.topics = tuple(topics)
        self.mode = mode
        self.day_start, self.day_end = study_day_bounds(now, config.day_starts_at)
        self.answered: list[tuple[int, CardRow]] = []  # (review id, card as it was) for undo
        self.seen_notes: set[str] = set()
        self.front: deque[str] = deque()
        self.new_keys: set[str] = set()
        self.shown: dict[str, Question] = {}  # each card's last showing, so an undone card keeps its shuffle
        self.pinned: dict[str, Question] = {}  # showings to repeat as they were (after undo)
        self.vocabularies: dict[str, frozenset[str]] = {}  # per deck, read when a typed card needs it
        self.queue: deque[str] = deque(self._build(now, limit))

    def vocabulary(self, card: CardRow) -> frozenset[str]:
        """The compact forms of the answers of the card's deck, as contrast terms for grading a typed or
        cloze answer (so another card's answer never passes as a typo of this one; see vocabulary.py);
        empty for other card types."""
        if card.content.get("type") not in ("typed", "cloze"):
            return frozenset()
        if card.deck not in self.vocabularies:
            from .vocabulary import deck_cores

            self.vocabularies[card.deck] = deck_cores(self.store, card.deck)
        return self.vocabularies[card.deck]

    def _build(self, now: datetime, limit: int | None) -> list[str]:
        today = todays_cards(self.store, self.config, now, self.topics, self.pace, self.scheduler)
        self.stretch = today.stretch
        self.held_reviews = today.held_reviews
        self.new_keys = set(today.new)
        mixed = interleave(today.reviews, today.new)
        return mixed[:limit] if limit is not None else mixed

    def _committed(self, reviews: int) -> float:
        """Answers still to come today for `reviews` reviews and the cards in (re)learning, each step passed."""
        assert self.pace is not None and self.pace.load is not None
        return answers_owed(self.store, self.config, self.pace.load, to_ms(self.day_end), self.topics, reviews)

    def _over_answers(self) -> bool:
        """True (once) when one more new card would carry the day's answers past exam_answers_per_day: the
        new cards left in the queue are dropped and a notice says why."""
        load = self.pace.load if self.pace is not None else None
        if load is None or self.new_stopped:
            return self.new_stopped
        done = self.store.answers_since(to_ms(self.day_start))
        coming = self._committed(sum(k not in self.new_keys for k in self.queue))
        if done + coming + load.per_new <= load.cap:
            return False
        left = 1 + sum(k in self.new_keys for k in self.queue)
        self.queue = deque(k for k in self.queue if k not in self.new_keys)
        self.new_stopped = True
        self.notices.append(("new_stopped", {"answers": done, "coming": round(coming), "cap": load.cap,
                                             "left": left}))
        return True

    def counts(self, now: datetime, current: CardRow | None = None) -> Counts:
        """What is left, the card on screen included (as Anki counts)."""
        left = self._left(now)
        if current is None:
            return left
        if current.state.state == NEW:
            return Counts(left.new + 1, left.learning, left.review)
        if current.state.state == REVIEW:
            return Counts(left.new, left.learning, left.review + 1)
        return left  # a learning card on screen is already among the learning cards due

    def _left(self, now: datetime) -> Counts:
        new = sum(k in self.new_keys for k in self.queue)
        learning = self.store.count_learning(to_ms(now + LEARN_AHEAD), self.topics)
        return Counts(new, learning, len(self.queue) - new)

    def next(self, now: datetime) -> CardRow | None:
        """The next card to show, or None when the session is over."""
        if self.front:
            return self.store.card(self.front.popleft())
        key = self.store.next_learning(to_ms(now), self.topics, set())
        if key is not None:
            return self.store.card(key)
        while self.queue:
            card = self.store.card(self.queue.popleft())
            if card.suspended or card.retired or card.note in self.seen_notes:
                continue
            if card.state.state == REVIEW and card.state.due is not None and card.state.due >= to_ms(self.day_end) \
                    and not (self.stretch and card.state.last_review is not None
                             and card.state.last_review < to_ms(self.day_start)):
                continue  # answered meanwhile by another session
            if card.state.state != NEW and card.state.state != REVIEW:
                continue  # now in learning: the learning queue shows it
            if card.state.state == NEW and self._over_answers():
                continue  # the day's answers are spent: new cards wait
            return card
        key = self.store.next_learning(to_ms(now + LEARN_AHEAD), self.topics, set())
        return self.store.card(key) if key is not None else None

    def record(self, card: CardRow, rating: int, now: datetime, duration_ms: int, answer: str | None) -> Recorded:
        """Schedule and store one answer (committed before returning)."""
        recorded = record_answer(self.store, self.scheduler, self.config, card, rating, now, duration_ms,
                                 self.mode, answer)
        self.answered.append((recorded.review_id, card))
        self.seen_notes.add(card.note)
        return recorded

    def undo(self, now: datetime) -> CardRow | None:
        """Take back the last answer of this session and show that card again."""
        if not self.answered:
            return None
        review_id, card = self.answered.pop()
        self.store.undo(review_id, now, leech_suspends=self.config.leech_action == "suspend")
        if not any(c.note == card.note for _, c in self.answered):
            self.seen_notes.discard(card.note)
        if card.key in self.front:
            self.front.remove(card.key)
        self.front.appendleft(card.key)
        return card

    def suspend(self, card: CardRow, now: datetime) -> None:
        self.store.set_suspended(card.key, True, now)


def becomes_leech(config: Config, before: CardState, was_leech: bool, rating: int, after: CardState) -> bool:
    """True when this answer makes the card a leech: a lapse (Again on a review card) that brings its
    lapses to the threshold, on a card not already a leech (threshold 0: never)."""
    threshold = config.leech_threshold
    lapse = rating == AGAIN and before.state == REVIEW
    return bool(threshold) and lapse and after.lapses >= threshold and not was_leech


def record_answer(
    store: Store, scheduler: Scheduler, config: Config, card: CardRow, rating: int, now: datetime,
    duration_ms: int, mode: str, answer: str | None,
) -> Recorded:
    """Schedule one answer with FSRS and append it to the log; tag (and suspend) leeches.

    The new state is computed inside the write from the card's state in the database, not from the
    `card` read when it was shown: another session may have answered it meanwhile.
    """

    def decide(before: CardState, was_leech: bool) -> tuple[CardState, bool]:
        after = scheduler.review(card.key, before, rating, now)
        return after, becomes_leech(config, before, was_leech, rating, after)

    return store.record_review(
        card.key, now, rating, min(max(duration_ms, 0), MAX_DURATION_MS), mode, answer, decide,
        leech_suspends=config.leech_action == "suspend",
    )


def interleave(reviews: list[str], new: list[str]) -> list[str]:
    """Spread new cards evenly among reviews, keeping both orders."""
    if not new or not reviews:
        return reviews + new
    out: list[str] = []
    step = (len(reviews) + len(new)) / len(new)
    ni = 0
    ri = 0
    for i in range(len(reviews) + len(new)):
        if ni < len(new) and (ri >= len(reviews) or i >= round(ni * step + step / 2) - 1):
            out.append(new[ni])
            ni += 1
        else:
            out.append(reviews[ri])
            ri += 1
    return out


def parse_rating(text: str, suggested: int) -> int | None:
    """A rating from `1`-`4`, `again|hard|good|easy` or empty (the suggested one); None if not one."""
    t = text.strip().lower()
    if not t or t == " ":
        return suggested
    return RATING_WORDS.get(t)


def run(study: Study, io: SessionIO, clock: Clock, rng: random.Random, record: bool = True) -> SessionResult:
    """Show cards until the queue is empty, the learner quits, or input ends."""
    result = SessionResult()
    started = clock()
    while True:
        now = clock()
        card = study.next(now)
        for kind, values in study.notices:
            io.notice(kind, **values)
        study.notices.clear()
        if card is None:
            break
        q = study.pinned.pop(card.key, None) or make_question(card.content, rng, cores=study.vocabulary(card))
        study.shown[card.key] = q
        io.show_question(card, q, study.counts(now, card))
        shown = clock()
        outcome = _ask_answer(study, io, card, q, result, clock)
        if outcome is None:
            break
        if outcome == "again":
            continue
        g, typed = outcome
        io.show_answer(card, q, g)
        suggested = g.suggested if g else GOOD
        now = clock()
        io.show_ratings(study.scheduler.preview(card.key, card.state, now), suggested)
        rating = _ask_rating(io, q, suggested, result)
        if rating is None:
            break
        now = clock()
        if record:
            recorded = study.record(card, rating, now, int((now - shown).total_seconds() * 1000), typed)
            if recorded.leech:
                io.notice("leech", card=card.key, lapses=recorded.after.lapses)
        else:
            study.seen_notes.add(card.note)
        topics = tuple(card.content.get("topics", ()))
        result.outcomes.append(Outcome(card.key, g.result if g else None, rating, topics))
    result.seconds = (clock() - started).total_seconds()
    return result


def _command(line: str, q: Question) -> str | None:
    t = line.strip().lower()
    if t in COMMANDS and not (q.options and t in q.labels):
        return COMMANDS[t]
    return None


def _ask_answer(study: Study, io: SessionIO, card: CardRow, q: Question, result: SessionResult, clock: Clock):  # type: ignore[no-untyped-def]
    """Read the answer: None to end the session, "again" to show another card, else (grade, typed)."""
    kind = "answer" if q.auto else "reveal"
    while True:
        line = io.ask(kind, q)
        if line is None:
            result.eof = True
            return None
        cmd = _command(line, q)
        if cmd == "quit":
            result.quit = True
            return None
        if cmd == "undo":
            undone = study.undo(clock())
            if undone is None:
                io.notice("nothing_to_undo")
                continue
            if card.key not in study.front:  # the undone card comes first; the one on screen after it, once
                study.front.append(card.key)
            for key in (undone.key, card.key):  # both come back shuffled as they were
                if key in study.shown:
                    study.pinned[key] = study.shown[key]
            if result.outcomes:
                result.outcomes.pop()
            io.notice("undone", card=undone.key)
            return "again"
        if cmd == "suspend":
            study.suspend(card, clock())
            io.notice("suspended", card=card.key)
            return "again"
        if not q.auto:
            return None, None
        if q.type in ("typed", "cloze") and not line.strip():
            return None, None  # reveal and rate yourself
        if q.options and not line.strip():
            return dont_know(), None  # I don't know: show the answer, suggest Again
        try:
            return grade(q, line), line.strip()
        except InvalidAnswer as exc:
            io.invalid(str(exc))



def dont_know() -> Grade:
    """The verdict on an empty answer to a choice, order or match question: wrong, nothing given."""
    return Grade(WRONG)


def _ask_rating(io: SessionIO, q: Question, suggested: int, result: SessionResult) -> int | None:
    rating = ask_rating(io, q, suggested)
    if rating == "eof":
        result.eof = True
    elif rating == "quit":
        result.quit = True
    return rating if isinstance(rating, int) else None


def ask_rating(io: SessionIO, q: Question, suggested: int) -> int | str:
    """Ask for a rating until one is given: the rating, or "eof" (end of input) or "quit" (`q`)."""
    while True:
        line = io.ask("rating", q)
        if line is None:
            return "eof"
        if line.strip().lower() == "q":
            return "quit"
        rating = parse_rating(line, suggested)
        if rating is not None:
            return rating
        io.invalid("rating")
