"""`config show|get|set`."""

from __future__ import annotations

from typing import Annotated

import typer

from .base import JsonOpt, opened, streams

app = typer.Typer(help="Show or change settings. Example: genai-cards config set new_per_day 10",
                  no_args_is_help=True)


@app.command("show")
def show(as_json: JsonOpt = False) -> None:
    """Every setting and its value. Example: genai-cards config show"""
    from ..config import SETTINGS, stored_values, typed_values
    from ..i18n import _

    with opened(sync=False) as store:
        raw = store.config_raw()
    values = stored_values(raw)
    out = streams()
    if as_json:
        out.json(typed_values(raw))
        return
    for k, v in values.items():
        out.echo(f"{k} = {v}    # {_(SETTINGS[k].help)}")


@app.command("get")
def get(key: Annotated[str, typer.Argument(help="Setting name. Example: desired_retention")]) -> None:
    """Print one setting. Example: genai-cards config get new_per_day"""
    from ..config import stored_value

    with opened(sync=False) as store:
        streams().echo(stored_value(store.config_raw(), key))


@app.command("set", context_settings={"ignore_unknown_options": True})  # `set leech_threshold -1` is a value
def set_(
    key: Annotated[str, typer.Argument(help="Setting name. Example: new_per_day")],
    words: Annotated[list[str], typer.Argument(metavar="VALUE...", help="New value; several words are joined with "
                                               "spaces. Example: learning_steps 1m 10m 1h")],
) -> None:
    """Change one setting (checked before it is stored). Example: genai-cards config set desired_retention 0.85"""
    from ..config import check

    value = " ".join(words)
    check(key, value)
    with opened(sync=False) as store:
        store.set_config(key, value.strip())
    streams().echo(f"{key} = {value.strip()}")
