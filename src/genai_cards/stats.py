"""Figures for `stats`: today, streak and heatmap, forecast, true retention, mastery by topic, and
exam readiness, as plain JSON-ready data.

SQL aggregates do the counting (per day, per set of topics), so Python only ever handles per-day
or per-topic totals, never the review log row by row. Definitions a reader of the figures needs
are spelled out in the figures themselves (the `definition`, `meaning` and `note` texts):

- A study day starts at `day_starts_at` local time and is named by the local date it starts on;
  heatmap weeks start on Monday.
- Retrievability is FSRS's R = (1 + factor * t / S) ** decay with the scheduler's own decay and
  factor, S the card's stability and t the *whole* days since its last review, as py-fsrs counts
  them (so `stats` and `card show` agree). Unseen cards have no R; where a share of a topic's cards
  is expected, they count as not known (0).
- True retention follows Anki: per card and study day only the first answer counts, and only when
  the card was in review state before it (learning and relearning steps are left out). Again is a
  fail, Hard/Good/Easy a pass. Young/mature is decided by the interval the card's previous answer
  scheduled (its due minus its time): under 21 days young, 21 or more mature.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Sequence

from . import messages as msg
from .config import Config
from .model import from_ms, local_moment, study_day_start, study_days, to_ms, topic_matches
from .scheduler import Scheduler
from .store import Store
from .store.stats import StatsQueries
from .topics import ancestors

if TYPE_CHECKING:
    from .exams import Exam

DAY_MS = 86_400_000
HEATMAP_WEEKS = 16
MATURE_DAYS = 21
RETENTION_DAYS = 30
EXAM_HOUR = 12  # "on the exam date" means 12:00 local time that day
DEFAULT_EXAM = "aif-c01"
# name, first and last day back from today (0 = today) of each true-retention period
RETENTION_PERIODS = (("today", 0, 0), ("yesterday", 1, 1), ("last_7_days", 0, 6), ("last_30_days", 0, 29))


# --- the figures --------------------------------------------------------------------------------
def compute(
    store: Store, config: Config, now: datetime, topics: list[str], exam: str | None, days: int
) -> dict[str, Any]:
    """Every figure of `stats` as one JSON-ready dict (see the module docstring for definitions).

    `exam` names a bundled exam for readiness; without it, readiness uses the default exam when an
    exam date is set (the only bundled exam, or aif-c01), and is None otherwise.
    """
    q = store.stats_queries(topics)
    sched = Scheduler(config)
    days = max(1, days)
    hour = config.day_starts_at
    start = study_day_start(now, hour)
    today = start.astimezone().date()

    def bounds(first: date, last: date) -> list[int]:
        """Start of each study day from `first` to `last`, and the end of the last one (ms)."""
        return [to_ms(d) for d in study_days(first, (last - first).days + 2, hour)]

    # the study days that have answers: the work grows with them, never with the days elapsed
    heat_first = today - timedelta(days=today.weekday(), weeks=HEATMAP_WEEKS - 1)
    heat = q.answers_per_day(bounds(heat_first, today))
    span = q.answer_span()
    studied: list[date] = []
    if span is not None:
        first = study_day_start(from_ms(span[0]), hour).astimezone().date()
        last = min(today, study_day_start(from_ms(span[1]), hour).astimezone().date())
        if first <= last:
            studied = [first + timedelta(days=k) for k in q.study_days_with_answers(_day_runs(first, last, hour))]
    current, longest = _streaks(studied, today)
    first_day = studied[0] if studied else None

    day_bounds = bounds(today, today)
    totals = q.totals_between(day_bounds[0], day_bounds[1])
    exam_def = _pick_exam(config, exam)
    recall_at, exam_info = _exam_moment(config, now)

    groups = q.cards_by_topic_set(
        [to_ms(now)] + ([to_ms(recall_at)] if exam_def and recall_at else []), sched.factor, sched.decay
    )
    cards = {k: sum(g[1][k] for g in groups) for k in ("total", "new", "learning", "review", "relearning",
                                                         "suspended", "leech")}
    # a card without topics counts among the cards, and under no topic
    per_topic = _per_topic([(combo.split("\n"), states["total"], seen, sums)
                            for combo, states, seen, sums in groups if combo])
    return {
        "now": now.isoformat(),
        "study_day": today.isoformat(),
        "day_starts_at": hour,
        "topics": list(topics),
        "today": {
            "date": today.isoformat(),
            "reviews": totals["reviews"],
            "new": totals["new"],
            "quiz": totals["quiz"],
            "again": totals["again"],
            "again_rate": _ratio(totals["again"], totals["reviews"]),
            "seconds": round(totals["duration_ms"] / 1000, 1),
        },
        "streak": {
            "current": current,
            "longest": longest,
            "studied_today": bool(studied) and studied[-1] == today,
            "first_day": first_day.isoformat() if first_day else None,
        },
        "cards": cards,
        "heatmap": {
            "weeks": HEATMAP_WEEKS,
            "week_starts": "monday",
            "first_day": heat_first.isoformat(),
            "last_day": today.isoformat(),
            "total": sum(heat),
            "max": max(heat, default=0),
            "days": [{"date": (heat_first + timedelta(days=i)).isoformat(), "reviews": n} for i, n in enumerate(heat)],
        },
        "forecast": _forecast(q, bounds(today, today + timedelta(days=days - 1)), today),
        "retention": _retention(q, bounds(today - timedelta(days=RETENTION_DAYS - 1), today)),
        "mastery": _mastery(per_topic, topics),
        "readiness": _readiness(exam_def, per_topic, exam_info) if exam_def else None,
    }


def _streaks(days: Sequence[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive study days with answers; `days` sorted, none after today.

    The current streak ends today, or yesterday while today has no answer yet (it can still grow).
    """
    longest = run = 0
    previous: date | None = None
    for d in days:
        run = run + 1 if previous is not None and (d - previous).days == 1 else 1
        longest = max(longest, run)
        previous = d
    current = run if previous is not None and (today - previous).days <= 1 else 0
    return current, longest


RUN_PROBE_DAYS = 14  # UTC offsets change at most once a fortnight (DST, or a zone's new offset)


def _day_runs(first: date, last: date, hour: int) -> list[tuple[int, int, int, int]]:
    """The study days from `first` (number 0) to `last` as runs of 24-hour days: (first day number,
    days, start ms, end ms), day `k0 + j` of a run starting at `start + j * DAY_MS`; a run ends where
    the UTC offset changes (DST), so there are about two a year, found by probing a day a fortnight
    and bisecting where the offset moved."""
    def start(k: int) -> int:
        return to_ms(local_moment(first + timedelta(days=k), hour))

    total = (last - first).days + 1
    runs: list[tuple[int, int, int, int]] = []
    k0, lo = 0, start(0)
    while k0 < total:
        n = 1  # days k0 .. k0 + n - 1 are known to be in the run
        while k0 + n < total:
            j = min(n + RUN_PROBE_DAYS - 1, total - k0 - 1)
            if start(k0 + j) == lo + j * DAY_MS:
                n = j + 1
                continue
            a, b = n, j  # day k0 + b breaks the run; the first break is in [a, b]
            while a < b:
                m = (a + b) // 2
                if start(k0 + m) == lo + m * DAY_MS:
                    a = m + 1
                else:
                    b = m
            n = a
            break
        hi = start(k0 + n)
        runs.append((k0, n, lo, hi))
        k0, lo = k0 + n, hi
    return runs


def _forecast(q: StatsQueries, day_bounds: list[int], today: date) -> dict[str, Any]:
    """Cards due on each day from today; today's count includes the overdue ones."""
    overdue, *per_day = q.due_per_day(day_bounds)
    per_day[0] += overdue
    return {
        "days": len(per_day),
        "overdue": overdue,
        "total": sum(per_day),
        "max": max(per_day, default=0),
        "per_day": [{"date": (today + timedelta(days=i)).isoformat(), "due": n} for i, n in enumerate(per_day)],
    }


def _retention(q: StatsQueries, day_bounds: list[int]) -> dict[str, Any]:
    """True retention for today, yesterday, the last 7 and the last 30 study days."""
    last = len(day_bounds) - 2  # index of today
    counts = q.first_answers(day_bounds, MATURE_DAYS * DAY_MS)
    periods: dict[str, Any] = {}
    for name, nearest, farthest in RETENTION_PERIODS:
        cells = {"young": [0, 0], "mature": [0, 0]}
        for day, mature, passed, failed in counts:
            if nearest <= last - day <= farthest:
                cell = cells["mature" if mature else "young"]
                cell[0] += passed
                cell[1] += failed
        cells["all"] = [cells["young"][0] + cells["mature"][0], cells["young"][1] + cells["mature"][1]]
        periods[name] = {k: {"passed": p, "failed": f, "retention": _ratio(p, p + f)} for k, (p, f) in cells.items()}
    return {"definition": msg.STATS_RETENTION_DEFINITION, "mature_days": MATURE_DAYS, "periods": periods}


def _per_topic(rows: list[tuple[list[str], int, int, list[float]]]) -> dict[str, list[float]]:
    """topic -> [cards, seen, sum R now, sum R at the exam] with every card counted once per topic."""
    out: dict[str, list[float]] = {}
    for combo, cards, seen, sums in rows:
        for topic in {a for t in combo for a in ancestors(t)}:
            acc = out.setdefault(topic, [0, 0, 0.0, 0.0])
            acc[0] += cards
            acc[1] += seen
            for i, s in enumerate(sums[:2]):
                acc[2 + i] += s
    return out


def _mastery(per_topic: dict[str, list[float]], topics: Sequence[str]) -> dict[str, Any]:
    """Topics (and subtopics) with cards, seen, and the average R now of the seen ones; weakest first."""
    rows = []
    for topic, (cards, seen, r_now, _) in per_topic.items():
        if topics and not any(topic_matches(topic, t) for t in topics):
            continue
        rows.append({
            "topic": topic,
            "cards": int(cards),
            "seen": int(seen),
            "recall": _round(r_now / seen) if seen else None,
            "expected": _round(r_now / cards) if cards else None,
        })
    rows.sort(key=lambda r: (r["recall"] is None, r["recall"] or 0.0, r["topic"]))
    return {"definition": msg.STATS_MASTERY_DEFINITION, "topics": rows}


def _pick_exam(config: Config, exam: str | None) -> Exam | None:
    """The exam asked for, or the default one when an exam date is set; None for no readiness."""
    if not exam and config.exam_date is None:
        return None
    from .exams import exam_files, find_exam, load_exam  # (and yamlio): only for readiness

    if exam:
        return find_exam(exam)
    files = exam_files()
    if len(files) == 1:
        return load_exam(next(iter(files.values())))
    if DEFAULT_EXAM in files:
        return find_exam(DEFAULT_EXAM)
    return None


def _exam_moment(config: Config, now: datetime) -> tuple[datetime | None, dict[str, Any]]:
    """When to project recall to (12:00 local on the exam date, never before now) and the date's status."""
    when = config.exam_date
    local_today = now.astimezone().date()
    if when is None:
        return None, {"exam_date": None, "date_status": "missing", "days_left": None, "exam_day_at": None,
                      "note": msg.STATS_EXAM_DATE_MISSING}
    if when < local_today:
        return None, {"exam_date": when.isoformat(), "date_status": "past", "days_left": None, "exam_day_at": None,
                      "note": msg.stats_exam_date_past(when.isoformat())}
    at = max(now, local_moment(when, EXAM_HOUR))
    left = (when - local_today).days
    return at, {"exam_date": when.isoformat(), "date_status": "upcoming", "days_left": left,
                "exam_day_at": at.isoformat(), "note": msg.stats_exam_date_ahead(when.isoformat(), left)}


def _readiness(exam: Exam, per_topic: dict[str, list[float]], info: dict[str, Any]) -> dict[str, Any]:
    """Per domain: share seen and expected recall now and on the exam date; a weighted scaled score."""
    projected = info["date_status"] == "upcoming"
    domains: list[dict[str, Any]] = []
    for d in exam.domains:
        cards, seen, r_now, r_exam = per_topic.get(d.topic, [0, 0, 0.0, 0.0])
        domains.append({
            "topic": d.topic,
            "name": d.name,
            "weight": d.weight,
            "cards": int(cards),
            "seen": int(seen),
            "seen_share": _ratio(int(seen), int(cards)),
            "recall_now": _round(r_now / cards) if cards else 0.0,
            "recall_exam_day": (_round(r_exam / cards) if cards else 0.0) if projected else None,
        })
    weights = sum(d.weight for d in exam.domains) or 1.0

    def predicted(key: str) -> dict[str, Any]:
        fraction = sum(d["weight"] * d[key] for d in domains) / weights
        score = exam.scaled(fraction)
        return {"fraction": _round(fraction), "score": score, "passes": score >= exam.pass_score}

    return {
        "exam": exam.exam,
        "title": exam.title,
        "scale": list(exam.scale),
        "pass_score": exam.pass_score,
        **info,
        "domains": domains,
        "predicted": {"now": predicted("recall_now"), "exam_day": predicted("recall_exam_day") if projected else None},
        "meaning": msg.STATS_READINESS_MEANING,
    }


def _ratio(part: int, whole: int) -> float | None:
    return _round(part / whole) if whole else None


def _round(x: float) -> float:
    return round(x, 4)
