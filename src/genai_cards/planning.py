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
- after the exam moment: nothing of this, long-term FSRS.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Sequence

from . import messages as msg
from .config import Config
from .model import GOOD, AGAIN, NEW, REVIEW, CardState, from_ms, note_of, study_day_bounds, study_day_start, to_ms, utc
from .scheduler import Scheduler, exam_moment
from .store import Store

FINAL_DAYS = 3  # the final stretch: the two days before the exam and the exam morning
NEW_SPREAD = 0.75  # new cards are spread over three quarters of the days left before the final stretch
DEFAULT_ANSWER_SECONDS = 12.0  # for `plan`'s minutes a day, until the log says otherwise
SIM_SEED = 14  # `plan` samples each forecast answer from the predicted recall with this seed


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

    @property
    def overrides_new_per_day(self) -> bool:
        return self.new_today > self.new_per_day


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
    day_start = study_day_start(now, config.day_starts_at)
    new_done, _ = store.done_since(to_ms(day_start))
    remaining = store.count_not_introduced() + new_done
    return Pace(config.exam_date, at, left, remaining, new_quota(remaining, left, config), config.new_per_day,
                left < FINAL_DAYS)


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
        base["warning"] = msg.plan_date_past(config.exam_date.isoformat())
        return base
    base.update(status="upcoming", days_left=pace.days_left, new_per_day=pace.new_today)
    limited = _simulate(store, config, scheduler, now, pace, capped=True)
    days, recall, introduced_all = limited
    backlog = any(d.backlog for d in days)
    reachable = introduced_all and not backlog and recall >= scheduler.exam_target - 0.005
    base.update(
        days=[{"date": d.date.isoformat(), "new": d.new, "reviews": d.reviews, "answers": d.answers,
               "backlog": d.backlog} for d in days],
        predicted_recall=round(recall, 4), all_introduced=introduced_all, reachable=reachable,
    )
    if not reachable:
        free_days, _, _ = _simulate(store, config, scheduler, now, pace, capped=False)
        peak = max((d.reviews for d in free_days), default=0)
        peak_answers = max((d.answers for d in free_days), default=0)
        seconds = store.mean_answer_seconds() or DEFAULT_ANSWER_SECONDS
        cap = max(1, config.max_reviews_per_day)
        ratio = max(1.0, peak / cap)
        later = config.exam_date + timedelta(days=math.ceil(max(pace.days_left, 1) * (ratio - 1)) + (0 if introduced_all else FINAL_DAYS))
        aside = max(0, math.ceil(base["cards"] * (1 - 1 / ratio))) if ratio > 1 else 0
        base["suggestions"] = {
            "answers_per_day": peak_answers,
            "max_reviews_per_day": peak,
            "minutes_per_day": math.ceil(peak_answers * seconds / 60),
            "cards_to_set_aside": aside,
            "later_date": later.isoformat(),
        }
        base["warning"] = msg.plan_unreachable(round(recall * 100, 1), round(scheduler.exam_target * 100, 1),
                                               introduced_all, config.max_reviews_per_day)
    return base


def _simulate(
    store: Store, config: Config, scheduler: Scheduler, now: datetime, pace: Pace, capped: bool
) -> tuple[list[_Day], float, bool]:
    """Forecast each study day to the exam: one session a day, each answer Good with the predicted
    probability of recall (else Again), sampled with a fixed seed so the forecast is reproducible."""
    rng = random.Random(SIM_SEED)
    states = dict(store.active_states())
    new_keys = [k for k, s in states.items() if s.state == NEW]
    start, _ = study_day_bounds(now, config.day_starts_at)
    new_done, reviews_done = store.done_since(to_ms(start))
    not_introduced = len(new_keys) + new_done
    days: list[_Day] = []
    cap = config.max_reviews_per_day if capped else 10**9
    target = scheduler.exam_target
    decay, factor = scheduler.decay, scheduler.factor
    for k in range(pace.days_left + 1):
        day_start, day_end = study_day_bounds(start + timedelta(days=k, hours=12), config.day_starts_at)
        t = now if k == 0 else day_start + timedelta(hours=1)
        if t >= pace.exam_at:
            break
        day = _Day(day_start.astimezone().date())
        left = pace.days_left - k
        done_reviews = reviews_done if k == 0 else 0
        quota = new_quota(not_introduced, left, config) - (new_done if k == 0 else 0)
        if k == 0:
            not_introduced -= new_done
        t_ms, end_ms = to_ms(t), to_ms(day_end)

        def risk(item: tuple[str, CardState]) -> float:
            s = item[1]
            assert s.stability is not None and s.last_review is not None
            return float((1 + factor * max(0, t_ms - s.last_review) / 86_400_000 / s.stability) ** decay)

        due = sorted(((key, s) for key, s in states.items() if s.state == REVIEW and s.due is not None
                      and s.due < end_ms), key=risk)
        room = max(0, cap - done_reviews)
        day.backlog = max(0, len(due) - room)
        chosen = due[:room]
        if left < FINAL_DAYS and room > len(chosen):
            taken = {key for key, _ in chosen}
            extra = [(scheduler.retrievability(s, pace.exam_at), key) for key, s in states.items()
                     if s.state == REVIEW and key not in taken]
            extra = sorted(e for e in extra if e[0] < target)[: room - len(chosen)]
            chosen += [(key, states[key]) for _, key in extra]
        for key, s in chosen:
            day.reviews += 1
            day.answers += _answer_until_review(scheduler, states, key, t, rng)
        for key, s in list(states.items()):
            if s.state in (1, 3) and s.due is not None and s.due < end_ms:
                day.answers += _answer_until_review(scheduler, states, key, t, rng)
        for key in new_keys[:max(0, quota)]:
            day.new += 1
            day.answers += _answer_until_review(scheduler, states, key, t, rng)
        new_keys = new_keys[max(0, quota):]
        not_introduced -= day.new
        days.append(day)
    active = len(states) or 1
    recall = sum(scheduler.retrievability(s, pace.exam_at) for s in states.values()) / active
    return days, recall, not new_keys


def _answer_until_review(scheduler: Scheduler, states: dict[str, CardState], key: str, t: datetime,
                         rng: random.Random) -> int:
    """Answer a card (and its learning steps that day) until it is in review; return the answers."""
    s = states[key]
    answers = 0
    when = t
    while True:
        r = scheduler.retrievability(s, when) if s.state != NEW else 0.0
        rating = GOOD if s.state != NEW and rng.random() < r else (GOOD if s.state == NEW else AGAIN)
        if s.state in (1, 3):
            rating = GOOD  # learning steps are passed the same day
        s = scheduler.review(key, s, rating, when)
        answers += 1
        if s.state == REVIEW or answers >= 8 or s.due is None:
            break
        when = max(when, from_ms(s.due))
    states[key] = s
    return answers
