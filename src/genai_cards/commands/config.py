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
    from ..config import SETTINGS, stored_values
    from ..i18n import _

    with opened(sync=False) as store:
        values = stored_values(store.config_raw())
    out = streams()
    if as_json:
        out.json(values)
        return
    for k, v in values.items():
        out.echo(f"{k} = {v}    # {_(SETTINGS[k].help)}")


@app.command("get")
def get(key: Annotated[str, typer.Argument(help="Setting name. Example: desired_retention")]) -> None:
    """Print one setting. Example: genai-cards config get new_per_day"""
    from ..config import stored_value

    with opened(sync=False) as store:
        streams().echo(stored_value(store.config_raw(), key))


@app.command("set")
def set_(
    key: Annotated[str, typer.Argument(help="Setting name. Example: new_per_day")],
    value: Annotated[str, typer.Argument(help="New value. Example: 10")],
) -> None:
    """Change one setting (checked before it is stored). Example: genai-cards config set desired_retention 0.85"""
    from ..config import check

    check(key, value)
    with opened(sync=False) as store:
        store.set_config(key, value.strip())
    streams().echo(f"{key} = {value.strip()}")
