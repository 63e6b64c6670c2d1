"""Hierarchical topic slugs: matching, ancestors, and suggestions for a mistyped topic."""

from __future__ import annotations

from typing import Sequence

from . import messages as msg
from .errors import NotFound
from .model import topic_matches


def ancestors(topic: str) -> list[str]:
    """The topic and every parent: `a/b/c` -> [`a`, `a/b`, `a/b/c`]."""
    parts = topic.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def known_topic(topic: str, all_topics: list[str]) -> bool:
    """True if some card has this topic or one of its subtopics."""
    return any(topic_matches(t, topic) for t in all_topics)


def closest(topic: str, all_topics: list[str], n: int = 3) -> list[str]:
    """The known topics (and their parents) closest to a mistyped one."""
    import difflib  # here: only a mistyped topic needs it

    candidates = sorted({a for t in all_topics for a in ancestors(t)})
    return difflib.get_close_matches(topic, candidates, n=n, cutoff=0.5)


def require_known(wanted: Sequence[str], all_topics: list[str]) -> None:
    """Refuse a topic no card has (with the closest known ones as suggestions)."""
    for t in wanted:
        if not known_topic(t, all_topics):
            raise NotFound(msg.unknown_topic(t, closest(t, all_topics)))
