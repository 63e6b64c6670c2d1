"""`card show|suspend|unsuspend|reset`: one card and its history."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import messages as msg
from .base import JsonOpt, config_of, now, opened, streams

app = typer.Typer(help="One card and its history. Example: genai-cards card show rag/rag-definicao",
                  no_args_is_help=True)

CardArg = Annotated[str, typer.Argument(help="Card id as deck/card (or a unique card id). Example: rag/rag-definicao")]


@app.command("show")
def show(card: CardArg, as_json: JsonOpt = False) -> None:
    """A card, its state and its history. Example: genai-cards card show rag/rag-definicao --json"""
    from ..listings import card_details, card_keys

    with opened() as store:
        details = [card_details(store, k, config_of(store), now()) for k in card_keys(store, card)]
    if as_json:
        streams().json(details if len(details) > 1 else details[0])
        return
    from ..ui import console, render_card_details

    out = console(streams())
    for d in details:
        render_card_details(out, d)


def _act(card: str, action: str) -> None:
    from ..listings import card_keys

    out = streams()
    with opened() as store:
        leech_suspends = config_of(store).leech_action == "suspend"
        for key in card_keys(store, card):
            if action == "suspend":
                store.set_suspended(key, True, now())
                out.echo(msg.card_suspended(key))
            elif action == "unsuspend":
                store.set_suspended(key, False, now())
                out.echo(msg.card_unsuspended(key))
            else:
                store.reset(key, now(), leech_suspends)
                out.echo(msg.card_reset(key))


@app.command("suspend")
def suspend(card: CardArg) -> None:
    """Hide a card from reviews until unsuspended. Example: genai-cards card suspend rag/rag-definicao"""
    _act(card, "suspend")


@app.command("unsuspend")
def unsuspend(card: CardArg) -> None:
    """Bring a suspended card (or a leech) back. Example: genai-cards card unsuspend rag/rag-definicao"""
    _act(card, "unsuspend")


@app.command("reset")
def reset(card: CardArg) -> None:
    """Make a card new again; its history stays in the log. Example: genai-cards card reset rag/rag-definicao"""
    _act(card, "reset")
