"""`quiz`: exam-style practice on a topic, or a full mock exam."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .base import DeckOpt, TopicOpt


def quiz(
    topic: TopicOpt = None,
    deck: DeckOpt = None,
    exam: Annotated[Optional[str], typer.Option(help="A full mock exam, timed and scored like the real one. "
                                                "Example: --exam aif-c01")] = None,
    count: Annotated[Optional[int], typer.Option(min=1, help="Number of questions (20 by default; with --exam, "
                                                 "a short mock exam with the same domain weights). "
                                                 "Example: --count 10")] = None,
    missed: Annotated[bool, typer.Option("--missed", help="With --exam: drill the questions missed in the last "
                                         "mock exams. Example: --exam aif-c01 --missed")] = False,
    card_type: Annotated[Optional[list[str]], typer.Option("--type", metavar="TYPE", help="Only these card types; repeatable. "
                                                           "Example: --type mcq --type multi")] = None,
    seed: Annotated[Optional[int], typer.Option(help="Seed the draw and shuffles. Example: --seed 7")] = None,
    no_record: Annotated[bool, typer.Option("--no-record", help="Do not record the answers as reviews. "
                                            "Example: --no-record")] = False,
) -> None:
    """Exam-style practice on a topic, scored at the end; a mock exam with --exam; today's due cards alone.

    Example: genai-cards quiz --topic bedrock --count 10
    """
    from .study import run_quiz

    run_quiz(topic, deck, exam, count, missed, card_type, seed, no_record)
