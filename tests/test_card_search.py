"""`card search TEXT` finds cards by their text, whatever the case and accents, every word required."""

from __future__ import annotations

import json


def search(cli, *words: str) -> list[dict]:
    """What the search finds among the test deck's cards (the bundled decks are searched too)."""
    result = cli("card", "search", *words, "--limit", "100000", "--json")
    assert result.exit_code == 0, result.output
    return [c for c in json.loads(result.output) if c["card_id"].startswith("teste/")]


def test_search_finds_a_card_by_its_back_whatever_case_and_accents(cli, small_deck) -> None:
    assert [c["card_id"] for c in search(cli, "RESPOSTA", "DOIS")] == ["teste/dois", "teste/dois:reverse"]
    assert search(cli, "servico", "fala") == [{"card_id": "teste/quatro", "type": "typed",
                                                "front": "Serviço de texto para fala?"}]


def test_every_word_is_required_and_a_near_miss_finds_nothing(cli, small_deck) -> None:
    assert search(cli, "pergunta", "um") == [{"card_id": "teste/um", "type": "basic", "front": "Pergunta um"}]
    assert search(cli, "pergunta", "cinco") == []
    assert search(cli, "bedrocks") == []  # a word is matched from its start, not a longer one
    result = cli("card", "search", "respostax", "zzz")
    assert (result.exit_code, result.output) == (0, "No card's text holds 'respostax zzz'.\n")


def test_search_reads_cloze_text_and_shows_it_without_marks(cli, small_deck) -> None:
    found = search(cli, "bedrock", "api")
    assert found[0] == {"card_id": "teste/tres:c1", "type": "cloze", "front": "O Amazon Bedrock usa API."}
    result = cli("card", "search", "amazon", "bedrock", "usa", "api")
    assert "teste/tres:c1  (cloze)  O Amazon Bedrock usa API.\n" in result.output
