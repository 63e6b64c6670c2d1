"""The quiz summary's list of missed questions shows each question's first line whole when it fits,
and cut at the end of a word with `…` when it does not (never mid-word)."""

from __future__ import annotations

LONG = ("Qual serviço da AWS converte texto escrito em fala natural com vozes neurais para aplicações de "
        "atendimento e leitura em voz alta?")
DECK = f"""
deck: longo
title: Perguntas longas
topics: [longo]
cards:
  - id: longa
    type: typed
    front: "{LONG}"
    answer: [Amazon Polly]
  - id: curta
    type: typed
    front: Serviço de tradução?
    answer: [Amazon Translate]
"""


def test_a_long_missed_question_is_cut_at_a_word_with_an_ellipsis_and_a_short_one_whole(cli, write) -> None:
    assert cli("import", str(write("longo.yaml", DECK))).exit_code == 0
    out = cli("quiz", "--topic", "longo", "--seed", "1", "--no-record", input="Amazon Lex\n\nAmazon Lex\n\n",
              now="2026-03-10T10:00:00-03:00").output
    missed = out[out.index("Missed"):]
    line = next(x for x in missed.splitlines() if "longo/longa" in x)
    shown = line.split("longo/longa: ", 1)[1].strip()
    assert shown.endswith("…") and len(shown) <= 90
    assert LONG.startswith(shown[:-1]) and LONG[len(shown) - 1] == " "  # cut where a word ends
    assert "• longo/curta: Serviço de tradução?" in missed and "tradução?…" not in missed
