"""Output into a pipe the reader has closed (`genai-cards log export -o - | head`) ends quietly, exit 0."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

NOW = "2026-03-10T10:00:00-03:00"


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run the program with stdout on a pipe whose reading end is already closed (as after `head`)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([sys.executable, "-m", "genai_cards", *args], stdout=write, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, env=os.environ | {"GENAI_CARDS_NOW": NOW}, timeout=60)
    finally:
        os.close(write)


@pytest.mark.parametrize("args", [
    ("log", "export", "--format", "csv", "-o", "-"),
    ("log", "export", "--format", "jsonl", "-o", "-"),
    ("stats",),
    ("due",),
    ("export", "--format", "csv", "-o", "-"),
    ("decks", "--json"),
])
def test_a_closed_pipe_ends_the_command_quietly_with_exit_0(args, cli, small_deck) -> None:
    assert cli("review", "--topic", "teste", input="\n3\n\n3\n", now=NOW).exit_code == 0
    result = run_into_closed_pipe(*args)
    assert (result.returncode, result.stderr.decode()) == (0, "")


def test_a_real_write_error_is_still_an_error(tmp_path) -> None:
    result = subprocess.run([sys.executable, "-m", "genai_cards", "log", "export", "-o", str(tmp_path / "no" / "x.csv")],
                            capture_output=True, text=True, env=os.environ | {"GENAI_CARDS_NOW": NOW})
    assert result.returncode == 1 and result.stderr.startswith("Error: ") and "cannot write" in result.stderr
