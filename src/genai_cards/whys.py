"""The `why` of each choice as shown: a card's `whys` (parallel to its `choices` as written) follow
the choices through the shuffle of one showing."""

from __future__ import annotations

from typing import Any, Mapping

from .grading import Question
from .model import text_in


def option_whys(content: Mapping[str, Any], q: Question) -> tuple[str | None, ...]:
    """For each option of `q` (in the order shown), its `why`, or None where it has none."""
    choices, whys = content.get("choices"), content.get("whys")
    if q.type not in ("mcq", "multi") or not isinstance(choices, list) or not isinstance(whys, list):
        return tuple(None for _ in q.options)
    lang = str(content.get("lang", "pt-BR"))
    by_text = {text_in(c, lang).strip(): (text_in(w, lang) if w else None) for c, w in zip(choices, whys)}
    return tuple(by_text.get(option.strip()) for option in q.options)
