"""Exam-date planning: how many new cards today, the final stretch before the exam, and `plan`'s
forecast of the road there. Planning chooses targets and limits; every interval still comes from
fsrs (through `scheduler.Scheduler`, which also caps intervals that would cross the exam).

The rules, with the exam date set and the exam moment (12:00 local on the date) still ahead:
- days left: study days from today's to the exam date (exam tomorrow: 1; the exam morning: 0);
- new cards: the cards not yet introduced spread over three quarters of the days left before the
  final stretch, recomputed each day (so the daily number eases off as the date nears and the last
  new cards come about a quarter of the road before the exam, with time for their first reviews),
  never fewer than `new_per_day`, never more than `max_reviews_per_day` in one day;
- final stretch (the last FINAL_DAYS study days, the exam morning included): review cards not due yet
  whose predicted recall at the exam is below `exam_retention` come too, most at risk first, within
  what is left of `max_reviews_per_day`;
- answers a day: `exam_answers_per_day` (default 250) caps every answer of the day, new cards' learning
  steps and relearning included. Due reviews are never held back by it (`max_reviews_per_day` bounds
  them); new cards and the final stretch's early reviews are what yield: today's new cards are the
  pace or what fits in the answers left once today's reviews and learning steps are counted, whichever
  is fewer, and the session stops introducing new cards when what has been answered plus what is
  still to come would pass the cap (the cards left wait for the next days, whose pace rises to match);
- after the exam moment: nothing of this, long-term FSRS.

What a new card and a review cost in answers comes from the learner's recent log (a new card with its
learning steps and Agains; a review with its relearning after a lapse), from the settings until
there is enough of it.
"""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Sequence

from . import messages as msg
from .config import Config
from .i18n import long_date
from .model import GOOD, AGAIN, NEW, REVIEW, from_ms, note_of, study_day_bounds, study_day_start, to_ms, utc
from .scheduler import Memory, Scheduler, exam_moment
from .store import Store

FINAL_DAYS = 3  # the final stretch: the two days before the exam and the exam morning
NEW_SPREAD = 0.75  # new cards are spread over three quarters of the days left before the final stretch
DEFAULT_ANSWER_SECONDS = 12.0  # for `plan`'s minutes a day, until the log says otherwise
SIM_SEED = 14  # `plan` samples each forecast answer from the predicted recall with this seed
LOAD_WINDOW = 5000  # the answers of the log that say what a new card and a review cost
LOAD_MIN = 20  # new cards (or reviews) among them before their mean replaces the settings' figure


@dataclass(frozen=True)
class Load:
    """The day's answers against `exam_answers_per_day`, and what a card costs in answers."""

    cap: int  # exam_answers_per_day
    done: int  # answers given today
    per_new: float  # answers a new card takes until it graduates (its learning steps, Agains included)
    per_review: float  # answers a review takes on its day (one, and the relearning steps after a lapse)

    def room(self, committed: float) -> float:
        """Answers left today once `committed` more are counted."""
        return self.cap - self.done - committed

    def new_room(self, committed: float) -> int:
        """New cards that fit in the answers left today once `committed` more are counted."""
        return _fits(self.room(committed), self.per_new)

    def review_room(self, committed: float) -> int:
        """Reviews that fit in the answers left today once `committed` more are counted."""
        return _fits(self.room(committed), self.per_review)


def load_for(store: Store, config: Config, now: datetime) -> Load:
    """Today's answers so far and what a new card and a review cost, from the learner's recent log."""
    day_start = study_day_start(now, config.day_starts_at)
    first, learning, reviews, relearning = store.recent_answer_kinds(LOAD_WINDOW)
    per_new = learning / first if first >= LOAD_MIN else float(max(1, len(config.learning_steps)))
    per_review = (reviews + relearning) / reviews if reviews >= LOAD_MIN else \
        1 + (1 - config.desired_retention) * len(config.relearning_steps)
    return Load(config.exam_answers_per_day, store.answers_since(to_ms(day_start)), max(1.0, per_new),
                max(1.0, per_review))


def steps_left(config: Config, learning: Sequence[tuple[int, int]]) -> int:
    """Answers the cards in (re)learning still take today, each step passed: (state, step) each."""
    return sum(max(1, len(config.learning_steps if state == 1 else config.relearning_steps) - step)
               for state, step in learning)


@dataclass(frozen=True)
class Pace:
    """Today's pacing for the exam date."""

    exam_date: date
    exam_at: datetime
    days_left: int
    not_introduced: int  # active cards still new at the start of today (those introduced today included)
    new_today: int  # new cards to introduce today in all
    new_per_day: int  # the learner's setting
    final_stretch: bool
    paced: int = 0  # what the days left alone ask for today (new_today is fewer when the answers cap it)
    load: Load | None = None
    committed: float = 0.0  # answers today's due reviews and learning steps are expected to take

    @property
    def overrides_new_per_day(self) -> bool:
        return self.new_today > self.new_per_day

    @property
    def capped_by_answers(self) -> bool:
        """True when the day's answers, not the days left, set today's new cards."""
        return self.new_today < self.paced


def days_left(config: Config, now: datetime) -> int | None:
    """Study days from today's to the exam date; None without a date or once the exam moment is past."""
    at = exam_moment(config)
    if at is None or config.exam_date is None or utc(now) >= at:
        return None
    today = study_day_start(now, config.day_starts_at).astimezone().date()
    return max(0, (config.exam_date - today).days)


def new_quota(not_introduced: int, left: int, config: Config) -> int:
    """New cards for a day with `left` days to the exam and `not_introduced` cards still new."""
    if not_introduced <= 0:
        return 0
    days_for_new = max(1, math.ceil((left - (FINAL_DAYS - 1)) * NEW_SPREAD))
    pace = math.ceil(not_introduced / days_for_new)
    return min(max(pace, config.new_per_day), max(config.max_reviews_per_day, config.new_per_day))


def pace_for(store: Store, config: Config, now: datetime) -> Pace | None:
    """Today's pace, or None when there is no exam ahead (normal FSRS)."""
    left = days_left(config, now)
    at = exam_moment(config)
    if left is None or at is None or config.exam_date is None:
        return None
    day_start, day_end = study_day_bounds(now, config.day_starts_at)
    new_done, reviews_done = store.done_since(to_ms(day_start))
    remaining = store.count_not_introduced() + new_done
    paced = new_quota(remaining, left, config)
    load = load_for(store, config, now)
    steps = steps_left(config, store.learning_states(to_ms(day_end)))
    reviews = min(store.count_due_reviews(to_ms(day_end)), max(0, config.max_reviews_per_day - reviews_done),
                  load.review_room(steps))
    committed = reviews * load.per_review + steps
    new_today = min(paced, new_done + load.new_room(committed))
    return Pace(config.exam_date, at, left, remaining, new_today, config.new_per_day, left < FINAL_DAYS,
                paced, load, committed)


def final_stretch(
    store: Store, scheduler: Scheduler, pace: Pace, topics: Sequence[str], from_ms: int, exclude_notes: set[str],
    limit: int,
) -> list[str]:
    """Review cards not due today whose predicted recall at the exam is below the target, most at risk
    first, one per note, at most `limit`."""
    if limit <= 0:
        return []
    target = scheduler.exam_target
    at_risk = []
    for key, state in store.reviews_due_from(from_ms, topics):
        r = scheduler.retrievability(state, pace.exam_at)
        if r < target and note_of(key) not in exclude_notes:
            at_risk.append((r, key))
    at_risk.sort()
    out: list[str] = []
    notes = set(exclude_notes)
    for _, key in at_risk:
        if len(out) >= limit:
            break
        if note_of(key) in notes:
            continue
        notes.add(note_of(key))
        out.append(key)
    return out


# --- plan ------------------------------------------------------------------------------------
@dataclass
class _Day:
    date: date
    new: int = 0
    reviews: int = 0
    answers: int = 0
    backlog: int = 0


@dataclass
class _Road:
    """The forecast: each day, the predicted recall at the exam (mean and sum over the active cards),
    the cards never introduced, how many would be below the goal on the day, the keys in study order."""

    days: list[_Day]
    recall: float
    recall_sum: float
    leftover: list[str]
    weak: int
    study_order: list[str]


def plan(store: Store, config: Config, now: datetime) -> dict[str, Any]:
    """The road to the exam date, as JSON-ready data (the shape is documented in the README)."""
    scheduler = Scheduler(config)
    fitted = bool(config.fsrs_parameters)
    base: dict[str, Any] = {
        "exam_date": config.exam_date.isoformat() if config.exam_date else None,
        "status": "missing", "days_left": None, "cards": store.count_active(),
        "not_introduced": store.count_not_introduced(), "new_per_day": None,
        "new_per_day_setting": config.new_per_day, "max_reviews_per_day": config.max_reviews_per_day,
        "exam_retention": scheduler.exam_target, "parameters": "fitted" if fitted else "default",
        "days": [], "predicted_recall": None, "all_introduced": None, "reachable": None, "warning": None,
        "suggestions": None,
    }
    pace = pace_for(store, config, now)
    if config.exam_date is None:
        base["warning"] = msg.PLAN_NO_DATE
        return base
    if pace is None:
        base["status"] = "past"
        base["warning"] = msg.plan_date_past(long_date(config.exam_date))
        return base
    base.update(status="upcoming", days_left=pace.days_left, new_per_day=pace.new_today)
    road = _simulate(store, config, scheduler, now, pace)
    days, recall = road.days, road.recall
    introduced_all = not road.leftover
    backlog = any(d.backlog for d in days)
    reachable = introduced_all and not backlog and recall >= scheduler.exam_target - 0.005
    base.update(
        days=[{"date": d.date.isoformat(), "new": d.new, "reviews": d.reviews, "answers": d.answers,
               "backlog": d.backlog} for d in days],
        predicted_recall=round(recall, 4), all_introduced=introduced_all, reachable=reachable,
    )
    if not reachable:
        base["suggestions"] = _suggestions(store, config, pace, road, base["cards"])
        base["warning"] = msg.plan_unreachable(round(recall * 100, 1), round(scheduler.exam_target * 100, 1),
                                               len(road.leftover), config.max_reviews_per_day,
                                               config.exam_answers_per_day)
    return base


def _suggestions(store: Store, config: Config, pace: Pace, road: "_Road", cards: int) -> dict[str, Any]:
    """What would reach the goal, each one alone, estimated from the forecast: the road introduces only
    some of the cards and leaves reviews over, so the load it takes is larger than the limits allow by
    `ratio`: the answers (and reviews) a day of its busiest day with what it left over, for all the cards
    (and the minutes, from the learner's own answer times); or that many times the days; or that many
    fewer cards (the decks whose cards come last, which the forecast reaches least)."""
    assert config.exam_date is not None and pace.load is not None
    days = road.days
    spread = cards / max(1, cards - len(road.leftover))  # the cards the road must carry, against those it does
    if spread == 1 and not any(d.backlog for d in days):
        spread = 1.1  # every card met, no review left over: the recall on the day falls short
    answers = max(math.ceil(max((d.answers + d.backlog * pace.load.per_review for d in days), default=0) * spread),
                  config.exam_answers_per_day + 1)
    reviews = max(config.max_reviews_per_day,
                  math.ceil(max((d.reviews + d.backlog for d in days), default=0) * spread))
    ratio = max(spread, answers / max(1, config.exam_answers_per_day), reviews / max(1, config.max_reviews_per_day))
    seconds = store.mean_answer_seconds() or DEFAULT_ANSWER_SECONDS
    aside = math.ceil(cards * (1 - 1 / ratio))
    decks: list[str] = []
    counts = store.deck_active_counts()
    covered = 0
    for deck in reversed([d for d in dict.fromkeys(k.split("/")[0] for k in road.study_order) if d in counts]):
        if covered >= aside:
            break
        decks.append(deck)
        covered += counts[deck]
    later = config.exam_date + timedelta(days=max(1, math.ceil(len(days) * (ratio - 1))))
    return {
        "answers_per_day": answers, "exam_answers_per_day": answers, "max_reviews_per_day": reviews,
        "minutes_per_day": math.ceil(answers * seconds / 60), "cards_to_set_aside": max(aside, covered),
        "decks_to_set_aside": decks, "later_date": later.isoformat(),
    }


def _simulate(store: Store, config: Config, scheduler: Scheduler, now: datetime, pace: Pace) -> _Road:
    """Forecast each study day to the exam: one session a day, each answer Good with the predicted
    probability of recall (else Again), sampled with a fixed seed so the forecast is reproducible.

    A day: the learning steps due (in study order), then the due reviews most at risk first within
    `max_reviews_per_day` and the answers a day, then the new cards (today's as `review` chooses them;
    later days' from the pace) while the day's answers allow one more, then in the final stretch the
    cards that would be below the goal on the day. Only the cards due on a day are looked at that day:
    each seen card waits in the bucket of the day it falls due (or in the backlog once left over)."""
    rng = random.Random(SIM_SEED)
    states = {row[0]: Memory(*row[1:]) for row in store.active_memory_rows()}
    order = {key: i for i, key in enumerate(states)}
    new_keys = [k for k, s in states.items() if s.state == NEW]
    start, _ = study_day_bounds(now, config.day_starts_at)
    new_done, reviews_done = store.done_since(to_ms(start))
    not_introduced = len(new_keys) + new_done
    load = pace.load or load_for(store, config, now)
    target = scheduler.exam_target
    decay, factor = scheduler.decay, scheduler.factor
    sessions: list[tuple[datetime, datetime, int]] = []
    for k in range(pace.days_left + 1):
        day_start, day_end = study_day_bounds(start + timedelta(days=k, hours=12), config.day_starts_at)
        t = utc(now) if k == 0 else utc(day_start + timedelta(hours=1))
        if t >= pace.exam_at:
            break
        sessions.append((day_start, t, to_ms(day_end)))
    ends = [end for _, _, end in sessions]
    waiting: list[set[str]] = [set() for _ in sessions]  # seen cards by the first day they are due on

    def file(key: str, s: Memory) -> None:
        if s.state != NEW and s.due is not None:
            i = bisect.bisect_right(ends, s.due)
            if i < len(waiting):
                waiting[i].add(key)

    firsts: dict[tuple[datetime, int, int], Memory] = {}

    def answer(key: str, t: datetime) -> int:
        n = _answer_until_review(scheduler, states, key, t, rng, firsts)
        file(key, states[key])
        return n

    for key, s in states.items():
        file(key, s)
    carried: set[str] = set()  # seen cards due on an earlier day and not answered then
    days: list[_Day] = []
    introduced = 0
    with scheduler.batch():
        for k, (day_start, t, end_ms) in enumerate(sessions):
            day = _Day(day_start.astimezone().date())
            left = pace.days_left - k
            done_reviews = reviews_done if k == 0 else 0
            quota = new_quota(not_introduced, left, config) - (new_done if k == 0 else 0)
            if k == 0:
                not_introduced -= new_done
            t_ms = to_ms(t)

            def risk(key: str) -> float:
                s = states[key]
                assert s.stability is not None and s.last_review is not None
                return float((1 + factor * max(0, t_ms - s.last_review) / 86_400_000 / s.stability) ** decay)

            spent = load.done if k == 0 else 0  # answers already given today count against the cap
            today = sorted((key for key in carried | waiting[k] if (states[key].due or 0) < end_ms), key=order.__getitem__)
            for key in [key for key in today if states[key].state in (1, 3)]:
                day.answers += answer(key, t)
            due = sorted((key for key in today if states[key].state == REVIEW and (states[key].due or 0) < end_ms),
                         key=risk)
            room = min(max(0, config.max_reviews_per_day - done_reviews),
                       _fits(load.cap - spent - day.answers, load.per_review))
            day.backlog = max(0, len(due) - room)
            chosen = due[:room]
            for key in chosen:
                day.reviews += 1
                day.answers += answer(key, t)
            fit = max(0, pace.new_today - new_done) if k == 0 else max(0, quota)
            for key in new_keys[introduced:introduced + fit]:
                if spent + day.answers + load.per_new > load.cap:
                    break  # the day's answers are spent, as a session stops introducing new cards
                day.new += 1
                day.answers += answer(key, t)
            introduced += day.new
            if left < FINAL_DAYS and room > len(chosen):  # the final stretch, in what is left of both limits
                extra_room = min(room - len(chosen), _fits(load.cap - spent - day.answers, load.per_review))
                taken = set(chosen)
                keys = [key for key, s in states.items() if s.state == REVIEW and key not in taken]
                at_exam = scheduler.recall_at((states[key] for key in keys), pace.exam_at)
                for _, key in sorted(e for e in zip(at_exam, keys) if e[0] < target)[:extra_room]:
                    day.reviews += 1
                    day.answers += answer(key, t)
            not_introduced -= day.new
            carried = {key for key in carried | waiting[k] if states[key].state != NEW and (states[key].due or 0) < end_ms}
            days.append(day)
    rs = scheduler.recall_at(states.values(), pace.exam_at)
    active = len(states) or 1
    return _Road(days, sum(rs) / active, sum(rs), new_keys[introduced:], sum(1 for r in rs if 0 < r < target),
                 list(states))


def _fits(answers: float, each: float) -> int:
    """How many cards of `each` answers fit in `answers`."""
    return max(0, math.floor(answers / each + 1e-9))


def _answer_until_review(scheduler: Scheduler, states: dict[str, Memory], key: str, t: datetime,
                         rng: random.Random, firsts: dict[tuple[datetime, int, int], Memory]) -> int:
    """Answer a card (and its learning steps that day) until it is in review; return the answers.

    Each answer of a card already seen is Good with its predicted recall (one draw of `rng`, learning
    steps included, where it is always Good), else Again; a new card's first answer is Good. `t` is in
    UTC; `scheduler` in a batch."""
    s = states[key]
    answers = 0
    when = t
    while True:
        if s.state == NEW:
            # a new card's first step is the same for every card answered then (fuzz only touches the
            # intervals of review cards, and the exam cap only those): fsrs is asked once per moment, and
            # the Memory shared has no fsrs Card (the next answer of each card makes one from the state)
            memo = (when, s.reps, s.lapses)
            first = firsts.get(memo)
            if first is None:
                s = scheduler.forecast_review(key, s, GOOD, when)
                if s.state != REVIEW:
                    firsts[memo] = s._replace(card=None)
            else:
                s = first
        else:
            drawn = rng.random()
            rating = GOOD if s.state in (1, 3) or drawn < scheduler.recall_one(s, when) else AGAIN
            s = scheduler.forecast_review(key, s, rating, when)
        answers += 1
        if s.state == REVIEW or answers >= 8 or s.due is None:
            break
        when = max(when, from_ms(s.due))
    states[key] = s
    return answers
