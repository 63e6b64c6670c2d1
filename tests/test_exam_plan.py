"""Issue 14, exam-date planning: whole decks out of study and back, `review --exam`, pacing new cards
from the days left, the interval cap near the exam, the final stretch, back to plain FSRS after the
date, and `plan`."""

from __future__ import annotations

import json
import math
import re
import shutil
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
    cli("config", "set", "exam_answers_per_day", "9999", now=NOW)  # the days left alone set the pace here
    remaining = active_new(home)
    pace = math.ceil(remaining / 7)  # over 3/4 of those 9 days (rounded up)
    assert pace < 200 and first_counts(cli("review", input="", now=NOW).output)[0] == pace


def test_an_exam_tomorrow_introduces_up_to_the_review_limit(cli, home) -> None:
    cli("config", "set", "exam_date", "2026-12-02", now=NOW)
    cli("config", "set", "max_reviews_per_day", "150", now=NOW)
    cli("config", "set", "exam_answers_per_day", "9999", now=NOW)  # the answers a day are not the limit here
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


# --- the answers a day (exam_answers_per_day) -------------------------------------------------------
LOAD_DECK = "deck: carga\ntitle: Carga\ntopics: [carga]\ncards:\n" + "".join(
    f"  - id: c{i:02d}\n    front: Pergunta {i}\n    back: Resposta {i}\n" for i in range(12))
LATER = "2026-12-01T10:30:00-03:00"


def load_deck(cli, write, steps: str = "1m 10m") -> None:  # type: ignore[no-untyped-def]
    assert cli("import", str(write("carga.yaml", LOAD_DECK)), now=NOW).exit_code == 0
    cli("config", "set", "exam_date", "2026-12-31", now=NOW)
    cli("config", "set", "learning_steps", steps, now=NOW)


def answer_new_once(cli, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    """A first session that answers `n` new cards of the deck once each (Good), then ends."""
    cli("config", "set", "exam_answers_per_day", "9999", now=NOW)
    keys = shown_keys(cli("review", "--topic", "carga", input="\n3\n" * n, now=NOW).output)
    assert len(keys) == n == len(set(keys))
    return keys


def test_learning_steps_that_alone_pass_the_days_answers_leave_no_room_for_new_cards(cli, home, write) -> None:
    load_deck(cli, write, "1m 10m 1h 2h")  # four steps: each card met today still owes three answers
    started = answer_new_once(cli, 6)  # 6 answers given, 6 × 3 = 18 still to come: 24 > 20
    cli("config", "set", "exam_answers_per_day", "20", now=NOW)
    out = flat(cli("review", "--topic", "carga", input="\n3\n" * 8, now=LATER).output)
    assert "6 new cards today, not " in out  # the six met this morning; none more
    assert ("that is what fits in exam_answers_per_day 20 with today's reviews and learning steps (about 18 "
            "answers) and about 4.0 answers a new card") in out
    assert first_counts(out) == (0, 6, 0)
    shown = shown_keys(out)
    assert len(shown) == 6 and set(shown) == set(started)  # the steps are still given: never held back
    assert active_new(home) == 12 - 6 + (active_new(home) - 6)  # (bundled decks untouched)
    with open_store(home) as store:
        assert store.count_not_introduced(["carga"]) == 6


def test_the_answers_left_admit_exactly_as_many_new_cards_as_fit(cli, home, write) -> None:
    # the nearest wrong answer: 6 given + 18 owed + 2 new cards × 4 steps = 32, right at the limit
    load_deck(cli, write, "1m 10m 1h 2h")
    answer_new_once(cli, 6)
    for cap, new in (("32", 2), ("31", 1)):
        cli("config", "set", "exam_answers_per_day", cap, now=NOW)
        p = json.loads(cli("plan", "--json", now=LATER).output)
        assert p["new_per_day"] == 6 + new, cap
    out = flat(cli("review", "--topic", "carga", input="\n3\n" * 12, now=LATER).output)
    with open_store(home) as store:
        assert store.count_not_introduced(["carga"]) == 6 - 1  # cap 31: one more new card, not two
    assert "No more new cards today" not in out


def test_a_session_stops_introducing_new_cards_when_failed_cards_take_the_days_answers(cli, home, write) -> None:
    load_deck(cli, write)
    cli("config", "set", "exam_answers_per_day", "12", now=NOW)  # room for 6 new cards of 2 steps each
    out = flat(cli("review", "--topic", "carga", input="\n1\n" * 4, now=NOW).output)
    assert first_counts(out)[0] == 6
    # each Again owes two more answers: after 4 cards, 4 given + 8 owed + 2 for a fifth pass 12
    assert ("No more new cards today: 4 answers so far and about 8 still to come (reviews and learning steps) "
            "would pass exam_answers_per_day 12; 2 new cards wait for the next days.") in out
    with open_store(home) as store:
        assert store.count_not_introduced(["carga"]) == 8


def test_a_session_whose_cards_cost_what_was_planned_introduces_them_all(cli, home, write) -> None:
    # the nearest wrong answer: the same day answered Good, each new card as planned (2 answers)
    load_deck(cli, write)
    cli("config", "set", "exam_answers_per_day", "12", now=NOW)
    out = flat(cli("review", "--topic", "carga", input="\n3\n" * 6, now=NOW).output)
    assert "No more new cards today" not in out
    with open_store(home) as store:
        assert store.count_not_introduced(["carga"]) == 6


def test_plan_keeps_every_forecast_day_within_the_answers_a_day(cli, home) -> None:
    cli("config", "set", "exam_date", "2026-12-31", now=NOW)
    cli("config", "set", "exam_answers_per_day", "9999", now=NOW)
    free = json.loads(cli("plan", "--json", now=NOW).output)
    assert max(d["answers"] for d in free["days"]) > 200 and free["new_per_day"] == 59  # the pace alone
    cli("config", "set", "exam_answers_per_day", "100", now=NOW)
    p = json.loads(cli("plan", "--json", now=NOW).output)
    assert all(d["answers"] <= 100 for d in p["days"]), [d["answers"] for d in p["days"]]
    assert p["new_per_day"] == 50  # 100 answers, 2 steps a new card, nothing else today
    assert p["all_introduced"] is False and p["reachable"] is False  # and plan says so


# --- the interval cap through the command line -------------------------------------------------------
ONE_CARD = "deck: um\ntitle: Um\ntopics: [um]\ncards:\n  - id: so\n    front: Pergunta\n    back: Resposta\n"
DEC = "2026-12-{:02d}T10:00:00-03:00"


def card_due(cli, home: Path) -> datetime:  # type: ignore[no-untyped-def]
    shown = json.loads(cli("--home", str(home), "card", "show", "um/so", "--json").output)
    return datetime.fromisoformat(shown["due"])


def answer_good(cli, home: Path, day: int) -> str:  # type: ignore[no-untyped-def]
    out = cli("--home", str(home), "review", "--topic", "um", input="\n3\n", now=DEC.format(day)).output
    assert shown_keys(out) == ["um/so"], out
    return out


def learned_card(cli, write, home: Path, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """The card learned on 12-01 and answered Good on 12-03 (stability about 11 days, due 12-14), in `home`;
    returns a copy of that home (to answer the same card with no exam date)."""
    assert cli("import", str(write("um.yaml", ONE_CARD)), now=DEC.format(1)).exit_code == 0
    cli("review", "--topic", "um", input="\n3\n\n3\n", now=DEC.format(1))
    plain = tmp_path / "plain-home"
    shutil.copytree(home, plain)
    return plain


def exam_moment_utc(day: int) -> datetime:
    return datetime(2026, 12, day, 15, 0, tzinfo=timezone.utc)  # 12:00 in São Paulo


def test_an_answer_days_before_the_exam_comes_back_by_the_exam_not_after_it(cli, write, home, tmp_path) -> None:
    plain = learned_card(cli, write, home, tmp_path)
    cli("config", "set", "exam_date", "2026-12-08", now=DEC.format(1))
    answer_good(cli, home, 3)  # five days before the exam
    answer_good(cli, plain, 3)
    assert card_due(cli, plain) > exam_moment_utc(8) + timedelta(days=5)  # plain FSRS: past the exam by days
    assert card_due(cli, home) <= exam_moment_utc(8)  # with the date: reviewed again before it


def test_after_the_exam_the_next_interval_is_plain_long_term_fsrs_again(cli, write, home, tmp_path) -> None:
    learned_card(cli, write, home, tmp_path)
    cli("config", "set", "exam_date", "2026-12-08", now=DEC.format(1))
    answer_good(cli, home, 3)
    assert card_due(cli, home) <= exam_moment_utc(8)  # capped for the exam
    with open_store(home) as store:
        before = store.card("um/so").state
    out = answer_good(cli, home, 9)  # the day after the exam, the date still set
    assert "Exam on" not in out
    long_term = Scheduler(Config.from_raw({})).review("um/so", before, GOOD, datetime.fromisoformat(DEC.format(9)))
    assert long_term.due is not None
    assert card_due(cli, home) == from_ms(long_term.due)  # exactly what FSRS gives with no exam date
    assert card_due(cli, home) > exam_moment_utc(8) + timedelta(days=14)  # far past the old date


def test_an_interval_that_already_ends_before_the_exam_is_not_shortened(cli, write, home, tmp_path) -> None:
    # the nearest wrong answer: 12-03's natural interval ends on 12-14, before an exam on 12-20
    plain = learned_card(cli, write, home, tmp_path)
    cli("config", "set", "exam_date", "2026-12-20", now=DEC.format(1))
    answer_good(cli, home, 3)
    answer_good(cli, plain, 3)
    assert card_due(cli, home) == card_due(cli, plain) < exam_moment_utc(20)


def test_a_card_strong_enough_for_the_exam_day_may_be_due_after_it(cli, write, home, tmp_path) -> None:
    # the other nearest wrong answer: past the exam, but recalled above exam_retention on the day
    plain = learned_card(cli, write, home, tmp_path)
    answer_good(cli, home, 3)
    answer_good(cli, plain, 3)
    cli("config", "set", "exam_date", "2026-12-17", now=DEC.format(3))
    answer_good(cli, home, 14)  # stability grows to about 46 days: 3 days later recall is far above 0.95
    answer_good(cli, plain, 14)
    assert card_due(cli, home) == card_due(cli, plain) > exam_moment_utc(17) + timedelta(days=30)


# --- plan's warning: what would reach the goal, with numbers ------------------------------------------
def test_plan_says_what_would_reach_the_goal_and_the_answers_it_names_do(cli, home) -> None:
    cli("config", "set", "exam_date", "2026-12-31", now=NOW)
    cli("config", "set", "exam_answers_per_day", "100", now=NOW)
    p = json.loads(cli("plan", "--json", now=NOW).output)
    never = p["not_introduced"] - sum(d["new"] for d in p["days"])
    assert never > 0 and p["reachable"] is False
    assert (f"Not reachable with the load you allow (max_reviews_per_day 200, exam_answers_per_day 100): {never} "
            "cards would not be introduced by the exam") in p["warning"]
    s = p["suggestions"]
    assert s["minutes_per_day"] == math.ceil(s["answers_per_day"] * 12 / 60)  # 12 s an answer: no answers yet
    with open_store(home) as store:
        last_deck = store.active_states()[-1][0].split("/")[0]
    assert s["decks_to_set_aside"][0] == last_deck  # the deck whose cards come last goes first
    text = flat(cli("plan", now=NOW).output)
    assert (f"about {s['minutes_per_day']} minutes a day ({s['answers_per_day']} answers on the busiest day: config "
            f"set exam_answers_per_day {s['answers_per_day']} and max_reviews_per_day {s['max_reviews_per_day']})") in text
    assert f"or {s['cards_to_set_aside']} cards fewer (decks suspend {' '.join(s['decks_to_set_aside'])})" in text
    assert f"or an exam date on or after {s['later_date']}." in text
    # the answers a day it names reach the goal
    cli("config", "set", "exam_answers_per_day", str(s["exam_answers_per_day"]), now=NOW)
    cli("config", "set", "max_reviews_per_day", str(s["max_reviews_per_day"]), now=NOW)
    assert json.loads(cli("plan", "--json", now=NOW).output)["reachable"] is True


def test_a_reachable_plan_suggests_nothing(cli, home) -> None:
    # the nearest wrong answer: the default load reaches the goal, so no warning and no suggestions
    cli("config", "set", "exam_date", "2026-12-31", now=NOW)
    p = json.loads(cli("plan", "--json", now=NOW).output)
    assert p["reachable"] is True and p["warning"] is None and p["suggestions"] is None
    assert "What would reach it" not in cli("plan", now=NOW).output


# --- in Portuguese, each count agrees with its noun -----------------------------------------------------
def test_pacing_and_plan_messages_in_portuguese_agree_with_each_count(monkeypatch) -> None:
    from genai_cards import i18n
    from genai_cards import messages as msg

    i18n.set_language("pt-BR")
    try:
        assert msg.pace_line("2026-12-08", 1, 1, 1) == \
            "Exame em 2026-12-08, falta 1 dia: 1 cartão novo hoje; 1 cartão ainda não apresentado."
        assert msg.pace_line("2026-12-08", 7, 43, 900) == \
            "Exame em 2026-12-08, faltam 7 dias: 43 cartões novos hoje; 900 cartões ainda não apresentados."
        assert msg.pace_override("2026-12-31", 30, 43, 900, 20).endswith(
            "43 cartões novos hoje em vez de new_per_day 20, para que os 900 cartões ainda não apresentados sejam "
            "vistos a tempo.")
        assert msg.pace_capped("2026-12-31", 12, 1, 40, 240, 2.3, 250, 300) == (
            "Exame em 2026-12-31, faltam 12 dias: 1 cartão novo hoje, não 40: é o que cabe em exam_answers_per_day "
            "250 com as revisões e etapas de aprendizado de hoje (cerca de 240 respostas) e cerca de 2,3 respostas "
            "por cartão novo; os outros cartões novos vêm nos próximos dias; 300 cartões ainda não apresentados.")
        assert "(cerca de 1 resposta) e cerca de 1,5 resposta por cartão novo" in \
            msg.pace_capped("2026-12-31", 12, 0, 40, 1, 1.5, 2, 300)
        assert msg.new_cards_stopped(1, 8, 12, 1) == (
            "Sem mais cartões novos hoje: 1 resposta até agora e cerca de 8 ainda por vir (revisões e etapas de "
            "aprendizado) passariam de exam_answers_per_day 12; 1 cartão novo fica para os próximos dias.")
        assert msg.new_cards_stopped(4, 8, 12, 2).endswith("; 2 cartões novos ficam para os próximos dias.")
        assert msg.plan_summary("2026-12-08", 1, 1, 1, 1) == \
            "Exame em 2026-12-08: falta 1 dia, 1 cartão para estudar, 1 ainda não apresentado, 1 cartão novo por dia."
        assert msg.final_stretch_line(1) == "Reta final antes do exame: 1 cartão que seria esquecido até o dia vem antes."
        assert msg.plan_unreachable(47.7, 95.0, 1, 200, 100) == (
            "Inalcançável com a carga que você permite (max_reviews_per_day 200, exam_answers_per_day 100): 1 cartão "
            "não seria apresentado até o exame, e a lembrança prevista no dia é 47,7% para uma meta de 95,0%.")
        assert msg.plan_suggestions(1, 1, 200, 1, ["rag"], "2027-01-04") == (
            "O que alcançaria a meta (estimativas, cada uma sozinha): cerca de 1 minuto por dia (1 resposta no dia "
            "mais cheio: config set exam_answers_per_day 1 e max_reviews_per_day 200), ou 1 cartão a menos (decks "
            "suspend rag), ou uma data de exame em 2027-01-04 ou depois.")
        assert "cerca de 44 minutos por dia (220 respostas" in msg.plan_suggestions(44, 220, 200, 680, ["a"], "x")
    finally:
        i18n.set_language("en")


def test_a_session_says_in_portuguese_why_new_cards_stop(cli, home, write, monkeypatch) -> None:
    load_deck(cli, write)
    cli("config", "set", "exam_answers_per_day", "12", now=NOW)
    monkeypatch.setenv("GENAI_CARDS_LANG", "pt-BR")
    out = flat(cli("review", "--topic", "carga", input="\n1\n" * 4, now=NOW).output)
    assert ("Sem mais cartões novos hoje: 4 respostas até agora e cerca de 8 ainda por vir (revisões e etapas de "
            "aprendizado) passariam de exam_answers_per_day 12; 2 cartões novos ficam para os próximos dias.") in out


def test_due_reviews_past_the_days_answers_wait_for_tomorrow_and_the_session_says_so(cli, home, small_deck) -> None:
    learn_three(cli)
    cli("config", "set", "exam_date", "2026-12-31", now=NOW)
    cli("config", "set", "exam_answers_per_day", "2", now=NOW)  # one review of 1.1 answers fits, not three
    out = flat(cli("review", "--topic", "teste", input="", now="2026-12-05T10:00:00-03:00").output)
    assert "2 due reviews wait for tomorrow: today's answers already reach exam_answers_per_day 2." in out
    assert first_counts(out) == (0, 0, 1)


def test_due_reviews_that_fit_in_the_days_answers_are_all_shown(cli, home, small_deck) -> None:
    # the nearest wrong answer: three reviews of 1.1 answers each fit in 4 answers
    learn_three(cli)
    cli("config", "set", "exam_date", "2026-12-31", now=NOW)
    cli("config", "set", "exam_answers_per_day", "4", now=NOW)
    out = flat(cli("review", "--topic", "teste", input="", now="2026-12-05T10:00:00-03:00").output)
    assert "wait for tomorrow" not in out and first_counts(out) == (0, 0, 3)


def test_one_card_is_one_card_in_english_too() -> None:
    from genai_cards import messages as msg

    assert msg.decks_suspended("rag", 1) == "Suspended 1 card of rag; its history is kept (decks unsuspend brings it back)."
    assert msg.decks_unsuspended("rag", 1) == "Unsuspended 1 card of rag."
    assert msg.pace_line("2026-12-08", 1, 1, 1) == "Exam on 2026-12-08, 1 day left: 1 new card today; 1 card not yet introduced."
    assert msg.plan_day(1, 1, 1) == "(1 new, 1 review, 1 left over)"
    assert msg.new_cards_stopped(1, 2, 3, 1).endswith("; 1 new card waits for the next days.")
