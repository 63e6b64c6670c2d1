"""The command line, assembled: the app, its global options, its commands (each in `commands/`), and
the one place where domain errors become messages and exit codes."""

from __future__ import annotations

import sys
from typing import Any, Callable

import typer
from typer.core import TyperGroup

from . import messages as msg
from .commands import card, config, decks, doctor, log, optimize, plan, quiz, review, stats, sync, transfer
from .commands.base import Env, HomeOpt, enter
from .errors import ExitCode, GenaiCardsError, InvalidInput
from .i18n import _, choose, language, set_language
from .streams import Streams


class App(TyperGroup):
    """The root command: runs the command asked for and translates what it raises, once for all."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # the language of this invocation, from GENAI_CARDS_LANG and the locale (the `ui_lang` setting
        # joins in once the store is open: help texts and click's own errors cannot follow it)
        set_language(choose())
        argv = kwargs.get("args", args[0] if args else None)
        if self.may_show_help(sys.argv[1:] if argv is None else list(argv)):
            translate_help(self)  # only then: it loads the catalog and goes through every help text
        return super().main(*args, **kwargs)

    def may_show_help(self, argv: list[str]) -> bool:
        """True when these arguments may end in a help screen: `--help`, no command, or a group
        (`config`, `card`, `log`, `decks`) without its subcommand."""
        if "--help" in argv:
            return True
        words = [a for i, a in enumerate(argv) if not a.startswith("-") and not (i and argv[i - 1] == "--home")]
        groups = {name for name, command in self.commands.items() if hasattr(command, "commands")}
        return not words or (len(words) == 1 and words[0] in groups)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except InvalidInput as exc:
            err = _streams(ctx)
            for problem in exc.problems:
                err.echo(problem, err=True)
            raise typer.Exit(ExitCode.FAILED) from None
        except GenaiCardsError as exc:
            _streams(ctx).echo(msg.error(str(exc)), err=True)
            raise typer.Exit(ExitCode.FAILED) from None
        except BrokenPipeError:  # `… | head` closed the pipe: the reader has what it wanted
            _silence_stdout()
            raise typer.Exit(ExitCode.OK) from None
        except KeyboardInterrupt:
            _streams(ctx).echo("", err=True)
            raise typer.Exit(130) from None
        except OSError as exc:
            _streams(ctx).echo(msg.error(msg.os_error(exc.filename, exc.strerror or str(exc))), err=True)
            raise typer.Exit(ExitCode.FAILED) from None


def translate_help(command: Any) -> None:
    """Put every help text of `command` and its subcommands in the language in force."""
    if language() == "en":
        return
    if getattr(command, "help", None):
        command.help = _(command.help)
    if getattr(command, "short_help", None):
        command.short_help = _(command.short_help)
    for param in getattr(command, "params", []):
        if getattr(param, "help", None):
            param.help = _(param.help)
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush does not fail on the closed pipe."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests): nothing will flush into a closed pipe


def _streams(ctx: Any) -> Streams:
    return ctx.obj.streams if isinstance(ctx.obj, Env) else Streams()


def _new_app() -> typer.Typer:
    typed = typer.Typer(
        name="genai-cards",
        cls=App,
        help=(
            "Flashcards and spaced repetition (FSRS) for Generative AI on AWS and NVIDIA.\n\n"
            "Example: genai-cards review --topic bedrock"
        ),
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
    typed.callback()(main)
    return typed


def main(ctx: typer.Context, home: HomeOpt = None) -> None:
    """Flashcards and spaced repetition (FSRS) for Generative AI on AWS and NVIDIA."""
    if not isinstance(ctx.obj, Env):
        ctx.obj = Env()
    ctx.obj.home = home
    enter(ctx.obj)


# Each command of the app and how it is added, in the order `--help` lists them.
COMMANDS: dict[str, Callable[[typer.Typer], Any]] = {
    "review": lambda t: t.command()(review.review),
    "quiz": lambda t: t.command()(quiz.quiz),
    "due": lambda t: t.command()(review.due),
    "stats": lambda t: t.command()(stats.stats),
    "plan": lambda t: t.command()(plan.plan),
    "optimize": lambda t: t.command()(optimize.optimize),
    "decks": lambda t: t.add_typer(decks.app, name="decks"),
    "topics": lambda t: t.command()(decks.topics),
    "validate": lambda t: t.command()(decks.validate),
    "import": lambda t: t.command("import")(transfer.import_),
    "export": lambda t: t.command("export")(transfer.export),
    "config": lambda t: t.add_typer(config.app, name="config"),
    "card": lambda t: t.add_typer(card.app, name="card"),
    "log": lambda t: t.add_typer(log.app, name="log"),
    "doctor": lambda t: t.command()(doctor.doctor),
    "sync": lambda t: t.command()(sync.sync),
}

app = _new_app()
for _add in COMMANDS.values():
    _add(app)


def command_asked(argv: list[str]) -> str | None:
    """The command these arguments run (after the global `--home PATH`), or None: no command, an
    unknown one, or `--help` anywhere (the whole app then, for its list of commands)."""
    if "--help" in argv:
        return None
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        i += 2 if argv[i] == "--home" else 1
    return argv[i] if i < len(argv) and argv[i] in COMMANDS else None


def run() -> None:
    """Entry point of the `genai-cards` script.

    typer turns every command's signature into click objects before running one, which costs more
    than running `due`; so a command line that names its command gets an app of that command alone
    (the same command, options, help and errors). Anything else gets the whole app."""
    name = command_asked(sys.argv[1:])
    if name is None:
        app()
        return
    lean = _new_app()
    COMMANDS[name](lean)
    lean()
