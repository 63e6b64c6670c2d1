"""Grading of every card type over plain data: right, partial, wrong, or invalid input."""

from __future__ import annotations

import random

import pytest

from genai_cards.grading import PARTIAL, RIGHT, WRONG, InvalidAnswer, grade, make_question, normalize
from genai_cards.model import AGAIN, GOOD, HARD

MCQ = {"type": "mcq", "front": "Q", "choices": ["Bedrock", "SageMaker", "Kendra", "Lex"], "answer": "Kendra"}
MULTI = {"type": "multi", "front": "Q", "choices": ["v", "w", "x", "y", "z"], "answers": ["v", "x"]}
ORDER = {"type": "order", "front": "Q", "items": ["um", "dois", "tres", "quatro"]}
MATCH = {"type": "match", "front": "Q", "pairs": [["Polly", "fala"], ["Translate", "tradução"], ["Textract", "OCR"]]}
TYPED = {"type": "typed", "front": "Q", "answer": ["Amazon Transcribe", "Transcribe"]}
CLOZE = {"type": "cloze", "text": "O {{c1::Amazon Bedrock}} usa {{c2::API::interface}}.", "cloze": 1}


def q(content, seed=1):
    return make_question(content, random.Random(seed))


def letter_of(question, text):
    return "abcdefghijklmnopqrstuvwxyz"[question.options.index(text)]


def test_mcq_right_and_wrong() -> None:
    question = q(MCQ)
    assert grade(question, letter_of(question, "Kendra")).result == RIGHT
    assert grade(question, letter_of(question, "Lex")).result == WRONG


@pytest.mark.parametrize("text", ["", "z", "ab", "1"])
def test_mcq_invalid_input_is_asked_again(text) -> None:
    with pytest.raises(InvalidAnswer):
        grade(q(MCQ), text)


def test_multi_accepts_any_separator_and_order() -> None:
    question = q(MULTI)
    v, x, y = (letter_of(question, t) for t in "vxy")
    for text in (v + x, f"{x} {v}", f"{v},{x}", f"{x}, {v}"):
        assert grade(question, text).result == RIGHT
    assert grade(question, v + y).result == PARTIAL
    w, z = letter_of(question, "w"), letter_of(question, "z")
    assert grade(question, w + z).result == WRONG


@pytest.mark.parametrize("text,reason", [("a", "pick exactly 2"), ("aa", "repeated"), ("aq", "not one of")])
def test_multi_wrong_count_or_repeat_is_invalid(text, reason) -> None:
    with pytest.raises(InvalidAnswer, match=reason):
        grade(q(MULTI), text)


def test_order_marks_each_position() -> None:
    question = q(ORDER)
    right = "".join(letter_of(question, t) for t in ORDER["items"])
    assert grade(question, right).result == RIGHT
    assert grade(question, " ".join(right)).result == RIGHT
    swapped = right[1] + right[0] + right[2:]
    g = grade(question, swapped)
    assert g.result == PARTIAL and g.marks == (False, False, True, True)
    assert grade(question, right[::-1]).result == WRONG
    with pytest.raises(InvalidAnswer):
        grade(question, right[:3])


def test_match_accepts_both_syntaxes() -> None:
    question = q(MATCH)
    pairs = dict(MATCH["pairs"])
    letters = [letter_of(question, pairs[row]) for row in question.rows]
    assert grade(question, "".join(letters)).result == RIGHT
    numbered = " ".join(f"{i}{ch}" for i, ch in reversed(list(enumerate(letters, 1))))
    assert grade(question, numbered).result == RIGHT
    wrong = letters[1] + letters[0] + letters[2]
    g = grade(question, wrong)
    assert g.result == WRONG and g.marks == (False, False, True)


@pytest.mark.parametrize("text", ["ab", "aab", "1a 1b 2c", "4a 1b 2c", "1a 2b"])
def test_match_invalid_input(text) -> None:
    with pytest.raises(InvalidAnswer):
        grade(q(MATCH), text)


@pytest.mark.parametrize("text", ["Amazon Transcribe", "amazon transcribe!", "  TRANSCRIBE ", "Amazon Trancribe"])
def test_typed_is_lenient(text) -> None:
    assert grade(q(TYPED), text).result == RIGHT


def test_typed_typo_is_flagged_and_far_answer_is_wrong() -> None:
    assert grade(q(TYPED), "Amazon Trancribe").typo
    assert grade(q(TYPED), "Amazon Polly").result == WRONG


def test_accents_are_ignored() -> None:
    assert normalize("Geração  Aumentada, por Recuperação") == "geracao aumentada por recuperacao"
    question = q({"type": "typed", "front": "Q", "answer": "geração"})
    assert grade(question, "geracao").result == RIGHT


def test_cloze_hides_one_deletion_and_shows_hint() -> None:
    question = q(CLOZE)
    assert question.prompt == "O [...] usa API."
    assert grade(question, "amazon bedrock").result == RIGHT
    second = q({**CLOZE, "cloze": 2})
    assert second.prompt == "O Amazon Bedrock usa [interface]."


def test_suggested_ratings_follow_the_spec() -> None:
    question = q(MULTI)
    v, x, y, w = (letter_of(question, t) for t in "vxyw")
    assert grade(question, v + x).suggested == GOOD
    assert grade(question, v + y).suggested == HARD
    assert grade(question, w + y).suggested == AGAIN


def test_shuffles_are_reproducible_with_a_seed_and_vary_without() -> None:
    assert q(MCQ, seed=5).options == q(MCQ, seed=5).options
    seen = {make_question(MCQ, random.Random()).options for _ in range(40)}
    assert len(seen) > 1


def test_order_is_never_shown_already_solved() -> None:
    for seed in range(50):
        assert list(q(ORDER, seed).options) != ORDER["items"]


def test_typed_answer_close_but_beyond_a_typo_is_wrong_and_only_parts_earn_partial() -> None:
    assert grade(q(TYPED), "Amazon Transc").result == WRONG
    cloze2 = q({"type": "cloze", "text": "{{c1::Amazon Bedrock}} e {{c1::SageMaker}}", "cloze": 1})
    assert grade(cloze2, "amazon bedrock, sagemaker").result == RIGHT
    assert grade(cloze2, "amazon bedrock; kendra").result == PARTIAL
