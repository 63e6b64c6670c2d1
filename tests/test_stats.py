"""`stats`: every figure computed by hand on a small log made through the real store and FSRS with a
fixed clock, then read back through the real command line (`stats --json` and the terminal view)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterator

import pytest
from rich.console import Console

from genai_cards.config import Config
from genai_cards.exams import find_exam
from genai_cards.scheduler import Scheduler
from genai_cards.store.stats import StatsQueries
from genai_cards.ui.stats import render
from genai_cards.store import Store, open_store

NOW = "2026-03-10T10:00:00-03:00"  # a Tuesday in São Paulo (the tests' time zone, UTC-3, no DST)
TODAY = date(2026, 3, 10)

DECK = """
deck: painel
title: Painel de estatísticas
topics: [painel]
cards:
  - {id: c1, front: f1, back: b1, topics: [aif-c01/d1]}
  - {id: c2, front: f2, back: b2, topics: [aif-c01/d1]}
  - {id: c3, front: f3, back: b3, topics: [aif-c01/d2]}
  - {id: c4, front: f4, back: b4, topics: [aif-c01/d2]}
  - {id: c5, front: f5, back: b5, topics: [painel/sub]}
  - {id: c6, front: f6, back: b6}
  - {id: c7, front: f7, back: b7}
  - {id: c8, front: f8, back: b8}
"""


class Log:
    """Answers recorded as a session records them: FSRS's next state, then `Store.record_review`."""

    def __init__(self, home: Path) -> None:
        self.store: Store = open_store(home)
        self.scheduler = Scheduler(Config.from_raw(self.store.config_raw()))

    def answer(self, card: str, rating: int, when: str, mode: str = "review", seconds: int = 10,
               leech: bool = False) -> int:
        key = f"painel/{card}" if "/" not in card else card
        moment = datetime.fromisoformat(when + "-03:00")
        review = self.scheduler.review
        recorded = self.store.record_review(key, moment, rating, seconds * 1000, mode, None,
                                            lambda before, _: (review(key, before, rating, moment), leech))
        return recorded.review_id

    def recall(self, card: str, when: datetime) -> float:
        """py-fsrs's own retrievability of the card's stored state (the bulk SQL formula must agree)."""
        return self.scheduler.retrievability(self.store.card(f"painel/{card}").state, when)


@pytest.fixture
def log(cli, write, home) -> Iterator[Log]:
    assert cli("import", str(write("painel.yaml", DECK))).exit_code == 0
    book = Log(home)
    yield book
    book.store.close()


def stats(cli, *args: str, now: str = NOW) -> dict[str, Any]:
    result = cli("stats", "--json", *args, now=now)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_empty_home_gives_zeros_and_no_rates(cli) -> None:
    f = stats(cli)
    assert f["today"] == {"date": "2026-03-10", "reviews": 0, "new": 0, "quiz": 0, "again": 0, "again_rate": None,
                          "seconds": 0.0}
    assert f["streak"] == {"current": 0, "longest": 0, "studied_today": False, "first_day": None}
    assert f["cards"]["total"] == f["cards"]["new"] > 0
    assert [f["cards"][k] for k in ("learning", "review", "relearning", "suspended", "leech")] == [0] * 5
    heat = f["heatmap"]
    assert (heat["first_day"], heat["last_day"], heat["total"]) == ("2025-11-24", "2026-03-10", 0)
    assert date.fromisoformat(heat["first_day"]).weekday() == 0 and len(heat["days"]) == 15 * 7 + 2
    assert len(f["forecast"]["per_day"]) == 30 and f["forecast"]["total"] == 0
    assert all(c["retention"] is None for p in f["retention"]["periods"].values() for c in p.values())
    assert all(t["seen"] == 0 and t["recall"] is None for t in f["mastery"]["topics"])
    assert f["readiness"] is None
    view = cli("stats", now=NOW)
    assert view.exit_code == 0 and "no reviews yet" in view.output and "set an exam date" in view.output


def test_json_shape(cli, log) -> None:
    log.answer("c1", 3, "2026-03-10T09:00")
    cli("config", "set", "exam_date", "2026-04-20")
    f = stats(cli)
    assert list(f) == ["now", "study_day", "day_starts_at", "topics", "today", "streak", "cards", "heatmap",
                       "forecast", "retention", "mastery", "readiness"]
    assert set(f["cards"]) == {"total", "new", "learning", "review", "relearning", "suspended", "leech"}
    assert set(f["heatmap"]) == {"weeks", "week_starts", "first_day", "last_day", "total", "max", "days"}
    assert set(f["forecast"]) == {"days", "overdue", "total", "max", "per_day"}
    assert set(f["retention"]["periods"]) == {"today", "yesterday", "last_7_days", "last_30_days"}
    assert set(f["retention"]["periods"]["today"]) == {"young", "mature", "all"}
    assert set(f["mastery"]["topics"][0]) == {"topic", "cards", "seen", "recall", "expected"}
    r = f["readiness"]
    assert set(r) == {"exam", "title", "scale", "pass_score", "exam_date", "date_status", "days_left", "exam_day_at",
                      "note", "domains", "predicted", "meaning"}
    assert set(r["domains"][0]) == {"topic", "name", "weight", "cards", "seen", "seen_share", "recall_now",
                                    "recall_exam_day"}
    assert "not a forecast of your exam result" in r["meaning"]
    assert "Anki" in f["retention"]["definition"] and "21 days" in f["retention"]["definition"]


def test_today_streak_and_heatmap_follow_the_0400_study_day(cli, log, monkeypatch) -> None:
    log.answer("c1", 4, "2026-03-02T10:00")
    log.answer("c2", 4, "2026-03-03T10:00")
    undone = [log.answer("c3", 4, "2026-03-04T10:00"), log.answer("c4", 4, "2026-03-05T10:00")]
    for review in undone:  # undone answers would join the two runs into one of nine days
        log.store.undo(review, datetime.fromisoformat("2026-03-05T10:01-03:00"))
    log.answer("c5", 4, "2026-03-06T10:00")
    log.answer("c6", 4, "2026-03-07T10:00")
    log.answer("c7", 4, "2026-03-08T03:30")  # before 04:00: still the study day of 7 March
    log.answer("c8", 4, "2026-03-09T03:59")  # the study day of 8 March
    log.answer("c1", 3, "2026-03-09T10:00")

    before = stats(cli, now="2026-03-10T08:00:00-03:00")
    assert before["streak"] == {"current": 4, "longest": 4, "studied_today": False, "first_day": "2026-03-02"}
    assert before["today"]["reviews"] == 0

    log.answer("c2", 3, "2026-03-10T09:00", seconds=30)
    log.answer("c3", 1, "2026-03-10T09:10", seconds=20)  # new card: Again
    log.answer("c3", 3, "2026-03-10T09:20", mode="quiz", seconds=10)
    f = stats(cli)
    assert f["today"] == {"date": "2026-03-10", "reviews": 3, "new": 1, "quiz": 1, "again": 1, "again_rate": 0.3333,
                          "seconds": 60.0}
    assert f["streak"] == {"current": 5, "longest": 5, "studied_today": True, "first_day": "2026-03-02"}
    busy = {d["date"]: d["reviews"] for d in f["heatmap"]["days"] if d["reviews"]}
    assert busy == {"2026-03-02": 1, "2026-03-03": 1, "2026-03-06": 1, "2026-03-07": 2, "2026-03-08": 1,
                    "2026-03-09": 1, "2026-03-10": 3}
    assert (f["heatmap"]["total"], f["heatmap"]["max"]) == (10, 3)
    mine = stats(cli, "--topic", "painel")  # a narrow filter finds answers card by card: same days
    assert (mine["streak"], mine["heatmap"], mine["today"]) == (f["streak"], f["heatmap"], f["today"])
    monkeypatch.setattr(StatsQueries, "NARROW", 0.0)  # a broad one scans them in time order: same days
    assert stats(cli, "--topic", "painel")["heatmap"] == f["heatmap"]


def test_true_retention_counts_first_review_state_answer_of_each_day(cli, log) -> None:
    # c1: mature (73-day interval) lapse yesterday, then a young pass today after relearning
    log.answer("c1", 4, "2026-01-01T10:00")
    log.answer("c1", 4, "2026-01-10T10:00")
    log.answer("c1", 1, "2026-03-09T10:00")
    log.answer("c1", 3, "2026-03-09T10:10")  # relearning step: not a review-state answer
    log.answer("c1", 3, "2026-03-10T09:00")
    # c2: mature pass today; a later quiz Again the same day is not the day's first answer
    log.answer("c2", 4, "2026-01-01T10:00")
    log.answer("c2", 3, "2026-01-10T10:00")
    log.answer("c2", 3, "2026-03-10T09:00")
    log.answer("c2", 1, "2026-03-10T09:30", mode="quiz")
    # c3: young lapse 7 days ago (in the last 30 days, not the last 7)
    log.answer("c3", 4, "2026-02-20T10:00")
    log.answer("c3", 1, "2026-03-03T10:00")
    # c4: young pass at 03:30 today, which is still yesterday's study day
    log.answer("c4", 4, "2026-02-25T10:00")
    log.answer("c4", 3, "2026-03-10T03:30")
    # c5: an undone Again does not count; the answer given instead is the day's first
    log.answer("c5", 4, "2026-02-25T10:00")
    log.store.undo(log.answer("c5", 1, "2026-03-08T10:00"), datetime.fromisoformat("2026-03-08T10:01-03:00"))
    log.answer("c5", 3, "2026-03-08T10:05")
    # c6, c7: learning answers and a quiz on a new card are left out
    log.answer("c6", 3, "2026-03-10T09:00")
    log.answer("c6", 3, "2026-03-10T09:11")
    log.answer("c7", 1, "2026-03-10T09:00", mode="quiz")

    history = {k: log.store.history(f"painel/{k}") for k in ("c1", "c2")}
    day = 86_400_000
    assert history["c1"][1]["due"] - history["c1"][1]["reviewed_at"] >= 21 * day  # so its lapse is mature
    assert history["c2"][1]["due"] - history["c2"][1]["reviewed_at"] >= 21 * day

    def cell(passed: int, failed: int) -> dict[str, Any]:
        total = passed + failed
        return {"passed": passed, "failed": failed, "retention": round(passed / total, 4) if total else None}

    periods = stats(cli)["retention"]["periods"]
    assert periods["today"] == {"young": cell(1, 0), "mature": cell(1, 0), "all": cell(2, 0)}
    assert periods["yesterday"] == {"young": cell(1, 0), "mature": cell(0, 1), "all": cell(1, 1)}
    assert periods["last_7_days"] == {"young": cell(3, 0), "mature": cell(1, 1), "all": cell(4, 1)}
    assert periods["last_30_days"] == {"young": cell(3, 1), "mature": cell(1, 1), "all": cell(4, 2)}


def test_forecast_counts_due_cards_per_study_day(cli, log) -> None:
    log.answer("c1", 3, "2026-03-10T09:00")  # learning: due in 10 minutes
    log.answer("c2", 1, "2026-03-10T09:00")  # learning: due in 1 minute
    log.answer("c3", 4, "2026-02-01T10:00")  # review, due 12 days later: overdue
    log.answer("c4", 4, "2026-03-10T09:00")
    log.answer("c5", 4, "2026-03-09T10:00")
    log.answer("c6", 4, "2026-01-01T10:00")
    log.answer("c6", 4, "2026-01-10T10:00")
    log.answer("c7", 4, "2026-02-01T10:00")
    assert cli("card", "suspend", "painel/c7").exit_code == 0  # suspended: not due; c8 is new: not due

    expected = [0] * 30
    for card in ("c1", "c2", "c3", "c4", "c5", "c6"):
        due = datetime.fromisoformat(json.loads(cli("card", "show", f"painel/{card}", "--json").output)["due"])
        study_day = (due.astimezone() - timedelta(hours=4)).date()  # days start at 04:00 local
        offset = max(0, (study_day - TODAY).days)
        if offset < 30:
            expected[offset] += 1
    assert expected[0] == 3 and sum(expected) >= 5  # c1, c2 and the overdue c3 today; c4, c5 soon

    f = stats(cli, "--topic", "painel")["forecast"]
    assert [d["due"] for d in f["per_day"]] == expected
    assert (f["overdue"], f["total"], f["days"]) == (1, sum(expected), 30)
    assert f["per_day"][0]["date"] == "2026-03-10" and f["per_day"][29]["date"] == "2026-04-08"
    short = stats(cli, "--topic", "painel", "--days", "3")["forecast"]
    assert [d["due"] for d in short["per_day"]] == expected[:3]


def test_cards_by_state_suspended_and_leech(cli, log) -> None:
    log.answer("c1", 3, "2026-03-10T09:00")  # learning
    log.answer("c2", 4, "2026-03-10T09:00")  # review
    log.answer("c3", 4, "2026-02-01T10:00")
    log.answer("c3", 1, "2026-03-10T09:00", leech=True)  # relearning, a leech, suspended
    log.answer("c4", 4, "2026-02-01T10:00")
    log.answer("c4", 1, "2026-03-10T09:00")  # relearning
    cli("card", "suspend", "painel/c8")
    cards = stats(cli, "--topic", "painel")["cards"]
    assert cards == {"total": 8, "new": 3, "learning": 1, "review": 1, "relearning": 1, "suspended": 2, "leech": 1}


def test_mastery_and_readiness_by_hand(cli, log) -> None:
    log.answer("c1", 4, "2026-01-01T10:00")
    log.answer("c1", 4, "2026-01-10T10:00")
    log.answer("c3", 3, "2026-03-01T10:00")
    log.answer("c3", 3, "2026-03-01T10:10")
    log.answer("c5", 3, "2026-03-09T10:00")  # still learning: seen, with a stability
    cli("config", "set", "exam_date", "2026-04-20")
    now, exam_day = datetime.fromisoformat(NOW), datetime.fromisoformat("2026-04-20T12:00:00-03:00")
    r1, r3, r5 = (log.recall(c, now) for c in ("c1", "c3", "c5"))
    e1, e3 = log.recall("c1", exam_day), log.recall("c3", exam_day)
    assert 0 < e3 < r3 < 1 and 0 < e1 < r1 < 1

    f = stats(cli, "--topic", "painel")  # no --exam: the exam date picks aif-c01
    rows = {t["topic"]: t for t in f["mastery"]["topics"]}
    assert set(rows) == {"painel", "painel/sub"}  # only the filtered topics, not aif-c01/...
    assert rows["painel"] == {"topic": "painel", "cards": 8, "seen": 3, "recall": round((r1 + r3 + r5) / 3, 4),
                              "expected": round((r1 + r3 + r5) / 8, 4)}
    assert rows["painel/sub"]["recall"] == round(r5, 4)
    order = [t["topic"] for t in f["mastery"]["topics"]]
    assert order == sorted(order, key=lambda t: rows[t]["recall"])  # weakest first

    r = f["readiness"]
    assert (r["exam"], r["exam_date"], r["date_status"], r["days_left"]) == ("aif-c01", "2026-04-20", "upcoming", 41)
    domains = {d["topic"]: d for d in r["domains"]}
    assert domains["aif-c01/d1"] == {"topic": "aif-c01/d1", "name": "Fundamentos de IA e ML", "weight": 20.0,
                                     "cards": 2, "seen": 1, "seen_share": 0.5, "recall_now": round(r1 / 2, 4),
                                     "recall_exam_day": round(e1 / 2, 4)}
    assert (domains["aif-c01/d2"]["recall_now"], domains["aif-c01/d2"]["recall_exam_day"]) == (
        round(r3 / 2, 4), round(e3 / 2, 4))
    assert domains["aif-c01/d3"]["cards"] == 0 and domains["aif-c01/d3"]["recall_now"] == 0.0
    exam = find_exam("aif-c01")
    for key, (a, b) in (("now", (r1, r3)), ("exam_day", (e1, e3))):
        fraction = (20 * round(a / 2, 4) + 24 * round(b / 2, 4)) / 100
        assert r["predicted"][key] == {"fraction": round(fraction, 4), "score": exam.scaled(fraction),
                                       "passes": False}
    assert r["predicted"]["exam_day"]["score"] < r["predicted"]["now"]["score"]
    assert (r["scale"], r["pass_score"]) == ([100, 1000], 700)


def test_readiness_with_the_exam_date_past_or_missing(cli, log) -> None:
    log.answer("c1", 4, "2026-03-01T10:00")
    assert stats(cli)["readiness"] is None  # no date, no --exam
    missing = stats(cli, "--exam", "aif-c01")["readiness"]
    assert (missing["date_status"], missing["exam_date"], missing["predicted"]["exam_day"]) == ("missing", None, None)
    assert "No exam date set" in missing["note"] and missing["predicted"]["now"]["score"] >= 100
    assert all(d["recall_exam_day"] is None for d in missing["domains"])
    cli("config", "set", "exam_date", "2026-03-09")
    past = stats(cli)["readiness"]
    assert (past["date_status"], past["exam_date"], past["predicted"]["exam_day"]) == ("past", "2026-03-09", None)
    assert "in the past" in past["note"]
    assert past["predicted"]["now"] == missing["predicted"]["now"]
    view = cli("stats", now=NOW)
    assert "in the past" in view.output and "on exam day" not in view.output
    today = stats(cli, now="2026-03-09T20:00:00-03:00")["readiness"]  # exam today, after 12:00: "exam day" is now
    assert today["date_status"] == "upcoming" and today["days_left"] == 0
    assert today["predicted"]["exam_day"] == today["predicted"]["now"]


def test_unknown_exam_is_an_error(cli) -> None:
    result = cli("stats", "--exam", "aws-saa", now=NOW)
    assert result.exit_code == 1 and "known exams: aif-c01" in result.output


def test_topic_filter_restricts_every_figure(cli, log) -> None:
    other = [k for k in log.store.active_keys(["rag"])[:2]]
    for key in other:
        log.answer(key, 4, "2026-03-09T10:00")
        log.answer(key, 3, "2026-03-10T09:00")
    log.answer("c5", 4, "2026-03-10T09:00")
    log.answer("c6", 4, "2026-03-10T09:00")
    everything, mine, sub = stats(cli), stats(cli, "--topic", "painel"), stats(cli, "--topic", "painel/sub")
    assert (everything["today"]["reviews"], mine["today"]["reviews"], sub["today"]["reviews"]) == (4, 2, 1)
    assert (everything["heatmap"]["total"], mine["heatmap"]["total"], sub["heatmap"]["total"]) == (6, 2, 1)
    assert (everything["streak"]["current"], mine["streak"]["current"]) == (2, 1)
    assert (mine["cards"]["total"], sub["cards"]["total"]) == (8, 1)
    assert everything["retention"]["periods"]["today"]["all"]["passed"] == 2
    assert mine["retention"]["periods"]["today"]["all"]["passed"] == 0
    assert (mine["forecast"]["total"], sub["forecast"]["total"]) == (2, 1)
    assert [t["topic"] for t in sub["mastery"]["topics"]] == ["painel/sub"]
    assert mine["topics"] == ["painel"]


def test_terminal_view_fits_100_columns_and_shows_every_section(cli, log) -> None:
    log.answer("c1", 4, "2026-01-01T10:00")
    log.answer("c1", 4, "2026-01-10T10:00")
    log.answer("c2", 3, "2026-03-10T09:00", seconds=75)
    cli("config", "set", "exam_date", "2026-04-20")
    result = cli("stats", now=NOW)
    assert result.exit_code == 0, result.output
    out = result.output
    for part in ("Today 2026-03-10: 1 review in 1m15s", "Streak: 1 day (longest 1)", "less · ░ ▒ ▓ █ more",
                 "Due in the next 30 days", "True retention", "Mastery by topic", "Exam readiness",
                 "Predicted score now", "Predicted score on exam day", "not a forecast of your exam result"):
        assert part in out, part
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "\x1b[" not in out
    long = cli("stats", "--days", "365", now=NOW)
    assert long.exit_code == 0 and "each bar is" in long.output
    assert max(len(line) for line in long.output.splitlines()) <= 100


def test_view_honours_no_color(cli, log, monkeypatch) -> None:
    log.answer("c1", 4, "2026-03-10T09:00")
    figures = stats(cli)

    def draw() -> str:
        buffer = io.StringIO()
        render(Console(file=buffer, force_terminal=True, width=100, color_system="truecolor"), figures)
        return buffer.getvalue()

    assert "\x1b[38;" not in draw()  # NO_COLOR=1 comes from conftest: styles like bold, no colours
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[38;" in draw()


def answer_at(log: Log, card: str, moment: str, rating: int = 3) -> None:
    key = f"painel/{card}"
    when = datetime.fromisoformat(moment)
    log.store.record_review(key, when, rating, 1000, "review", None,
                            lambda before, _: (log.scheduler.review(key, before, rating, when), False))


@pytest.mark.parametrize("tz,starts_at,answers,days", [
    # São Paulo, 2018-11-04: 00:00 never happened (the clock jumped to 01:00)
    ("America/Sao_Paulo", 0, ["2018-11-03T23:30-03:00", "2018-11-04T01:30-02:00", "2018-11-05T00:10-02:00"],
     ["2018-11-03", "2018-11-04", "2018-11-05"]),
    # Berlin, 2026-03-29: 02:00 never happened; 01:30 is still the day before
    ("Europe/Berlin", 2, ["2026-03-29T01:30+01:00", "2026-03-29T03:30+02:00", "2026-03-30T01:59+02:00"],
     ["2026-03-28", "2026-03-29", "2026-03-29"]),
    # Berlin, 2026-10-25: 02:00-03:00 happens twice; both belong to the day that starts at the first 02:00
    ("Europe/Berlin", 2, ["2026-10-25T01:59+02:00", "2026-10-25T02:30+02:00", "2026-10-25T02:30+01:00"],
     ["2026-10-24", "2026-10-25", "2026-10-25"]),
])
def test_heatmap_days_follow_the_local_study_day_across_dst_changes(cli, log, monkeypatch, tz, starts_at, answers,
                                                                    days) -> None:
    import time

    monkeypatch.setenv("TZ", tz)
    time.tzset()
    cli("config", "set", "day_starts_at", str(starts_at))
    for i, moment in enumerate(answers):
        answer_at(log, f"c{i + 1}", moment)
    last = datetime.fromisoformat(answers[-1]) + timedelta(seconds=30)
    f = stats(cli, now=last.isoformat())
    busy = {d["date"]: d["reviews"] for d in f["heatmap"]["days"] if d["reviews"]}
    expected = {d: days.count(d) for d in days}
    assert busy == expected
    assert f["today"]["reviews"] == expected[f["study_day"]]  # the day bounds agree with the heatmap's days
    assert f["streak"]["longest"] == len(expected) and f["streak"]["first_day"] == days[0]


def test_stats_work_does_not_grow_with_the_years_elapsed(cli, log, monkeypatch) -> None:
    import genai_cards.model as model

    log.answer("c1", 4, "2026-03-09T10:00")
    log.answer("c2", 4, "2026-03-10T09:00")
    real = model.local_moment
    calls = {"n": 0}

    def counting(day, hour):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return real(day, hour)

    monkeypatch.setattr(model, "local_moment", counting)
    now_figures = stats(cli)
    near = calls["n"]
    calls["n"] = 0
    far = stats(cli, now="2199-03-10T10:00:00-03:00")  # 173 years on: 63,000 study days
    assert calls["n"] <= near + 5  # day bounds for the heatmap, forecast and retention only, as today
    assert now_figures["streak"] == {"current": 2, "longest": 2, "studied_today": True, "first_day": "2026-03-09"}
    assert far["streak"] == {"current": 0, "longest": 2, "studied_today": False, "first_day": "2026-03-09"}
    assert far["heatmap"]["total"] == 0


# A learner since 2001 in São Paulo, whose clocks moved for DST every year until 2019 (the tests' time zone)
LONG_HISTORY = [
    *[f"2001-01-{d}T09:00-02:00" for d in range(10, 15)],  # 5 days in summer time
    "2008-10-15T03:30-03:00",  # before 04:00: the study day of the 14th, so 8 days across the start of DST
    *[f"2008-10-{d}T10:00-03:00" for d in range(15, 19)],  # (00:00 on 10-19 never happened)
    "2008-10-19T03:30-02:00",  # 03:30 on the 19th: still the study day of the 18th (the day starts at 04:00)
    *[f"2008-10-{d}T10:00-02:00" for d in range(19, 22)],
    "2008-10-22T03:30-02:00",  # the 21st's study day, not a 9th day
    "2026-03-08T10:00-03:00", "2026-03-09T10:00-03:00", "2026-03-09T18:00-03:00", "2026-03-10T09:00-03:00",
]


def reference_figures(home: Path, hour: int) -> dict[str, Any]:
    """Streak, first day and last-30-days true retention computed the plain way, answer by answer."""
    import sqlite3

    from genai_cards.model import from_ms, study_day_start

    db = sqlite3.connect(home / "genai-cards.sqlite3")
    rows = db.execute("SELECT id, card, reviewed_at, rating, state_before, due FROM reviews ORDER BY id").fetchall()
    db.close()
    day = {rid: study_day_start(from_ms(at), hour).astimezone().date() for rid, _, at, _, _, _ in rows}
    days = sorted(set(day.values()))
    longest = run = 0
    for i, d in enumerate(days):
        run = run + 1 if i and (d - days[i - 1]).days == 1 else 1
        longest = max(longest, run)
    passed = failed = 0
    firsts: set[tuple[str, date]] = set()
    for rid, card, _, rating, before, _ in rows:
        if (TODAY - day[rid]).days < 30 and (card, day[rid]) not in firsts:
            firsts.add((card, day[rid]))
            if before == 2:
                passed, failed = passed + (rating > 1), failed + (rating == 1)
    return {"longest": longest, "current": run, "first_day": days[0].isoformat(), "passed": passed, "failed": failed}


def test_a_history_of_twenty_five_years_gives_the_streaks_and_days_of_its_answers(cli, log, home) -> None:
    for i, moment in enumerate(LONG_HISTORY):
        answer_at(log, "c1" if i % 3 else "c2", moment, rating=1 if i % 5 == 4 else 3)
    f = stats(cli)
    assert f["streak"] == {"current": 3, "longest": 8, "studied_today": True, "first_day": "2001-01-10"}
    busy = {d["date"]: d["reviews"] for d in f["heatmap"]["days"] if d["reviews"]}
    assert busy == {"2026-03-08": 1, "2026-03-09": 2, "2026-03-10": 1}
    assert f["today"]["reviews"] == 1
    ref = reference_figures(home, 4)
    assert (f["streak"]["longest"], f["streak"]["current"], f["streak"]["first_day"]) == (
        ref["longest"], ref["current"], ref["first_day"])
    everything = f["retention"]["periods"]["last_30_days"]["all"]
    assert (everything["passed"], everything["failed"]) == (ref["passed"], ref["failed"])
    assert ref["passed"] + ref["failed"] > 0  # the first 2026 answers of both cards count (they were in review)


@pytest.mark.parametrize("narrow", [0.0, 1.0])  # a filter's days found by skipping through time, or card by card
def test_a_long_history_seen_through_a_topic_gives_only_that_topics_days(cli, log, monkeypatch, narrow) -> None:
    monkeypatch.setattr(StatsQueries, "NARROW", narrow)
    for i, moment in enumerate(LONG_HISTORY):
        answer_at(log, "c1" if i < 5 else "c3", moment)  # c1 (aif-c01/d1) only in 2001
    d1 = stats(cli, "--topic", "aif-c01/d1")
    assert d1["streak"] == {"current": 0, "longest": 5, "studied_today": False, "first_day": "2001-01-10"}
    assert d1["heatmap"]["total"] == 0
    d2 = stats(cli, "--topic", "aif-c01/d2")
    assert d2["streak"] == {"current": 3, "longest": 8, "studied_today": True, "first_day": "2008-10-14"}
    assert d2["heatmap"]["total"] == 4


def test_each_answer_keeps_the_interval_its_previous_answer_scheduled_through_undo_reset_and_doctor(
        cli, log, home) -> None:
    import sqlite3

    from conftest import stored_and_logged_intervals

    log.answer("c1", 4, "2026-01-01T10:00")
    log.answer("c1", 4, "2026-01-10T10:00")  # a mature interval (73 days)
    wrong = log.answer("c1", 1, "2026-02-01T10:00")  # undone: the next answer's previous is the 01-10 one
    log.store.undo(wrong, datetime.fromisoformat("2026-02-01T10:01-03:00"))
    log.answer("c1", 3, "2026-03-10T09:00")
    last = log.answer("c1", 1, "2026-03-10T09:30", mode="quiz")
    log.store.undo(last, datetime.fromisoformat("2026-03-10T09:31-03:00"))  # the log's last answer undone
    log.answer("c2", 4, "2026-02-01T10:00")
    assert cli("card", "reset", "painel/c2", now="2026-02-02T10:00:00-03:00").exit_code == 0
    log.answer("c2", 3, "2026-03-10T09:00")  # after a reset, new again: its previous answer still counts
    log.answer("c2", 3, "2026-03-10T09:10")
    log.answer("c3", 4, "2026-01-01T10:00")
    log.answer("c3", 4, "2026-01-10T10:00")
    early = log.answer("c3", 1, "2026-02-01T10:00")
    log.answer("c3", 3, "2026-03-10T09:00")
    log.store.undo(early, datetime.fromisoformat("2026-03-10T09:05-03:00"))  # with a later answer after it

    stored, logged = stored_and_logged_intervals(home)
    assert stored == logged
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    c1 = db.execute("SELECT prev_ivl, due - reviewed_at FROM reviews WHERE card = 'painel/c1' ORDER BY id").fetchall()
    day = 86_400_000
    assert c1[0][0] is None and c1[1][0] < 21 * day and c1[2][0] >= 21 * day
    assert c1[3][0] == c1[2][0] != c1[2][1]  # skips the undone Again, not the answer just before it
    figures = stats(cli)["retention"]["periods"]
    assert figures["today"]["mature"]["passed"] == 1  # c1's Good today, after the mature 01-10 answer

    db.execute("UPDATE reviews SET prev_ivl = NULL")  # a damaged derived column gives other figures
    db.commit()
    db.close()
    assert stats(cli)["retention"]["periods"]["today"]["mature"]["passed"] == 0
    report = json.loads(cli("doctor", "--json").output)
    assert report["intervals_repaired"] == sum(prev is not None for _, prev in logged)
    assert stored_and_logged_intervals(home) == (logged, logged)
    assert stats(cli)["retention"]["periods"] == figures
    assert json.loads(cli("doctor", "--json").output)["intervals_repaired"] == 0


def home_before(tmp_path, migration):  # type: ignore[no-untyped-def]
    """A home whose database has every migration before `migration`, and its open connection."""
    import sqlite3

    from genai_cards.store import migrations

    home = tmp_path / "old"
    home.mkdir()
    db = sqlite3.connect(home / "genai-cards.sqlite3", isolation_level=None)
    migrations.apply(db, migrations.MIGRATIONS[:migrations.MIGRATIONS.index(migration)])
    return home, db


def test_the_migration_gives_the_answers_already_logged_the_intervals_of_their_log(tmp_path) -> None:
    from conftest import stored_and_logged_intervals
    from genai_cards.store import migrations

    home, db = home_before(tmp_path, migrations.m011_answer_intervals)
    day = 86_400_000
    rows = [("d/a", 0, 3 * day), ("d/b", day, 40 * day), ("d/a", 2 * day, 30 * day), ("d/a", 3 * day, 5 * day),
            ("d/a", 4 * day, 9 * day), ("d/b", 5 * day, 6 * day)]
    db.executemany("INSERT INTO reviews(card, reviewed_at, rating, duration_ms, mode, state_before, state, stability, "
                   "difficulty, due) VALUES (?, ?, 3, 1000, 'review', 2, 2, 1.0, 5.0, ?)",
                   [(card, at, at + ivl) for card, at, ivl in rows])
    db.execute("INSERT INTO undone(review, at) VALUES (3, 0)")  # d/a's 30-day answer was taken back
    db.close()
    open_store(home).close()
    stored, logged = stored_and_logged_intervals(home)
    assert stored == logged
    assert dict(stored) == {1: None, 2: None, 3: 3 * day, 4: 3 * day, 5: 5 * day, 6: 40 * day}


@pytest.mark.parametrize("path", ["narrow", "probed", "broad"])
def test_a_filter_gives_the_same_figures_read_card_by_card_probed_or_as_all_cards_less_those_left_out(
        cli, log, home, monkeypatch, path) -> None:
    import sqlite3

    others = log.store.active_keys(["rag"])[:2]  # cards the filter leaves out, answered the same days
    for key in others:
        log.answer(key, 4, "2026-01-01T10:00")
        log.answer(key, 4, "2026-01-10T10:00")
        log.answer(key, 1, "2026-03-09T10:00")
        log.store.undo(log.answer(key, 3, "2026-03-10T09:00"), datetime.fromisoformat("2026-03-10T09:01-03:00"))
        log.answer(key, 1, "2026-03-10T09:02")
    for card in ("c1", "c2"):
        log.answer(card, 4, "2026-01-01T10:00")
        log.answer(card, 4, "2026-01-10T10:00")
        log.answer(card, 3, "2026-03-09T10:00")
    log.answer("c1", 1, "2026-03-10T09:00")
    log.answer("c3", 3, "2026-03-10T09:00")
    db = sqlite3.connect(home / "genai-cards.sqlite3")  # a sync brought a card's answer before its deck
    db.execute("INSERT INTO reviews(card, reviewed_at, rating, duration_ms, mode, state_before, state, stability, "
               "difficulty, due) VALUES ('vem/depois', ?, 1, 1000, 'review', 2, 3, 1.0, 5.0, ?)",
               (1773144000000, 1773144600000))  # 2026-03-10T09:00-03:00
    db.execute("INSERT INTO sync_replay(card) VALUES ('vem/depois')")
    db.commit()
    db.close()
    monkeypatch.setattr(StatsQueries, "NARROW", 1.0 if path == "narrow" else 0.0)
    monkeypatch.setattr(StatsQueries, "BROAD", 1.0 if path == "broad" else 0.0)
    mine = stats(cli, "--topic", "painel")
    monkeypatch.setattr(StatsQueries, "NARROW", 1.0)
    assert mine == stats(cli, "--topic", "painel")  # the figures of the card-by-card reading
    assert (mine["today"]["reviews"], mine["heatmap"]["total"]) == (2, 8)
    periods = mine["retention"]["periods"]
    assert (periods["today"]["all"], periods["yesterday"]["mature"]) == (
        {"passed": 0, "failed": 1, "retention": 0.0}, {"passed": 2, "failed": 0, "retention": 1.0})
    everything = stats(cli)
    assert everything["today"]["reviews"] == 2 + 2 + 1  # the others' answers and the early one do count there
    assert everything["retention"]["periods"]["today"]["all"]["failed"] == 1 + 1


NEIGHBOUR = """
deck: vizinho
title: Um vizinho de tópico
topics: [painel-extra]
cards:
  - {id: v1, front: f1, back: b1}
  - {id: v2, front: f2, back: b2, topics: [painel/sub, aif-c01/d1]}
"""


def topic_sets(home: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Each card's stored `topic_set` beside the one its topic rows give (sorted, one per line)."""
    import sqlite3

    db = sqlite3.connect(home / "genai-cards.sqlite3")
    stored = dict(db.execute("SELECT key, topic_set FROM cards").fetchall())
    rows: dict[str, list[str]] = {key: [] for key in stored}
    for topic, key in db.execute("SELECT topic, key FROM card_topics"):
        rows[key].append(topic)
    db.close()
    return stored, {key: "\n".join(sorted(topics)) for key, topics in rows.items()}


@pytest.mark.parametrize("path", ["narrow", "probed", "broad"])
def test_a_card_is_counted_under_the_topics_it_has_now_and_never_under_a_lookalike_topic(
        cli, log, home, write, monkeypatch, path) -> None:
    neighbour = write("vizinho.yaml", NEIGHBOUR)
    assert cli("import", str(neighbour)).exit_code == 0
    log.answer("vizinho/v1", 4, "2026-03-10T09:00")
    log.answer("vizinho/v2", 4, "2026-03-10T09:00")
    monkeypatch.setattr(StatsQueries, "NARROW", 1.0 if path == "narrow" else 0.0)
    monkeypatch.setattr(StatsQueries, "BROAD", 1.0 if path == "broad" else 0.0)

    def figures(topic: str) -> tuple[int, int, dict[str, int]]:
        f = stats(cli, "--topic", topic)
        return f["cards"]["total"], f["today"]["reviews"], {t["topic"]: t["cards"] for t in f["mastery"]["topics"]}

    # `painel-extra` sorts between `painel` and `painel/sub`, but is not under `painel`
    assert figures("painel") == (9, 1, {"painel": 9, "painel/sub": 2})
    assert figures("painel-extra") == (2, 2, {"painel-extra": 2})
    assert figures("painel/sub") == (2, 1, {"painel/sub": 2})
    everything = {t["topic"]: t["cards"] for t in stats(cli)["mastery"]["topics"]}
    assert (everything["painel"], everything["painel-extra"], everything["painel/sub"]) == (9, 2, 2)
    d1 = stats(cli, "--topic", "aif-c01/d1")["cards"]["total"]  # v2 also counts under its second topic

    # v1 moves under painel/sub, v2 leaves it (with new fronts: an edit of topics alone rewrites no card)
    neighbour.write_text(NEIGHBOUR.replace("{id: v1, front: f1, back: b1}", "{id: v1, front: g1, back: b1, "
                                           "topics: [painel/sub]}").replace("front: f2, back: b2, topics: [painel/sub, "
                                                                            "aif-c01/d1]", "front: g2, back: b2"),
                         encoding="utf-8")
    assert cli("import", str(neighbour)).exit_code == 0
    assert figures("painel") == (9, 1, {"painel": 9, "painel/sub": 2})
    assert figures("painel/sub") == (2, 1, {"painel/sub": 2})
    assert stats(cli, "--topic", "aif-c01/d1")["cards"]["total"] == d1 - 1
    stored, derived = topic_sets(home)
    assert stored == derived
    assert (stored["vizinho/v1"], stored["vizinho/v2"]) == ("painel-extra\npainel/sub", "painel-extra")


def test_doctor_gives_back_each_card_the_topic_set_of_its_topic_rows(cli, log, home) -> None:
    import sqlite3

    log.answer("c5", 4, "2026-03-10T09:00")
    before = stats(cli, "--topic", "painel")
    stored, derived = topic_sets(home)
    assert stored == derived and stored["painel/c5"] == "painel\npainel/sub"
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    db.execute("UPDATE cards SET topic_set = 'painel' WHERE key = 'painel/c5'")  # a damaged derived column
    db.commit()
    db.close()
    assert stats(cli, "--topic", "painel/sub")["cards"]["total"] == 0
    report = json.loads(cli("doctor", "--json").output)
    assert report["topic_sets_repaired"] == 1
    assert topic_sets(home) == (derived, derived)
    assert stats(cli, "--topic", "painel") == before
    assert json.loads(cli("doctor", "--json").output)["topic_sets_repaired"] == 0


def test_the_migration_gives_the_cards_already_stored_the_topic_sets_of_their_rows(tmp_path) -> None:
    from genai_cards.store import migrations

    home, db = home_before(tmp_path, migrations.m012_card_topic_sets)
    for key in ("d/a", "d/b", "d/c"):
        db.execute("INSERT INTO cards(key, note, deck, position, type, content) VALUES (?, ?, 'd', 0, 'basic', '{}')",
                   (key, key))
    db.executemany("INSERT INTO card_topics(topic, key) VALUES (?, ?)",
                   [("z/y", "d/a"), ("a/b", "d/a"), ("a-b", "d/a"), ("a", "d/a"), ("a", "d/b")])  # d/c: none
    db.close()
    open_store(home).close()
    stored, derived = topic_sets(home)
    assert stored == derived == {"d/a": "a\na-b\na/b\nz/y", "d/b": "a", "d/c": ""}


@pytest.mark.parametrize("share", [(1.0, 0.0), (0.0, 0.0), (0.0, 1.0)], ids=["narrow", "probed", "broad"])
@pytest.mark.parametrize("topics", [[], ["painel"]], ids=["no topic", "topic"])
def test_the_stats_card_figures_read_one_covering_index_in_its_order(cli, log, home, monkeypatch, share,
                                                                       topics) -> None:
    """Cards by state, mastery and readiness: the cards' rows are never read, nor sorted by topic set."""
    import sqlite3

    from genai_cards.stats import compute

    log.answer("c1", 4, "2026-03-10T09:00")
    monkeypatch.setattr(StatsQueries, "NARROW", share[0])
    monkeypatch.setattr(StatsQueries, "BROAD", share[1])
    caught: list[str] = []
    with open_store(home) as store:  # the plans read on its connection, which has the temporary tables
        config = Config.from_raw(store.config_raw())
        store.db.raw.set_trace_callback(caught.append)
        compute(store, config, datetime.fromisoformat(NOW), topics, "aif-c01", 30)
        store.db.raw.set_trace_callback(None)
        plans = {sql: [row[3] for row in store.db.raw.execute("EXPLAIN QUERY PLAN " + sql)] for sql in caught
                 if sql.lstrip().upper().startswith(("SELECT", "WITH", "INSERT"))}
    grouped = [s for s in plans if "cards_by_topic_set" in s and s.lstrip().startswith("SELECT")]
    assert len(grouped) == 2  # the cards by topic set and state, and their recall
    for sql in grouped:
        assert any("COVERING INDEX cards_by_topic_set" in s for s in plans[sql]), plans[sql]
        assert not any("TEMP B-TREE" in s for s in plans[sql]), plans[sql]
    rows = {sql: [s for s in steps if s in ("SCAN c", "SCAN cards", "SCAN t", "SCAN card_topics")]
            for sql, steps in plans.items()}
    assert {sql: steps for sql, steps in rows.items() if steps} == {}  # no walk through the cards' rows


def test_stats_without_an_exam_date_loads_no_exam_nor_the_yaml_reader(home) -> None:
    import subprocess
    import sys

    code = ("import contextlib, io, runpy, sys\nsys.argv = ['genai-cards', 'stats', '--json'] + sys.argv[1:]\n"
            "try:\n    with contextlib.redirect_stdout(io.StringIO()):\n"
            "        runpy.run_module('genai_cards', run_name='__main__')\n"  # as `python -m genai_cards` starts
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "print(sorted(m for m in sys.modules if m in ('genai_cards.exams', 'genai_cards.yamlio', 'yaml')))")

    def loaded(*args: str) -> str:
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert loaded() == "[]"
    assert loaded("--exam", "aif-c01") == "['genai_cards.exams', 'genai_cards.yamlio', 'yaml']"
