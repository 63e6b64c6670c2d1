"""`decks` (and `decks remove`), `topics` and `validate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import messages as msg
from ..errors import ExitCode
from .base import JsonOpt, config_of, confirm, home, now, opened, streams

app = typer.Typer(
    help="Decks with card counts by state; `decks remove ID` removes an imported deck; `decks suspend|unsuspend "
         "DECK…` takes whole decks out of study and back.\n\n"
         "Example: genai-cards decks --json",
    invoke_without_command=True,
)

STATE_COLUMNS = ["cards", "new", "learning", "review", "due", "suspended"]


@app.callback(invoke_without_command=True)
def decks(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Decks with card counts by state; `decks remove ID` removes an imported deck.

    Example: genai-cards decks --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..listings import deck_summary

    with opened() as store:
        rows = deck_summary(store, config_of(store), now())
    _listing(rows, "deck", as_json)


@app.command("remove")
def remove(
    deck: Annotated[str, typer.Argument(help="Id of an imported deck. Example: meu-deck")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Remove without asking (needed when stdin is not a "
                                      "terminal). Example: --yes")] = False,
) -> None:
    """Remove an imported deck: its file leaves the home and its cards are retired; their review
    history stays in the log. Bundled decks cannot be removed.

    Example: genai-cards decks remove meu-deck --yes
    """
    from ..library import deck_to_remove, remove_deck

    out = streams()
    with opened() as store:
        deck_to_remove(store, deck)
        if not yes:
            if not out.isatty():
                out.echo(msg.error(msg.remove_needs_yes(deck)), err=True)
                raise typer.Exit(ExitCode.FAILED)
            if not confirm(msg.confirm_remove(deck)):
                out.echo(msg.NOTHING_REMOVED)
                raise typer.Exit(ExitCode.FAILED)
        out.echo(msg.deck_removed(deck, remove_deck(store, deck)))


DecksArg = Annotated[list[str], typer.Argument(help="Deck ids (bundled or imported). Example: nvidia-aiio")]


@app.command("suspend")
def suspend(decks: DecksArg) -> None:
    """Take whole decks out of study (bundled ones too); their history is kept.

    Example: genai-cards decks suspend nvidia-aiio nvidia-genai-visao-geral
    """
    from ..focus import set_decks_suspended

    with opened() as store:
        n = set_decks_suspended(store, decks, True, now())
    streams().echo(msg.decks_suspended(", ".join(dict.fromkeys(decks)), n))


@app.command("unsuspend")
def unsuspend(decks: DecksArg) -> None:
    """Bring whole decks back into study, each card where it was.

    Example: genai-cards decks unsuspend nvidia-aiio
    """
    from ..focus import set_decks_suspended

    with opened() as store:
        n = set_decks_suspended(store, decks, False, now())
    streams().echo(msg.decks_unsuspended(", ".join(dict.fromkeys(decks)), n))


def topics(as_json: JsonOpt = False) -> None:
    """Topics (with their subtopics' cards) and card counts by state.

    Example: genai-cards topics --json
    """
    from ..listings import topic_summary

    with opened() as store:
        rows = topic_summary(store, config_of(store), now())
    _listing(rows, "topic", as_json)


def _listing(rows: list[dict[str, object]], first: str, as_json: bool) -> None:
    if as_json:
        streams().json(rows)
        return
    from ..ui import console, table

    cols = [first, *STATE_COLUMNS]
    console(streams()).print(table(None, cols, [[r[c] for c in cols] for r in rows]))


def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Deck files or folders (default: bundled and "
                                                          "imported decks). Example: decks/rag.yaml")] = None,
) -> None:
    """Lint decks: one `file:line: message` per problem; exit 1 if any.

    Example: genai-cards validate decks/
    """
    from ..library import validate as lint

    good, problems = lint(list(paths or []), home())
    out = streams()
    for p in problems:
        out.echo(p)
    if problems:
        out.echo(msg.problems_found(len(problems)), err=True)
        raise typer.Exit(ExitCode.FAILED)
    out.echo(msg.validated(len(good), sum(len(d.cards) for d in good)))
