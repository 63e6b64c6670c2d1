"""`sync [DIR] [--git]`: merge this home with other computers through a shared folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .. import messages as msg
from ..errors import ExitCode
from .base import JsonOpt, config_of, now, opened, streams

if TYPE_CHECKING:
    from ..store import Store
    from ..sync import SyncReport


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

    with opened() as store:
        target = folder_of(store, folder)
        report = run_sync(store, target, now(), _host(), git=git)
    _render(report, as_json)
    if report.git_errors:
        raise typer.Exit(ExitCode.FAILED)


def _render(report: SyncReport, as_json: bool) -> None:
    out = streams()
    if as_json:
        out.json(report.as_dict())
    for w in report.warnings + report.git_errors:
        out.echo(w, err=True)
    if as_json:
        return
    for deck in report.decks_received:
        out.echo(msg.sync_deck_arrived(deck))
    for key in report.settings_received:
        out.echo(msg.sync_setting_arrived(key))
    out.echo(msg.sync_summary(report.folder, report.sent, report.sent_events, report.received,
                              report.received_events, report.cards))


def _host() -> str:
    """This computer's name (socket is imported here: starting a command does not need it)."""
    import socket

    return socket.gethostname()


def after_session(store: Store) -> None:
    """The sync at the end of a review or quiz, when `sync_after_session` is on and `sync_dir` set;
    a failure is a warning, never a failed session."""
    config = config_of(store)
    if not (config.sync_after_session and config.sync_dir):
        return
    from ..errors import GenaiCardsError
    from ..sync import sync as run_sync

    try:
        report = run_sync(store, Path(config.sync_dir).expanduser(), now(), _host())
    except (GenaiCardsError, OSError) as exc:
        streams().echo(msg.sync_after_session_failed(str(exc)), err=True)
        return
    _render(report, False)
