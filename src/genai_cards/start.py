"""The entry point of the `genai-cards` script (and of `python -m genai_cards`).

Importing typer (and the click it vendors) costs more than `due` itself, and about a third of
`review`'s way to its first card. So the commands a learner and their scripts run every day (`due`,
`review`, `quiz`, `stats`, `plan`) start here without typer when their command line holds only the
options below, in the forms click takes (`--topic T`, `--topic=T`, `-t T`, `-tT`), after an
optional global `--home PATH`: the same work (`commands/due.py`, `study.py`, `reports.py`, which the
typer commands call too), the same messages and exit codes (`invocation.failure_exit`). Any other
line, `--help`, a misspelt option, a missing value or a number click would refuse included, goes to
the whole app (`cli.py`), which parses and reports it as always.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Sequence

COMPLETE_VAR = "_GENAI_CARDS_COMPLETE"  # the shell asking for completions: typer answers it

FLAG, TEXT, TEXTS = "flag", "text", "texts"
COUNT, NUMBER, DAYS = range(1, 1 << 63), range(0, 1 << 63), range(1, 366)  # whole numbers in these ranges
TOPIC = {"--topic": (TEXTS, "topic"), "-t": (TEXTS, "topic")}
DECK = {"--deck": (TEXTS, "deck"), "-d": (TEXTS, "deck")}

# Each command this path starts: its options (name -> kind, parameter) and the function that runs it.
QUICK: dict[str, tuple[dict[str, tuple[str | range, str]], str]] = {
    "due": ({**TOPIC, "--all": (FLAG, "show_all"), "--json": (FLAG, "as_json")}, "due:show_due"),
    "review": ({**TOPIC, **DECK, "--limit": (COUNT, "limit"), "--seed": (NUMBER, "seed"), "--exam": (TEXT, "exam")},
               "study:run_review"),
    "quiz": ({**TOPIC, **DECK, "--exam": (TEXT, "exam"), "--count": (COUNT, "count"), "--missed": (FLAG, "missed"),
              "--type": (TEXTS, "card_type"), "--seed": (NUMBER, "seed"), "--no-record": (FLAG, "no_record")},
             "study:run_quiz"),
    "stats": ({**TOPIC, "--exam": (TEXT, "exam"), "--days": (DAYS, "days"), "--json": (FLAG, "as_json")},
              "reports:show_stats"),
    "plan": ({"--json": (FLAG, "as_json")}, "reports:show_plan"),
}


def parse_line(argv: Sequence[str]) -> tuple[Path | None, str, dict[str, Any]] | None:
    """The home, the command and its parameters of a command line this path takes, or None: another
    command, or an option or value it does not know as click does (the app then parses the line)."""
    args = list(argv)
    home: Path | None = None
    while args and args[0].startswith("--home"):
        value, args = _value(args, "--home")
        if value is None:
            return None
        home = Path(value)
    if not args or args[0] not in QUICK:
        return None
    options, _ = QUICK[args[0]]
    params: dict[str, Any] = {}
    rest = args[1:]
    while rest:
        name = _option_named(rest[0], options)
        if name is None:
            return None
        kind, param = options[name]
        if kind == FLAG:
            params[param], rest = True, rest[1:]
            continue
        value, rest = _value(rest, name)
        if value is None:
            return None
        if isinstance(kind, range):  # plain digits within the range click allows, else click reports it
            if not (value.isascii() and value.isdigit() and int(value) in kind):
                return None
            params[param] = int(value)
        elif kind == TEXTS:
            params.setdefault(param, []).append(value)
        else:
            params[param] = value
    return home, args[0], params


def _option_named(arg: str, options: dict[str, tuple[str | range, str]]) -> str | None:
    """The option `arg` is (`--name`, `--name=value`, `-x`, `-xvalue`), or None."""
    name = arg.split("=", 1)[0] if arg.startswith("--") else arg[:2]
    return name if name in options and (arg == name or options[name][0] != FLAG) else None


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


def quick(argv: Sequence[str], streams: Any = None) -> int | None:
    """Run a command line of `QUICK` without typer and return its exit code; None (nothing done) when
    `parse_line` does not take the line, or when the shell is asking for completions."""
    line = parse_line(argv)
    if line is None or os.environ.get(COMPLETE_VAR):
        return None
    home, command, params = line
    from importlib import import_module

    from .commands.invocation import Env, enter, failure_exit, topic_slugs
    from .i18n import choose, set_language

    set_language(choose())
    env = Env(home=home, streams=streams)
    enter(env)
    module, function = QUICK[command][1].split(":")
    if "topic" in params:
        params["topic"] = topic_slugs(params["topic"])
    try:
        getattr(import_module(f"{__package__}.commands.{module}"), function)(**params)
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
