"""Answers -> right / partial / wrong, for every card type, over plain data.

A `Question` is one showing of a card: its choices, items or partners shuffled and labelled
`a`, `b`, `c`…. `grade(question, text)` parses what the learner typed (SPEC §3 syntax) and either
returns a `Grade` or raises `InvalidAnswer` (unknown letter, wrong count, repeated label), which
never counts as wrong.

Typed and cloze answers are graded honestly (SPEC §4): case, accents, punctuation, hyphens and
spacing never matter, and a real typo of the right answer passes (flagged), but an answer that names
a different thing is wrong whatever its edit distance. The rule, word by word (`_match`):

- words with digits, and the unit after a number, match exactly (`INT4` ≠ `INT8`, `2 GB` ≠ `1 GB`);
- words of up to 3 letters match exactly (`S3`, `get`/`put` in `s3:GetObject`, `cut` in
  `Random Cut Forest`), so a missing or changed short word is wrong;
- longer words take 1 edit (up to 7 letters) or 2 (8+), never at the first letter: no prefix or
  first syllable added or dropped (`decoder`/`encoder`, `codificador`/`decodificador`);
- every word of the answer must be there (a missing word is wrong, not partly right); only a
  leading `Amazon`/`AWS` may be left out or added, and a trailing `(gloss)` is an alternative;
- spaces may be dropped or added inside a word only where no short piece results
  (`sagemaker` = `SageMaker`, but `de codificador` ≠ `decodificador`);
- a typo must be nearer the answer than any contrast term: another term of the card's own text,
  the decks' vocabulary passed in by the caller, or the card's `reject:` list (exact hits of these
  are wrong).

Partial credit is given only where a card asks for several parts (a cloze with several blanks for
one number, an answer listing parts separated by `;`) and some are right.
"""

from __future__ import annotations

import difflib
import functools
import random
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Mapping

from . import messages as msg
from .cloze import CLOZE_RE, answers_for, deletions, render_answer, render_question
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
    contrasts: frozenset[str] = frozenset()  # compact forms of the card's other terms (and `reject:`) a typo must not be near
    # compact forms of the caller's vocabulary, the same set for every card of a session (computed once):
    # a typo must not be near one of them either, unless it holds or is held by an accepted answer
    vocabulary: frozenset[str] = frozenset()

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
    answer: str = ""  # typed, cloze: the accepted answer nearest to what was typed, to show beside it

    @property
    def suggested(self) -> int:
        return SUGGESTED[self.result]


def make_question(
    content: Mapping[str, Any], rng: random.Random, vocabulary: frozenset[str] = frozenset(),
    cores: frozenset[str] | None = None,
) -> Question:
    """Build one showing of a stored card, shuffling with `rng`.

    `vocabulary` is the caller's set of other known terms (e.g. `terms_of` every card of the decks):
    a typed or cloze answer nearer to one of them than to its own answer is wrong. `cores`, when
    given, are those terms' compact forms already (`cores_of`, as `vocabulary.deck_cores` keeps them).
    """
    lang = str(content.get("lang", "pt-BR"))
    t = str(content["type"])
    explain = text_in(content.get("explain"), lang) if content.get("explain") else ""

    def tx(v: Any) -> str:
        return text_in(v, lang)

    if t == "basic":
        return Question(t, tx(content["front"]), back=tx(content["back"]), explain=explain, auto=False)
    if t in ("cloze", "typed"):
        raw_rejects = content.get("reject") or []
        rejects = tuple(tx(r) for r in (raw_rejects if isinstance(raw_rejects, list) else [raw_rejects]))
        contrasts = _card_phrases(content, lang) | frozenset(rejects)
        known = cores if cores is not None else cores_of(vocabulary)
    if t == "cloze":
        text, n = tx(content["text"]), int(content["cloze"])
        back = tx(content["back"]) if content.get("back") else ""
        answers = tuple(answers_for(text, n))
        return Question(
            t, render_question(text, n), answers=answers,
            back=render_answer(text, n), explain="\n".join(x for x in (back, explain) if x),
            contrasts=_without(contrasts, answers), vocabulary=known,
        )
    if t == "typed":
        raw = content["answer"]
        answers = tuple(tx(a) for a in (raw if isinstance(raw, list) else [raw]))
        return Question(t, tx(content["front"]), answers=answers, back=answers[0], explain=explain,
                        contrasts=_without(contrasts, answers), vocabulary=known)
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
        raise InvalidAnswer(msg.ANSWER_TYPE_LETTERS)
    for ch in tokens:
        if ch not in q.labels:
            raise InvalidAnswer(msg.answer_not_a_label(ch, q.labels))
    return list(tokens)


def _no_repeats(letters: list[str]) -> None:
    seen = set()
    for ch in letters:
        if ch in seen:
            raise InvalidAnswer(msg.answer_repeated(ch))
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
                raise InvalidAnswer(msg.answer_no_row(row))
            if row in by_row:
                raise InvalidAnswer(msg.answer_row_twice(row))
            if ch not in q.labels:
                raise InvalidAnswer(msg.answer_not_a_label(ch, q.labels))
            by_row[row] = ch
        if len(by_row) != len(q.rows):
            raise InvalidAnswer(msg.answer_all_rows(len(q.rows)))
        letters = [by_row[i + 1] for i in range(len(q.rows))]
    else:
        letters = _letters(raw, q)
        if len(letters) != len(q.rows):
            raise InvalidAnswer(msg.answer_letters_per_row(len(q.rows)))
    _no_repeats(letters)
    return letters


def grade(q: Question, text: str) -> Grade:
    """Grade one typed answer to an auto-graded question."""
    if q.type == "mcq":
        letters = _letters(text, q)
        if len(letters) != 1:
            raise InvalidAnswer(msg.ANSWER_ONE_LETTER)
        ok = letters[0] == q.expected[0]
        return Grade(RIGHT if ok else WRONG, tuple(letters), (ok,))
    if q.type == "multi":
        letters = _letters(text, q)
        _no_repeats(letters)
        if len(letters) != len(q.expected):
            raise InvalidAnswer(msg.answer_exactly(len(q.expected)))
        hits = set(letters) & set(q.expected)
        result = RIGHT if len(hits) == len(q.expected) else PARTIAL if hits else WRONG
        return Grade(result, tuple(sorted(letters)), tuple(ch in q.expected for ch in sorted(letters)))
    if q.type in ("order", "match"):
        if q.type == "order":
            letters = _letters(text, q)
            _no_repeats(letters)
            if len(letters) != len(q.expected):
                raise InvalidAnswer(msg.answer_all_letters(len(q.expected)))
        else:
            letters = _match_letters(text, q)
        marks = tuple(a == b for a, b in zip(letters, q.expected))
        n_right = sum(marks)
        result = RIGHT if n_right == len(marks) else PARTIAL if n_right * 2 >= len(marks) else WRONG
        return Grade(result, tuple(letters), marks)
    if q.type in ("typed", "cloze"):
        return grade_text(q, text)
    raise InvalidAnswer(msg.ANSWER_NOT_GRADED)


def grade_text(q: Question, text: str) -> Grade:
    """Honest text match (see the module docstring): a real typo passes, another term does not."""
    given = text.strip()
    if not given:
        raise InvalidAnswer(msg.ANSWER_EMPTY)
    parts = _parts(q)
    if len(parts) > 1:
        return _grade_parts(q, given, parts)
    ok, typo, nearest = _text_verdict(q, given, list(q.answers))
    return Grade(RIGHT if ok else WRONG, (given,), (ok,), typo, answer=nearest)


def _parts(q: Question) -> list[str]:
    """The several parts a card asks for: a cloze's blanks of one number, or `a; b` in a single answer."""
    if q.type == "cloze" and len(q.answers) > 1:
        return list(q.answers)
    if len(q.answers) == 1 and ";" in q.answers[0]:
        return [p.strip() for p in q.answers[0].split(";") if p.strip()]
    return list(q.answers[:1])


def _grade_parts(q: Question, given: str, parts: list[str]) -> Grade:
    """Several parts: all right is right, some right is partly right (Hard), none is wrong."""
    shown = "; ".join(parts)
    pieces: list[str] = []
    for sep in (r";", r"[;,]"):
        pieces = [p for p in re.split(sep, given) if p.strip()]
        if len(pieces) == len(parts):
            verdicts = [_text_verdict(q, p, [e]) for p, e in zip(pieces, parts)]
            rights = sum(v[0] for v in verdicts)
            result = RIGHT if rights == len(parts) else PARTIAL if rights else WRONG
            return Grade(result, (given,), tuple(v[0] for v in verdicts), any(v[1] for v in verdicts), answer=shown)
    ok, typo, _ = _text_verdict(q, given, [" ".join(parts)])
    if ok:
        return Grade(RIGHT, (given,), (True,), typo, answer=shown)
    named = {i for p in pieces for i, e in enumerate(parts) if _text_verdict(q, p, [e])[0]}
    return Grade(PARTIAL if named else WRONG, (given,), tuple(i in named for i in range(len(parts))), answer=shown)


def _text_verdict(q: Question, text: str, accepted: list[str]) -> tuple[bool, bool, str]:
    """(right, typo, the accepted answer nearest to `text`)."""
    given = _compact(text)
    best: tuple[int, str] | None = None
    for a in accepted:
        for v in _variants(a):
            edits = _match(text, v)
            if edits is not None and (best is None or edits < best[0]):
                best = (edits, a)
    if best is not None and best[0] == 0:
        return True, False, best[1]
    nearest = best[1] if best else accepted[0] if len(accepted) == 1 else \
        min(accepted, key=lambda a: _distance(given, _compact(a)))
    if best is None:
        return False, False, nearest
    # a typo must be nearer the answer than any other term the card or the decks know
    core = _core(text)
    limit = min(_distance(core, _core(v)) for v in _variants(best[1]))
    own: list[str] | None = None
    for others, checked in ((q.contrasts, True), (q.vocabulary, False)):
        for other in others:
            if other == core or (abs(len(other) - len(core)) < limit and _distance(core, other) < limit):
                if not checked:  # a vocabulary term counts unless it holds or is held by an accepted answer
                    own = own if own is not None else [_core(v) for a in q.answers for v in _variants(a)]
                    if not other or any(other in o or o in other for o in own):
                        continue
                return False, False, nearest
    return True, True, best[1]


# --- the word-by-word rule ------------------------------------------------------------------
SHORT = 3  # words this short (or with digits) match exactly
MAX_EDITS = 3  # over the whole answer
OPTIONAL_LEAD = frozenset({"amazon", "aws"})
_GLOSS_RE = re.compile(r"^(.*\S)\s*\(([^()]+)\)\s*$")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_DIGIT_EDGE_RE = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=4096)
def _words(text: str, camel: bool = False) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """Folded words, and for each whether it is joined to the next without a space.

    Letters and digits are always split apart (`INT8` -> `int`, `8`, joined); with `camel` (the
    expected side, whose case the deck author chose) so are camel-case parts (`GetObject`).
    """
    if camel:
        text = _CAMEL_RE.sub("\x00", text)
    text = _DIGIT_EDGE_RE.sub("\x00", text)
    words: list[str] = []
    joined: list[bool] = []
    cur: list[str] = []
    space = False
    for ch in _fold(text):
        if ch.isalnum():
            if not cur:
                if words:
                    joined.append(not space)
                space = False
            cur.append(ch)
            continue
        if cur:
            words.append("".join(cur))
            cur = []
        space = space or ch.isspace()
    if cur:
        words.append("".join(cur))
    if words:
        joined.append(False)
    return tuple(words), tuple(joined)


def _compact(text: str) -> str:
    return "".join(_words(text)[0])


_ALNUM_RUN_RE = re.compile(r"[^\W_]+")  # runs of str.isalnum() characters (the same set, code point by code point)


def _core(text: str) -> str:
    """The compact form without a leading Amazon / AWS, to measure how near two terms are: the words
    of `_words` (letters and digits apart), joined. Computed directly, not through `_words`' cache,
    since a deck's vocabulary folds thousands of terms once each (ASCII text folds as `lower`)."""
    split = _DIGIT_EDGE_RE.sub("\x00", text)
    folded = split.lower() if split.isascii() else " ".join(_fold_token(t) for t in split.split())
    words = _ALNUM_RUN_RE.findall(folded)
    return "".join(words[1:] if len(words) > 1 and words[0] in OPTIONAL_LEAD else words)


@functools.lru_cache(maxsize=65536)
def _fold_token(token: str) -> str:
    """`_fold` of one whitespace-free token (a deck's terms share most of their words)."""
    return _fold(token)


def _variants(answer: str) -> list[str]:
    """An answer, and for `term (gloss)` also `term` and `gloss` alone."""
    m = _GLOSS_RE.match(answer)
    return [answer, m.group(1), m.group(2)] if m else [answer]


def _has_digit(word: str) -> bool:
    return any(ch.isdigit() for ch in word)


def _word_edits(want: str, got: str, exact: bool) -> int | None:
    """Edits for `got` to pass as the word `want`, or None: short words, digits and units exact;
    else 1 edit (2 from 8 letters), none touching the first letter."""
    if want == got:
        return 0
    if exact or len(want) <= SHORT or _has_digit(want) or _has_digit(got) or not got or got[0] != want[0]:
        return None
    edits = _distance(want[1:], got[1:])
    return edits if edits <= (1 if len(want) <= 7 else 2) else None


def _can_join(a: str, b: str, joined: bool) -> bool:
    """May two words be read as one (`sage maker` / `sagemaker`)? Never two numbers; else where the
    text joined them, or where neither is a short word (`de codificador` is not `decodificador`)."""
    if a.isdigit() and b.isdigit():
        return False
    return joined or ((len(a) >= SHORT or _has_digit(a)) and (len(b) >= SHORT or _has_digit(b)))


def _segments(pieces: tuple[str, ...], exact: tuple[bool, ...], got: str) -> int | None:
    """Edits for one typed word to pass as several expected words written together."""
    best = {0: 0}
    for piece, ex in zip(pieces, exact):
        step: dict[int, int] = {}
        for start, cost in best.items():
            for stop in range(start + max(1, len(piece) - 2), min(len(got), start + len(piece) + 2) + 1):
                e = _word_edits(piece, got[start:stop], ex)
                if e is not None and cost + e < step.get(stop, MAX_EDITS + 1):
                    step[stop] = cost + e
        best = step
    return best.get(len(got))


def _match(text: str, answer: str) -> int | None:
    """Edits for `text` to pass as `answer` (0: the same answer written differently), or None."""
    want, wjoin = _words(answer, camel=True)
    got, gjoin = _words(text)
    if not want or not got:
        return None
    exact = tuple(i > 0 and want[i - 1].isdigit() for i in range(len(want)))  # the unit after a number
    memo: dict[tuple[int, int], int | None] = {}

    def go(i: int, j: int) -> int | None:
        if i == len(want) and j == len(got):
            return 0
        if (i, j) in memo:
            return memo[(i, j)]
        options: list[int] = []

        def take(edits: int | None, ni: int, nj: int) -> None:
            if edits is not None:
                rest = go(ni, nj)
                if rest is not None and edits + rest <= MAX_EDITS:
                    options.append(edits + rest)

        if i == 0 and j == 0:  # a leading Amazon / AWS may be left out or added
            if len(want) > 1 and want[0] in OPTIONAL_LEAD and not wjoin[0]:
                take(0, 1, 0)
            if len(got) > 1 and got[0] in OPTIONAL_LEAD and not gjoin[0]:
                take(0, 0, 1)
        if i < len(want) and j < len(got):
            take(_word_edits(want[i], got[j], exact[i]), i + 1, j + 1)
            for n in range(2, min(4, len(want) - i) + 1):  # several expected words typed as one
                if not _can_join(want[i + n - 2], want[i + n - 1], wjoin[i + n - 2]):
                    break
                take(_segments(want[i:i + n], exact[i:i + n], got[j]), i + n, j + 1)
            for n in range(2, min(4, len(got) - j) + 1):  # one expected word typed in pieces
                if not _can_join(got[j + n - 2], got[j + n - 1], gjoin[j + n - 2]):
                    break
                take(_word_edits(want[i], "".join(got[j:j + n]), exact[i]), i + 1, j + n)
        memo[(i, j)] = min(options) if options else None
        return memo[(i, j)]

    return go(0, 0)


# --- contrast terms -----------------------------------------------------------------------
MAX_TERM_WORDS = 6


def _card_texts(content: Mapping[str, Any], lang: str) -> list[str]:
    """Every text of a card: front, back, cloze text (all deletions shown), choices, whys, items,
    pairs, explain."""
    out: list[str] = []
    for key in ("front", "back", "explain", "answer", "answers", "choices", "whys", "items", "pairs", "text"):
        value = content.get(key)
        stack = [value]
        while stack:
            v = stack.pop()
            if isinstance(v, (list, tuple)):
                stack.extend(v)
            elif v is not None:
                out.append(CLOZE_RE.sub(lambda m: f"{m.group(2)} {m.group(3) or ''}", text_in(v, lang)))
    return out


def _card_phrases(content: Mapping[str, Any], lang: str) -> frozenset[str]:
    """Every run of 1..MAX_TERM_WORDS words of the card's own texts."""
    out: set[str] = set()
    for t in _card_texts(content, lang):
        words = normalize(t).split()
        for n in range(1, MAX_TERM_WORDS + 1):
            out.update(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    return frozenset(out)


def terms_of(content: Mapping[str, Any]) -> frozenset[str]:
    """A card's answer-like terms (typed answers, every cloze deletion, choices, items, pairs), for
    the vocabulary a caller passes to `make_question`."""
    lang = str(content.get("lang", "pt-BR"))
    out: set[str] = set()
    for key in ("answer", "answers", "choices", "items", "pairs", "reject"):
        stack = [content.get(key)]
        while stack:
            v = stack.pop()
            if isinstance(v, (list, tuple)):
                stack.extend(v)
            elif v is not None:
                out.add(text_in(v, lang))
    if content.get("text") is not None:
        out.update(d.answer for d in deletions(text_in(content["text"], lang)))
    return frozenset(t for t in out if len(t.split()) <= MAX_TERM_WORDS)


@functools.lru_cache(maxsize=8)
def cores_of(terms: frozenset[str]) -> frozenset[str]:
    """The compact forms (`_core`) of a vocabulary, computed once per vocabulary (a session shows many
    cards with the same one: on a 20,000-card deck, 160,000 terms)."""
    return frozenset(c for c in (_core(t) for t in terms) if c)


def _without(terms: frozenset[str], answers: tuple[str, ...]) -> frozenset[str]:
    """The compact forms (`_core`) of the terms that neither hold nor are held by an accepted answer
    or one of its variants. Those differ from the answer only by whole words (`Random Forest` in
    `Random Cut Forest`), a prefix, or an ending: the word rule already refuses the first two, and
    an ending (`modelo` / `modelos`) is a typo either way."""
    own = [_core(v) for a in answers for v in _variants(a)]
    cores = {_core(t) for t in terms}
    return frozenset(c for c in cores if c and not any(c in o or o in c for o in own))


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


def diff_markers(given: str, expected: str) -> str:
    """A line of `^` under each character of `expected` that `given` got wrong or left out, for
    printing under `expected` (in NFC); '' when they differ only by case, accents, punctuation or
    spacing. A character typed in excess is marked at the expected character next to it."""
    shown = unicodedata.normalize("NFC", expected)

    def keys(text: str) -> tuple[list[str], list[int]]:
        out, where = [], []
        for i, ch in enumerate(text):
            f = _fold(ch)
            if f and f.isalnum():
                out.append(f)
                where.append(i)
        return out, where

    got, _ = keys(unicodedata.normalize("NFC", given))
    want, where = keys(shown)
    if not want:
        return ""
    marked: set[int] = set()
    sm = difflib.SequenceMatcher(a=got, b=want, autojunk=False)
    for op, _i1, _i2, j1, j2 in sm.get_opcodes():
        if op in ("replace", "insert"):
            marked.update(where[j] for j in range(j1, j2))
        elif op == "delete":
            marked.add(where[min(j1, len(want) - 1)])
    if not marked:
        return ""
    line = []
    for i, ch in enumerate(shown):
        width = 0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        line.append(("^" if i in marked else " ") * width)
    return "".join(line).rstrip()
