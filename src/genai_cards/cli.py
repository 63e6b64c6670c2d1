"""The command line, assembled (for the lines `start.py` does not run without typer): the app, its
global options, its commands (each in `commands/`), and where domain errors become messages and exit
codes (through `commands/invocation.failure_exit`, which `start.py` uses too)."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup

from . import messages as msg
from .commands import card, config, decks, doctor, log, optimize, plan, quiz, review, stats, sync, transfer
from .commands.base import Env, HomeOpt, enter
from .commands.invocation import failure_exit
from .errors import ExitCode
from .i18n import N_, choose, language, set_language
from .start import COMPLETE_VAR
from .streams import Streams


@dataclass
class Words:
    """One invocation's state for the command line's own words, kept on the root command: the
    arguments (for `--home`), whether the language of help and usage texts is settled (see
    commands/clickwords.py), and what to undo at the end."""

    argv: Sequence[str] = ()
    settled: bool = False
    stack: ExitStack = field(default_factory=ExitStack)


class LearnerFormatter(HelpFormatter):
    """click's formatter with the usage prefix in the language in force (typer's section titles,
    "Options"…, come through gettext: see commands/clickwords.py)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{msg.USAGE_PREFIX} " if prefix is None else prefix)


class LearnerContext(typer.Context):
    """Every command's context: settles the language before the first help or usage text."""

    formatter_class = LearnerFormatter

    def make_formatter(self) -> HelpFormatter:
        from .commands.clickwords import settle

        settle(self)
        return super().make_formatter()


def prepare(command: Any, words: Words) -> None:
    """Give `command` and its subcommands the learner's context; keep `words` on the root."""
    command.words = words

    def each(c: Any) -> None:
        c.context_class = LearnerContext
        for sub in getattr(c, "commands", {}).values():
            each(sub)

    each(command)


class App(TyperGroup):
    """The root command: runs the command asked for and translates what it raises, once for all."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # the language of this invocation, from GENAI_CARDS_LANG and the locale; the `ui_lang` setting
        # joins in when the store is open, or before, when a help or usage text is about to be written
        set_language(choose())
        argv = kwargs["args"] if "args" in kwargs else args[0] if args else None
        words = Words(argv=list(sys.argv[1:] if argv is None else argv))
        prepare(self, words)
        for param in self.params:  # typer's completion options, for the genai-cards command
            if param.name in COMPLETION_CALLBACKS:
                param.callback = COMPLETION_CALLBACKS[param.name]
                setattr(param, "help", COMPLETION_HELP[param.name])
        kwargs.setdefault("complete_var", COMPLETE_VAR)  # `python -m genai_cards` completes as genai-cards
        if os.environ.get(kwargs["complete_var"]):  # answering the shell: its descriptions in the learner's language
            from .commands.clickwords import settle_for_completion

            settle_for_completion(self, words)
        with words.stack:
            return super().main(*args, **kwargs)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except UsageError as exc:
            _usage_error(ctx, exc)
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            _usage_error(ctx, exc)
            raise
        except (Exception, KeyboardInterrupt) as exc:  # typer.Exit and click's Abort go through
            code = failure_exit(exc, _streams(ctx))
            if code is None:
                raise
            raise typer.Exit(code) from None


def _usage_error(ctx: Any, exc: UsageError) -> None:
    """A usage error in the learner's language (exit 2); in English, click writes it as it always has."""
    if isinstance(exc, NoArgsIsHelpError):
        return  # the help itself, already in the learner's language
    from .commands.clickwords import settle, usage_error_text

    settle(ctx)
    if language() == "en":
        return
    typer.echo(usage_error_text(exc), err=True)
    raise typer.Exit(exc.exit_code) from None


# --- shell completion (typer's: --install-completion, --show-completion, and the completion protocol)
PROG = "genai-cards"
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _shell_named(ctx: Any, option: str) -> str | None:
    """The shell named after `option` (`--show-completion zsh`), else None (typer detects the shell).
    typer's completion options are flags: a shell name after one is left in the arguments."""
    argv = list(getattr(ctx.find_root().command, "words", Words()).argv)
    after = argv[argv.index(option) + 1:argv.index(option) + 2] if option in argv else []
    return after[0] if after and after[0] in SHELLS else None


def _show_completion(ctx: Any, param: Any, value: Any) -> Any:
    """The completion script of `genai-cards` for the shell named, or the current one."""
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import _get_shell_name, get_completion_script

    shell = _shell_named(ctx, "--show-completion") or _get_shell_name() or ""
    typer.echo(get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell))
    raise typer.Exit(ExitCode.OK)


def _install_completion(ctx: Any, param: Any, value: Any) -> Any:
    """Install the completion of `genai-cards` for the shell named, or the current one."""
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import install

    shell, path = install(shell=_shell_named(ctx, "--install-completion"), prog_name=PROG, complete_var=COMPLETE_VAR)
    typer.echo(msg.completion_installed(shell, str(path)))
    raise typer.Exit(ExitCode.OK)


COMPLETION_CALLBACKS = {"install_completion": _install_completion, "show_completion": _show_completion}
COMPLETION_HELP = {
    "install_completion": N_("Install completion for the shell named, or the current one. "
                             "Example: genai-cards --install-completion zsh"),
    "show_completion": N_("Print the completion script for the shell named, or the current one, to copy it or "
                          "customize the installation. Example: genai-cards --show-completion bash"),
}


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
        add_completion=True,
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
