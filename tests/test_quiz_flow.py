"""`quiz` beyond the mock exam (issue 12): the hint offers only keys that work, quitting early scores
what was answered and lists the rest apart, `quiz` alone practises today's due cards, and the
no-surprise rule for cards the learner had not started."""

from __future__ import annotations

import json
import re

NOW = "2026-03-10T10:00:00-03:00"
TOMORROW = "2026-03-11T10:00:00-03:00"

DECK = """
deck: pratica
title: Prática
topics: [pratica]
cards:
""" + "".join(f"""  - id: q{i}
    type: mcq
    front: Pergunta {i}?
    choices: [Certa {i}, Errada {i}a, Errada {i}b, Errada {i}c]
    answer: Certa {i}
""" for i in range(1, 7))


def log(cli) -> list[dict]:
    return [json.loads(x) for x in cli("log", "export", "--format", "jsonl").output.splitlines() if x]


def right_letter(screen: str) -> str:
    panel = screen.split("╰")[-2] if screen.count("╰") > 1 else screen.split("╰")[0]
    return next(label for label, text in re.findall(r"│\s+([a-z])\) (.+?)\s*│", panel) if text.startswith("Certa"))


def answer_right(cli, args: tuple[str, ...], n: int, now: str = NOW, rating: str = "") -> str:
    """Answer n questions right, one at a time (each run's shuffles come from the same seed)."""
    typed = ""
    out = ""
    for _ in range(n):
        out = cli(*args, input=typed, now=now).output
        last = out.split("╭─ mcq")[-1]
        typed += f"{right_letter('╭─ mcq' + last)}\n{rating}\n"
    return typed


def test_the_quiz_hint_offers_no_undo_or_suspend_since_the_quiz_has_neither(cli, write, small_deck) -> None:
    out = cli("quiz", "--topic", "teste", "--no-record", "--seed", "1", input="\n" * 12, now=NOW).output
    assert "u: undo" not in out and "s: suspend" not in out
    assert "q: quit" in out
    review = cli("review", "--topic", "teste", input="q\n", now=NOW).output
    assert "u: undo · s: suspend · q: quit" in review  # review has both


def test_u_and_s_typed_in_a_quiz_neither_undo_nor_suspend(cli, small_deck) -> None:
    # `u` and `s` on the second card's reveal prompt just reveal it; its rating is saved as typed
    cli("quiz", "--topic", "teste", "--type", "basic", "--count", "2", "--seed", "1", input="\n3\ns\n4\n",
        now=NOW)
    rows = log(cli)
    assert [r["rating"] for r in rows] == [3, 4] and len({r["card_id"] for r in rows}) == 2
    shown = [json.loads(cli("card", "show", r["card_id"], "--json").output) for r in rows]
    assert not any(c["suspended"] for s in shown for c in (s if isinstance(s, list) else [s]))
    cli("quiz", "--topic", "teste", "--type", "basic", "--count", "1", "--seed", "1", input="u\n2\n",
        now="2026-03-12T10:00:00-03:00")
    assert len(log(cli)) == 3  # `u` undid nothing: the earlier answers are all there


def test_quitting_early_scores_the_answered_and_lists_the_unanswered_apart(cli, write) -> None:
    assert cli("import", str(write("pratica.yaml", DECK))).exit_code == 0
    args = ("quiz", "--topic", "pratica", "--count", "6", "--seed", "2", "--no-record")
    typed = answer_right(cli, args, 2)
    out = cli(*args, input=typed + "q\n", now=NOW).output
    summary = re.sub(r"\s+", " ", out.split("Ended early:")[1])
    assert summary.startswith(" 2/2 answered right (100%), 0 partly right, 4 of 6 not answered")
    unanswered = out.split("Not answered (left out of the score):")[1]
    assert len(re.findall(r"• pratica/q\d", unanswered)) == 4
    assert "Missed:" not in out  # the unanswered are not "missed"


def test_a_quiz_answered_to_the_end_is_not_called_early(cli, write) -> None:
    assert cli("import", str(write("pratica.yaml", DECK))).exit_code == 0
    args = ("quiz", "--topic", "pratica", "--count", "2", "--seed", "2", "--no-record")
    out = cli(*args, input=answer_right(cli, args, 2), now=NOW).output
    assert "Score: 2/2 right (100%)" in out and "Ended early" not in out and "Not answered" not in out


def test_quiz_alone_practises_todays_due_cards(cli, write) -> None:
    assert cli("import", str(write("pratica.yaml", DECK))).exit_code == 0
    nothing = cli("quiz", input="", now=NOW)
    assert nothing.exit_code == 0 and "Nothing is due today to practise." in nothing.output
    # two cards learned with Easy: due in days; then, on the day they are due, `quiz` asks exactly them
    cli("review", "--topic", "pratica", "--limit", "2", input="\n4\n\n4\n", now=NOW)
    started = {r["card_id"] for r in log(cli)}
    assert len(started) == 2
    later = "2026-04-20T10:00:00-03:00"
    out = cli("quiz", "--no-record", input="\n\n" * 6, now=later).output
    asked = set(re.findall(r"Card: (pratica/q\d)", out))
    assert asked == started


def practice(home) -> list[tuple[str, int, str]]:
    from genai_cards.store import open_store

    with open_store(home) as s:
        return s.practice_answers()


def state_of(cli, key: str) -> str:
    return json.loads(cli("card", "show", key, "--json").output)["state"]


def test_no_surprise_new_cards_in_a_quiz_count_against_todays_new_card_limit(cli, write, home) -> None:
    assert cli("import", str(write("pratica.yaml", DECK))).exit_code == 0
    assert cli("config", "set", "new_per_day", "2").exit_code == 0
    out = cli("quiz", "--topic", "pratica", "--count", "6", "--seed", "1", input="\n\n" * 6, now=NOW)
    assert out.exit_code == 0, out.output
    assert out.output.count("Card: pratica/") == 6
    started = [r["card_id"] for r in log(cli)]
    assert len(started) == 2 and all(r["mode"] == "quiz" for r in log(cli))  # the first two: FSRS starts
    kept = practice(home)
    assert len(kept) == 4 and {c for c, _, _ in kept}.isdisjoint(started)  # the rest: kept apart
    for key in (f"pratica/q{i}" for i in range(1, 7)):
        assert state_of(cli, key) == ("learning" if key in started else "new")
    # tomorrow brings back the two started cards, not six
    assert json.loads(cli("due", "--json", now=TOMORROW).output)["today"] == 2
    # and the quiz used today's allowance: review offers no new card today (it would offer 2 otherwise)
    later_today = cli("review", "--topic", "pratica", input="", now="2026-03-10T10:05:00-03:00").output
    assert "0 new · 2 learning · 0 review" in later_today  # the started two, learning; no new card


def test_no_surprise_cards_already_started_are_scheduled_whatever_the_new_card_limit(cli, write, home) -> None:
    assert cli("import", str(write("pratica.yaml", DECK))).exit_code == 0
    cli("review", "--topic", "pratica", "--limit", "3", input="\n3\n" * 3, now=NOW)  # three started
    started = sorted({r["card_id"] for r in log(cli)})
    assert len(started) == 3
    assert cli("config", "set", "new_per_day", "0").exit_code == 0
    out = cli("quiz", "--topic", "pratica", "--count", "6", "--seed", "1", input="\n\n" * 6, now=TOMORROW)
    assert out.exit_code == 0, out.output
    assert sorted(r["card_id"] for r in log(cli) if r["mode"] == "quiz") == started  # FSRS as usual
    assert sorted(c for c, _, _ in practice(home)) == sorted(set(f"pratica/q{i}" for i in range(1, 7)) - set(started))


def test_no_surprise_also_holds_for_a_mock_exam(cli, home) -> None:
    from test_mock_exam import valid_answer

    assert cli("config", "set", "new_per_day", "3").exit_code == 0
    args = ("quiz", "--exam", "aif-c01", "--count", "5", "--seed", "5")
    answers = ""
    for _ in range(5):  # the same draw each time (nothing recorded): answer the question now on screen
        shown = cli(*args, "--no-record", input=answers, now=NOW).output
        answers += valid_answer("╭─ " + shown.split("╭─ ")[-1]) + "\n"
    assert cli(*args, input=answers + "s\ny\n", now=NOW).exit_code == 0
    assert [r["mode"] for r in log(cli)] == ["quiz"] * 3  # a new learner: every question is a card not started
    assert len(practice(home)) == 2
