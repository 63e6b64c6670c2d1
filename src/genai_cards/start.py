"""The entry point of the `genai-cards` script (and of `python -m genai_cards`).

Importing typer (and the click it vendors) costs several times what `due` itself does, and `due` is
the command scripts and shell prompts run most. So a `due` command line made only of the options
`due` knows (`--json`, `--all`, `--topic`/`-t TOPIC`, after an optional global `--home PATH`) runs
here without typer: the same work (`commands/due.py`), the same messages and exit codes
(`invocation.failure_exit`). Anything else, `--help`, a misspelt option or a missing value
included, goes to the whole app (`cli.py`), which parses and reports it as always.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple, Sequence

from .streams import Streams

COMPLETE_VAR = "_GENAI_CARDS_COMPLETE"  # the shell asking for completions: typer answers it


class DueLine(NamedTuple):
    """A `due` command line, parsed."""

    home: Path | None
    topics: list[str]
    show_all: bool
    as_json: bool


def parse_due(argv: Sequence[str]) -> DueLine | None:
    """The `due` command line in `argv`, or None when it is not one this start path takes: another
    command, or any option or value it does not know as `due` does (click then parses it)."""
    args = list(argv)
    home: Path | None = None
    while args and args[0].startswith("--home"):
        value, args = _value(args, "--home")
        if value is None:
            return None
        home = Path(value)
    if not args or args[0] != "due":
        return None
    topics: list[str] = []
    show_all = as_json = False
    rest = args[1:]
    while rest:
        arg = rest[0]
        if arg == "--json":
            as_json, rest = True, rest[1:]
        elif arg == "--all":
            show_all, rest = True, rest[1:]
        elif arg.startswith("--topic") or arg.startswith("-t"):
            value, rest = _value(rest, "--topic" if arg.startswith("--") else "-t")
            if value is None:
                return None
            topics.append(value)
        else:
            return None
    return DueLine(home, topics, show_all, as_json)


def _value(args: list[str], name: str) -> tuple[str | None, list[str]]:
    """The value of option `name` at the head of `args` (`--name V`, `--name=V`, or `-tV` for a short
    one) and the arguments after it; None for a value that is missing, empty or looks like an option."""
    arg = args[0]
    if arg == name:
        value, rest = (args[1] if len(args) > 1 else None), args[2:]
    elif name.startswith("--") and arg.startswith(name + "="):
        value, rest = arg[len(name) + 1:], args[1:]
    elif not name.startswith("--") and len(arg) > len(name):
        value, rest = arg[len(name):], args[1:]
    else:
        return None, args
    if not value or value.startswith("-"):
        return None, args
    return value, rest


def quick(argv: Sequence[str], streams: Streams | None = None) -> int | None:
    """Run a `due` command line without typer and return its exit code; None (nothing done) when the
    line is not one `parse_due` takes, or when the shell is asking for completions."""
    line = parse_due(argv)
    if line is None or os.environ.get(COMPLETE_VAR):
        return None
    from .commands.due import show_due
    from .commands.invocation import Env, enter, failure_exit, topic_slugs
    from .i18n import choose, set_language

    set_language(choose())
    env = Env(home=line.home, streams=streams)
    enter(env)
    try:
        show_due(topic_slugs(line.topics) or [], line.show_all, line.as_json)
    except (Exception, KeyboardInterrupt) as exc:
        code = failure_exit(exc, env.streams)
        if code is None:
            raise
        return code
    return 0


def run() -> None:
    """Entry point of the `genai-cards` script."""
    code = quick(sys.argv[1:])
    if code is None:
        from .cli import run as run_app

        run_app()
        return
    sys.exit(code)
