"""`review` driven from piped stdin, end to end, on the real database."""

from __future__ import annotations

import json

NOW = "2026-03-10T10:00:00-03:00"


def log(cli) -> list[dict]:
    out = cli("log", "export", "--format", "jsonl").output
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_piped_review_answers_every_card_type_and_logs_each_answer(cli, small_deck) -> None:
    # new cards in deck order; each needs Good twice (1m/10m steps, learn-ahead 20 min)
    answers = (
        "\n3\n"                 # teste/um: reveal, good
        "\n\n"                  # teste/dois: reveal, Enter = good
        "Amazon Bedrock\n\n"    # teste/tres:c1: typed, accept suggested (good)
        "polly\n\n"             # teste/quatro: typed, lenient match
        "\n3\n\n3\nAmazon Bedrok\n\npoly\n\n"  # the learning repeats; typos tolerated
    )
    result = cli("review", "--topic", "teste", "--seed", "1", input=answers, now=NOW)
    assert result.exit_code == 0, result.output
    assert "Reviewed 8 cards" in result.output
    rows = log(cli)
    assert [r["card_id"] for r in rows[:4]] == ["teste/um", "teste/dois", "teste/tres:c1", "teste/quatro"]
    assert all(r["mode"] == "review" for r in rows)
    assert [r["rating"] for r in rows] == [3] * 8
    assert rows[3]["answer"] == "polly"
    assert {"card_id", "rating", "reviewed_at", "duration_ms", "mode", "state", "stability", "difficulty",
            "due"} <= set(rows[0])
    assert rows[0]["reviewed_at"].startswith("2026-03-10T13:00:00")
    assert rows[0]["state"] == "learning" and rows[4]["state"] == "review"


def test_siblings_of_a_card_seen_today_wait_until_tomorrow(cli, small_deck) -> None:
    answers = "\n4\n" * 2 + "x\n4\n" + "y\n4\n"
    cli("review", "--topic", "teste", "--seed", "1", input=answers, now=NOW)
    keys = [r["card_id"] for r in log(cli)]
    assert "teste/dois:reverse" not in keys and "teste/tres:c2" not in keys
    tomorrow = cli("review", "--topic", "teste", "--seed", "1", input="\n4\n\n4\n", now="2026-03-11T10:00:00-03:00")
    assert tomorrow.exit_code == 0
    keys = [r["card_id"] for r in log(cli)]
    assert "teste/dois:reverse" in keys and "teste/tres:c2" in keys


def test_end_of_input_mid_session_keeps_every_answer_so_far(cli, small_deck) -> None:
    result = cli("review", "--topic", "teste", input="\n3\n\n", now=NOW)  # second card revealed, never rated
    assert result.exit_code == 0
    assert [r["card_id"] for r in log(cli)] == ["teste/um"]


def test_quit_ends_session_and_keeps_answers(cli, small_deck) -> None:
    result = cli("review", "--topic", "teste", input="\n3\nq\n", now=NOW)
    assert result.exit_code == 0
    assert len(log(cli)) == 1


def test_undo_takes_back_the_last_answer_and_shows_the_card_again(cli, small_deck) -> None:
    result = cli("review", "--topic", "teste", input="\n1\nu\n\n3\n", now=NOW)
    assert result.exit_code == 0
    assert "Undone: teste/um" in result.output
    rows = log(cli)
    assert [(r["card_id"], r["rating"]) for r in rows] == [("teste/um", 3)]
    shown = json.loads(cli("card", "show", "teste/um", "--json").output)
    assert [h["rating"] for h in shown["history"]] == [3]


def test_suspend_hides_the_card_from_review(cli, small_deck) -> None:
    result = cli("review", "--topic", "teste", input="s\nq\n", now=NOW)
    assert "Suspended: teste/um" in result.output
    shown = json.loads(cli("card", "show", "teste/um", "--json").output)
    assert shown["suspended"] is True
    again = cli("review", "--topic", "teste", input="\n3\nq\n", now=NOW)
    assert "teste/um " not in again.output
    assert cli("card", "unsuspend", "teste/um").exit_code == 0
    assert json.loads(cli("card", "show", "teste/um", "--json").output)["suspended"] is False


def test_header_counts_what_is_left_including_the_card_on_screen(cli, small_deck) -> None:
    result = cli("review", "--topic", "teste", input="\n3\n\nq\n", now=NOW)
    assert "4 new · 0 learning · 0 review\n" in result.output
    assert "Pergunta um" in result.output.split("3 new · 1 learning · 0 review\n")[0]
    assert "Pergunta dois" in result.output.split("3 new · 1 learning · 0 review\n")[1]


def test_rating_shows_interval_of_each_choice(cli, small_deck) -> None:
    result = cli("review", "--topic", "teste", input="\nq\n", now=NOW)
    assert "1 again (1m)  2 hard (6m)  3 good (10m)  4 easy" in result.output


def test_bad_rating_is_asked_again(cli, small_deck) -> None:
    result = cli("review", "--topic", "teste", input="\n7\ngood\nq\n", now=NOW)
    assert "Answer 1-4, again/hard/good/easy, or Enter." in result.output
    assert [r["rating"] for r in log(cli)] == [3]


def test_leech_is_suspended_after_threshold_lapses(cli, small_deck) -> None:
    cli("config", "set", "leech_threshold", "2")
    day = ["2026-03-10", "2026-03-25", "2026-03-26", "2026-04-15", "2026-04-16"]
    cli("review", "--topic", "teste", "--limit", "1", input="\n4\n", now=f"{day[0]}T10:00:00-03:00")
    cli("config", "set", "new_per_day", "0")
    for d in day[1:]:
        state = json.loads(cli("card", "show", "teste/um", "--json").output)
        if state["suspended"]:
            break
        rating = "1" if state["state"] == "review" else "3"
        cli("review", "--topic", "teste", "--limit", "1", input=f"\n{rating}\n\n3\nq\n", now=f"{d}T10:00:00-03:00")
    state = json.loads(cli("card", "show", "teste/um", "--json").output)
    assert state["lapses"] == 2
    assert state["leech"] is True and state["suspended"] is True


def test_new_card_limit_follows_the_0400_local_day(cli, small_deck) -> None:
    cli("config", "set", "new_per_day", "1")
    cli("review", "--topic", "teste", input="\n4\n", now="2026-03-10T03:00:00-03:00")
    before = json.loads(cli("due", "--topic", "teste", "--json", now="2026-03-10T03:59:00-03:00").output)
    after = json.loads(cli("due", "--topic", "teste", "--json", now="2026-03-10T04:01:00-03:00").output)
    assert before["new_today"] == 0
    assert after["new_today"] == 1


def test_due_json_counts_today_tomorrow_and_topics(cli, small_deck) -> None:
    cli("review", "--topic", "teste", input="\n4\n", now=NOW)  # easy: due in a few days
    card = json.loads(cli("card", "show", "teste/um", "--json").output)
    due_day = card["due"][:10]
    summary = json.loads(cli("due", "--topic", "teste", "--json", now=f"{due_day}T12:00:00+00:00").output)
    assert summary["today"] == 1 and summary["topics"] == {"teste": 1}
    day_before = json.loads(cli("due", "--topic", "teste", "--json", now=f"{due_day}T00:00:00-03:00").output)
    assert set(day_before) >= {"today", "tomorrow", "topics"}


def test_nothing_due_says_so(cli, small_deck) -> None:
    cli("config", "set", "new_per_day", "0")
    result = cli("review", "--topic", "teste", now=NOW)
    assert result.exit_code == 0
    assert "Nothing due now" in result.output


def test_new_cards_follow_deck_study_order_then_deck_order(cli, write) -> None:
    first = write("b.yaml", "deck: zz-primeiro\ntitle: T\norder: 5\ntopics: [ordem]\ncards:\n"
                  "  - {id: um, front: f1, back: b}\n  - {id: dois, front: f2, back: b}\n")
    second = write("a.yaml", "deck: aa-depois\ntitle: T\norder: 50\ntopics: [ordem]\ncards:\n"
                   "  - {id: um, front: f3, back: b}\n")
    assert cli("import", str(first), str(second)).exit_code == 0
    cli("review", "--topic", "ordem", input="\n4\n\n4\n\n4\n", now=NOW)
    assert [r["card_id"] for r in log(cli)] == ["zz-primeiro/um", "zz-primeiro/dois", "aa-depois/um"]


def test_unchanged_decks_are_not_parsed_again(cli, monkeypatch) -> None:
    import genai_cards.decks as decks

    calls = []
    real = decks.open_deck
    monkeypatch.setattr(decks, "open_deck", lambda *a: calls.append(a) or real(*a))
    assert cli("due").exit_code == 0
    assert calls == []


def test_starting_with_unchanged_decks_loads_neither_the_deck_parser_nor_yaml(home) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "src"
    script = ("import sys\nfrom genai_cards.cli import app\ntry:\n    app(['plan', '--json'])\nexcept SystemExit:\n    pass\n"
              "print(sorted(m for m in sys.modules if m in ('genai_cards.decks', 'genai_cards.yamlio', 'yaml', "
              "'socket', 'rich') or m.startswith(('genanki', 'zstandard'))))")
    env = {**os.environ, "PYTHONPATH": str(src), "GENAI_CARDS_HOME": str(home)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
    touched = home / "decks"
    touched.mkdir(exist_ok=True)
    (touched / "novo.yaml").write_text("deck: novo\ntitle: N\ncards:\n  - {id: um, front: f, back: b}\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert "genai_cards.decks" in out.stdout.strip().splitlines()[-1]  # a changed deck file is parsed


def test_undo_of_the_card_on_screen_shows_it_once_and_logs_one_answer(cli, small_deck) -> None:
    # teste/um: Again (back in 1 minute, so it is on screen again), then undo that answer, then Easy
    answers = "\n1\n" "u\n" "\n4\n" "\n4\n"  # the last Easy must find no card to answer
    result = cli("review", "--topic", "teste", "--limit", "1", input=answers, now=NOW)
    assert result.exit_code == 0, result.output
    history = json.loads(cli("card", "show", "teste/um", "--json").output)["history"]
    assert [h["rating"] for h in history] == [4]
    assert result.output.count("Pergunta um") == 3  # the Again, the undone Again on screen, the Easy
    assert "Reviewed 1 card" in result.output


def test_undo_of_the_previous_card_shows_it_then_the_card_that_was_on_screen(cli, small_deck) -> None:
    answers = "\n4\n" "u\n" "\n4\n" "\n4\n"  # um: Easy; dois on screen: undo; um again: Easy; dois: Easy
    result = cli("review", "--topic", "teste", "--limit", "2", input=answers, now=NOW)
    assert result.exit_code == 0, result.output
    rows = [(r["card_id"], r["rating"]) for r in log(cli)]
    assert rows == [("teste/um", 4), ("teste/dois", 4)]
    assert result.output.count("Pergunta um") == 2 and result.output.count("Pergunta dois") == 2
