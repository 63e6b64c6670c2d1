"""The fsrs wrapper: fuzzed intervals are reproducible, the preview is what the rating gives, and
the process's shared random generator is left as it was."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from genai_cards.config import Config
from genai_cards.model import GOOD, REVIEW, CardState, to_ms
from genai_cards.scheduler import Scheduler

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
MATURE = CardState(state=REVIEW, step=None, stability=40.0, difficulty=5.0, due=to_ms(NOW),
                   last_review=to_ms(NOW - timedelta(days=40)), reps=6, lapses=0)


def test_fuzz_is_reproducible_and_the_preview_is_the_interval_given() -> None:
    sched = Scheduler(Config.from_raw({}))
    first = sched.review("d/a", MATURE, GOOD, NOW)
    assert sched.review("d/a", MATURE, GOOD, NOW) == first
    assert sched.preview("d/a", MATURE, NOW)[GOOD] == timedelta(milliseconds=first.due - to_ms(NOW))  # type: ignore[operator]
    others = {sched.review(f"d/{i}", MATURE, GOOD, NOW).due for i in range(20)}
    assert len(others) > 1  # fuzz is on: different cards spread over different days


def test_the_shared_random_generator_is_left_alone() -> None:
    random.seed(7)
    expected = [random.random() for _ in range(3)]
    random.seed(7)
    Scheduler(Config.from_raw({})).review("d/a", MATURE, GOOD, NOW)
    assert [random.random() for _ in range(3)] == expected


def test_bulk_retrievability_matches_py_fsrs() -> None:
    sched = Scheduler(Config.from_raw({}))
    later = NOW + timedelta(days=10)
    t = (later - (NOW - timedelta(days=40))).days
    bulk = (1 + sched.factor * t / 40.0) ** sched.decay
    assert abs(bulk - sched.retrievability(MATURE, later)) < 1e-9
