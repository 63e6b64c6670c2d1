"""Answers -> right / partial / wrong, for every card type, over plain data.

A `Question` is one showing of a card: its choices, items or partners shuffled and labelled
`a`, `b`, `c`…. `grade(question, text)` parses what the learner typed (SPEC §3 syntax) and either
returns a `Grade` or raises `InvalidAnswer` (unknown letter, wrong count, repeated label), which
never counts as wrong.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Mapping

from .cloze import answers_for, render_answer, render_question
from .model import AGAIN, GOOD, HARD, LETTERS, text_in

RIGHT, PARTIAL, WRONG = "right", "partial", "wrong"
SUGGESTED = {RIGHT: GOOD, PARTIAL: HARD, WRONG: AGAIN}


class InvalidAnswer(ValueError):
    """The input is not an answer to this question; ask again with this hint."""


@dataclass(frozen=True)
class Question:
    """One showing of a card. `options` are the labelled texts (choices, items or partners)."""

    type: str
    prompt: str
    options: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    expected: tuple[str, ...] = ()  # the right labels: mcq 1, multi n, order in order, match per row
    answers: tuple[str, ...] = ()  # accepted texts (typed, cloze)
    back: str = ""
    explain: str = ""
    auto: bool = True

    @property
    def labels(self) -> str:
        return LETTERS[: len(self.options)]


@dataclass(frozen=True)
class Grade:
    """The verdict on an answer: right/partial/wrong, what was given, and per-position marks."""

    result: str
    given: tuple[str, ...] = ()
    marks: tuple[bool, ...] = ()
    typo: bool = False
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def suggested(self) -> int:
        return SUGGESTED[self.result]


def make_question(content: Mapping[str, Any], rng: random.Random) -> Question:
    """Build one showing of a stored card, shuffling with `rng`."""
    lang = str(content.get("lang", "pt-BR"))
    t = str(content["type"])
    explain = text_in(content.get("explain"), lang) if content.get("explain") else ""

    def tx(v: Any) -> str:
        return text_in(v, lang)

    if t == "basic":
        return Question(t, tx(content["front"]), back=tx(content["back"]), explain=explain, auto=False)
    if t == "cloze":
        text, n = tx(content["text"]), int(content["cloze"])
        back = tx(content["back"]) if content.get("back") else ""
        return Question(
            t, render_question(text, n), answers=tuple(answers_for(text, n)),
            back=render_answer(text, n), explain="\n".join(x for x in (back, explain) if x),
        )
    if t == "typed":
        raw = content["answer"]
        answers = tuple(tx(a) for a in (raw if isinstance(raw, list) else [raw]))
        return Question(t, tx(content["front"]), answers=answers, back=answers[0], explain=explain)
    if t == "mcq":
        choices = [tx(c) for c in content["choices"]]
        rng.shuffle(choices)
        right = tx(content["answer"]).strip()
        label = LETTERS[[c.strip() for c in choices].index(right)]
        return Question(t, tx(content["front"]), tuple(choices), expected=(label,), back=right, explain=explain)
    if t == "multi":
        choices = [tx(c) for c in content["choices"]]
        rng.shuffle(choices)
        right_set = {tx(a).strip() for a in content["answers"]}
        labels = tuple(LETTERS[i] for i, c in enumerate(choices) if c.strip() in right_set)
        return Question(t, tx(content["front"]), tuple(choices), expected=labels,
                        back="; ".join(tx(a) for a in content["answers"]), explain=explain)
    if t == "order":
        items = [tx(i) for i in content["items"]]
        shown = _derange(items, rng)
        expected = tuple(LETTERS[shown.index(i)] for i in items)
        return Question(t, tx(content["front"]), tuple(shown), expected=expected,
                        back=" → ".join(items), explain=explain)
    if t == "match":
        pairs = [(tx(a), tx(b)) for a, b in content["pairs"]]
        rng.shuffle(pairs)
        rights = [b for _, b in pairs]
        shown = _derange(rights, rng)
        expected = tuple(LETTERS[shown.index(b)] for b in rights)
        return Question(t, tx(content["front"]), tuple(shown), rows=tuple(a for a, _ in pairs),
                        expected=expected, back="; ".join(f"{a} → {b}" for a, b in pairs), explain=explain)
    raise ValueError(f"unknown card type {t!r}")


def _derange(items: list[str], rng: random.Random) -> list[str]:
    """A shuffled copy that is not already in the given order (when there are 2+ items)."""
    shown = items[:]
    for _ in range(10):
        rng.shuffle(shown)
        if shown != items or len(items) < 2:
            break
    return shown


# --- parsing what was typed ---------------------------------------------------------------
def _letters(text: str, q: Question) -> list[str]:
    tokens = re.sub(r"[\s,;]+", "", text.strip().lower())
    if not tokens:
        raise InvalidAnswer("type the letters of your answer")
    for ch in tokens:
        if ch not in q.labels:
            raise InvalidAnswer(f"'{ch}' is not one of {', '.join(q.labels)}")
    return list(tokens)


def _no_repeats(letters: list[str]) -> None:
    seen = set()
    for ch in letters:
        if ch in seen:
            raise InvalidAnswer(f"'{ch}' is repeated")
        seen.add(ch)


def _match_letters(text: str, q: Question) -> list[str]:
    """`bca` or `1b 2c 3a` (rows in any order) -> the partner letter of each row."""
    raw = text.strip().lower()
    pairs = re.findall(r"(\d+)\s*[-:=.]?\s*([a-z])", raw)
    if pairs and re.sub(r"[\s,;]+", "", raw) == "".join(n + ch for n, ch in pairs):
        by_row: dict[int, str] = {}
        for n, ch in pairs:
            row = int(n)
            if not 1 <= row <= len(q.rows):
                raise InvalidAnswer(f"there is no row {row}")
            if row in by_row:
                raise InvalidAnswer(f"row {row} is answered twice")
            if ch not in q.labels:
                raise InvalidAnswer(f"'{ch}' is not one of {', '.join(q.labels)}")
            by_row[row] = ch
        if len(by_row) != len(q.rows):
            raise InvalidAnswer(f"answer all {len(q.rows)} rows")
        letters = [by_row[i + 1] for i in range(len(q.rows))]
    else:
        letters = _letters(raw, q)
        if len(letters) != len(q.rows):
            raise InvalidAnswer(f"give {len(q.rows)} letters, one per row")
    _no_repeats(letters)
    return letters


def grade(q: Question, text: str) -> Grade:
    """Grade one typed answer to an auto-graded question."""
    if q.type == "mcq":
        letters = _letters(text, q)
        if len(letters) != 1:
            raise InvalidAnswer("pick exactly one letter")
        ok = letters[0] == q.expected[0]
        return Grade(RIGHT if ok else WRONG, tuple(letters), (ok,))
    if q.type == "multi":
        letters = _letters(text, q)
        _no_repeats(letters)
        if len(letters) != len(q.expected):
            raise InvalidAnswer(f"pick exactly {len(q.expected)} letters")
        hits = set(letters) & set(q.expected)
        result = RIGHT if len(hits) == len(q.expected) else PARTIAL if hits else WRONG
        return Grade(result, tuple(sorted(letters)), tuple(ch in q.expected for ch in sorted(letters)))
    if q.type in ("order", "match"):
        if q.type == "order":
            letters = _letters(text, q)
            _no_repeats(letters)
            if len(letters) != len(q.expected):
                raise InvalidAnswer(f"give all {len(q.expected)} letters, each once")
        else:
            letters = _match_letters(text, q)
        marks = tuple(a == b for a, b in zip(letters, q.expected))
        n_right = sum(marks)
        result = RIGHT if n_right == len(marks) else PARTIAL if n_right * 2 >= len(marks) else WRONG
        return Grade(result, tuple(letters), marks)
    if q.type in ("typed", "cloze"):
        return grade_text(q, text)
    raise InvalidAnswer("this card is not graded automatically")


def grade_text(q: Question, text: str) -> Grade:
    """Lenient text match: case, accents, punctuation, spacing ignored; a small typo tolerated."""
    if not text.strip():
        raise InvalidAnswer("type an answer")
    expected = list(q.answers)
    if q.type == "cloze" and len(expected) > 1:
        parts = [p for p in re.split(r"[;,]", text) if p.strip()]
        if len(parts) == len(expected):
            verdicts = [_text_verdict(p, [e]) for p, e in zip(parts, expected)]
            rights = sum(v[0] for v in verdicts)
            result = RIGHT if rights == len(parts) else PARTIAL if rights else WRONG
            return Grade(result, (text.strip(),), tuple(v[0] for v in verdicts), any(v[1] for v in verdicts))
        expected = [" ".join(expected)]
    ok, typo = _text_verdict(text, expected)
    if ok:
        return Grade(RIGHT, (text.strip(),), (True,), typo)
    close = any(_distance(normalize(text), normalize(e)) <= max(2, len(normalize(e)) // 3) for e in expected)
    return Grade(PARTIAL if close else WRONG, (text.strip(),), (False,))


def _text_verdict(text: str, accepted: list[str]) -> tuple[bool, bool]:
    given = normalize(text)
    for a in accepted:
        want = normalize(a)
        if given == want:
            return True, False
        if len(want) >= 4 and _distance(given, want) <= (1 if len(want) < 12 else 2):
            return True, True
    return False, False


def normalize(text: str) -> str:
    """Lowercase, no accents, punctuation as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    no_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in no_marks)
    return " ".join(cleaned.split())


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def diff_marks(given: str, expected: str) -> list[tuple[str, str]]:
    """Segments of `given` vs `expected` as (kind, text): 'same', 'extra' (typed, not wanted), 'missing'."""
    import difflib

    out: list[tuple[str, str]] = []
    sm = difflib.SequenceMatcher(a=given, b=expected, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.append(("same", given[i1:i2]))
        else:
            if i2 > i1:
                out.append(("extra", given[i1:i2]))
            if j2 > j1:
                out.append(("missing", expected[j1:j2]))
    return out
