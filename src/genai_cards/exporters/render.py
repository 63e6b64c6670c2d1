"""Cards as a plain front and back, for formats that only know front/back (CSV, Anki Basic notes).

Exam formats list their choices (or items, or pairs) on the front, labelled as in a quiz, and give
the answer with the explanation on the back. Choices and items are shuffled with a generator seeded
by the card, so the right answer is not always in the same place and a re-export is identical.
"""

from __future__ import annotations

import random
from typing import Any

from ..cloze import render_full, render_question
from ..model import LETTERS, CardSpec, text_in

def _t(value: Any, lang: str) -> str:
    return text_in(value, lang).strip()


def render(spec: CardSpec, lang: str) -> tuple[str, str]:
    """(front, back) as readable plain text; the explanation, if any, ends the back."""
    f = spec.fields
    rng = random.Random(f"{spec.deck}/{spec.id}")
    if spec.type == "basic":
        front, back = _t(f["front"], lang), _t(f["back"], lang)
    elif spec.type == "cloze":
        text = _t(f["text"], lang)
        front, back = render_question(text, None), render_full(text)
        if f.get("back"):
            back += "\n\n" + _t(f["back"], lang)
    elif spec.type == "typed":
        front, back = _t(f["front"], lang), " / ".join(_t(a, lang) for a in f["answer"])
    elif spec.type in ("mcq", "multi"):
        choices = [_t(c, lang) for c in f["choices"]]
        rng.shuffle(choices)
        right = [_t(a, lang) for a in ([f["answer"]] if spec.type == "mcq" else f["answers"])]
        labelled = [f"{LETTERS[i]}) {c}" for i, c in enumerate(choices)]
        front = _t(f["front"], lang) + "\n\n" + "\n".join(labelled)
        back = "\n".join(line for line, c in zip(labelled, choices) if c in right)
    elif spec.type == "order":
        items = [_t(i, lang) for i in f["items"]]
        shuffled = items[:]
        rng.shuffle(shuffled)
        front = _t(f["front"], lang) + "\n\n" + "\n".join(f"{LETTERS[i]}) {x}" for i, x in enumerate(shuffled))
        back = " ".join(LETTERS[shuffled.index(x)] for x in items) + "\n\n" + "\n".join(
            f"{n}. {x}" for n, x in enumerate(items, 1))
    elif spec.type == "match":
        lefts = [_t(p[0], lang) for p in f["pairs"]]
        rights = [_t(p[1], lang) for p in f["pairs"]]
        shuffled = rights[:]
        rng.shuffle(shuffled)
        front = (_t(f["front"], lang) + "\n\n" + "\n".join(f"{n}. {x}" for n, x in enumerate(lefts, 1)) + "\n\n"
                 + "\n".join(f"{LETTERS[i]}) {x}" for i, x in enumerate(shuffled)))
        back = "\n".join(f"{n}{LETTERS[shuffled.index(r)]}: {l} → {r}" for n, (l, r) in enumerate(zip(lefts, rights), 1))
    else:  # pragma: no cover - every type is handled above
        raise ValueError(spec.type)
    if spec.explain:
        back += "\n\n" + _t(spec.explain, lang)
    return front, back
