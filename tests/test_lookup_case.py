"""--topic and --exam values match whatever their case (topics and exam ids are lowercase slugs),
and a mistyped one is refused with the closest known ones."""

from __future__ import annotations

import json

NOW = "2026-03-10T10:00:00-03:00"


def test_topic_matches_whatever_its_case(cli, small_deck) -> None:
    lower = json.loads(cli("due", "--topic", "teste", "--json", now=NOW).output)
    for spelled in ("TESTE", "Teste", " teste/ "):
        result = cli("due", "--topic", spelled, "--json", now=NOW)
        assert result.exit_code == 0, result.output
        assert json.loads(result.output) == lower
    result = cli("review", "--topic", "TESTE", "--limit", "1", input="\n3\n", now=NOW)
    assert result.exit_code == 0 and "teste/um" in result.output


def test_a_mistyped_topic_in_capitals_still_gets_the_closest_suggestion(cli, small_deck) -> None:
    result = cli("review", "--topic", "TESTES", now=NOW)
    assert result.exit_code == 1
    assert result.output.startswith("Error: no cards with topic 'testes'; did you mean teste, ")  # closest first


def test_exam_matches_whatever_its_case(cli) -> None:
    lower = json.loads(cli("stats", "--exam", "aif-c01", "--json", now=NOW).output)["readiness"]
    upper = cli("stats", "--exam", "AIF-C01", "--json", now=NOW)
    assert upper.exit_code == 0, upper.output
    assert json.loads(upper.output)["readiness"] == lower


def test_an_unknown_exam_lists_the_known_ones(cli) -> None:
    result = cli("quiz", "--exam", "AIF-C02", now=NOW)
    assert result.exit_code == 1
    assert result.output == "Error: no exam 'aif-c02'; known exams: aif-c01, nca-aiio\n"
