"""`sync [DIR] [--git]`: merge this home with other computers through a shared folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import ExitCode
from .base import JsonOpt, now, opened


def sync(
    folder: Annotated[Optional[Path], typer.Argument(
        metavar="[DIR]", help="Folder that git, Syncthing or Dropbox carries between your computers (default: the sync_dir "
             "setting). Example: ~/Sync/cards", show_default=False)] = None,
    git: Annotated[bool, typer.Option("--git", help="In a git repository: commit this computer's files, "
                                      "pull --rebase, merge, push. Example: --git")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Merge this home's answers, card events and imported decks with your other computers' through a
    shared folder; settings stay on each computer.

    Example: genai-cards sync ~/Dropbox/genai-cards
    """
    from ..sync import folder_of
    from ..sync import sync as run_sync
    from .study import host, render_sync

    with opened() as store:
        target = folder_of(store, folder)
        report = run_sync(store, target, now(), host(), git=git)
    render_sync(report, as_json)
    if report.git_errors:
        raise typer.Exit(ExitCode.FAILED)
