"""Issue 14, exam-date planning: whole decks out of study and back, `review --exam`, pacing new cards
from the days left, the interval cap near the exam, the final stretch, back to plain FSRS after the
date, and `plan`."""

from __future__ import annotations

import json
import math
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from genai_cards.config import Config
from genai_cards.model import GOOD, REVIEW, CardState, from_ms, to_ms
from genai_cards.scheduler import Scheduler
from genai_cards.store import open_store

NOW = "2026-12-01T10:00:00-03:00"
HEADER = re.compile(r"(\d+) new · (\d+) learning · (\d+) review")
SHOWN = re.compile(r"Card: (\S+)")  # shown with the answer, never before it


def first_counts(output: str) -> tuple[int, int, int]:
    m = HEADER.search(output)
    assert m, output
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def flat(text: str) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(text.split())


def shown_keys(output: str) -> list[str]:
    return SHOWN.findall(output)


def deck_row(cli, deck: str) -> dict:  # type: ignore[no-untyped-def]
    rows = json.loads(cli("decks", "--json", now=NOW).output)
    return next(r for r in rows if r["deck"] == deck)


def active_new(home: Path) -> int:
    with open_store(home) as store:
        return store.count_not_introduced()


# --- decks suspend | unsuspend -------------------------------------------------------------------
def test_suspending_a_bundled_deck_takes_all_its_cards_out_and_doctor_agrees(cli, home) -> None:
    cards = deck_row(cli, "nvidia-aiio")["cards"]
    assert cards > 0
    result = cli("decks", "suspend", "nvidia-aiio", now=NOW)
    assert result.exit_code == 0, result.output
    assert f"Suspended {cards} cards of nvidia-aiio" in result.output
    assert deck_row(cli, "nvidia-aiio")["suspended"] == cards
    assert deck_row(cli, "rag")["suspended"] == 0  # the other decks stay in study
    report = json.loads(cli("doctor", "--json", now=NOW).output)
    assert report["cards_repaired"] == []  # the card events say the same as the cache


def test_unsuspending_a_deck_keeps_each_cards_history(cli, home) -> None:
    cli("config", "set", "new_per_day", "1", now=NOW)
    out = cli("review", "--topic", "nca-aiio", input="\n3\n\n3\n", now=NOW).output
    key = shown_keys(out)[0]
    before = json.loads(cli("card", "show", key, "--json", now=NOW).output)
    cli("decks", "suspend", key.split("/")[0], now=NOW)
    cli("decks", "unsuspend", key.split("/")[0], now=NOW)
    after = json.loads(cli("card", "show", key, "--json", now=NOW).output)
    assert before["history"] and after["history"] == before["history"]
    assert deck_row(cli, key.split("/")[0])["suspended"] == 0
    assert json.loads(cli("doctor", "--json", now=NOW).output)["cards_repaired"] == []


def test_unsuspending_a_deck_does_not_bring_back_what_was_never_suspended_by_it(cli, home) -> None:
    # the nearest wrong answer: unsuspend writes events only for cards that change
    result = cli("decks", "unsuspend", "rag", now=NOW)
    assert result.exit_code == 0 and "Unsuspended 0 cards of rag" in result.output


def test_an_unknown_deck_is_refused_with_the_closest_and_nothing_changes(cli, home) -> None:
    result = cli("decks", "suspend", "nvidia-aiio", "nvidia-aiioo", now=NOW)
    assert result.exit_code == 1
    assert "no deck 'nvidia-aiioo'; did you mean nvidia-aiio" in result.output
    assert deck_row(cli, "nvidia-aiio")["suspended"] == 0  # the good name before it was not applied


# --- review --exam ------------------------------------------------------------------------------
def test_review_exam_shows_only_cards_of_the_exams_domains(cli, home) -> None:
    cli("config", "set", "new_per_day", "6", now=NOW)
    out = cli("review", "--exam", "nca-aiio", input="\n\n" * 8, now=NOW).output  # show the answer, rate it
    keys = shown_keys(out)
    assert len(set(keys)) == 6
    with open_store(home) as store:
        topics = store.topics_of(keys)
    assert all(any(t.startswith("nca-aiio/") for t in topics[k]) for k in keys), topics


def test_review_exam_of_an_unknown_exam_fails_and_with_topic_is_a_usage_error(cli) -> None:
    bad = cli("review", "--exam", "aif-c02", now=NOW)
    assert bad.exit_code == 1 and "no exam 'aif-c02'" in bad.output
    both = cli("review", "--exam", "aif-c01", "--topic", "rag", now=NOW)
    assert both.exit_code == 2 and "--exam or --topic" in both.output


# --- pacing new cards from the days left -----------------------------------------------------------
def test_thirty_days_left_spreads_every_card_over_the_days_before_the_final_stretch(cli, home) -> None:
    cli("config", "set", "exam_date", "2026-12-31", now=NOW)
    remaining = active_new(home)
    out = flat(cli("review", input="", now=NOW).output)
    pace = math.ceil(remaining / 21)  # 30 days left: over 3/4 of the 28 before the final stretch
    assert pace > 20
    assert first_counts(out)[0] == pace
    assert f"{pace} new cards today instead of new_per_day 20" in out
    assert f"all {remaining} cards not yet introduced" in out


def test_a_short_road_spreads_new_cards_over_three_quarters_of_it(cli, home) -> None:
    cli("config", "set", "exam_date", "2026-12-12", now=NOW)  # 11 days left: 9 before the final stretch
    remaining = active_new(home)
    pace = math.ceil(remaining / 7)  # over 3/4 of those 9 days (rounded up)
    assert pace < 200 and first_counts(cli("review", input="", now=NOW).output)[0] == pace


def test_an_exam_tomorrow_introduces_up_to_the_review_limit(cli, home) -> None:
    cli("config", "set", "exam_date", "2026-12-02", now=NOW)
    cli("config", "set", "max_reviews_per_day", "150", now=NOW)
    out = cli("review", input="", now=NOW).output
    assert first_counts(out)[0] == 150  # not 995 in one day: the learner's limit holds


def test_a_higher_new_per_day_is_kept_without_an_override_message(cli, home) -> None:
    cli("config", "set", "exam_date", "2026-12-31", now=NOW)
    cli("config", "set", "new_per_day", "90", now=NOW)
    out = flat(cli("review", input="", now=NOW).output)
    assert first_counts(out)[0] == 90
    assert "instead of new_per_day" not in out and "30 days left: 90 new cards today" in out


def test_pacing_counts_the_suspended_decks_out(cli, home) -> None:
    cli("config", "set", "exam_date", "2026-12-31", now=NOW)
    before = active_new(home)
    cli("decks", "suspend", "nvidia-aiio", "nvidia-genai-visao-geral", now=NOW)
    remaining = active_new(home)
    assert remaining < before
    out = cli("review", input="", now=NOW).output
    assert first_counts(out)[0] == math.ceil(remaining / 21)


def test_after_the_exam_date_review_is_plain_fsrs_again(cli, home) -> None:
    cli("config", "set", "exam_date", "2026-11-30", now=NOW)
    out = cli("review", input="", now=NOW).output
    assert first_counts(out)[0] == 20 and "Exam on" not in out
    # the exam day itself, after the exam (12:00): plain FSRS too
    cli("config", "set", "exam_date", "2026-12-01", now=NOW)
    late = cli("review", input="", now="2026-12-01T13:00:00-03:00").output
    assert first_counts(late)[0] == 20 and "Exam on" not in late


# --- the interval cap near the exam ---------------------------------------------------------------
T0 = datetime(2026, 12, 1, 13, 0, tzinfo=timezone.utc)
MATURE = CardState(state=REVIEW, step=None, stability=20.0, difficulty=5.0, due=to_ms(T0),
                   last_review=to_ms(T0 - timedelta(days=20)), reps=5, lapses=0)


def sched(exam: str = "", retention: str = "0.95") -> Scheduler:
    return Scheduler(Config.from_raw({"exam_date": exam, "exam_retention": retention}))


def test_an_interval_that_would_cross_the_exam_below_target_comes_back_before_it() -> None:
    plain = sched().review("d/a", MATURE, GOOD, T0)
    s = sched("2027-01-20")
    capped = s.review("d/a", MATURE, GOOD, T0)
    assert plain.due is not None and capped.due is not None and s.exam_at is not None
    assert from_ms(plain.due) > s.exam_at
    assert s.retrievability(plain, s.exam_at) < 0.95  # plain FSRS would leave it below target on the day
    assert capped.due < plain.due and from_ms(capped.due) < s.exam_at  # reviewed again before the exam
    assert capped.stability == plain.stability  # the memory model is fsrs's, untouched
    assert s.preview("d/a", MATURE, T0)[GOOD] == timedelta(milliseconds=capped.due - to_ms(T0))


def test_an_interval_ending_before_the_exam_is_left_as_fsrs_gives_it() -> None:
    young = CardState(state=REVIEW, stability=2.0, difficulty=5.0, due=to_ms(T0),
                      last_review=to_ms(T0 - timedelta(days=2)), reps=2)
    assert sched("2027-03-01").review("d/a", young, GOOD, T0) == sched().review("d/a", young, GOOD, T0)


def test_a_card_that_stays_above_target_on_the_day_is_not_capped() -> None:
    s = sched("2026-12-03")  # two days away: recall of a 20-day card stays high
    assert s.review("d/a", MATURE, GOOD, T0) == sched().review("d/a", MATURE, GOOD, T0)


def test_after_the_exam_moment_intervals_are_plain_fsrs() -> None:
    s = sched("2026-12-01")  # 12:00 local (15:00 UTC); T0 is 13:00 UTC, the exam is still ahead
    after = datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc)
    assert s.review("d/a", MATURE, GOOD, after) == sched().review("d/a", MATURE, GOOD, after)


# --- the final stretch ------------------------------------------------------------------------------
def learn_three(cli) -> None:  # type: ignore[no-untyped-def]
    cli("config", "set", "new_per_day", "3", now=NOW)
    out = cli("review", "--topic", "teste", input="\n3\n" * 6, now=NOW).output
    assert len(shown_keys(out)) == 6  # three new cards, each through its two learning steps
    cli("config", "set", "new_per_day", "0", now=NOW)


def test_the_final_stretch_brings_forward_cards_that_would_be_forgotten_by_the_day(cli, home, small_deck) -> None:
    learn_three(cli)
    cli("config", "set", "exam_date", "2026-12-04", now=NOW)
    out = flat(cli("review", "--topic", "teste", input="", now="2026-12-02T10:00:00-03:00").output)
    assert "Final stretch before the exam: 3 cards" in out
    assert first_counts(out)[2] == 3


def test_far_from_the_exam_cards_not_due_wait(cli, home, small_deck) -> None:
    learn_three(cli)
    cli("config", "set", "exam_date", "2026-12-31", now=NOW)
    out = flat(cli("review", "--topic", "teste", input="", now="2026-12-02T10:00:00-03:00").output)
    assert "Final stretch" not in out
    assert first_counts(out)[2] == 0


# --- plan ---------------------------------------------------------------------------------------
PLAN_KEYS = {"exam_date", "status", "days_left", "cards", "not_introduced", "new_per_day", "new_per_day_setting",
             "max_reviews_per_day", "exam_retention", "parameters", "days", "predicted_recall", "all_introduced",
             "reachable", "warning", "suggestions"}


def test_plan_json_gives_the_road_to_the_date(cli, home) -> None:
    cli("config", "set", "exam_date", "2026-12-31", now=NOW)
    result = cli("plan", "--json", now=NOW)
    assert result.exit_code == 0, result.output
    p = json.loads(result.output)
    assert set(p) == PLAN_KEYS
    assert p["status"] == "upcoming" and p["days_left"] == 30 and p["exam_date"] == "2026-12-31"
    assert p["new_per_day"] == math.ceil(p["not_introduced"] / 21)
    assert len(p["days"]) == 31 and p["days"][0]["date"] == "2026-12-01" and p["days"][-1]["date"] == "2026-12-31"
    assert set(p["days"][0]) == {"date", "new", "reviews", "answers", "backlog"}
    assert sum(d["new"] for d in p["days"]) == p["not_introduced"] and p["all_introduced"] is True
    news = [d["new"] for d in p["days"]]
    assert news == sorted(news, reverse=True)  # easing off as the date nears
    assert all(n == 0 for n in news[-3:]) and news[-4] > 0  # the final stretch introduces nothing
    assert all(d["reviews"] <= 200 for d in p["days"])
    assert 0.9 <= p["predicted_recall"] <= 1 and p["reachable"] is True and p["warning"] is None
    assert p["parameters"] == "default"


def test_plan_warns_when_the_allowed_load_cannot_reach_the_goal(cli, home) -> None:
    cli("config", "set", "exam_date", "2026-12-31", now=NOW)
    cli("config", "set", "max_reviews_per_day", "15", now=NOW)
    p = json.loads(cli("plan", "--json", now=NOW).output)
    assert p["reachable"] is False and "Not reachable" in p["warning"]
    s = p["suggestions"]
    assert s["minutes_per_day"] > 0 and s["max_reviews_per_day"] > 15 and s["cards_to_set_aside"] > 0
    assert s["later_date"] > "2026-12-31"
    text = cli("plan", now=NOW).output
    assert "Not reachable" in text and "What would reach it" in text
    assert "█" not in text  # not a terminal: plain lines, no bars


def test_plan_without_a_date_or_after_it_says_so(cli) -> None:
    p = json.loads(cli("plan", "--json", now=NOW).output)
    assert p["status"] == "missing" and p["days"] == [] and "config set exam_date" in p["warning"]
    cli("config", "set", "exam_date", "2026-11-01", now=NOW)
    past = json.loads(cli("plan", "--json", now=NOW).output)
    assert past["status"] == "past" and "has passed" in past["warning"]


def test_plan_on_a_terminal_draws_a_bar_a_day(cli, home) -> None:
    from rich.console import Console

    from genai_cards.ui.plan import render

    cli("config", "set", "exam_date", "2026-12-10", now=NOW)
    figures = json.loads(cli("plan", "--json", now=NOW).output)
    console = Console(width=100, record=True, no_color=True)
    render(console, figures, chart=True)
    lines = [ln for ln in console.export_text().splitlines() if ln.startswith("2026-12-")]
    assert len(lines) == len(figures["days"]) == 10
    busiest = max(figures["days"], key=lambda d: d["answers"])
    assert "█" * 20 in next(ln for ln in lines if ln.startswith(busiest["date"]))
