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


def problem(text: str) -> str | None:
    """What makes a cloze text unusable (a nested or unclosed deletion, none, an empty one, a number
    outside 1-999), or None."""
    for m in CLOZE_RE.finditer(text):
        if "{{" in m.group(0)[2:]:
            return "nested"
    if OPEN_RE.search(CLOZE_RE.sub("", text)):
        return "unclosed"
    found = deletions(text)
    if not found:
        return "none"
    if any(not d.answer.strip() for d in found):
        return "empty"
    if not all(1 <= d.number <= MAX_NUMBER for d in found):
        return "number"
    return None


def render_question(text: str, number: int | None) -> str:
    """The text with deletion `number` (every deletion, for None) hidden as `[...]` (or `[hint]`),
    the others shown."""

    def repl(m: re.Match[str]) -> str:
        if number is None or _number(m.group(1)) == number:
            return f"[{m.group(3)}]" if m.group(3) else "[...]"
        return m.group(2)

    return CLOZE_RE.sub(repl, text)


def render_full(text: str) -> str:
    """The text with every deletion shown."""
    return CLOZE_RE.sub(lambda m: m.group(2), text)


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
