"""`optimize`: FSRS fitted to the learner's own log with fsrs-rs-python, kept only when it fits better,
refused with too few reviews; the fitted parameters are what review and plan use."""

from __future__ import annotations

import json
import random
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

from genai_cards.config import Config
import pytest

from genai_cards.paths import DB_NAME
from genai_cards.model import AGAIN, GOOD, HARD, REVIEW, CardState, from_ms
from genai_cards.scheduler import Scheduler
from genai_cards.store import open_store

START = datetime(2026, 9, 1, 13, 0, tzinfo=timezone.utc)
NOW = "2026-12-01T10:00:00-03:00"


_BUILT: dict[tuple[int, int, int], Path] = {}


def logged(home: Path, tmp_path_factory: pytest.TempPathFactory, cards: int, days: int = 90,
           forgot: int = AGAIN) -> None:
    """`build_log` into this test's home, built once per session for each kind of log and copied."""
    key = (cards, days, forgot)
    if key not in _BUILT:
        build_log(home, cards, days, forgot)
        keep = tmp_path_factory.mktemp("log")
        for f in home.glob(DB_NAME + "*"):
            shutil.copy(f, keep / f.name)
        _BUILT[key] = keep
        return
    for f in home.glob(DB_NAME + "*"):
        f.unlink()
    for f in _BUILT[key].iterdir():
        shutil.copy(f, home / f.name)


def build_log(home: Path, cards: int, days: int = 90, forgot: int = AGAIN, seed: int = 3) -> int:
    """A learner who studies `cards` cards from START, answering each review Good with a probability
    lower than plain FSRS predicts (harder material), else `forgot`; recorded through the store's own
    API, as `review` records them. Returns the answers written."""
    rng = random.Random(seed)
    sched = Scheduler(Config.from_raw({}))
    written = 0
    with open_store(home) as store:
        store.db.execute("PRAGMA synchronous = OFF")  # a generated log: no need to wait for the disk
        keys = store.active_keys([])[:cards]
        states = {k: CardState() for k in keys}
        for day in range(days):
            t = START + timedelta(days=day)
            for i, key in enumerate(keys):
                s = states[key]
                if s.state == 0 and i // 10 != day:
                    continue  # ten new cards a day
                if s.state != 0 and (s.due is None or from_ms(s.due) > t + timedelta(hours=12)):
                    continue
                if s.state == REVIEW:
                    r = sched.retrievability(s, t) ** 1.8
                    rating = GOOD if rng.random() < r else forgot
                else:
                    rating = GOOD
                after = sched.review(key, s, rating, t)
                store.record_review(key, t, rating, 8000, "review", None, lambda _s, _l, a=after: (a, False))
                written += 1
                while after.state != REVIEW:  # learning steps the same day
                    assert after.due is not None
                    s2, t2 = after, from_ms(after.due)
                    after = sched.review(key, s2, GOOD, t2)
                    store.record_review(key, t2, GOOD, 8000, "review", None, lambda _s, _l, a=after: (a, False))
                    written += 1
                states[key] = after
    return written


def test_optimize_refuses_with_too_few_reviews_and_changes_nothing(cli, home, tmp_path_factory) -> None:
    logged(home, tmp_path_factory, cards=20, days=20)
    result = cli("optimize", now=NOW)
    assert result.exit_code == 1
    assert "not enough reviews to fit FSRS" in result.output and "at least 400" in result.output
    assert cli("config", "get", "fsrs_parameters", now=NOW).output.strip() == ""


def test_optimize_keeps_parameters_that_fit_better_and_then_keeps_them(cli, home, tmp_path_factory) -> None:
    logged(home, tmp_path_factory, cards=150)
    first = cli("optimize", "--json", now=NOW)
    assert first.exit_code == 0, first.output
    fit = json.loads(first.output)
    assert fit["items"] >= 400 and fit["kept"] is True
    assert fit["after"]["log_loss"] < fit["before"]["log_loss"]
    stored = cli("config", "get", "fsrs_parameters", now=NOW).output.split()
    assert [float(w) for w in stored] == fit["parameters"] and fit["parameters"] != fit["previous"]
    # fitting again from what is now in force finds nothing better: the stored parameters stay
    again = json.loads(cli("optimize", "--json", now=NOW).output)
    assert again["kept"] is False and again["previous"] == fit["parameters"]
    assert cli("config", "get", "fsrs_parameters", now=NOW).output.split() == stored
    text = cli("optimize", now=NOW).output
    assert "Parameters in force: log loss" in text and "do not fit your" in text
    assert json.loads(cli("doctor", "--json", now=NOW).output)["cards_repaired"] == []
    # plan (and so review, stats and doctor) use the fitted parameters
    cli("config", "set", "exam_date", "2026-12-31", now=NOW)
    assert json.loads(cli("plan", "--json", now=NOW).output)["parameters"] == "fitted"


def test_optimize_warns_about_pressing_hard_when_you_forgot(cli, home, tmp_path_factory) -> None:
    logged(home, tmp_path_factory, cards=150, forgot=HARD)
    fit = json.loads(cli("optimize", "--json", now=NOW).output)
    assert any("pressed Hard" in w for w in fit["warnings"])


def test_an_honest_log_gets_no_hard_warning(cli, home, tmp_path_factory) -> None:
    logged(home, tmp_path_factory, cards=150)
    fit = json.loads(cli("optimize", "--json", now=NOW).output)
    assert not any("pressed Hard" in w for w in fit["warnings"])


def test_fsrs_parameters_out_of_bounds_are_refused_by_config(cli) -> None:
    result = cli("config", "set", "fsrs_parameters", " ".join(["100"] * 21), now=NOW)
    assert result.exit_code == 1 and "fsrs_parameters" in result.output
    short = cli("config", "set", "fsrs_parameters", "0.2 1.2", now=NOW)
    assert short.exit_code == 1
