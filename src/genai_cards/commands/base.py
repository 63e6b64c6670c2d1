"""What every command shares: the common options, usage errors and confirmations (typer's), and,
from `invocation.py`, the per-invocation environment, the clock and opening the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import messages as msg
from .invocation import (Env, check_topics, config_of, enter, env, home, keep_to_decks, now, opened, streams,
                         topic_slugs, usage_error)

__all__ = ["DeckOpt", "Env", "HomeOpt", "JsonOpt", "TopicOpt", "check_topics", "config_of", "confirm", "enter",
           "env", "home", "keep_to_decks", "now", "opened", "streams", "usage_error"]

HomeOpt = Annotated[
    Optional[Path],
    typer.Option("--home", help="Folder for the database and imported decks (env GENAI_CARDS_HOME). "
                 "Example: --home ~/cards", show_default=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout. Example: --json")]

TopicOpt = Annotated[
    Optional[list[str]],
    typer.Option("--topic", "-t", metavar="TOPIC", callback=topic_slugs,
                 help="Only cards of this topic and its subtopics; repeatable. Example: -t rag"),
]


DeckOpt = Annotated[
    Optional[list[str]],
    typer.Option("--deck", "-d", metavar="DECK", help="Only cards of this deck (bundled or imported); repeatable. "
                 "Example: --deck meu-deck"),
]


def confirm(question: str) -> bool:
    """Ask yes/no on the terminal (default no), as click's confirm does, through the streams."""
    s = streams()
    while True:
        s.stdout.write(msg.CONFIRM_YES_NO.format(question=question))
        s.stdout.flush()
        line = s.readline()
        if line is None:
            raise typer.Abort()
        answer = line.strip().lower()
        if answer in ("", "n", "no"):
            return False
        if answer in ("y", "yes"):
            return True
        s.echo(msg.error(msg.INVALID_INPUT), err=True)
