"""What every command shares that needs no typer (so `due` can start without it, see `start.py`): the
per-invocation environment (home and streams), the clock, opening the store (closed, and backed up
once a day, in a `finally`), the config in force, the checks of --topic and --deck, and turning a
failure into its message and exit code."""

from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional

from .. import messages as msg
from ..errors import ConfigError
from ..streams import Streams

if TYPE_CHECKING:
    from ..config import Config
    from ..store import Store


def topic_slugs(values: Optional[list[str]]) -> Optional[list[str]]:
    """Topics are lowercase slugs: `--topic RAG/` means `rag` (an unknown one is refused later, with
    the closest known ones)."""
    return [v.strip().strip("/").lower() for v in values] if values else values


class Env:
    """One invocation's settings: the --home option and the terminal's streams.

    Tests may inject one: `CliRunner().invoke(app, args, obj=Env(streams=...))`.
    """

    def __init__(self, home: Path | None = None, streams: Streams | None = None) -> None:
        self.home = home
        self.streams = streams if streams is not None else Streams()


_current: ContextVar[Env] = ContextVar("genai_cards_env")


def enter(e: Env) -> None:
    """Make `e` the environment of the command about to run (the app's callback does this)."""
    _current.set(e)


def env() -> Env:
    """The environment of the running command."""
    return _current.get()


def streams() -> Streams:
    return env().streams


def home() -> Path:
    from ..paths import resolve_home

    return resolve_home(env().home)


def now() -> datetime:
    """The current time (UTC). GENAI_CARDS_NOW (ISO 8601) fixes it, for tests and demos."""
    fixed = os.environ.get("GENAI_CARDS_NOW")
    if fixed:
        try:
            moment = datetime.fromisoformat(fixed)
        except ValueError:
            raise ConfigError(msg.bad_clock(fixed)) from None
        if not 1970 <= moment.year <= 2200:  # dates near year 1 or 9999 overflow day arithmetic
            raise ConfigError(msg.clock_out_of_range(fixed))
        if moment.tzinfo is None:
            moment = moment.astimezone()
        return moment.astimezone(timezone.utc)
    return datetime.now(timezone.utc)


@contextmanager
def opened(sync: bool = True) -> Iterator[Store]:
    """The home's store, synced with the decks on disk; closed at the end of the command, after the
    daily backup (made last, so starting stays fast)."""
    from ..store import open_store

    store = open_store(home())
    try:
        _use_language_setting(store)
        if sync:
            from ..library import sync as sync_decks

            warnings: list[str] = []
            sync_decks(store, warnings)
            for w in warnings:
                streams().echo(w, err=True)
        yield store
    finally:
        try:
            _remember_language_setting(store)
            _daily_backup(store)
        finally:
            store.close()


def _use_language_setting(store: Store) -> None:
    """The `ui_lang` setting, under GENAI_CARDS_LANG and over the locale."""
    from ..i18n import choose, set_language

    set_language(choose(setting=store.config_raw().get("ui_lang", "")))


def _remember_language_setting(store: Store) -> None:
    """Keep the home's copy of `ui_lang` (see paths.ui_lang_file) equal to the setting; written only
    when they differ, and never an error (a read-only home keeps what it has)."""
    from ..errors import StoreError
    from ..paths import ui_lang_file

    try:
        value = store.config_raw().get("ui_lang", "")
        path = ui_lang_file(store.home)
        if not path.is_file() or path.read_text(encoding="utf-8") != value:
            path.write_text(value, encoding="utf-8")
    except (OSError, StoreError, UnicodeDecodeError):
        pass


def _daily_backup(store: Store) -> None:
    from datetime import date

    from ..errors import StoreError

    from ..store import backups

    try:
        made = store.daily_backup(date.today())
    except (OSError, StoreError) as exc:
        # a backup that cannot be made must not turn a finished command into a failure; it is said
        # once on stderr, and again only after a backup has been made in between
        if backups.note_failure(store.home):
            reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
            streams().echo(msg.backup_failing(str(backups.backups_dir(store.home)), reason), err=True)
        return
    if made is not None:
        backups.clear_failure(store.home)


def config_of(store: Store) -> Config:
    from ..config import Config

    return Config.from_raw(store.config_raw())


def check_topics(store: Store, topics: list[str]) -> None:
    """Refuse an unknown --topic before doing anything."""
    unknown = [t for t in topics if not store.has_topic(t)]  # one seek each into the topic index
    if unknown:
        from ..topics import require_known

        require_known(unknown, store.all_topics())  # raises, with the closest known topics


def keep_to_decks(store: Store, decks: list[str]) -> None:
    """Refuse an unknown --deck (naming the known ones), then keep the store's queues to the decks."""
    if decks:
        from ..errors import NotFound

        known = sorted(r.deck for r in store.decks())
        for d in decks:
            if d not in known:
                raise NotFound(msg.unknown_deck(d, known))
        store.only_decks(decks)


def failure_exit(exc: BaseException, out: Streams) -> int | None:
    """What the command line does with a failure: write its one-line message on stderr and return the
    exit code; None when `exc` is not a failure of ours to report (the caller lets it through)."""
    from ..errors import ExitCode, GenaiCardsError, InvalidInput, UsageProblem

    if isinstance(exc, UsageProblem):
        out.echo(msg.error(str(exc)), err=True)
        return ExitCode.USAGE
    if isinstance(exc, InvalidInput):
        for problem in exc.problems:
            out.echo(problem, err=True)
        return ExitCode.FAILED
    if isinstance(exc, GenaiCardsError):
        out.echo(msg.error(str(exc)), err=True)
        return ExitCode.FAILED
    if isinstance(exc, UnicodeEncodeError) and isinstance(exc.object, str) and "surrogates" in exc.reason:
        # an argument (or file name) with bytes that are not UTF-8 reached SQLite or the screen
        out.echo(msg.error(msg.not_utf8(_escaped(_argument_with_surrogates() or exc.object))), err=True)
        return ExitCode.USAGE
    if isinstance(exc, BrokenPipeError):  # `… | head` closed the pipe: the reader has what it wanted
        _silence(out.stdout)
        return ExitCode.OK
    if isinstance(exc, KeyboardInterrupt):
        out.echo("", err=True)
        return 130
    if isinstance(exc, OSError):
        out.echo(msg.error(msg.os_error(exc.filename, exc.strerror or str(exc))), err=True)
        return ExitCode.FAILED
    return None


def _argument_with_surrogates() -> str | None:
    """The first command-line argument holding bytes that are not UTF-8 (what the learner typed is
    clearer than the SQL parameter made from it), or None."""
    import sys

    return next((a for a in sys.argv[1:] if any("\udc80" <= ch <= "\udcff" for ch in a)), None)


def _escaped(text: str) -> str:
    """`text` quoted, its bytes that are not UTF-8 written as \\xNN."""
    return "'{}'".format(text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def _silence(stdout: Any) -> None:
    """Point the command's stdout at /dev/null, so the interpreter's last flush does not fail on the
    closed pipe."""
    try:
        fd = stdout.fileno()
        os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests): nothing will flush into a closed pipe


def usage_error(text: str) -> Exception:
    """The usage error to raise (its message on stderr, exit 2): `raise usage_error(msg.X)`."""
    from ..errors import UsageProblem

    return UsageProblem(text)
