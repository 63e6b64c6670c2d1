"""`optimize`: FSRS parameters fitted to the learner's own log with fsrs-rs-python (torch-free), kept only
when they fit that log better than the parameters in force.

The log becomes FSRS items the way the FSRS optimizer reads a review history: per card, its answers
since its last reset (undone ones left out), each with the days since the card's previous answer,
counted in study days (`day_starts_at`). Every answer that comes at least a day after the one before
it ends one item (the history up to it), which is what the fit predicts. The fit is measured before
and after on those items (log loss, and RMSE over bins as fsrs-rs computes it); the new parameters
are stored (config `fsrs_parameters`) only when their log loss is lower.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from . import messages as msg
from .config import Config
from .errors import GenaiCardsError
from .model import AGAIN, HARD, REVIEW, from_ms
from .scheduler import Scheduler, check_parameters
from .store import Store

if TYPE_CHECKING:
    import fsrs_rs_python

MIN_ITEMS = 400  # answers a day or more after the card's previous one, before fitting is worth it
HARD_WARN_SHARE = 0.2  # Hard on more than this share of review answers: probably Hard for "forgot"
MIN_HABIT_REVIEWS = 100  # review answers before habits are judged


class OptimizeError(GenaiCardsError):
    """Fitting is not possible (too few reviews, or the optimiser is missing)."""


@dataclass
class Fit:
    """What `optimize` found and did."""

    items: int
    reviews: int
    before: dict[str, float]
    after: dict[str, float]
    kept: bool
    parameters: list[float]
    previous: list[float]
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "reviews": self.reviews, "before": self.before, "after": self.after,
                "kept": self.kept, "parameters": self.parameters, "previous": self.previous,
                "warnings": self.warnings}


def _library() -> "Any":
    try:
        import fsrs_rs_python
    except ImportError:
        raise OptimizeError(msg.OPTIMIZER_MISSING) from None
    return fsrs_rs_python


def study_day(ms: int, starts_at: int) -> int:
    """The ordinal of the local study day of a moment (a day starts at `starts_at`:00 local time)."""
    local = from_ms(ms).astimezone()
    return (local - timedelta(hours=starts_at)).date().toordinal()


def fsrs_items(store: Store, config: Config) -> tuple[list["fsrs_rs_python.FSRSItem"], int, list[int]]:
    """The log as FSRS items; also the number of answers used and the ratings of review-state answers."""
    f = _library()
    items = []
    answers = 0
    review_ratings: list[int] = []
    for _, history in store.review_histories():
        reviews = []
        previous: int | None = None
        for at, rating, before in history:
            day = study_day(at, config.day_starts_at)
            delta = 0 if previous is None else day - previous
            previous = day
            reviews.append(f.FSRSReview(rating, delta))
            answers += 1
            if before == REVIEW:
                review_ratings.append(rating)
            if delta > 0 and len(reviews) > 1:
                items.append(f.FSRSItem(list(reviews)))
    return items, answers, review_ratings


def habit_warnings(review_ratings: list[int]) -> list[str]:
    """Habits that spoil the fit, from the ratings of review-state answers: Hard far more often than
    Again (Hard pressed for "forgot"), or almost never Again at all."""
    n = len(review_ratings)
    if n < MIN_HABIT_REVIEWS:
        return []
    hard = review_ratings.count(HARD) / n
    again = review_ratings.count(AGAIN) / n
    if hard > HARD_WARN_SHARE or (hard >= 0.05 and again < hard / 4):
        return [msg.optimize_hard_habit(round(100 * hard), round(100 * again))]
    if again < 0.02:
        return [msg.OPTIMIZE_NEVER_AGAIN]
    return []


def optimize(store: Store, config: Config) -> Fit:
    """Fit, compare, and store the new parameters only when they fit the log better."""
    f = _library()
    items, answers, review_ratings = fsrs_items(store, config)
    if len(items) < MIN_ITEMS:
        raise OptimizeError(msg.optimize_too_few(len(items), MIN_ITEMS))
    current = list(Scheduler(config).parameters)
    before = f.FSRS(current).evaluate(items)
    fitted = [float(w) for w in f.FSRS(current).compute_parameters(items)]
    after = f.FSRS(fitted).evaluate(items)
    kept = after.log_loss < before.log_loss
    warnings: list[str] = []
    if kept:
        try:
            check_parameters(tuple(fitted))
        except ValueError:
            kept = False
            warnings.append(msg.OPTIMIZE_OUT_OF_BOUNDS)
    if kept:
        store.set_config("fsrs_parameters", " ".join(repr(w) for w in fitted))
    warnings += habit_warnings(review_ratings)
    return Fit(
        items=len(items), reviews=answers,
        before={"log_loss": round(before.log_loss, 4), "rmse": round(before.rmse_bins, 4)},
        after={"log_loss": round(after.log_loss, 4), "rmse": round(after.rmse_bins, 4)},
        kept=kept, parameters=fitted if kept else current, previous=current, warnings=warnings,
    )
