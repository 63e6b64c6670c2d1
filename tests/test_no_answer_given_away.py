"""SPEC §6 / issue 12: nothing on a review, quiz or exam screen gives the answer away before the
learner answers (no card id, no deck id; position carries nothing; undo keeps the shuffle), and
after the answer: the card id, the `why` of each choice, and "I don't know" for the exam formats."""

from __future__ import annotations

import json
import re

import pytest

NOW = "2026-03-10T10:00:00-03:00"
CARD_LINE = re.compile(r"Card: ([^\s│]+)")

WHY_DECK = """
deck: porques
title: Porquês
topics: [porques]
cards:
  - id: servico-de-fala
    type: mcq
    front: Qual serviço converte texto em fala?
    choices:
      - {text: Amazon Polly, why: Polly sintetiza fala a partir de texto.}
      - {text: Amazon Transcribe, why: "Transcribe faz o contrário, fala em texto."}
      - {text: Amazon Translate, why: Translate traduz texto entre idiomas.}
      - Amazon Lex
    answer: Amazon Polly
    explain: Polly é o serviço de texto para fala.
  - id: sem-porques
    type: multi
    front: Quais serviços trabalham com áudio? (escolha 2)
    choices: [Amazon Polly, Amazon Transcribe, Amazon Textract, Amazon Kendra, Amazon Macie]
    answers: [Amazon Polly, Amazon Transcribe]
    explain: Polly fala, Transcribe ouve.
  - id: ordem-rag
    type: order
    front: Ordene as etapas do RAG
    items: [Criar dados externos, Recuperar informações, Aumentar o prompt, Gerar a resposta]
  - id: pares-servicos
    type: match
    front: Associe serviço e uso
    pairs: [[Amazon Polly, texto em fala], [Amazon Transcribe, fala em texto], [Amazon Translate, tradução]]
"""


def ids_of(key: str) -> list[str]:
    """What would name a card: its key, its id, and its deck id as a header would print it (`deck/`)."""
    deck, card = key.split("/", 1)
    return [key, card.split(":")[0], deck + "/"]


def screens_before_answers(output: str) -> list[tuple[str, str]]:
    """(card key, everything printed since the previous answer) for each answer panel."""
    out, last = [], 0
    for m in CARD_LINE.finditer(output):
        panel_start = output.rfind("╭", last, m.start())
        out.append((m.group(1), output[last:panel_start]))
        last = m.end()
    return out


def assert_no_leak(screens: list[tuple[str, str]]) -> None:
    assert screens
    for key, before in screens:
        for name in ids_of(key):
            assert name not in before, (key, name, before[-1500:])


def test_review_screens_never_show_the_card_or_deck_id_before_the_answer(cli) -> None:
    # every bundled card type, answered by empty lines (reveal, I don't know, the suggested rating)
    result = cli("review", "--topic", "aif-c01", "--limit", "40", "--seed", "3", input="\n" * 200, now=NOW)
    assert result.exit_code == 0, result.output
    screens = screens_before_answers(result.output)
    assert len(screens) >= 30
    assert_no_leak(screens)


def test_quiz_screens_never_show_the_card_or_deck_id_before_the_answer(cli) -> None:
    result = cli("quiz", "--topic", "aif-c01", "--count", "25", "--seed", "5", "--no-record",
                 input="\n" * 200, now=NOW)
    assert result.exit_code == 0, result.output
    screens = screens_before_answers(result.output)
    assert len(screens) == 25
    assert_no_leak(screens)


def test_mock_exam_screens_never_show_any_drawn_card_id_before_the_report(cli) -> None:
    result = cli("quiz", "--exam", "aif-c01", "--seed", "8", "--no-record", input="\n" * 66 + "s\ny\n", now=NOW)
    assert result.exit_code == 0, result.output
    before, report = result.output.split("Scaled score:")
    keys = re.findall(r"^\d+\. (\S+/\S+)", report, flags=re.M)  # every question, all unanswered
    assert len(keys) == 65
    for key in keys:
        for name in ids_of(key):
            assert name not in before, (key, name)


def test_card_id_is_shown_after_the_answer(cli, write) -> None:
    assert cli("import", str(write("porques.yaml", WHY_DECK))).exit_code == 0
    result = cli("review", "--topic", "porques", input="\n\n", now=NOW)
    assert "Card: porques/servico-de-fala" in result.output


def options(panel: str) -> list[str]:
    """The labelled options of a question panel (up to its bottom edge)."""
    return re.findall(r"│\s+[a-z]\) (.+?)\s*│", panel.split("╰")[0])


def test_position_carries_nothing_the_right_choice_moves_between_showings(cli, write) -> None:
    assert cli("import", str(write("porques.yaml", WHY_DECK))).exit_code == 0
    places = set()
    for seed in range(12):
        shown = cli("quiz", "--topic", "porques", "--type", "mcq", "--count", "1", "--seed", str(seed),
                    "--no-record", input="", now=NOW).output
        places.add(options(shown).index("Amazon Polly"))
    assert len(places) >= 3


@pytest.mark.parametrize("seed", range(4))
def test_undo_shows_the_answered_card_again_with_the_same_shuffle(cli, write, seed) -> None:
    assert cli("import", str(write("porques.yaml", WHY_DECK))).exit_code == 0
    # the mcq answered and rated, then `u` on the next card: the mcq comes back as it was
    out = cli("review", "--topic", "porques", "--seed", str(seed), input="a\n3\nu\nq\n", now=NOW).output
    panels = [p for p in out.split("╭─ ") if p.startswith("mcq")]
    assert len(panels) == 2, out
    assert options(panels[0]) == options(panels[1])


@pytest.mark.parametrize("seed", range(4))
def test_the_card_on_screen_at_undo_keeps_its_shuffle_too(cli, write, seed) -> None:
    assert cli("import", str(write("porques.yaml", WHY_DECK))).exit_code == 0
    # mcq; multi (I don't know, Enter); `u` on the order card: the multi comes back and is answered; the
    # order card (as it was) again, `u` on it: the multi a third time
    out = cli("review", "--topic", "porques", "--seed", str(seed), input="a\n3\n\n\nu\n\n\nu\nq\n",
              now=NOW).output
    multis = [options(p) for p in out.split("╭─ ") if p.startswith("multi")]
    assert len(multis) == 3, out
    assert multis[0] == multis[1] == multis[2]
    orders = [options(p) for p in out.split("╭─ ") if p.startswith("order")]
    assert len(orders) == 2 and orders[0] == orders[1]


def letter_of(panel: str, text: str) -> str:
    return dict((t, l) for l, t in re.findall(r"│\s+([a-z])\) (.+?)\s*│", panel))[text]


def test_after_a_wrong_answer_every_choice_shows_its_why(cli, write) -> None:
    assert cli("import", str(write("porques.yaml", WHY_DECK))).exit_code == 0
    shown = cli("review", "--topic", "porques", "--seed", "1", input="", now=NOW).output
    wrong = letter_of(shown, "Amazon Translate")
    out = cli("review", "--topic", "porques", "--seed", "1", input=f"{wrong}\n\nq\n", now=NOW).output
    answer = out.split("Wrong", 1)[1]
    for why in ("Polly sintetiza fala a partir de texto.", "Transcribe faz o contrário, fala em texto.",
                "Translate traduz texto entre idiomas."):
        assert why in answer
    # each why sits under its own choice, whatever the shuffle
    assert re.search(r"Amazon Translate +← you *│\n│ +Translate traduz", answer)
    assert "Polly é o serviço de texto para fala." in answer  # explain too


def test_a_card_without_whys_shows_its_explain(cli, write) -> None:
    assert cli("import", str(write("porques.yaml", WHY_DECK))).exit_code == 0
    out = cli("quiz", "--topic", "porques", "--type", "multi", "--count", "1", "--no-record", input="ab\n\n",
              now=NOW).output
    assert "Why: Polly fala, Transcribe ouve." in out


def log(cli) -> list[dict]:
    return [json.loads(x) for x in cli("log", "export", "--format", "jsonl").output.splitlines() if x]


def test_an_empty_line_on_each_exam_format_shows_the_answer_and_suggests_again(cli, write) -> None:
    assert cli("import", str(write("porques.yaml", WHY_DECK))).exit_code == 0
    # mcq, multi, order, match in deck order: an empty line, then Enter for the suggested rating
    out = cli("review", "--topic", "porques", "--seed", "2", input="\n\n" * 4, now=NOW).output
    assert out.count("I don't know: here is the answer (Again is suggested).") == 4
    assert out.count("Enter = again") == 4
    assert "Polly sintetiza fala a partir de texto." in out  # the mcq's whys
    assert re.search(r"1\. Criar dados externos.*\n.*2\. Recuperar informações.*\n.*3\. Aumentar o prompt", out)
    assert re.search(r"\d\. Amazon Polly → texto em fala", out)
    assert [r["rating"] for r in log(cli)] == [1, 1, 1, 1]
    assert all(r["answer"] is None for r in log(cli))


def test_a_wrong_letter_is_not_i_dont_know_but_asked_again(cli, write) -> None:
    assert cli("import", str(write("porques.yaml", WHY_DECK))).exit_code == 0
    out = cli("review", "--topic", "porques", "--seed", "2", input="z\nq\n", now=NOW).output
    assert "Not a valid answer" in out and "I don't know: here is the answer" not in out
    assert log(cli) == []


def test_the_hint_offers_i_dont_know_on_every_exam_format(cli, write) -> None:
    assert cli("import", str(write("porques.yaml", WHY_DECK))).exit_code == 0
    out = cli("review", "--topic", "porques", input="", now=NOW).output
    assert "Empty line: I don't know, show the answer · u: undo · s: suspend · q: quit" in out
