"""Where the learner stands when a session ends: answers by rating, the learning cards that come
back and when (local time), tomorrow's load; and when nothing is due, when the next card is."""

from __future__ import annotations

NOW = "2026-03-10T10:00:00-03:00"  # the tests' time zone is America/Sao_Paulo (-03:00)


def tail(result, n: int) -> list[str]:
    assert result.exit_code == 0, result.output
    return [line.rstrip() for line in result.output.splitlines()[-n:]]


def test_the_summary_gives_ratings_learning_cards_coming_back_and_tomorrow(cli, small_deck) -> None:
    result = cli("review", "--topic", "teste", "--seed", "1", "--limit", "2", input="\n1\n\n3\n", now=NOW)
    assert tail(result, 5) == [
        "Reviewed 2 cards in 0m00s.",
        "Answers: again 1 · hard 0 · good 1 · easy 0",
        "1 card comes back in 1m (today at 10:01).",
        "1 card comes back in 10m (today at 10:10).",
        "Tomorrow: 0 cards due and up to 3 new.",  # one card per note a day: siblings wait
    ]


def test_the_summary_in_portuguese(cli, small_deck, monkeypatch) -> None:
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    result = cli("review", "--topic", "teste", "--seed", "1", "--limit", "2", input="\n3\n\n3\n", now=NOW)
    assert tail(result, 4) == [
        "2 cartões revisados em 0m00s.",
        "Respostas: De novo 0 · Difícil 0 · Bom 2 · Fácil 0",
        "2 cartões voltam em 10m (hoje às 10:10).",
        "Amanhã: 0 cartão para revisar e até 3 novos.",  # pt-BR: singular for 0 and 1
    ]


def test_a_card_due_tomorrow_counts_in_tomorrows_load(cli, small_deck) -> None:
    result = cli("review", "--topic", "teste", "--seed", "1", "--limit", "1", input="\n4\n", now=NOW)
    lines = tail(result, 3)
    assert lines[1] == "Answers: again 0 · hard 0 · good 0 · easy 1"
    assert lines[2] == "Tomorrow: 0 cards due and up to 3 new."  # easy: 7 days away, not tomorrow
    assert not any("comes back" in line for line in lines)


def test_nothing_due_says_when_the_next_card_is_due(cli, small_deck, monkeypatch) -> None:
    cli("review", "--topic", "teste", "--seed", "1", "--limit", "1", input="\n4\n", now=NOW)  # due in 7 days
    cli("config", "set", "new_per_day", "0")
    result = cli("review", "--topic", "teste", now=NOW)
    assert result.output == ("Nothing due now. Come back later (or try `genai-cards quiz --topic …`).\n"
                             "Next card due Mar 17 at 10:00.\n")
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    assert cli("review", "--topic", "teste", now=NOW).output.splitlines()[-1] == "Próximo cartão: 17 de mar. às 10:00."


def test_with_new_cards_left_the_next_card_comes_with_the_next_study_day(cli, small_deck) -> None:
    cli("config", "set", "new_per_day", "1")
    cli("review", "--topic", "teste", "--seed", "1", input="\n4\n", now=NOW)
    result = cli("review", "--topic", "teste", now="2026-03-10T22:00:00-03:00")
    assert result.output.splitlines()[-1] == "Next card due tomorrow at 04:00."  # day_starts_at 4, local time
