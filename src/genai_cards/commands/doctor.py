"""`doctor`: check the database and its cache, list backups, or restore one."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .. import messages as msg
from ..errors import ExitCode
from .base import JsonOpt, config_of, opened, streams


def doctor(
    restore: Annotated[Optional[str], typer.Option(help="Bring back a backup (file name in the home's backups "
                                                   "folder, or a path). Example: --restore daily-20260310-080000.sqlite3")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check the database, rebuild card states from the review log, list backups; or restore one.

    Example: genai-cards doctor
    """
    from ..doctor import checkup

    out = streams()
    with opened(sync=False) as store:
        if restore:
            safety = store.restore(restore)
            out.echo(msg.restored(restore, safety.name))
            return
        found = checkup(store, config_of(store).leech_action == "suspend")
    if as_json:
        out.json(found.as_dict())
    else:
        out.echo(msg.doctor_report(found.integrity, found.rebuilt, found.backups))
    if not found.ok:
        raise typer.Exit(ExitCode.FAILED)
