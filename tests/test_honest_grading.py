"""Honest grading of typed and cloze answers (issue 12, SPEC §4): a real typo of the right answer
passes, flagged; anything that names a different thing is wrong whatever its edit distance; partial
credit only where the card asks for several parts. Each rule is tested with the nastiest input it
must refuse and the nearest input it must still accept."""

from __future__ import annotations

import json
import random
import re
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genai_cards.decks import load_deck_text, validate_paths
from genai_cards.errors import InvalidInput
from genai_cards.grading import (PARTIAL, RIGHT, WRONG, InvalidAnswer, _core, diff_markers, grade, make_question,
                                 terms_of)
from genai_cards.model import study_cards
from genai_cards.model import AGAIN, GOOD, HARD

NOW = "2026-03-10T10:00:00-03:00"
DECKS = Path(__file__).resolve().parents[1] / "decks"


def typed(answer, front="Qual é a resposta?", vocabulary=frozenset(), **extra):
    content = {"type": "typed", "front": front, "answer": answer, **extra}
    return make_question(content, random.Random(1), vocabulary)


def cloze(text, n=1, **extra):
    return make_question({"type": "cloze", "text": text, "cloze": n, **extra}, random.Random(1))


# --- wrong, whatever the edit distance ---------------------------------------------------------
@pytest.mark.parametrize("answer,text", [
    # another number or version: digits and units match exactly
    ("INT8", "INT4"), ("FP16", "FP32"), ("8", "4"), ("1 GB", "2 GB"), ("640 GB", "640 MB"),
    ("16 bits", "16 bites"), ("TLS 1.2", "TLS 1.3"), ("TLS 1.2", "TLS 12"), ("0,7", "07"),
    ("Java 17", "Java 11"), ("Claude", "Claude 3"), ("H100", "H200"),
    # a very short answer is matched exactly
    ("S3", "?"), ("S3", "S4"), ("RAG", "RAF"), ("MIG", "MGI"), ("Top-k", "top-p"),
    # the other side of a pair, another API action
    ("encoder", "decoder"), ("decoder", "encoder"), ("decodificador", "codificador"),
    ("codificador", "decodificador"), ("modelo decodificador", "modelo de codificador"),
    ("s3:GetObject", "s3:PutObject"), ("s3:PutObject", "s3:GetObject"), ("online store", "offline store"),
    ("unsupervised", "supervised"), ("supervisionado", "autossupervisionado"), ("input", "output"),
    ("overfitting", "underfitting"), ("zero-shot", "few-shot"),
    # a word missing or added: not "partly right"
    ("Random Cut Forest", "random forest"), ("Random Cut Forest", "Random Forest Cut"),
    ("Amazon Bedrock", "Amazon Bedrock Agents"), ("não rotulados", "rotulados"),
    ("Amazon SageMaker Clarify", "Amazon Clarify"),
    # beyond a typo: 2 edits in a word of up to 7 letters, an edit at a word's first letter
    ("SageMaker Clarify", "SageMaker Clrfy"), ("Amazon Bedrock", "Amazon Vedrock"),
    ("Amazon Transcribe", "Amazon Transc"), ("Amazon Polly", "Amazon Lex"),
])
def test_a_different_thing_is_wrong_and_suggests_again(answer, text) -> None:
    g = grade(typed(answer), text)
    assert (g.result, g.typo, g.suggested) == (WRONG, False, AGAIN)


# --- real typos still pass, flagged ------------------------------------------------------------
@pytest.mark.parametrize("answer,text,is_typo", [
    ("Amazon Bedrock", "amazon bedrok", True),
    ("Amazon Bedrock", "AMAZON BEDROCK", False),
    ("Amazon Bedrock", "Bedrock", False),  # a leading Amazon / AWS may be left out
    ("Bedrock", "Amazon Bedrock", False),
    ("reforço", "reforco", False),
    ("fine-tuning", "fine tuning", False), ("fine-tuning", "finetuning", False), ("pretraining", "pre-training", False),
    ("SageMaker Clarify", "Sagemaker Clarfy", True), ("SageMaker Clarify", "sage maker clarify", False),
    ("Amazon SageMaker Clarify", "Sagemaker Clarfy", True),
    ("s3:GetObject", "S3 getobject", False), ("s3:GetObject", "s3:GetObjcet", True),
    ("INT8", "int 8", False), ("FP16", "fp-16", False), ("0,7", "0.7", False), ("NVLink-C2C", "nvlink c2c", False),
    ("Random Cut Forest", "randomcutforest", False), ("Random Cut Forest", "Random Cut Forrest", True),
    ("Amazon Transcribe", "Amazon Trancribe", True), ("Amazon Transcribe", "Amazon Trnscrbe", True),  # 2 in 10 letters
    ("Polly", "poly", True), ("DynamoDB", "dynamodb", False), ("viés (bias)", "vies", False),
    ("viés (bias)", "bias", False), ("Amazon Rekognition", "Amazon Recognition", True),
])
def test_a_real_typo_of_the_right_answer_passes(answer, text, is_typo) -> None:
    g = grade(typed(answer), text)
    assert (g.result, g.typo, g.suggested) == (RIGHT, is_typo, GOOD)
    assert g.given == (text,)


def test_an_empty_answer_is_asked_again_but_punctuation_alone_is_wrong() -> None:
    with pytest.raises(InvalidAnswer):
        grade(typed("S3"), "   ")
    assert grade(typed("S3"), "?").result == WRONG
    assert grade(typed("S3"), "s3").result == RIGHT
    assert grade(typed("S3"), "s 3").result == RIGHT


# --- contrast terms: the card's own text, the decks' vocabulary, the card's reject list ---------
def test_the_other_side_named_by_the_cards_own_text_is_wrong_a_typo_of_the_answer_is_not() -> None:
    q = cloze("O {{c1::online store}} serve com baixa latência; o offline store guarda o histórico.")
    assert grade(q, "offline store").result == WRONG
    g = grade(q, "onlin store")
    assert (g.result, g.typo) == (RIGHT, True)
    assert grade(q, "Online Store").result == RIGHT


def test_a_typo_nearer_another_term_of_the_card_is_wrong() -> None:
    front = "Não confunda com previsão: qual métrica mede os positivos previstos que são reais?"
    # previsão is one edit from precisão: a typo of the answer by distance, but the card names it
    assert grade(typed("precisão"), "previsão").result == RIGHT  # nothing says otherwise
    q = typed("precisão", front=front)
    assert grade(q, "previsão").result == WRONG
    assert grade(q, "prevsão").result == WRONG  # 2 from the answer, 1 from the other term
    g = grade(q, "precsão")  # 1 from the answer, 2 from the other term
    assert (g.result, g.typo) == (RIGHT, True)


def test_the_decks_vocabulary_passed_in_makes_a_near_term_wrong() -> None:
    assert grade(typed("Amazon Kendra"), "Amazon Kenda").result == RIGHT
    vocab = frozenset({"Amazon Kenda"})  # pretend another card's answer
    assert grade(typed("Amazon Kendra", vocabulary=vocab), "Amazon Kenda").result == WRONG
    assert grade(typed("Amazon Kendra", vocabulary=vocab), "Amazon Kendar").result == RIGHT
    # the card's own answers in the vocabulary are not contrasts of it
    own = frozenset({"Amazon Kendra", "Kendra"})
    assert grade(typed("Amazon Kendra", vocabulary=own), "Amazon Kendar").result == RIGHT


def test_a_reject_list_names_known_near_misses() -> None:
    assert grade(typed("Amazon Rekognition"), "Amazon Recognition").result == RIGHT
    q = typed("Amazon Rekognition", reject=["Amazon Recognition"])
    assert grade(q, "amazon recognition").result == WRONG
    assert grade(q, "Amazon Recogniton").result == WRONG  # nearer the reject than the answer
    assert grade(q, "Amazon Rekogniton").result == RIGHT
    assert grade(typed("Amazon Rekognition", reject="Recognition"), "Recognition").result == WRONG


def test_terms_of_a_card_are_its_answer_like_texts() -> None:
    content = {"type": "cloze", "text": "O {{c1::encoder}} e o {{c2::decoder::parte}}.", "lang": "pt-BR"}
    assert terms_of(content) == {"encoder", "decoder"}
    mcq = {"type": "mcq", "choices": ["Amazon Polly", "Amazon Lex"], "answer": "Amazon Polly"}
    assert terms_of(mcq) == {"Amazon Polly", "Amazon Lex"}


# --- partial credit only for several parts ----------------------------------------------------
def test_a_cloze_with_several_blanks_for_one_number_gives_partial_credit() -> None:
    q = cloze("{{c1::Amazon Bedrock}} e {{c1::SageMaker}} são serviços.")
    assert grade(q, "amazon bedrock; sagemaker").result == RIGHT
    assert grade(q, "amazon bedrok, sagemaker").typo
    g = grade(q, "amazon bedrock; kendra")
    assert (g.result, g.marks, g.suggested) == (PARTIAL, (True, False), HARD)
    assert grade(q, "amazon bedrock").result == PARTIAL  # one of two parts named
    assert grade(q, "kendra; lex").result == WRONG


def test_a_typed_answer_listing_parts_gives_partial_credit() -> None:
    q = typed("FP16; INT8")
    assert grade(q, "fp16; int8").result == RIGHT
    assert grade(q, "FP16 INT8").result == RIGHT
    assert grade(q, "fp16; int4").result == PARTIAL
    assert grade(q, "fp32; int4").result == WRONG


def test_a_near_miss_of_a_single_answer_is_wrong_not_partial() -> None:
    for text in ("Amazon Transc", "Amazon Bedroc agents", "random forest", "INT4"):
        for q in (typed("Amazon Transcribe"), typed("Random Cut Forest"), typed("INT8"), cloze("{{c1::Amazon Bedrock}}")):
            assert grade(q, text).result in (WRONG, RIGHT)
            assert grade(q, text).result != PARTIAL


# --- the bundled decks ------------------------------------------------------------------------
@lru_cache(maxsize=1)
def bundled() -> tuple[list, list[str], frozenset[str]]:
    decks, problems = validate_paths([DECKS])
    assert not problems
    cards = [c for d in decks for c in study_cards(d) if c.type in ("typed", "cloze")]
    vocabulary = frozenset(t for d in decks for c in study_cards(d) for t in terms_of(c.content))
    answers = sorted({a for c in cards for a in make_question(c.content, random.Random(0)).answers})
    return cards, answers, vocabulary


def _same_thing(a: str, b: str) -> bool:
    """Two answers for one thing: equal but for case, accents, spacing or a leading Amazon / AWS."""
    return _core(a) == _core(b)


@pytest.mark.slow
def test_no_bundled_answer_passes_as_a_typo_of_another_even_without_the_vocabulary() -> None:
    cards, answers, _ = bundled()
    assert len(answers) > 100
    accepted = []
    for card in cards:
        q = make_question(card.content, random.Random(0))
        for other in answers:
            if not any(_same_thing(other, a) for a in q.answers) and grade(q, other).result != WRONG:
                accepted.append((card.key, other))
    assert accepted == []


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_property_with_the_decks_vocabulary_no_other_answer_is_accepted(data) -> None:
    cards, answers, vocabulary = bundled()
    card = data.draw(st.sampled_from(cards))
    q = make_question(card.content, random.Random(0), vocabulary)
    other = data.draw(st.sampled_from(answers))
    if not any(_same_thing(other, a) for a in q.answers):
        assert grade(q, other).result == WRONG


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_property_case_and_spacing_never_change_a_bundled_verdict(data) -> None:
    cards, _, vocabulary = bundled()
    card = data.draw(st.sampled_from(cards))
    q = make_question(card.content, random.Random(0), vocabulary)
    answer = " ".join(q.answers) if q.type == "cloze" and len(q.answers) > 1 else q.answers[0]
    flips = data.draw(st.lists(st.booleans(), min_size=len(answer), max_size=len(answer)))
    text = "".join(ch.swapcase() if f else ch for ch, f in zip(answer, flips))
    text = "  " + text.replace(" ", data.draw(st.sampled_from([" ", "  ", " - "]))) + " "
    g = grade(q, text)
    assert (g.result, g.typo) == (RIGHT, False), (card.key, text)


# --- the difference, readable without colour --------------------------------------------------
@pytest.mark.parametrize("text,expected,markers", [
    ("amazon bedrok", "Amazon Bedrock", "            ^"),     # the missing c
    ("AMAZON BEDROCK", "Amazon Bedrock", ""),                 # case only: no error
    ("reforco", "reforço", ""),                               # accents only
    ("fine tuning", "fine-tuning", ""),                       # hyphen and spacing
    ("Sagemaker Clarfy", "SageMaker Clarify", "              ^"),  # the i, not the case of M
    ("INT4", "INT8", "   ^"),
    ("Bedroock", "Bedrock", "     ^"),                        # an extra letter: marked where it went in
    ("Bedrockk", "Bedrock", "      ^"),                       # ... at the end: on the last letter
    ("xyz", "S3", "^^"),
])
def test_diff_markers_point_at_each_difference(text, expected, markers) -> None:
    assert diff_markers(text, expected) == markers


def test_diff_markers_align_with_decomposed_accents() -> None:
    decomposed = "decodificac\u0327a\u0303o"  # NFD: the markers follow the NFC form shown
    assert diff_markers("decodificaco", decomposed) == "           ^"


# --- the loader -------------------------------------------------------------------------------
DECK = """
deck: honesto
title: Correção honesta
topics: [honesto]
cards:
  - id: precisao
    type: typed
    front: Qual precisão numérica reduz a memória na inferência?
    answer: INT8
  - id: bedrock
    type: cloze
    text: "O {{c1::Amazon Bedrock}} dá acesso a modelos de fundação."
  - id: feature-store
    type: cloze
    text: "O {{c1::online store}} serve features com baixa latência; o offline store guarda o histórico."
  - id: rekognition
    type: typed
    front: Serviço de visão computacional da AWS?
    answer: Amazon Rekognition
    reject: [Amazon Recognition]
"""


def test_reject_is_read_as_a_text_or_a_list_and_reaches_grading() -> None:
    deck = load_deck_text(DECK, "honesto.yaml")
    card = next(c for c in study_cards(deck) if c.key == "honesto/rekognition")
    assert card.content["reject"] == ["Amazon Recognition"]
    assert grade(make_question(card.content, random.Random(0)), "Amazon Recognition").result == WRONG
    one = DECK.replace("reject: [Amazon Recognition]", "reject: Amazon Recognition")
    assert load_deck_text(one, "x.yaml").cards[3].fields["reject"] == ["Amazon Recognition"]


@pytest.mark.parametrize("bad,message", [
    ("reject: [Amazon Rekognition]", "also an accepted answer"),
    ("reject: {a: [1]}", "reject"),
    ("reject: []", "reject"),
    ("reject: [[x]]", "reject"),
])
def test_a_bad_reject_is_refused_with_its_line(bad, message) -> None:
    text = DECK.replace("reject: [Amazon Recognition]", bad)
    with pytest.raises(InvalidInput) as err:
        load_deck_text(text, "x.yaml")
    assert message in str(err.value) and "x.yaml:20:" in str(err.value)


def test_reject_is_not_a_field_of_other_types() -> None:
    text = DECK + "  - id: escolha\n    type: mcq\n    front: Q\n    choices: [a, b]\n    answer: a\n    reject: [b]\n"
    with pytest.raises(InvalidInput, match="reject"):
        load_deck_text(text, "x.yaml")


# --- end to end: review and quiz with stdin piped ------------------------------------------------
@pytest.fixture
def honest_deck(write, cli):
    path = write("honesto.yaml", DECK)
    assert cli("import", str(path)).exit_code == 0
    return path


def log(cli) -> list[dict]:
    out = cli("log", "export", "--format", "jsonl").output
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def panels(output: str) -> list[list[str]]:
    """The answer panels: their inner lines, right-stripped."""
    out, cur = [], None
    for line in output.splitlines():
        if line.startswith("╭──"):
            cur = []
        elif line.startswith("╰") and cur is not None:
            out.append(cur)
            cur = None
        elif cur is not None:
            cur.append(line[2:-1].rstrip())
    return [p for p in out if p and p[0].split()[0] in ("Right", "Wrong", "Partly")]


def test_review_grades_honestly_and_shows_exactly_what_was_typed(cli, honest_deck) -> None:
    answers = "INT4\n\namazon bedrok\n\noffline store\n\nAmazon Recognition\n\n"
    result = cli("review", "--topic", "honesto", "--seed", "1", input=answers, now=NOW)
    assert result.exit_code == 0, result.output
    shown = panels(result.output)
    assert [p[0] for p in shown] == ["Wrong", "Right  (typo)", "Wrong", "Wrong"]
    assert shown[0][1:4] == ["Your answer: INT4", "Answer:      INT8", "                ^"]
    assert shown[1][1:4] == ["Your answer: amazon bedrok", "Answer:      Amazon Bedrock", "                         ^"]
    assert shown[2][1] == "Your answer: offline store"
    assert shown[3][1] == "Your answer: Amazon Recognition"
    rows = log(cli)
    assert [r["rating"] for r in rows] == [AGAIN, GOOD, AGAIN, AGAIN]  # Enter took each suggestion
    assert [r["answer"] for r in rows] == ["INT4", "amazon bedrok", "offline store", "Amazon Recognition"]


def test_review_case_only_difference_is_right_and_unmarked(cli, honest_deck) -> None:
    result = cli("review", "--topic", "honesto", "--seed", "1", input="int8\n\n", now=NOW)
    shown = panels(result.output)
    assert shown[0][:3] == ["Right", "Your answer: int8", "Answer:      INT8"]
    assert "^" not in "\n".join(shown[0])


QUIZ_DECK = """
deck: lojas
title: Feature Store
topics: [lojas]
cards:
  - id: online
    type: cloze
    text: "O {{c1::online store}} serve features com baixa latência; o offline store guarda o histórico."
"""


@pytest.mark.parametrize("text,verdict,rating", [
    ("offline store", "Wrong", AGAIN), ("onlin store", "Right  (typo)", GOOD), ("online", "Wrong", AGAIN),
])
def test_quiz_grades_honestly(cli, write, text, verdict, rating) -> None:
    assert cli("import", str(write("lojas.yaml", QUIZ_DECK))).exit_code == 0
    result = cli("quiz", "--topic", "lojas", "--seed", "3", input=f"{text}\n\n", now=NOW)
    assert result.exit_code == 0, result.output
    shown = panels(result.output)
    assert [p[0] for p in shown] == [verdict]
    assert shown[0][1] == f"Your answer: {text}"
    assert [r["rating"] for r in log(cli)] == [rating]


METRICS_DECK = """
deck: metricas
title: Métricas
topics: [metricas]
cards:
  - id: precisao
    type: cloze
    text: "A {{c1::precisão}} mede quantos dos positivos previstos são de fato positivos."
  - id: tarefa
    type: mcq
    front: Estimar o valor de uma casa é uma tarefa de quê?
    choices: [previsão, agrupamento]
    answer: previsão
"""


@pytest.mark.parametrize("only_cloze,verdict", [(False, "Wrong"), (True, "Right  (typo)")])
def test_quiz_passes_its_other_answers_as_contrast_terms(cli, write, only_cloze, verdict) -> None:
    # `previsão` is one edit from `precisão`: a typo, unless another question of the quiz names it
    assert cli("import", str(write("metricas.yaml", METRICS_DECK))).exit_code == 0
    extra = ["--type", "cloze"] if only_cloze else []
    # works in either order: the mcq refuses `previsão` and takes `a`; the cloze takes `previsão`
    result = cli("quiz", "--topic", "metricas", "--seed", "1", "--no-record", *extra,
                 input="previsão\na\n\nprevisão\n\n", now=NOW)
    assert result.exit_code == 0, result.output
    cloze_panel = [p for p in panels(result.output) if "Your answer: previsão" in p]
    assert len(cloze_panel) == 1 and cloze_panel[0][0] == verdict


def test_an_ending_is_a_typo_either_way_but_a_prefix_never_is() -> None:
    assert grade(cloze("Os {{c1::modelo}} e os modelos de fundação"), "modelos").typo
    assert grade(cloze("Os {{c1::modelos}} e o modelo de fundação"), "modelo").typo
    assert grade(cloze("O {{c1::codificador}} e o decodificador"), "decodificador").result == WRONG
    assert grade(cloze("O {{c1::decodificador}} e o codificador"), "codificador").result == WRONG


VOCAB_DECK = """
deck: vocab
title: Vocabulário
topics: [vocab]
cards:
  - id: um
    type: typed
    front: Qual serviço busca em documentos corporativos?
    answer: Amazon Kendra
  - id: dois
    type: typed
    front: Qual serviço fictício de teste?
    answer: Amazon Kenda
"""


def _logged(home) -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    import sqlite3

    db = sqlite3.connect(home / "genai-cards.sqlite3")
    try:
        return [(str(k), int(r), str(a)) for k, r, a in db.execute("SELECT card, rating, answer FROM reviews ORDER BY id")]
    finally:
        db.close()


def test_review_grades_with_the_decks_vocabulary_so_another_cards_answer_is_wrong(cli, write, home) -> None:
    """In review, another card's answer of the same deck is no typo of this one (it would be without)."""
    assert grade(typed("Amazon Kendra"), "Amazon Kenda").result == RIGHT  # alone, it would pass
    assert cli("import", str(write("vocab.yaml", VOCAB_DECK))).exit_code == 0
    result = cli("review", "--topic", "vocab", "--seed", "1", input="Amazon Kenda\n\nAmazon Kenda\n\n",
                 now="2026-03-10T10:00:00-03:00")
    assert result.exit_code == 0, result.output
    # new cards come in deck order: `um` (Amazon Kendra) first, then `dois` (Amazon Kenda)
    assert _logged(home) == [("vocab/um", AGAIN, "Amazon Kenda"), ("vocab/dois", GOOD, "Amazon Kenda")]


def test_review_still_takes_a_real_typo_when_the_deck_has_a_near_answer(cli, write, home) -> None:
    assert cli("import", str(write("vocab.yaml", VOCAB_DECK))).exit_code == 0
    result = cli("review", "--topic", "vocab", "--seed", "1", "--limit", "1", input="Amazon Kendar\n\n",
                 now="2026-03-10T10:00:00-03:00")
    assert result.exit_code == 0, result.output
    assert _logged(home) == [("vocab/um", GOOD, "Amazon Kendar")]


# --- the deck's vocabulary, kept in the store (vocabulary.py, migration m013) ------------------------

def _kept_cores(home, deck: str = "vocab"):  # type: ignore[no-untyped-def]
    import sqlite3

    db = sqlite3.connect(home / "genai-cards.sqlite3")
    try:
        return db.execute("SELECT answer_cores, cards_version FROM decks WHERE deck = ?", (deck,)).fetchone()
    finally:
        db.close()


def _set_cores(home, value, deck: str = "vocab") -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    db = sqlite3.connect(home / "genai-cards.sqlite3")
    with db:
        db.execute("UPDATE decks SET answer_cores = ? WHERE deck = ?", (value, deck))
    db.close()


def test_an_import_keeps_the_decks_answer_cores_as_grading_computes_them(cli, write, home) -> None:
    import json
    import sqlite3

    from genai_cards.grading import cores_of, terms_of

    basic = "  - id: tres\n    front: Qual serviço traduz textos?\n    back: Amazon Translate\n    reverse: true\n"
    assert cli("import", str(write("vocab.yaml", VOCAB_DECK + basic))).exit_code == 0
    kept, _ = _kept_cores(home)

    db = sqlite3.connect(home / "genai-cards.sqlite3")
    contents = [json.loads(c) for (c,) in db.execute("SELECT content FROM cards WHERE deck = 'vocab' AND retired = 0")]
    db.close()
    assert kept.split("\n") == sorted(cores_of(frozenset(t for c in contents for t in terms_of(c))))
    assert {"kendra", "kenda"} <= set(kept.split("\n"))


def test_a_changed_deck_drops_its_kept_cores_and_the_new_answers_are_used(cli, write, home) -> None:
    path = write("vocab.yaml", VOCAB_DECK)
    assert cli("import", str(path)).exit_code == 0
    before, version = _kept_cores(home)
    path.write_text(VOCAB_DECK.replace("Amazon Kendra", "Amazon Comprehend"), encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    after, version_after = _kept_cores(home)
    assert version_after == version + 1 and after != before
    # `um` now answers Amazon Comprehend: its typo passes, and `Amazon Kenda` has no near neighbour left
    result = cli("review", "--topic", "vocab", "--seed", "1", input="Amazon Comprehnd\n\nAmazon Kenda\n\n",
                 now="2026-03-10T10:00:00-03:00")
    assert result.exit_code == 0, result.output
    assert _logged(home) == [("vocab/um", GOOD, "Amazon Comprehnd"), ("vocab/dois", GOOD, "Amazon Kenda")]


def test_review_grades_with_the_kept_cores_not_with_the_cards_again(cli, write, home) -> None:
    """Kept cores are what grading uses: a doctored empty vocabulary lets the near answer pass; once
    dropped (NULL), the session computes them from the cards, keeps them, and grades honestly again."""
    assert cli("import", str(write("vocab.yaml", VOCAB_DECK))).exit_code == 0
    _set_cores(home, "")
    args = ("review", "--topic", "vocab", "--seed", "1", "--limit", "1")
    assert cli(*args, input="Amazon Kenda\n\n", now="2026-03-10T10:00:00-03:00").exit_code == 0
    assert _logged(home) == [("vocab/um", GOOD, "Amazon Kenda")]  # the vocabulary kept was empty
    _set_cores(home, None)
    assert cli(*args, input="Amazon Kenda\n\n", now="2026-03-20T10:00:00-03:00").exit_code == 0
    assert _logged(home)[-1] == ("vocab/um", AGAIN, "Amazon Kenda")
    assert _kept_cores(home)[0]  # computed by the session, and kept


def test_cores_computed_from_cards_since_changed_are_not_kept(cli, write, home) -> None:
    from genai_cards.store import open_store

    assert cli("import", str(write("vocab.yaml", VOCAB_DECK))).exit_code == 0
    _, version = _kept_cores(home)
    _set_cores(home, None)
    with open_store(home) as store:
        assert store.keep_answer_cores("vocab", version - 1, "stale") is False
        assert store.keep_answer_cores("vocab", version, "fresh") is True
    assert _kept_cores(home)[0] == "fresh"


def test_doctor_drops_the_kept_cores_to_be_computed_again(cli, write, home) -> None:
    assert cli("import", str(write("vocab.yaml", VOCAB_DECK))).exit_code == 0
    assert _kept_cores(home)[0]
    assert cli("doctor").exit_code == 0
    assert _kept_cores(home)[0] is None


def _core_from_words(text: str) -> str:
    from genai_cards.grading import OPTIONAL_LEAD, _words

    words = _words(text)[0]
    return "".join(words[1:] if len(words) > 1 and words[0] in OPTIONAL_LEAD else words)


@given(st.text())
@settings(max_examples=400, deadline=None)
def test_property_a_terms_compact_form_is_its_words_joined(text) -> None:
    from genai_cards.grading import _core

    assert _core(text) == _core_from_words(text)


@pytest.mark.parametrize("text", ["AWS3 Lambda", "Amazon", "amazon s3", "ＡＭＡＺＯＮ　Ｓ３", "Ǆungla", "ﬁne-tuning",
                                  "Transcrição da Amazon", "x²", "AWS_IoT", "  ", "İstanbul", "ß", "Amazon-Polly"])
def test_a_terms_compact_form_is_its_words_joined_on_unicode_corners(text) -> None:
    from genai_cards.grading import _core

    assert _core(text) == _core_from_words(text)
