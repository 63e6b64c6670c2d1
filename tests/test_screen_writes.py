"""What reaches the terminal between two answers: each question in one write (its blank line, its
counts line and its panel together, never a counts line alone on screen waiting for its card), and
on a terminal the rating key echoed after the prompt as it was pressed."""

from __future__ import annotations

import io
import sys
import termios
import time

from typer.testing import CliRunner

from genai_cards.cli import app
from genai_cards.commands.base import Env
from genai_cards.streams import Streams
from test_reliability import Pty, env_for


class Writes(io.StringIO):
    """A stdout that keeps each write apart."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)


def test_each_question_reaches_the_terminal_in_one_write_with_its_counts_line(home, small_deck) -> None:
    out = Writes()
    answers = "\n3\n" * 3  # reveal (or an empty answer) and Good, three cards
    streams = Streams(stdin=io.StringIO(answers), stdout=out, stderr=io.StringIO())
    result = CliRunner().invoke(app, ["review", "--topic", "teste", "--seed", "1"], obj=Env(streams=streams))
    assert result.exit_code == 0, result.output
    screens = [w for w in out.writes if "╭─" in w and " new · " in w]
    assert len(screens) >= 3, out.getvalue()
    for screen in screens:
        assert screen.startswith("\n")  # the blank line before the counts line
        head, panel = screen[1:].split("\n", 1)
        assert head.endswith(" review") and " learning · " in head
        assert panel.startswith("╭─ ") and panel.rstrip("\n").endswith("╯")
    # nothing of a question is written on its own: every counts line and every card top is in one of them
    assert sum(" new · " in w for w in out.writes) == len(screens)
    assert sum("╭─ basic" in w or "╭─ typed" in w or "╭─ cloze" in w or "╭─ mcq" in w for w in out.writes) \
        == len(screens)


def wait_for_single_keys(term: Pty, timeout: float = 10.0) -> None:
    """Until the program reads single keys (cbreak: the terminal itself echoes nothing), so what it
    shows of a key sent now is its own echo."""
    end = time.monotonic() + timeout
    while termios.tcgetattr(term.master)[3] & termios.ECHO:
        assert time.monotonic() < end, "the program never read a single key"
        time.sleep(0.01)


def test_on_a_terminal_the_rating_key_is_echoed_after_the_prompt(home, small_deck) -> None:
    term = Pty([sys.executable, "-m", "genai_cards", "review", "--topic", "teste", "--seed", "1"], env_for(home))
    try:
        term.expect(" new · ")
        term.expect("> ")
        term.send(" ")
        term.expect("Enter = ")
        term.expect("> ")
        wait_for_single_keys(term)
        term.send("4")
        term.expect("4\r\n\r\n")  # the key as pressed on the prompt's line, then the next card's blank line
        term.expect(" new · ")
    finally:
        term.kill()
