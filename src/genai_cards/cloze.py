"""Cloze deletions: `{{c1::answer}}` and `{{c1::answer::hint}}`."""

from __future__ import annotations

import re
from dataclasses import dataclass

CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
OPEN_RE = re.compile(r"\{\{c\d*::")
MAX_NUMBER = 999


def _number(digits: str) -> int:
    """A deletion's number; thousands of digits never reach int() (Python refuses them with an error)."""
    return int(digits) if len(digits) <= 6 else 10**6


@dataclass(frozen=True)
class Deletion:
    """One deletion in a cloze text."""

    number: int
    answer: str
    hint: str | None


def deletions(text: str) -> list[Deletion]:
    """Every deletion in the text, in order of appearance."""
    return [Deletion(_number(m.group(1)), m.group(2), m.group(3)) for m in CLOZE_RE.finditer(text)]


def structure_problem(text: str) -> str | None:
    """Why the text's deletions are malformed (nested, unclosed, numbered out of range), or None."""
    for m in CLOZE_RE.finditer(text):
        if "{{" in m.group(0)[2:]:
            return "nested"
        if not 1 <= _number(m.group(1)) <= MAX_NUMBER:
            return "number"
    if OPEN_RE.search(CLOZE_RE.sub("", text)):
        return "unclosed"
    return None


def render_question(text: str, number: int) -> str:
    """The text with deletion `number` hidden as `[...]` (or `[hint]`) and the others shown."""

    def repl(m: re.Match[str]) -> str:
        if _number(m.group(1)) == number:
            return f"[{m.group(3)}]" if m.group(3) else "[...]"
        return m.group(2)

    return CLOZE_RE.sub(repl, text)


def render_answer(text: str, number: int, mark: tuple[str, str] = ("[", "]")) -> str:
    """The full text, with deletion `number` wrapped in `mark`."""

    def repl(m: re.Match[str]) -> str:
        if _number(m.group(1)) == number:
            return f"{mark[0]}{m.group(2)}{mark[1]}"
        return m.group(2)

    return CLOZE_RE.sub(repl, text)


def answers_for(text: str, number: int) -> list[str]:
    """The hidden answers of deletion `number` (a number may appear more than once)."""
    return [d.answer for d in deletions(text) if d.number == number]
