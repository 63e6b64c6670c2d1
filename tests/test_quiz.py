"""`quiz --topic` and `quiz --exam`, end to end from piped stdin with --seed; exam weighting and score."""

from __future__ import annotations

import json
import re

import pytest

from genai_cards.exams import find_exam, questions_per_domain

NOW = "2026-03-10T10:00:00-03:00"

QUIZ_DECK = """
deck: formatos
title: Formatos de prova
topics: [formatos]
cards:
  - id: escolha
    type: mcq
    front: Qual serviço converte texto em fala?
    choices: [Amazon Polly, Amazon Transcribe, Amazon Translate, Amazon Lex]
    answer: Amazon Polly
  - id: varias
    type: multi
    front: Quais serviços trabalham com áudio? (escolha 2)
    choices: [Amazon Polly, Amazon Transcribe, Amazon Textract, Amazon Kendra, Amazon Macie]
    answers: [Amazon Polly, Amazon Transcribe]
  - id: ordem
    type: order
    front: Ordene as etapas do RAG
    items: [Criar dados externos, Recuperar informações, Aumentar o prompt, Gerar a resposta]
  - id: pares
    type: match
    front: Associe serviço e uso
    pairs: [[Amazon Polly, texto em fala], [Amazon Transcribe, fala em texto], [Amazon Translate, tradução]]
  - id: basico
    front: O que é RAG?
    back: Geração aumentada por recuperação.
"""


@pytest.fixture
def formats_deck(write, cli):
    path = write("formatos.yaml", QUIZ_DECK)
    assert cli("import", str(path)).exit_code == 0
    return path


def options(output: str) -> dict[str, str]:
    """Labelled options as printed in the last card panel: letter -> text."""
    found = re.findall(r"│\s+([a-z])\) (.+?)\s*│", output)
    return {label: text for label, text in found}


def rows(output: str) -> dict[int, str]:
    return {int(n): t for n, t in re.findall(r"│\s+(\d+)\. (.+?)\s*│", output)}


def log(cli) -> list[dict]:
    return [json.loads(x) for x in cli("log", "export", "--format", "jsonl").output.splitlines() if x]


def ask_one(cli, card_type: str, seed: int = 4):
    """Show the single question of this type (EOF at once) and return its output."""
    return cli("quiz", "--topic", "formatos", "--type", card_type, "--count", "1", "--seed", str(seed),
               "--no-record", input="", now=NOW)


def test_quiz_mcq_right_answer_is_recorded_as_quiz_review(cli, formats_deck) -> None:
    shown = ask_one(cli, "mcq").output
    letter = next(k for k, v in options(shown).items() if v == "Amazon Polly")
    result = cli("quiz", "--topic", "formatos", "--type", "mcq", "--count", "1", "--seed", "4",
                 input=f"{letter}\n\n", now=NOW)
    assert result.exit_code == 0, result.output
    assert "Right" in result.output
    assert "Score: 1/1 right (100%)" in result.output
    rows_ = log(cli)
    assert [(r["card_id"], r["mode"], r["rating"]) for r in rows_] == [("formatos/escolha", "quiz", 3)]


def test_quiz_multi_partly_right_suggests_hard(cli, formats_deck) -> None:
    opts = options(ask_one(cli, "multi").output)
    polly = next(k for k, v in opts.items() if v == "Amazon Polly")
    macie = next(k for k, v in opts.items() if v == "Amazon Macie")
    result = cli("quiz", "--topic", "formatos", "--type", "multi", "--count", "1", "--seed", "4",
                 input=f"{polly}{macie}\n\n", now=NOW)
    assert "Partly right" in result.output
    assert "Enter = hard" in result.output
    assert log(cli)[0]["rating"] == 2


def test_quiz_order_marks_positions_and_learner_can_change_rating(cli, formats_deck) -> None:
    opts = options(ask_one(cli, "order").output)
    items = ["Criar dados externos", "Recuperar informações", "Aumentar o prompt", "Gerar a resposta"]
    letters = [next(k for k, v in opts.items() if v == i) for i in items]
    answer = letters[1] + letters[0] + letters[2] + letters[3]
    result = cli("quiz", "--topic", "formatos", "--type", "order", "--count", "1", "--seed", "4",
                 input=f"{answer}\n4\n", now=NOW)
    assert "Partly right" in result.output
    assert "✗ 1. Criar dados externos" in result.output and "✓ 3. Aumentar o prompt" in result.output
    assert log(cli)[0]["rating"] == 4


def test_quiz_match_invalid_input_is_asked_again_then_graded(cli, formats_deck) -> None:
    out = ask_one(cli, "match").output
    opts, rws = options(out), rows(out)
    partner = {"Amazon Polly": "texto em fala", "Amazon Transcribe": "fala em texto", "Amazon Translate": "tradução"}
    letters = [next(k for k, v in opts.items() if v == partner[rws[i]]) for i in (1, 2, 3)]
    numbered = " ".join(f"{i}{ch}" for i, ch in zip((3, 1, 2), (letters[2], letters[0], letters[1])))
    result = cli("quiz", "--topic", "formatos", "--type", "match", "--count", "1", "--seed", "4",
                 input=f"zz\n{letters[0]}{letters[0]}{letters[1]}\n{numbered}\n\n", now=NOW)
    assert result.output.count("Not a valid answer") == 2
    assert "Right" in result.output
    assert [r["rating"] for r in log(cli)] == [3]


def test_quiz_no_record_stores_nothing(cli, formats_deck) -> None:
    result = cli("quiz", "--topic", "formatos", "--seed", "1", "--no-record", input="a\n\n" * 10, now=NOW)
    assert result.exit_code == 0
    assert "Score:" in result.output
    assert log(cli) == []


def test_quiz_prefers_auto_graded_cards(cli, formats_deck) -> None:
    result = cli("quiz", "--topic", "formatos", "--count", "4", "--seed", "2", "--no-record", input="", now=NOW)
    assert "formatos/basico" not in result.output


def test_quiz_shows_due_cards_before_new_ones(cli, formats_deck) -> None:
    cli("review", "--topic", "formatos", "--limit", "1", input="a\n4\n", now=NOW)  # the mcq, rated easy
    first = log(cli)[0]["card_id"]
    card = json.loads(cli("card", "show", first, "--json").output)
    later = card["due"]
    result = cli("quiz", "--topic", "formatos", "--count", "1", "--seed", "3", "--no-record", input="",
                 now=later)
    assert first in result.output


def test_quiz_unknown_topic_suggests_close_ones(cli, formats_deck) -> None:
    result = cli("quiz", "--topic", "formato", now=NOW)
    assert result.exit_code == 1
    assert "did you mean formatos" in result.output


def test_quiz_shuffles_are_reproducible_with_seed(cli, formats_deck) -> None:
    a = ask_one(cli, "order", seed=11).output
    b = ask_one(cli, "order", seed=11).output
    assert options(a) == options(b)
    seen = {tuple(options(ask_one(cli, "order", seed=s).output).values()) for s in range(8)}
    assert len(seen) > 1


def test_mock_exam_records_answers_without_feedback(cli) -> None:
    result = cli("quiz", "--exam", "aif-c01", "--seed", "2", input="a\nab\nabc\nq\ny\n", now=NOW)
    assert result.exit_code == 0
    assert "Right" not in result.output.split("Scaled score:")[0]
    assert all(r["mode"] == "quiz" for r in log(cli)) and log(cli)


def test_unknown_exam_lists_known_ones(cli) -> None:
    result = cli("quiz", "--exam", "aws-saa")
    assert result.exit_code == 1 and "known exams: aif-c01" in result.output


def test_exam_questions_split_by_weight() -> None:
    exam = find_exam("aif-c01")
    assert questions_per_domain(exam) == {"aif-c01/d1": 13, "aif-c01/d2": 16, "aif-c01/d3": 18,
                                          "aif-c01/d4": 9, "aif-c01/d5": 9}
    assert (exam.questions, exam.minutes, exam.scale, exam.pass_score) == (65, 90, (100, 1000), 700)
