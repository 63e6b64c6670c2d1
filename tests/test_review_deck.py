"""`review --deck ID` and `quiz --deck ID`: study one's own deck without the bundled ones."""

from __future__ import annotations

import json
import re

NOW = "2026-03-10T10:00:00-03:00"


def shown(output: str) -> list[str]:
    """The card keys in the order the session showed them (each one after its answer)."""
    return re.findall(r"Card: ([^\s│]+)", output)


def test_review_deck_shows_only_that_decks_cards(cli, small_deck) -> None:
    result = cli("review", "--deck", "teste", "--seed", "1", input="\n3\n" * 3, now=NOW)
    assert result.exit_code == 0, result.output
    keys = shown(result.output)
    assert keys and all(k.startswith("teste/") for k in keys)
    everything = shown(cli("review", "--seed", "1", input="\n3\n", now=NOW).output)
    assert everything and not everything[0].startswith("teste/")  # without --deck the bundled decks come first


def test_review_deck_counts_only_that_deck(cli, small_deck) -> None:
    result = cli("review", "--deck", "teste", "--seed", "1", input="", now=NOW)
    assert "\n4 new · 0 learning · 0 review\n" in result.output  # 4 notes, one card each today


def test_an_unknown_deck_is_refused_naming_the_known_ones(cli, small_deck) -> None:
    result = cli("review", "--deck", "testes", now=NOW)
    assert result.exit_code == 1
    assert result.output.startswith("Error: no deck 'testes'; decks: ") and "teste" in result.output
    assert json.loads(cli("log", "export", "--format", "jsonl").output or "null") is None  # nothing studied


def test_quiz_deck_draws_only_from_that_deck(cli, small_deck) -> None:
    result = cli("quiz", "--deck", "teste", "--count", "10", "--seed", "2", "--no-record", input="\n" * 40, now=NOW)
    assert result.exit_code == 0, result.output
    keys = shown(result.output)
    assert keys and all(k.startswith("teste/") for k in keys)
    assert re.search(r"Question 1/(\d+)", result.output).group(1) in ("4", "5", "6")
