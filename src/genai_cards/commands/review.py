"""`review` (today's session) and `due` (what is due, without starting one)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .base import DeckOpt, JsonOpt, TopicOpt


def review(
    topic: TopicOpt = None,
    deck: DeckOpt = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Show at most N cards from today's queue. "
                                                 "Example: --limit 30")] = None,
    seed: Annotated[Optional[int], typer.Option(help="Seed shuffles for a reproducible session. "
                                                "Example: --seed 7")] = None,
    exam: Annotated[Optional[str], typer.Option(help="Only the cards of this exam's domains. "
                                                "Example: --exam aif-c01")] = None,
) -> None:
    """Today's session: due cards, most at risk first, with new cards in deck order. With an exam date
    (config set exam_date), new cards and intervals are paced for it (see `plan`).

    Example: genai-cards review --topic rag --limit 20
    """
    from .study import run_review

    run_review(topic, deck, limit, seed, exam)


def due(
    topic: TopicOpt = None,
    show_all: Annotated[bool, typer.Option("--all", help="Every subtopic, not only the top-level topics (or "
                                           "those under --topic). Example: --all")] = False,
    as_json: JsonOpt = False,
) -> None:
    """What is due today and tomorrow, per topic, without starting a session.

    Example: genai-cards due --json
    """
    from .due import show_due

    show_due(topic, show_all, as_json)
