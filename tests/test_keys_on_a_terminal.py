"""Single keys on a real terminal (a pty): only the keys the hint names act, a multi-byte key is read
whole, and what was typed ahead never answers the next card."""

from __future__ import annotations

import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from test_reliability import Pty, env_for

DECK = """\
deck: teclas
title: Teclas
topics: [teclas]
cards:
  - id: primeiro
    front: Pergunta basica
    back: Resposta basica
  - id: segundo
    type: typed
    front: Servico de texto para fala?
    answer: Amazon Polly
"""


def rows(home: Path) -> list[tuple[str, int, str | None]]:
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    try:
        return db.execute("SELECT card, rating, answer FROM reviews ORDER BY id").fetchall()
    finally:
        db.close()


def test_letters_and_c_cedilla_neither_reveal_nor_rate_and_keys_typed_ahead_are_dropped(home, tmp_path, cli) -> None:
    deck = tmp_path / "teclas.yaml"
    deck.write_text(DECK, encoding="utf-8")
    assert cli("import", str(deck)).exit_code == 0
    term = Pty([sys.executable, "-m", "genai_cards", "review", "--topic", "teclas"], env_for(home))
    try:
        term.expect("Pergunta basica")
        term.expect("> ")
        # at the reveal prompt: a letter, `ç` (two bytes: its first byte alone once read as Enter) and a
        # rating are all ignored; Space reveals
        term.send("xç4")
        term.send(" ")
        term.expect("Resposta basica")
        term.expect("Enter = good")
        # at the rating prompt: `ç` and a letter are ignored, 1 rates Again; the typed answer sent in the
        # same burst, before the next card is on screen, must not answer it
        term.send("çz1Amazon Polly\n")
        term.expect("Servico de texto para fala?")
        term.expect("> ")
        term.send("Amazon Pol\n")
        term.expect("Enter = ")
        term.send("1")
        term.expect("Pergunta basica")  # shown again: learning, due within the 20-minute learn-ahead
    finally:
        term.kill()
    assert rows(home)[:2] == [("teclas/primeiro", 1, None), ("teclas/segundo", 1, "Amazon Pol")]


def test_a_mock_exam_on_a_terminal_flags_moves_on_and_asks_before_quitting(home) -> None:
    term = Pty([sys.executable, "-m", "genai_cards", "quiz", "--exam", "aif-c01", "--count", "3", "--seed", "1"],
               env_for(home))
    try:
        term.expect("Question 1/3")
        term.expect("> ")
        term.send("flag\n")
        term.expect("Question 1 is flagged for review.")
        term.send("\n")
        term.expect("Question 2/3")
        term.expect("> ")
        term.send("q\n")
        term.expect("Quit now?")
        term.send("n\n")
        term.expect("> ")
        term.send("q\n")
        term.expect("Quit now?")
        term.send("y\n")
        term.expect("Scaled score")
    finally:
        term.kill()

