"""Property-based: the deck loader never raises anything but InvalidInput; grading never crashes."""

from __future__ import annotations

import random

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genai_cards.decks import load_deck_text
from genai_cards.errors import InvalidInput
from genai_cards.grading import PARTIAL, RIGHT, WRONG, InvalidAnswer, grade, make_question

pytestmark = pytest.mark.slow  # property tests: `pytest -m "not slow"` skips them; the default run and CI do not

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                       st.dictionaries(st.text(max_size=10), inner, max_size=5)),
                      max_leaves=30)
card_keys = st.sampled_from(["id", "type", "front", "back", "text", "choices", "answer", "answers", "items",
                             "pairs", "topics", "source", "explain", "reverse"])
card_types = st.sampled_from(["basic", "cloze", "typed", "mcq", "multi", "order", "match", "nope"])


@st.composite
def deck_like(draw):  # mostly-plausible decks with random holes and wrong types
    cards = []
    for _ in range(draw(st.integers(0, 4))):
        card = draw(st.dictionaries(card_keys, values, max_size=6))
        if draw(st.booleans()):
            card["type"] = draw(card_types)
        cards.append(card)
    deck = {"deck": draw(st.one_of(st.just("d"), st.text(max_size=8))), "title": draw(values), "cards": cards}
    if draw(st.booleans()):
        deck["topics"] = draw(values)
    return deck


def _load(text: str) -> None:
    try:
        load_deck_text(text, "p.yaml")
    except InvalidInput as exc:
        assert exc.problems and all(str(p).startswith("p.yaml") for p in exc.problems)


@FAST
@given(st.text(max_size=400))
def test_loader_never_crashes_on_any_text(text) -> None:
    _load(text)


@FAST
@given(deck_like())
def test_loader_never_crashes_on_deck_shaped_yaml(deck) -> None:
    _load(yaml.safe_dump(deck, allow_unicode=True))


CONTENTS = [
    {"type": "mcq", "front": "Q", "choices": ["a1", "b2", "c3", "d4"], "answer": "c3"},
    {"type": "multi", "front": "Q", "choices": ["v", "w", "x", "y", "z"], "answers": ["v", "x"]},
    {"type": "order", "front": "Q", "items": ["1", "2", "3", "4"]},
    {"type": "match", "front": "Q", "pairs": [["a", "x"], ["b", "y"], ["c", "z"]]},
    {"type": "typed", "front": "Q", "answer": ["Amazon Polly"]},
    {"type": "cloze", "text": "O {{c1::Bedrock}} e o {{c1::SageMaker}}", "cloze": 1},
]


@FAST
@given(st.sampled_from(CONTENTS), st.text(max_size=40), st.integers(0, 10_000))
def test_grading_gives_a_verdict_or_asks_again_for_any_input(content, text, seed) -> None:
    question = make_question(content, random.Random(seed))
    try:
        verdict = grade(question, text)
    except InvalidAnswer as exc:
        assert str(exc)
        return
    assert verdict.result in (RIGHT, PARTIAL, WRONG)


@FAST
@given(st.sampled_from(CONTENTS[:4]), st.lists(st.sampled_from("abcdefg 123,"), max_size=12), st.integers(0, 99))
def test_grading_letter_answers_never_crash(content, chars, seed) -> None:
    question = make_question(content, random.Random(seed))
    try:
        assert grade(question, "".join(chars)).result in (RIGHT, PARTIAL, WRONG)
    except InvalidAnswer:
        pass
