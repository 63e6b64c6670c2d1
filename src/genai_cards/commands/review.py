"""`review` (today's session) and `due` (what is due, without starting one)."""

from __future__ import annotations

import random
from typing import Annotated, Optional

import typer

from .. import messages as msg
from .base import JsonOpt, TopicOpt, check_topics, config_of, now, opened, streams
from .sync import after_session


def review(
    topic: TopicOpt = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Show at most N cards from today's queue. "
                                                 "Example: --limit 30")] = None,
    seed: Annotated[Optional[int], typer.Option(help="Seed shuffles for a reproducible session. "
                                                "Example: --seed 7")] = None,
) -> None:
    """Today's session: due cards, most at risk first, with new cards in deck order.

    Example: genai-cards review --topic rag --limit 20
    """
    from ..scheduler import Scheduler
    from ..session import Study, run
    from ..ui import TerminalIO

    topics = topic or []
    with opened() as store:
        check_topics(store, topics)
        config = config_of(store)
        study = Study(store, Scheduler(config), config, now(), topics, limit)
        io = TerminalIO(streams())
        if not study.queue and study.next(now()) is None:
            io.out.print(msg.NOTHING_DUE)
            return
        result = run(study, io, now, random.Random(seed))
        io.out.print()
        io.out.print(msg.session_summary(len(result.outcomes), result.seconds))
        after_session(store)


def due(topic: TopicOpt = None, as_json: JsonOpt = False) -> None:
    """What is due today and tomorrow, per topic, without starting a session.

    Example: genai-cards due --json
    """
    from ..listings import due_summary

    topics = topic or []
    with opened() as store:
        check_topics(store, topics)
        summary = due_summary(store, config_of(store), now(), topics)
    if as_json:
        streams().json(summary)
        return
    from ..ui import console, table

    out = console(streams())
    out.print(msg.due_line(summary["today"], summary["new_today"], summary["tomorrow"]))
    if summary["topics"]:
        out.print(table(None, ["topic", "due today"], sorted(summary["topics"].items())))
