"""The command line: parse, call one core function, render; map domain errors to exit codes."""

from __future__ import annotations

import atexit
import functools
import json
import os
import random
import sqlite3
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional, TypeVar

import typer

from . import messages as msg
from .errors import ExitCode, GenaiCardsError, InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

    from .config import Config
    from .store import Store

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="genai-cards",
    help=(
        "Flashcards and spaced repetition (FSRS) for Generative AI on AWS and NVIDIA.\n\n"
        "Example: genai-cards review --topic bedrock"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
config_app = typer.Typer(help="Show or change settings. Example: genai-cards config set new_per_day 10",
                         no_args_is_help=True)
card_app = typer.Typer(help="One card and its history. Example: genai-cards card show rag/rag-definicao",
                       no_args_is_help=True)
log_app = typer.Typer(help="The review history. Example: genai-cards log export --format csv -o log.csv",
                      no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(card_app, name="card")
app.add_typer(log_app, name="log")

HomeOpt = Annotated[
    Optional[Path],
    typer.Option("--home", help="Folder for the database and imported decks (env GENAI_CARDS_HOME). "
                 "Example: --home ~/cards", show_default=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout. Example: --json")]
TopicOpt = Annotated[
    Optional[list[str]],
    typer.Option("--topic", "-t", metavar="TOPIC", help="Only cards of this topic and its subtopics; repeatable. Example: -t rag"),
]


class State:
    """Per-invocation settings from the global options."""

    home: Path | None = None


STATE = State()


def now() -> datetime:
    """The current time (UTC). GENAI_CARDS_NOW (ISO 8601) fixes it, for tests and demos."""
    fixed = os.environ.get("GENAI_CARDS_NOW")
    if fixed:
        try:
            moment = datetime.fromisoformat(fixed)
        except ValueError:
            from .errors import ConfigError

            raise ConfigError(msg.bad_clock(fixed)) from None
        if not 1970 <= moment.year <= 2200:  # dates near year 1 or 9999 overflow day arithmetic
            from .errors import ConfigError

            raise ConfigError(msg.clock_out_of_range(fixed))
        if moment.tzinfo is None:
            moment = moment.astimezone()
        return moment.astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def handled(fn: F) -> F:
    """Turn domain errors into one clear message on stderr and exit 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InvalidInput as exc:
            for problem in exc.problems:
                typer.echo(str(problem), err=True)
            raise typer.Exit(ExitCode.FAILED) from None
        except GenaiCardsError as exc:
            typer.echo(msg.error(str(exc)), err=True)
            raise typer.Exit(ExitCode.FAILED) from None
        except KeyboardInterrupt:
            typer.echo("", err=True)
            raise typer.Exit(130) from None
        except sqlite3.Error as exc:
            typer.echo(msg.error(msg.database_error(str(exc))), err=True)
            raise typer.Exit(ExitCode.FAILED) from None
        except OSError as exc:
            typer.echo(msg.error(msg.os_error(exc.filename, exc.strerror or str(exc))), err=True)
            raise typer.Exit(ExitCode.FAILED) from None

    return wrapper  # type: ignore[return-value]


@app.callback()
def main(home: HomeOpt = None) -> None:
    """Flashcards and spaced repetition (FSRS) for Generative AI on AWS and NVIDIA."""
    STATE.home = home


def _store(sync: bool = True) -> Store:
    from .library import sync as sync_decks
    from .paths import resolve_home
    from .store import open_store

    store = open_store(resolve_home(STATE.home))
    atexit.register(_daily_backup, store)
    if sync:
        warnings: list[str] = []
        sync_decks(store, warnings)
        for w in warnings:
            typer.echo(w, err=True)
    return store


def _daily_backup(store: Store) -> None:
    """Once a day, after the command has done its work (so starting stays fast), copy the database."""
    from datetime import date

    from .backups import daily_backup

    try:
        daily_backup(store.db, store.home, date.today())
    except (OSError, sqlite3.Error):
        pass  # a backup that cannot be made must not turn a finished command into a failure


def _config(store: Store) -> Config:
    from .config import Config

    return Config.from_raw(store.config_raw())


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _console() -> Console:
    from .ui import make_console

    return make_console()


def _check_topics(store: Store, topics: list[str]) -> None:
    if not topics:
        return
    from .errors import NotFound
    from .topics import closest, known_topic

    all_topics = store.all_topics()
    for t in topics:
        if not known_topic(t, all_topics):
            raise NotFound(msg.unknown_topic(t, closest(t, all_topics)))


# --- review ------------------------------------------------------------------------------------
@app.command()
@handled
def review(
    topic: TopicOpt = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Show at most N cards from today's queue. "
                                                 "Example: --limit 30")] = None,
    seed: Annotated[Optional[int], typer.Option(help="Seed shuffles for a reproducible session. "
                                                "Example: --seed 7")] = None,
) -> None:
    """Today's session: due cards, most at risk first, with new cards in deck order.

    Example: genai-cards review --topic rag --limit 20
    """
    from .scheduler import Scheduler
    from .session import Study, run
    from .ui import Streams, TerminalIO

    store = _store()
    topics = topic or []
    _check_topics(store, topics)
    config = _config(store)
    study = Study(store, Scheduler(config), config, now(), topics, limit)
    streams = Streams()
    io = TerminalIO(streams)
    if not study.queue and study.next(now()) is None:
        streams.out.print(msg.NOTHING_DUE)
        return
    result = run(study, io, now, random.Random(seed))
    streams.out.print()
    streams.out.print(msg.session_summary(len(result.outcomes), result.seconds))


# --- quiz --------------------------------------------------------------------------------------
@app.command()
@handled
def quiz(
    topic: TopicOpt = None,
    exam: Annotated[Optional[str], typer.Option(help="A full mock exam, timed and scored like the real one. "
                                                "Example: --exam aif-c01")] = None,
    count: Annotated[int, typer.Option(min=1, help="Number of questions. Example: --count 10")] = 20,
    card_type: Annotated[Optional[list[str]], typer.Option("--type", metavar="TYPE", help="Only these card types; repeatable. "
                                                           "Example: --type mcq --type multi")] = None,
    seed: Annotated[Optional[int], typer.Option(help="Seed the draw and shuffles. Example: --seed 7")] = None,
    no_record: Annotated[bool, typer.Option("--no-record", help="Do not record the answers as reviews.")] = False,
) -> None:
    """Exam-style practice on a topic, scored at the end; or a mock exam with --exam.

    Example: genai-cards quiz --topic bedrock --count 10
    """
    from .errors import NotFound
    from .exams import find_exam
    from .model import CARD_TYPES
    from .quiz import QuizItem, QuizRunner, exam_score, group_for, pick_exam_cards, pick_topic_cards
    from .scheduler import Scheduler
    from .ui import Streams, TerminalIO, render_quiz_summary

    if not topic and not exam:
        typer.echo(msg.error(msg.QUIZ_NEEDS_TARGET), err=True)
        raise typer.Exit(ExitCode.USAGE)
    for t in card_type or []:
        if t not in CARD_TYPES:
            typer.echo(msg.error(msg.unknown_type(t)), err=True)
            raise typer.Exit(ExitCode.USAGE)
    store = _store()
    config = _config(store)
    scheduler = Scheduler(config)
    rng = random.Random(seed)
    streams = Streams()
    io = TerminalIO(streams)
    start = now()
    if exam:
        definition = find_exam(exam)
        items, shortages = pick_exam_cards(store, definition, rng)
        streams.out.print(msg.exam_intro(definition.title, len(items), definition.minutes))
        for t, (wanted, available) in shortages.items():
            streams.out.print(msg.exam_shortage(t, wanted, available))
        from datetime import timedelta

        runner = QuizRunner(store, scheduler, config, io, now, rng, record=not no_record, feedback=False,
                            deadline=start + timedelta(minutes=definition.minutes))
        result = runner.run(items)
        render_quiz_summary(streams.out, result, result.seconds, exam_score(definition, result))
        return
    topics = topic or []
    _check_topics(store, topics)
    cards = pick_topic_cards(store, scheduler, topics, count, card_type or [], start, rng)
    if not cards:
        raise NotFound(msg.NO_QUIZ_CARDS)
    topic_map = store.topics_of([c.key for c in cards])
    items = [QuizItem(c, group_for(topic_map[c.key], topics)) for c in cards]
    result = QuizRunner(store, scheduler, config, io, now, rng, record=not no_record).run(items)
    render_quiz_summary(streams.out, result, result.seconds)


# --- due ---------------------------------------------------------------------------------------
@app.command()
@handled
def due(topic: TopicOpt = None, as_json: JsonOpt = False) -> None:
    """What is due today and tomorrow, per topic, without starting a session.

    Example: genai-cards due --json
    """
    from .listings import due_summary

    store = _store()
    topics = topic or []
    _check_topics(store, topics)
    summary = due_summary(store, _config(store), now(), topics)
    if as_json:
        _print_json(summary)
        return
    from .ui import table

    console = _console()
    console.print(msg.due_line(summary["today"], summary["new_today"], summary["tomorrow"]))
    if summary["topics"]:
        console.print(table(None, ["topic", "due today"], sorted(summary["topics"].items())))


# --- stats -------------------------------------------------------------------------------------
@app.command()
@handled
def stats(
    topic: TopicOpt = None,
    exam: Annotated[Optional[str], typer.Option(help="Exam readiness for this exam (default: from config "
                                                "exam_date and the bundled exams). Example: --exam aif-c01")] = None,
    days: Annotated[int, typer.Option(min=1, max=365, help="Days of forecast. Example: --days 14")] = 30,
    as_json: JsonOpt = False,
) -> None:
    """Retention, forecast, streak and heatmap, mastery per topic, and exam readiness.

    Example: genai-cards stats --exam aif-c01
    """
    from .stats import compute
    from .stats_view import render

    store = _store()
    topics = topic or []
    _check_topics(store, topics)
    figures = compute(store, _config(store), now(), topics, exam, days)
    if as_json:
        _print_json(figures)
        return
    render(_console(), figures)


# --- decks / topics ----------------------------------------------------------------------------
decks_app = typer.Typer(
    help="Decks with card counts by state; `decks remove ID` removes an imported deck.\n\n"
         "Example: genai-cards decks --json",
    invoke_without_command=True,
)
app.add_typer(decks_app, name="decks")


@decks_app.callback(invoke_without_command=True)
@handled
def decks(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Decks with card counts by state; `decks remove ID` removes an imported deck.

    Example: genai-cards decks --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from .listings import deck_summary

    store = _store()
    rows = deck_summary(store, _config(store), now())
    if as_json:
        _print_json(rows)
        return
    from .ui import table

    cols = ["deck", "cards", "new", "learning", "review", "due", "suspended"]
    _console().print(table(None, cols, [[r[c] for c in cols] for r in rows]))


@decks_app.command("remove")
@handled
def decks_remove(
    deck: Annotated[str, typer.Argument(help="Id of an imported deck. Example: meu-deck")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Remove without asking (needed when stdin is not a "
                                      "terminal). Example: --yes")] = False,
) -> None:
    """Remove an imported deck: its file leaves the home and its cards are retired; their review
    history stays in the log. Bundled decks cannot be removed.

    Example: genai-cards decks remove meu-deck --yes
    """
    from .library import deck_to_remove, remove_deck

    store = _store()
    deck_to_remove(store, deck)
    if not yes:
        if not sys.stdin.isatty():
            typer.echo(msg.error(msg.remove_needs_yes(deck)), err=True)
            raise typer.Exit(ExitCode.FAILED)
        if not typer.confirm(msg.confirm_remove(deck), default=False):
            typer.echo(msg.NOTHING_REMOVED)
            raise typer.Exit(ExitCode.FAILED)
    typer.echo(msg.deck_removed(deck, remove_deck(store, deck)))


@app.command()
@handled
def topics(as_json: JsonOpt = False) -> None:
    """Topics (with their subtopics' cards) and card counts by state.

    Example: genai-cards topics --json
    """
    from .listings import topic_summary

    store = _store()
    rows = topic_summary(store, _config(store), now())
    if as_json:
        _print_json(rows)
        return
    from .ui import table

    cols = ["topic", "cards", "new", "learning", "review", "due", "suspended"]
    _console().print(table(None, cols, [[r[c] for c in cols] for r in rows]))


# --- validate / import -------------------------------------------------------------------------
@app.command()
@handled
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Deck files or folders (default: bundled and "
                                                          "imported decks). Example: decks/rag.yaml")] = None,
) -> None:
    """Lint decks: one `file:line: message` per problem; exit 1 if any.

    Example: genai-cards validate decks/
    """
    from .library import validate as lint
    from .paths import bundled_decks_dir, resolve_home, user_decks_dir

    targets = list(paths or [])
    if not targets:
        targets = [bundled_decks_dir()]
        home_decks = user_decks_dir(resolve_home(STATE.home))
        if home_decks.is_dir():
            targets.append(home_decks)
    good, problems = lint(targets)
    for p in problems:
        typer.echo(str(p))
    if problems:
        typer.echo(msg.problems_found(len(problems)), err=True)
        raise typer.Exit(ExitCode.FAILED)
    typer.echo(msg.validated(len(good), sum(len(d.cards) for d in good)))


@app.command("import")
@handled
def import_(
    paths: Annotated[list[Path], typer.Argument(help="YAML deck files or folders, CSV/TSV files, Anki packages "
                                                "(.apkg). Example: my-deck.yaml cards.csv shared.apkg")],
    deck: Annotated[Optional[str], typer.Option(help="Deck id for the cards (default: the YAML deck's id, or the "
                                                "file name for CSV and Anki). Example: --deck meu-deck")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be added, updated, unchanged and "
                                          "retired; store nothing. Example: --dry-run")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import decks into the home; all or nothing, and importing again changes nothing.

    YAML decks as they are. CSV/TSV need a header row: front,back[,tags][,id]; tags are space-separated
    and become topics; a card's identity is its id column, else its front text. Anki packages (.apkg,
    old and current formats): Basic-like notes become basic cards, Cloze notes cloze cards; HTML
    becomes text; media is skipped. Every input is checked first: one bad file imports nothing, and
    every problem is listed as path:line: message. An edited file updates cards in place, keeping
    their history; cards no longer in it are retired.

    Example: genai-cards import notes.csv --deck minhas-notas --dry-run
    """
    from .library import import_decks

    store = _store()
    try:
        report = import_decks(store, paths, deck, dry_run)
    except InvalidInput as exc:
        if as_json:
            _print_json({"added": 0, "updated": 0, "unchanged": 0, "retired": 0, "decks": [],
                         "errors": [str(p) for p in exc.problems], "warnings": []})
        raise
    for warning in report.warnings:
        typer.echo(warning, err=True)
    if as_json:
        _print_json(report.as_dict())
        return
    if len(report.per_deck) > 1:
        for d in report.per_deck:
            typer.echo(msg.deck_import_line(**d))
    typer.echo(msg.import_summary(report.added, report.updated, report.unchanged, report.retired, dry_run))


@app.command("export")
@handled
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="yaml, csv or apkg. Example: --format apkg")],
    output: Annotated[str, typer.Option("-o", "--output", help="File to write. yaml with several decks: a folder, "
                                        "one <deck>.yaml each. '-' writes yaml (one deck) or csv to stdout. "
                                        "Example: -o bedrock.apkg")],
    topic: TopicOpt = None,
    deck: Annotated[Optional[list[str]], typer.Option("--deck", "-d", metavar="DECK", help="Only this deck; repeatable "
                                                      "(default: every deck). Example: --deck rag")] = None,
) -> None:
    """Export cards for sharing or for Anki.

    yaml: deck files that import back as the same cards (ids, fields, topics, sources,
    explanations). csv: front,back,tags,id, with exam formats written out readably. apkg: an Anki
    package (needs pip install "genai-cards[anki]"); basic, reversed, cloze and typed cards become
    the matching Anki notes, exam formats Basic notes; topics become tags; re-exporting updates the
    notes in Anki instead of duplicating them.

    Example: genai-cards export --format apkg --topic bedrock -o bedrock.apkg
    """
    from .exporters import DECK_FORMATS
    from .library import export_decks

    if fmt not in DECK_FORMATS:
        typer.echo(msg.error(msg.unknown_format(fmt, DECK_FORMATS)), err=True)
        raise typer.Exit(ExitCode.USAGE)
    store = _store()
    report = export_decks(store, fmt, output, topic or [], deck or [])
    if output != "-":
        typer.echo(msg.exported_decks(len(report.decks), report.notes, report.files))


# --- config ------------------------------------------------------------------------------------
@config_app.command("show")
@handled
def config_show(as_json: JsonOpt = False) -> None:
    """Every setting and its value. Example: genai-cards config show"""
    from .config import SETTINGS

    store = _store(sync=False)
    _config(store)
    raw = store.config_raw()
    values = {k: raw.get(k, s.default) for k, s in SETTINGS.items()}
    if as_json:
        _print_json(values)
        return
    for k, v in values.items():
        typer.echo(f"{k} = {v}    # {SETTINGS[k].help}")


@config_app.command("get")
@handled
def config_get(key: Annotated[str, typer.Argument(help="Setting name. Example: desired_retention")]) -> None:
    """Print one setting. Example: genai-cards config get new_per_day"""
    from .config import SETTINGS, check

    store = _store(sync=False)
    check(key, SETTINGS[key].default if key in SETTINGS else "")
    typer.echo(store.config_raw().get(key, SETTINGS[key].default))


@config_app.command("set")
@handled
def config_set(
    key: Annotated[str, typer.Argument(help="Setting name. Example: new_per_day")],
    value: Annotated[str, typer.Argument(help="New value. Example: 10")],
) -> None:
    """Change one setting (checked before it is stored). Example: genai-cards config set desired_retention 0.85"""
    from .config import check

    check(key, value)
    store = _store(sync=False)
    store.set_config(key, value.strip())
    typer.echo(f"{key} = {value.strip()}")


# --- card --------------------------------------------------------------------------------------
CardArg = Annotated[str, typer.Argument(help="Card id as deck/card (or a unique card id). Example: rag/rag-definicao")]


def _keys(store: Store, ident: str) -> list[str]:
    from .errors import NotFound

    keys = store.find_keys(ident)
    if not keys:
        raise NotFound(msg.unknown_card(ident))
    notes = {k.split(":", 1)[0] for k in keys}
    if len(notes) > 1:
        raise NotFound(msg.ambiguous_card(ident, sorted(notes)))
    return keys


@card_app.command("show")
@handled
def card_show(card: CardArg, as_json: JsonOpt = False) -> None:
    """A card, its state and its history. Example: genai-cards card show rag/rag-definicao --json"""
    from .listings import card_details

    store = _store()
    details = [card_details(store, k, _config(store), now()) for k in _keys(store, card)]
    if as_json:
        _print_json(details if len(details) > 1 else details[0])
        return
    from .listings import render_card_details

    console = _console()
    for d in details:
        render_card_details(console, d)


def _card_action(card: str, action: str) -> None:
    store = _store()
    for key in _keys(store, card):
        if action == "suspend":
            store.set_suspended(key, True, now())
            typer.echo(msg.card_suspended(key))
        elif action == "unsuspend":
            store.set_suspended(key, False, now())
            typer.echo(msg.card_unsuspended(key))
        else:
            store.reset(key, now())
            typer.echo(msg.card_reset(key))


@card_app.command("suspend")
@handled
def card_suspend(card: CardArg) -> None:
    """Hide a card from reviews until unsuspended. Example: genai-cards card suspend rag/rag-definicao"""
    _card_action(card, "suspend")


@card_app.command("unsuspend")
@handled
def card_unsuspend(card: CardArg) -> None:
    """Bring a suspended card (or a leech) back. Example: genai-cards card unsuspend rag/rag-definicao"""
    _card_action(card, "unsuspend")


@card_app.command("reset")
@handled
def card_reset(card: CardArg) -> None:
    """Make a card new again; its history stays in the log. Example: genai-cards card reset rag/rag-definicao"""
    _card_action(card, "reset")


# --- log ---------------------------------------------------------------------------------------
@log_app.command("export")
@handled
def log_export(
    fmt: Annotated[str, typer.Option("--format", help="csv, jsonl, or fsrs (the FSRS optimizer's columns). "
                                     "Example: --format fsrs")] = "csv",
    output: Annotated[str, typer.Option("-o", "--output", help="File to write ('-' for stdout). "
                                        "Example: -o log.csv")] = "-",
) -> None:
    """Export every answer, oldest first.

    csv and jsonl: every column of the log (times in ISO 8601 UTC). fsrs: a CSV with the columns the
    FSRS optimizer tools expect: card_id, review_time (Unix ms), review_rating (1-4), review_state
    (before the answer: 0 new, 1 learning, 2 review, 3 relearning), review_duration (ms). There
    card_id must be an integer, so each card key (deck/card, deck/card:c2, ...) is mapped to a stable
    48-bit integer (a hash of the key; the same id the scheduler gives the card).

    Example: genai-cards log export --format fsrs -o revlog.csv
    """
    from .exporters import LOG_FORMATS, export_log

    if fmt not in LOG_FORMATS:
        typer.echo(msg.error(msg.unknown_format(fmt, LOG_FORMATS)), err=True)
        raise typer.Exit(ExitCode.USAGE)
    store = _store(sync=False)
    try:
        n = export_log(store, fmt, output)
    except OSError as exc:
        raise GenaiCardsError(msg.cannot_write(output, exc.strerror or str(exc))) from None
    if output != "-":
        typer.echo(msg.exported(n, output))


@app.command()
@handled
def doctor(
    restore: Annotated[Optional[str], typer.Option(help="Bring back a backup (file name in the home's backups "
                                                   "folder, or a path). Example: --restore daily-20260310-080000.sqlite3")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check the database, rebuild card states from the review log, list backups; or restore one.

    Example: genai-cards doctor
    """
    from . import doctor as doc

    store = _store(sync=False)
    if restore:
        safety = doc.restore(store, restore)
        typer.echo(msg.restored(restore, safety.name))
        return
    found = doc.checkup(store, _config(store).leech_action == "suspend")
    if as_json:
        _print_json(found.as_dict())
    else:
        typer.echo(msg.doctor_report(found.integrity, found.rebuilt, found.backups))
    if not found.ok:
        raise typer.Exit(ExitCode.FAILED)


def run() -> None:
    """Entry point of the `genai-cards` script."""
    app()
