"""`card show` shows the whole card in text as in --json: choices with their whys and the right ones
marked, items in order, pairs, texts graded wrong, and the explanation (issue 15)."""

from __future__ import annotations

DECK = """
deck: inteiro
title: Cartão inteiro
topics: [inteiro]
cards:
  - id: escolha
    type: mcq
    front: Qual serviço converte texto em fala?
    choices:
      - {text: Amazon Polly, why: Sintetiza fala a partir de texto.}
      - {text: Amazon Transcribe, why: "Faz o contrário, fala em texto."}
      - Amazon Lex
    answer: Amazon Polly
    explain: Polly tem vozes neurais.
  - id: ordem
    type: order
    front: Ordene
    items: [primeiro, segundo, terceiro]
  - id: pares
    type: match
    front: Associe
    pairs: [[Polly, voz], [Textract, documentos], [Translate, tradução]]
  - id: digitada
    type: typed
    front: Serviço de OCR?
    answer: [Amazon Textract, Textract]
    reject: [Amazon Texttract]
"""


def show(cli, write, card: str) -> list[str]:  # type: ignore[no-untyped-def]
    assert cli("import", str(write("inteiro.yaml", DECK))).exit_code == 0
    result = cli("card", "show", f"inteiro/{card}")
    assert result.exit_code == 0, result.output
    return [line.rstrip() for line in result.stdout.splitlines()]


def test_card_show_lists_each_choice_with_its_why_and_marks_the_right_one(cli, write) -> None:
    lines = show(cli, write, "escolha")
    start = lines.index("choices:")
    assert lines[start:start + 6] == [
        "choices:",
        "  ✓ Amazon Polly",
        "      Sintetiza fala a partir de texto.",
        "  · Amazon Transcribe",
        "      Faz o contrário, fala em texto.",
        "  · Amazon Lex",
    ]
    assert "explanation: Polly tem vozes neurais." in lines


def test_card_show_gives_order_items_in_order_and_match_pairs(cli, write) -> None:
    lines = show(cli, write, "ordem")
    start = lines.index("items, in order:")
    assert lines[start + 1:start + 4] == ["  1. primeiro", "  2. segundo", "  3. terceiro"]
    lines = show(cli, write, "pares")
    start = lines.index("pairs:")
    assert lines[start + 1:start + 4] == ["  Polly → voz", "  Textract → documentos", "  Translate → tradução"]


def test_card_show_gives_the_accepted_answers_and_the_rejected_near_misses(cli, write) -> None:
    lines = show(cli, write, "digitada")
    assert "answer: Amazon Textract / Textract" in lines
    assert "graded wrong: Amazon Texttract" in lines
    assert not any(line.startswith("choices") for line in lines)
