"""Every user-facing message, in one place, in English (the msgids) and translated on the way out.

How a message is written here (see the README's "Translations" for adding one):

* a constant: `NAME = "Whole sentence."` — reading `msg.NAME` gives it in the language in force (this
  module's class translates every UPPER_CASE text, and the values of UPPER_CASE tuples and dicts,
  when it is read); placeholders are named, `{card}`, and filled with `.format(card=…)` after reading;
* a function: `return _("Whole sentence with {name}.").format(name=name)`, or
  `ngettext("{n} card", "{n} cards", n).format(n=plain(n))` when a number decides the form.
  Never an f-string around words (a test reads this module and refuses one), never fragments glued
  together; numbers and dates go through `plain` (a count), `integer` (grouped: 1,234), `decimal`,
  `percent` and `short_date`.

Cards speak the deck's language; keys, letters, ratings, command names, options and JSON keys are the
same in every language.
"""

from __future__ import annotations

import sys
import types
from datetime import datetime
from typing import Any

from .i18n import _, decimal, integer, language, ngettext, plain, short_date


class _Translated(types.ModuleType):
    """Reading an UPPER_CASE text (or tuple or dict of texts) of this module translates it."""

    def __getattribute__(self, name: str) -> Any:
        value = super().__getattribute__(name)
        if not name[:1].isupper() or language() == "en":
            return value
        if isinstance(value, str):
            return _(value)
        if isinstance(value, tuple):
            return tuple(_(v) if isinstance(v, str) else v for v in value)
        if isinstance(value, dict):
            return {k: _(v) if isinstance(v, str) else v for k, v in value.items()}
        return value


sys.modules[__name__].__class__ = _Translated


def error(text: str) -> str:
    return _("Error: {text}").format(text=text)


def unknown_format(fmt: str, known: list[str]) -> str:
    return _("unknown format {fmt!r} ({known})").format(fmt=fmt, known=one_of(known))


def one_of(items: list[str]) -> str:
    """`yaml, csv or apkg`: the choices a value may take."""
    if len(items) < 2:
        return "".join(items)
    return _("{items} or {last}").format(items=", ".join(items[:-1]), last=items[-1])


def due_line(today: int, new: int, tomorrow: int) -> str:
    return _("Due today: {today} (+ {new_cards})   tomorrow: {tomorrow}").format(
        today=plain(today), new_cards=new_cards(new), tomorrow=plain(tomorrow))


# --- deck validation -----------------------------------------------------------------------
EMPTY_FILE = "the file is empty"
NOT_UTF8 = "not valid UTF-8 text"
BINARY_FILE = "binary data, not a text file"
IS_A_DIRECTORY = "is a directory"
NO_SUCH_FILE = "no such file"
YAML_ALIAS = "YAML anchors and aliases (& and *) are not allowed in decks"
TOO_DEEP = "nested too deeply to be a deck"
BAD_VERSION = "unsupported deck format version (only 1)"
NO_CARDS = "the deck has no cards"
MUST_BE_BOOL = "`reverse` must be true or false"
CLOZE_PROBLEMS = {  # cloze.problem() -> message
    "none": "cloze text has no deletion like {{c1::answer}}",
    "empty": "a cloze deletion has an empty answer",
    "number": "cloze deletions are numbered from c1 to c999",
    "nested": "a cloze deletion is nested inside another ({{c1::… {{c2::…}} …}})",
    "unclosed": "a cloze deletion is never closed (missing }})",
}
MULTI_ALL_RIGHT = "a multi card needs at least one wrong choice"
BAD_ORDER = "`order` must be a whole number from 0 to 1000000, in plain digits"
BAD_PAIR = "each pair must be a list of two texts: [left, right]"


def yaml_tag(tag: str) -> str:
    return _("YAML tag {tag!r} is not allowed (only plain YAML)").format(tag=tag)


def yaml_syntax(problem: str) -> str:
    return _("YAML syntax error: {problem}").format(problem=problem)


MAPPING_WHAT = {  # what must_be_mapping() names
    "deck": "a deck file (top level)", "card": "a card", "choice": "a choice", "exam": "an exam file",
    "domain": "a domain",
}


def must_be_mapping(what: str) -> str:
    return _("{what} must be a mapping of keys to values").format(what=what)


def must_be_list(name: str) -> str:
    return _("`{name}` must be a list").format(name=name)


def control_character(name: str, char: str) -> str:
    return _("`{name}` holds a control character ({char}); terminal escape sequences are not allowed in decks").format(
        name=name, char=char)


def too_many_nodes(limit: int) -> str:
    return _("refused: the file holds more than {limit} YAML values (lists, maps and items)").format(limit=integer(limit))


def must_be_text(name: str) -> str:
    return _("`{name}` must be a text (or a map of language to text)").format(name=name)


def empty_field(name: str) -> str:
    return _("`{name}` is empty").format(name=name)


def missing(name: str) -> str:
    return _("missing required field `{name}`").format(name=name)


def duplicate_key(key: str) -> str:
    return _("duplicate key `{key}`").format(key=key)


def unknown_key(key: str) -> str:
    return _("unknown deck field `{key}`").format(key=key)


def unknown_card_key(key: str, ctype: str) -> str:
    return _("unknown field `{key}` for a {ctype} card").format(key=key, ctype=ctype)


def unknown_choice_key(key: str) -> str:
    return _("unknown field `{key}` for a choice (text, why)").format(key=key)


def unknown_type(ctype: str) -> str:
    return _("unknown card type {ctype!r} (basic, cloze, typed, mcq, multi, order, match)").format(ctype=ctype)


def bad_slug(name: str, value: str) -> str:
    return _("`{name}` must be a lowercase slug like `rag-etapas`, not {value!r}").format(name=name, value=value)


def bad_topic(value: str) -> str:
    return _("bad topic {value!r}: use lowercase slugs separated by / (e.g. bedrock/guardrails)").format(value=value)


def bad_lang(value: str) -> str:
    return _("bad language tag {value!r} (e.g. pt-BR, en)").format(value=value)


def too_few(name: str, n: int) -> str:
    return _("`{name}` needs at least {n} entries").format(name=name, n=n)


def too_many(name: str, n: int) -> str:
    return _("`{name}` has more than {n} entries").format(name=name, n=n)


def duplicate_item(name: str, item: str) -> str:
    return _("`{name}` has {item!r} twice").format(name=name, item=item)


def duplicate_id(card_id: str, first_line: int) -> str:
    return _("duplicate card id `{card_id}` (first used on line {first_line})").format(card_id=card_id, first_line=first_line)


def duplicate_deck(deck_id: str, other: str) -> str:
    return _("deck id `{deck_id}` is already used by {other}").format(deck_id=deck_id, other=other)


def answer_not_in_choices(answer: str) -> str:
    return _("answer {answer!r} is not one of the choices").format(answer=answer)


def reject_is_answer(text: str) -> str:
    return _("reject {text!r} is also an accepted answer").format(text=text)


def file_too_large(limit: int) -> str:
    return _("file too large (over {mb} MB)").format(mb=limit // (1024 * 1024))


def cannot_read(reason: str) -> str:
    return _("cannot read: {reason}").format(reason=reason)


# --- store and config ----------------------------------------------------------------------
NOT_A_DATABASE = "not a genai-cards database"
BACKUP_DAMAGED = "the backup fails SQLite's integrity check"


def db_newer(found: int, known: int) -> str:
    return _("this database has schema version {found}, newer than this program knows ({known}); "
             "upgrade genai-cards (the database was not changed)").format(found=found, known=known)


def home_read_only(home: str) -> str:
    return _("{home}: the home folder is read-only, and genai-cards keeps its database there; "
             "choose another with --home or GENAI_CARDS_HOME").format(home=home)


def db_locked(path: str) -> str:
    return _("{path}: the database is busy (another genai-cards is writing); try again in a moment").format(path=path)


def db_unusable(path: str, reason: str) -> str:
    return _("{path}: cannot use the database: {reason}").format(path=path, reason=reason)


def database_error(text: str) -> str:
    if "full" in text:
        return _("the disk is full: the last answer was not saved (every earlier one is); free some space")
    if "locked" in text or "busy" in text:
        return _("the database is busy (another genai-cards is writing); try again in a moment")
    if "readonly" in text or "read-only" in text:
        return _("the home folder is read-only; nothing can be saved there")
    return _("database error: {text}").format(text=text)


def os_error(filename: object, reason: str) -> str:
    return "{filename}: {reason}".format(filename=filename, reason=reason) if filename else reason


def not_utf8(text: str) -> str:
    return _("{text} is not UTF-8 text: some byte of it came from a terminal, script or file name in another "
             "encoding").format(text=text)


def clock_out_of_range(value: str) -> str:
    return _("GENAI_CARDS_NOW={value!r} is outside the years 1970-2200").format(value=value)


def bad_clock(value: str) -> str:
    return _("GENAI_CARDS_NOW={value!r} is not an ISO 8601 date and time (e.g. 2026-03-10T10:00:00-03:00)").format(
        value=value)


def unknown_config_key(key: str, known: list[str]) -> str:
    return _("unknown setting {key!r}; known settings: {known}").format(key=key, known=", ".join(known))


def bad_config_value(key: str, value: str, expected: str) -> str:
    return _("bad value {value!r} for {key}: expected {expected}").format(value=value, key=key, expected=expected)


def lookalike_digits(key: str, value: str) -> str:
    return _("bad value {value!r} for {key}: write numbers with the plain digits 0-9 (no full-width or other "
             "scripts' digits, no _ between digits)").format(value=value, key=key)


def decimal_comma(key: str, value: str, fixed: str) -> str:
    return _("bad value {value!r} for {key}: write the decimal with a point, as in {fixed}").format(
        value=value, key=key, fixed=fixed)


def bad_stored_config(key: str, value: str) -> str:
    return _("setting {key} has a bad stored value {value!r}; fix it with `genai-cards config set {key} …`").format(
        key=key, value=value)


# --- lookups -------------------------------------------------------------------------------
def unknown_card(card_id: str) -> str:
    return _("no card {card_id!r} (use deck/card, e.g. rag/rag-definicao)").format(card_id=card_id)


def ambiguous_card(card_id: str, keys: list[str]) -> str:
    return _("card id {card_id!r} is ambiguous: {keys}").format(card_id=card_id, keys=", ".join(keys[:5]))


def unknown_topic(topic: str, close: list[str]) -> str:
    if close:
        return _("no cards with topic {topic!r}; did you mean {close}?").format(topic=topic, close=", ".join(close))
    return _("no cards with topic {topic!r}").format(topic=topic)


def unknown_exam(exam: str, known: list[str]) -> str:
    return _("no exam {exam!r}; known exams: {known}").format(exam=exam, known=", ".join(known) or _("none"))


def deck_is_bundled(deck_id: str) -> str:
    return _("deck id `{deck_id}` belongs to a bundled deck; give your deck another id").format(deck_id=deck_id)


def duplicate_home_deck(deck: str, used: str, ignored: str) -> str:
    return _("warning: two deck files declare deck {deck!r}: using {used}, ignoring {ignored}").format(
        deck=deck, used=used, ignored=ignored)


def bad_user_deck(problem: str) -> str:
    return _("warning: skipped a changed deck that no longer validates: {problem}").format(problem=problem)


# --- import ----------------------------------------------------------------------------------
NOTHING_TO_IMPORT = "nothing to import: no deck files found"



def import_summary(added: int, updated: int, unchanged: int, retired: int, dry: bool) -> str:
    text = (_("Would import: {added} added, {updated} updated, {unchanged} unchanged, {retired} retired") if dry
            else _("Imported: {added} added, {updated} updated, {unchanged} unchanged, {retired} retired"))
    return text.format(added=plain(added), updated=plain(updated), unchanged=plain(unchanged),
                       retired=plain(retired))


# --- review ----------------------------------------------------------------------------------
NOTHING_DUE = "Nothing due now. Come back later (or try `genai-cards quiz --topic …`)."
REVEAL_HINT = "Enter: show answer · u: undo · s: suspend · q: quit"
TYPE_HINT = "Type the answer (empty line: show it) · u: undo · s: suspend · q: quit"
BAD_RATING = "Answer 1-4, again/hard/good/easy, or Enter."
NOTHING_TO_UNDO = "Nothing to undo."
UNDONE = "Undone: {card}"
SUSPENDED = "Suspended: {card}"
LEECH = "Leech: {card} lapsed {lapses} times and was suspended; rewrite it or `card unsuspend` it."
CORRECT = "Right"
PARTIAL = "Partly right"
WRONG = "Wrong"
YOUR_ANSWER = "Your answer"
EXPECTED = "Answer"
EXPLAIN = "Why"


def session_summary(done: int, seconds: float) -> str:
    return ngettext("Reviewed {done} card in {minutes}m{seconds}s.", "Reviewed {done} cards in {minutes}m{seconds}s.",
                    done).format(done=plain(done), minutes=int(seconds // 60), seconds=f"{int(seconds % 60):02d}")


def answers_by_rating(counts: dict[int, int]) -> str:
    labels = {r: _(name) for r, name in RATING_LABELS.items()}  # inside this module, constants are English
    return _("Answers: {ratings}").format(ratings=" · ".join(f"{labels[r]} {plain(n)}" for r, n in counts.items()))


def coming_back(n: int, interval: str, at: str) -> str:
    return ngettext("{n} card comes back in {interval} ({at}).", "{n} cards come back in {interval} ({at}).",
                    n).format(n=plain(n), interval=interval, at=at)


def tomorrow_load(due: int, new: int) -> str:
    cards = ngettext("{n} card due", "{n} cards due", due).format(n=plain(due))
    return _("Tomorrow: {cards} and up to {new_cards}.").format(cards=cards, new_cards=new_cards(new))


def next_due(at: str) -> str:
    return _("Next card due {at}.").format(at=at)


def at_time(moment: datetime, now: datetime) -> str:
    """A moment in the learner's local time: `today at 14:30`, `tomorrow at 04:00`, `Dec 3 at 09:00`."""
    local, today = moment.astimezone(), now.astimezone().date()
    time = local.strftime("%H:%M")
    if local.date() == today:
        return _("today at {time}").format(time=time)
    if (local.date() - today).days == 1:
        return _("tomorrow at {time}").format(time=time)
    return _("{date} at {time}").format(date=short_date(local.date()), time=time)


def pick_hint(kind: str, count: int = 1) -> str:
    if kind == "multi":
        return _("Pick {count} letters (e.g. ac).").format(count=count)
    return {
        "mcq": _("Pick one letter."),
        "order": _("Type the letters in the right order (e.g. cadb)."),
        "match": _("For rows 1, 2, 3… type each row's letter (e.g. bca or 1b 2c 3a)."),
    }[kind]


ANSWER_TYPE_LETTERS = "type the letters of your answer"
ANSWER_ONE_LETTER = "pick exactly one letter"
ANSWER_NOT_GRADED = "this card is not graded automatically"
ANSWER_EMPTY = "type an answer"


def answer_not_a_label(ch: str, labels: str | list[str]) -> str:
    return _("'{ch}' is not one of {labels}").format(ch=ch, labels=", ".join(labels))


def answer_repeated(ch: str) -> str:
    return _("'{ch}' is repeated").format(ch=ch)


def answer_no_row(row: int) -> str:
    return _("there is no row {row}").format(row=row)


def answer_row_twice(row: int) -> str:
    return _("row {row} is answered twice").format(row=row)


def answer_all_rows(n: int) -> str:
    return _("answer all {n} rows").format(n=n)


def answer_letters_per_row(n: int) -> str:
    return _("give {n} letters, one per row").format(n=n)


def answer_exactly(n: int) -> str:
    return _("pick exactly {n} letters").format(n=n)


def answer_all_letters(n: int) -> str:
    return _("give all {n} letters, each once").format(n=n)


def invalid_answer(reason: str) -> str:
    return _("Not a valid answer: {reason}. Try again.").format(reason=reason)


# --- quiz ------------------------------------------------------------------------------------
QUIZ_TIME_UP = "Time is up."
EXAM_PASS = "PASS"
EXAM_FAIL = "FAIL"
MISSED = "Missed:"
NOT_ANSWERED = "not answered"
NO_QUIZ_CARDS = "no cards to quiz on with these options"
QUIZ_NEEDS_TARGET = "say what to quiz on: --topic T or --exam E"  # (or --deck D)


def quiz_score(right: int, partial: int, total: int, seconds: float) -> str:
    pct = round(100 * right / total) if total else 0
    return _("Score: {right}/{total} right ({pct}%), {partial} partly right, in {minutes}m{seconds}s").format(
        right=right, total=total, pct=pct, partial=partial, minutes=int(seconds // 60),
        seconds=f"{int(seconds % 60):02d}")


def exam_score(score: int, scale: list[int], pass_score: int, verdict: str) -> str:
    return _("Scaled score: {score} on {low}–{high} (pass: {pass_score}) — {verdict}").format(
        score=score, low=scale[0], high=scale[1], pass_score=pass_score, verdict=verdict)


def exam_shortage(topic: str, wanted: int, available: int) -> str:
    return ngettext("Note: domain {topic} has only {available} suitable card for {wanted} questions; using what "
                    "there is.",
                    "Note: domain {topic} has only {available} suitable cards for {wanted} questions; using what "
                    "there is.", available).format(topic=topic, available=available, wanted=wanted)


def exam_intro(title: str, questions: int, minutes: int) -> str:
    return _("{title}: {questions} questions, {minutes} minutes. No feedback until the end; q ends the exam.").format(
        title=title, questions=questions, minutes=minutes)


# --- card ------------------------------------------------------------------------------------
def no_card_found(text: str) -> str:
    return _("No card's text holds {text!r}.").format(text=text)


def card_suspended(key: str) -> str:
    return _("Suspended {key}.").format(key=key)


def card_unsuspended(key: str) -> str:
    return _("Unsuspended {key}.").format(key=key)


def card_reset(key: str) -> str:
    return _("Reset {key}: it is new again (its history stays in the log).").format(key=key)


def restored(name: str, safety: str) -> str:
    return _("Restored {name}. The database as it was is saved as backups/{safety}.").format(name=name, safety=safety)


def doctor_report(integrity: list[str], rebuilt: list[str], backups: list[str]) -> str:
    lines = [_("Integrity: {result}").format(result=_("ok") if integrity == ["ok"] else "; ".join(integrity[:5]))]
    if rebuilt:
        lines.append(_("Card states rebuilt from the log: {n} differed ({keys})").format(
            n=len(rebuilt), keys=", ".join(rebuilt[:10])))
    else:
        lines.append(_("Card states match the review log."))
    lines.append(_("Backups ({n}): {names}").format(n=len(backups),
                                                    names=", ".join(backups[-7:]) if backups else _("none yet")))
    return "\n".join(lines)


def validated(decks: int, cards: int) -> str:
    cards_text = ngettext("{total} card", "{total} cards", cards).format(total=plain(cards))
    return ngettext("OK: {decks} deck, {cards_text}.", "OK: {decks} decks, {cards_text}.", decks).format(
        decks=plain(decks), cards_text=cards_text)


def problems_found(n: int) -> str:
    return ngettext("{n} problem found.", "{n} problems found.", n).format(n=plain(n))


def exported(n: int, path: str) -> str:
    return ngettext("Exported {n} row to {path}.", "Exported {n} rows to {path}.", n).format(n=plain(n), path=path)


# --- import and export (CSV, Anki packages, decks remove) -----------------------------------
UNSUPPORTED_IMPORT = "unsupported file type (YAML decks, .csv/.tsv with a front,back header, Anki .apkg)"
NO_DECKS_IN_FOLDER = "no YAML deck files (*.yaml, *.yml) in this folder"
NO_DECK_ID = "cannot make a deck id from the file name; give one with --deck ID"
CSV_NO_HEADER = "the first line must be a header naming the columns: front,back[,tags][,id]"
CSV_DUPLICATE_COLUMN = "a column is named twice in the header"
APKG_NOT_ZIP = "not an Anki package: the file is not a zip archive"
APKG_NO_COLLECTION = "not an Anki package: no collection (collection.anki21b, .anki21 or .anki2) inside"
APKG_NOT_SQLITE = "not an Anki package: the collection is not an SQLite database"
APKG_NOT_ANKI = "not an Anki package: the collection has no Anki notes and cards tables"
APKG_ENCRYPTED = "the package is encrypted"
APKG_NOT_TO_STDOUT = "an .apkg is a binary file: give a file name with -o"
NOTHING_TO_EXPORT = "nothing to export with these options"
NOTHING_REMOVED = "Nothing removed."


def import_too_large(limit: int) -> str:
    return _("too many cards for one deck (its deck file would be over {mb} MB); split the input").format(
        mb=limit // (1024 * 1024))


def csv_unknown_column(name: str, known: list[str]) -> str:
    return _("unknown column {name!r} (known columns: {known})").format(name=name, known=", ".join(known))


def csv_duplicate(card_id: str, first_line: int, has_id_column: bool) -> str:
    if has_id_column:
        return _("duplicate id `{card_id}` (first used on line {first_line})").format(card_id=card_id, first_line=first_line)
    return _("same front as line {first_line} (card id `{card_id}`); add an id column to tell them apart").format(
        first_line=first_line, card_id=card_id)


def csv_syntax(problem: str) -> str:
    return _("CSV syntax error: {problem}").format(problem=problem)


def csv_too_many_cells(found: int, expected: int) -> str:
    return _("{found} fields, but the header names {expected} (quote fields that contain the delimiter)").format(
        found=found, expected=expected)


def anki_no_cards(notes: int) -> str:
    return _("no usable notes among {notes} (only Basic-like and Cloze notes with text are imported)").format(notes=notes)


def media_skipped(path: str, count: int) -> str:
    return ngettext("warning: {path}: skipped {count} media file (images and sounds are not imported)",
                    "warning: {path}: skipped {count} media files (images and sounds are not imported)",
                    count).format(path=path, count=plain(count))


def notes_skipped(path: str, count: int) -> str:
    return ngettext("warning: {path}: skipped {count} note without usable text "
                    "(empty or media-only fields, or an unsupported note type)",
                    "warning: {path}: skipped {count} notes without usable text "
                    "(empty or media-only fields, or an unsupported note type)", count).format(path=path, count=plain(count))


def apkg_too_many_entries(count: int) -> str:
    return _("refused: the archive has {count} entries, far more than an Anki package").format(count=count)


def apkg_unsafe_name(name: str) -> str:
    return _("refused: the archive holds an unsafe path {name!r} (absolute or with ..)").format(name=name)


def apkg_damaged(problem: str) -> str:
    return _("damaged Anki package: {problem}").format(problem=problem)


def apkg_too_new(version: int) -> str:
    return _("this package was written by a newer Anki (package format {version}); export it again with "
             "'Support older Anki versions' ticked").format(version=version)


def apkg_too_large(size: int, limit: int) -> str:
    return _("refused: the collection expands to over {limit} MB (found {size} MB or more)").format(
        limit=limit // (1024 * 1024), size=size // (1024 * 1024))


def apkg_ratio(ratio: int) -> str:
    return _("refused: the collection expands {ratio} times its compressed size (an archive bomb?)").format(ratio=ratio)


def apkg_bad_zstd(problem: str) -> str:
    return _("damaged Anki package: the collection is not valid zstd data ({problem})").format(problem=problem)


def apkg_bad_collection(problem: str) -> str:
    return _("damaged Anki collection: {problem}").format(problem=problem)


def apkg_too_many_notes(count: int, limit: int) -> str:
    return _("the package has {count} notes; at most {limit} can be imported as one deck").format(count=count, limit=limit)


WRITING_APKG = "writing .apkg files"
READING_CURRENT_APKG = "reading Anki's current package format"


def needs_anki_extra(what: str, package: str) -> str:
    return _("{what} needs the package {package}, which every install of genai-cards brings; it is missing here: "
             "pip install {package}").format(what=what, package=package)


def deck_option_needs_one(count: int) -> str:
    return _("--deck names one deck, but {count} deck files were given; import them one at a time").format(count=count)


def unknown_deck(deck_id: str, known: list[str]) -> str:
    if known:
        return _("no deck {deck_id!r}; decks: {known}").format(deck_id=deck_id, known=", ".join(known[:20]))
    return _("no deck {deck_id!r}").format(deck_id=deck_id)


def cannot_remove_bundled(deck_id: str) -> str:
    return _("deck {deck_id!r} is bundled with genai-cards and cannot be removed (suspend its cards instead)").format(
        deck_id=deck_id)


def remove_needs_yes(deck_id: str) -> str:
    return _("not removing deck {deck_id!r} without confirmation: pass --yes (stdin is not a terminal)").format(
        deck_id=deck_id)


def confirm_remove(deck_id: str) -> str:
    return _("Remove deck {deck_id!r}? Its cards are retired; their review history stays in the log").format(
        deck_id=deck_id)


def deck_removed(deck_id: str, retired: int) -> str:
    return ngettext("Removed deck {deck_id}: {retired} card retired (review history kept).",
                    "Removed deck {deck_id}: {retired} cards retired (review history kept).", retired).format(
        deck_id=deck_id, retired=plain(retired))


def export_needs_folder(count: int) -> str:
    return _("{count} decks selected: give a folder with -o (one <deck>.yaml per deck) or choose one with --deck").format(
        count=count)


def also_accepted(answers: list[str]) -> str:
    return _("Also accepted: {answers}").format(answers=", ".join(answers))


def deck_import_line(deck: str, added: int, updated: int, unchanged: int, retired: int) -> str:
    return _("  {deck}: {added} added, {updated} updated, {unchanged} unchanged, {retired} retired").format(
        deck=deck, added=plain(added), updated=plain(updated), unchanged=plain(unchanged), retired=plain(retired))


def exported_decks(decks: int, notes: int, files: list[str]) -> str:
    where = files[0] if len(files) == 1 else _("{n} files").format(n=len(files))
    cards = ngettext("{notes} card", "{notes} cards", notes).format(notes=plain(notes))
    from_decks = ngettext("{decks} deck", "{decks} decks", decks).format(decks=plain(decks))
    return _("Exported {cards} from {from_decks} to {where}.").format(cards=cards, from_decks=from_decks, where=where)


def cannot_write(path: str, reason: str) -> str:
    return _("{path}: cannot write: {reason}").format(path=path, reason=reason)


# --- stats -----------------------------------------------------------------------------------
STATS_RETENTION_DEFINITION = (
    "True retention, as Anki defines it: per card and study day only the first answer counts, and only "
    "when the card was in review state (learning and relearning steps are left out); Again is a fail, "
    "Hard, Good and Easy a pass. Young: the interval the card's previous answer scheduled was under 21 "
    "days; mature: 21 days or more."
)
STATS_MASTERY_DEFINITION = (
    "recall: the average FSRS retrievability now of the topic's seen cards (whole days since the last "
    "review, as py-fsrs counts them); expected: the same sum over all the topic's cards, unseen ones "
    "counting as not known. Weakest recall first; topics with no seen card last."
)
STATS_READINESS_MEANING = (
    "What the predicted score means: the FSRS probability that you recall each card of a domain, "
    "averaged over all the domain's cards (a card never seen counts as not known), weighted by the "
    "exam's domain weights and put on its score scale. It estimates how much of this collection you "
    "would remember, as if every question were one of these cards. It is not a forecast of your exam "
    "result: real questions are worded differently, multiple choice lets you eliminate and guess, the "
    "real scaled score is not a straight percentage, and the cards may not cover all the exam asks. "
    "The exam-day figure assumes you do no more reviews until then."
)
STATS_EXAM_DATE_MISSING = (
    "No exam date set (genai-cards config set exam_date YYYY-MM-DD): readiness is shown for now only."
)
STATS_NO_EXAM = "Exam readiness: set an exam date (config set exam_date YYYY-MM-DD) or pass --exam aif-c01."
STATS_TODAY = "Today"
STATS_STREAK = "Streak"
STATS_CARDS = "Cards"
STATS_NOTHING_DUE = "Nothing due in the next {days} days."
STATS_NOT_STARTED = "Not started"
STATS_RETENTION_TITLE = "True retention"
STATS_MASTERY_TITLE = "Mastery by topic (weakest first)"
STATS_HEATMAP_LEGEND = "less {levels} more"
STATS_PERIODS = {"today": "today", "yesterday": "yesterday", "last_7_days": "last 7 days",
                 "last_30_days": "last 30 days"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def stats_exam_date_past(when: str) -> str:
    return _("The exam date {when} is in the past: readiness is shown for now only.").format(when=when)


def stats_exam_date_ahead(when: str, days_left: int) -> str:
    if days_left == 0:
        return _("The exam is today ({when}): 'exam day' is the recall expected at 12:00.").format(when=when)
    return ngettext("Exam on {when}, in {days_left} day ('exam day' means 12:00 that day).",
                    "Exam on {when}, in {days_left} days ('exam day' means 12:00 that day).", days_left).format(
        when=when, days_left=plain(days_left))


def stats_today(reviews: int, duration: str, again: int, again_rate: str, new: int, quiz: int) -> str:
    if not reviews:
        return _("no reviews yet")
    return ngettext("{reviews} review in {duration} · again {again} ({again_rate}) · {new_cards} · {quiz} in quizzes",
                    "{reviews} reviews in {duration} · again {again} ({again_rate}) · {new_cards} · {quiz} in quizzes",
                    reviews).format(reviews=plain(reviews), duration=duration, again=plain(again),
                                    again_rate=again_rate, new_cards=new_cards(new), quiz=plain(quiz))


def new_cards(n: int) -> str:
    """`3 new` (new cards), as a part of a longer line."""
    return ngettext("{n} new", "{n} new", n).format(n=plain(n))


def learning_cards(n: int) -> str:
    return ngettext("{n} learning", "{n} learning", n).format(n=plain(n))


def review_cards(n: int) -> str:
    return ngettext("{n} review", "{n} review", n).format(n=plain(n))


def stats_streak(current: int, longest: int, studied_today: bool) -> str:
    if not current:
        return ngettext("none (longest {longest} day)", "none (longest {longest} days)", longest).format(
            longest=plain(longest))
    if studied_today:
        return ngettext("{current} day (longest {longest})", "{current} days (longest {longest})", current).format(
            current=plain(current), longest=plain(longest))
    return ngettext("{current} day (longest {longest}) — review today to keep it",
                    "{current} days (longest {longest}) — review today to keep it", current).format(
        current=plain(current), longest=plain(longest))


def stats_heatmap_title(weeks: int, total: int, busiest: int) -> str:
    return _("Reviews per day, last {weeks} weeks: {total} in all, {busiest} on the busiest day").format(
        weeks=weeks, total=integer(total), busiest=integer(busiest))


def stats_forecast_title(days: int, total: int, overdue: int) -> str:
    cards = ngettext("{total} card", "{total} cards", total).format(total=integer(total))
    return ngettext("Due in the next {days} day: {cards} ({overdue} overdue, counted today)",
                    "Due in the next {days} days: {cards} ({overdue} overdue, counted today)", days).format(
        days=days, cards=cards, overdue=integer(overdue))


def stats_forecast_summary(today: int, tomorrow: int, week: int, average: float, group: int) -> str:
    values = dict(today=integer(today), tomorrow=integer(tomorrow), week=integer(week), average=decimal(average, 1, grouped=False),
                  group=group)
    if group > 1:
        return _("today {today} · tomorrow {tomorrow} · next 7 days {week} · {average} a day on average"
                 " · each bar is {group} days").format(**values)
    return _("today {today} · tomorrow {tomorrow} · next 7 days {week} · {average} a day on average").format(**values)


def stats_more_topics(n: int) -> str:
    return ngettext("… and {n} more topic (stats --json lists them all)",
                    "… and {n} more topics (stats --json lists them all)", n).format(n=plain(n))


def stats_not_started(n: int, names: str) -> str:
    return _("Not started ({n}): {names}").format(n=plain(n), names=names)


def stats_readiness_title(title: str) -> str:
    return _("Exam readiness: {title}").format(title=title)


def stats_predicted(label: str, score: int, pass_score: int, scale: list[int], passes: bool) -> str:
    if passes:
        text = _("Predicted score {label}: {score} (pass mark {pass_score}, scale {low}–{high}): at or above the pass mark")
    else:
        text = _("Predicted score {label}: {score} (pass mark {pass_score}, scale {low}–{high}): below the pass mark")
    return text.format(label=label, score=score, pass_score=pass_score, low=scale[0], high=scale[1])


# --- screens: labels around the cards ---------------------------------------------------------
RATING_LABELS = {1: "again", 2: "hard", 3: "good", 4: "easy"}  # what is shown; what is typed stays 1-4/again…
ENTER_ACCEPTS = "Enter = {rating}"
TIME_LEFT = "⏱ {time} left"
TYPO = "(typo)"
YOU_PICKED = "← you"
YOU_GAVE = "(you: {answer})"
CONFIRM_YES_NO = "{question} [y/N]: "
INVALID_INPUT = "invalid input"
COLUMNS = {  # table headers (the JSON keys stay English)
    "topic": "topic", "due today": "due today", "domain": "domain", "weight": "weight", "questions": "questions",
    "right": "right", "partial": "partial", "wrong": "wrong", "deck": "deck", "cards": "cards", "seen": "seen",
    "recall": "recall", "expected": "expected", "young": "young", "mature": "mature", "all": "all",
    "recall now": "recall now", "exam day": "exam day", "reviewed_at": "reviewed_at", "rating": "rating",
    "mode": "mode", "state": "state", "due": "due", "history": "history", "new": "new", "learning": "learning",
    "review": "review", "relearning": "relearning", "suspended": "suspended", "leech": "leech",
    "retired": "retired", "title": "title", "total": "total", "source": "source",
}
STATE_LABELS = {"new": "new", "learning": "learning", "review": "review", "relearning": "relearning",
                "suspended": "suspended", "leech": "leech", "retired": "retired"}
FIELD_LABELS = {"front": "front", "text": "text", "back": "back"}
CARD_PART_LABELS = {"answer": "answer", "answers": "right answers", "choices": "choices", "items": "items, in order",
                    "pairs": "pairs", "reject": "graded wrong", "explain": "explanation"}
CARD_TOPICS = "topics: {topics}"
CARD_FIGURES = "state: {state}{flags}  due: {due}  stability: {stability}  retrievability: {retrievability}  lapses: {lapses}"
PREDICTED_NOW = "now"
PREDICTED_EXAM_DAY = "on exam day"



# --- issue 12: honest screens, "I don't know", the faithful mock exam ------------------------
QUIZ_REVEAL_HINT = "Enter: show answer · q: quit"
QUIZ_TYPE_HINT = "Type the answer (empty line: show it) · q: quit"
PICK_KEYS_REVIEW = "Empty line: I don't know, show the answer · u: undo · s: suspend · q: quit"
PICK_KEYS_QUIZ = "Empty line: I don't know, show the answer · q: quit"
DONT_KNOW = "I don't know: here is the answer (Again is suggested)."


def question_number(number: int, total: int) -> str:
    return _("Question {number}/{total}").format(number=plain(number), total=plain(total))


def card_id(key: str) -> str:
    return _("Card: {key}").format(key=key)


UNSCORED_RANGE = "a whole number from 0 to one less than `questions`"


def bad_exam_type(value: str, known: list[str]) -> str:
    return _("`{value}` is not a question type an exam can ask; use one of: {known}").format(
        value=value, known=", ".join(known))


EXAM_REVIEW_CHOICES = "type a question number, f (first flagged), u (first unanswered) or s (submit)"
EXAM_QUESTION_HINT = ("Answer with the letters · Enter: next · f: flag for review · p: previous · "
                      "a number: go to that question · r: review screen · s: submit · q: quit")
EXAM_REVIEW_TITLE = "Review before submitting"
EXAM_REVIEW_HINT = "A question number: go back to it · f: first flagged · u: first unanswered · s: submit"
EXAM_TIME_UP = "Time is up: the exam was submitted at the time limit; anything typed after it does not count."
EXAM_NONE_LEFT = "There is no such question left."


def exam_unscored_note(numbers: list[int]) -> str:
    return ngettext("Unscored (not counted, as on the real exam): question {numbers}.",
                    "Unscored (not counted, as on the real exam): questions {numbers}.", len(numbers)).format(
        numbers=" ".join(str(n) for n in numbers) or "-")


EXAM_DOMAINS_NOTE = "Per domain: scored questions only. The scaled score is the share of scored questions entirely right."
EXAM_MISSED_TITLE = "Missed questions (wrong, partly right or unanswered), with the right answer and every why:"
EXAM_FLAGGED_MARK = "flagged"
EXAM_UNSCORED_MARK = "unscored"
QUIZ_UNANSWERED_TITLE = "Not answered (left out of the score):"
NOTHING_DUE_QUIZ = "Nothing is due today to practise. Try `genai-cards quiz --topic …` or `--exam aif-c01`."
MISSED_NEEDS_EXAM = "--missed drills the questions missed in mock exams: give the exam with --exam E"


def exam_time_left(minutes: int, seconds: int) -> str:
    return _(TIME_LEFT).format(time=f"{minutes:02d}:{seconds:02d}")


def exam_warning(minutes: int) -> str:
    return _("⚠ {minutes} minutes left.").format(minutes=plain(minutes))


def exam_flagged(number: int) -> str:
    return _("Question {number} is flagged for review.").format(number=plain(number))


def exam_unflagged(number: int) -> str:
    return _("Question {number} is no longer flagged.").format(number=plain(number))


def exam_no_question(number: int, total: int) -> str:
    return _("There is no question {number}: the exam has questions 1 to {total}.").format(
        number=plain(number), total=plain(total))


def exam_status_answered(numbers: str) -> str:
    return _("Answered: {numbers}").format(numbers=numbers)


def exam_status_flagged(numbers: str) -> str:
    return _("Flagged: {numbers}").format(numbers=numbers)


def exam_status_unanswered(numbers: str) -> str:
    return _("Unanswered (they count as wrong): {numbers}").format(numbers=numbers)


def exam_confirm_submit(unanswered: int, flagged: int) -> str:
    return _("Submit the exam now, with {unanswered} unanswered and {flagged} flagged? (y/N)").format(
        unanswered=plain(unanswered), flagged=plain(flagged))


def exam_confirm_quit(unanswered: int) -> str:
    return _("Quit now? The exam is submitted and scored as it is ({unanswered} unanswered count as wrong). (y/N)"
             ).format(unanswered=plain(unanswered))


def exam_intro_full(title: str, questions: int, unscored: int, minutes: int) -> str:
    # the English reads the same for every count (as it always did); the count of questions picks the Portuguese form
    return ngettext("{title}: {questions} questions ({unscored} of them unscored, not identified until the end), "
                    "{minutes} minutes. No feedback until the end.",
                    "{title}: {questions} questions ({unscored} of them unscored, not identified until the end), "
                    "{minutes} minutes. No feedback until the end.", questions).format(
        title=title, questions=plain(questions), unscored=plain(unscored), minutes=plain(minutes))


def exam_report_score(right: int, scored: int, answered: int, questions: int) -> str:
    return _("Scored questions entirely right: {right}/{scored} · answered {answered} of {questions}.").format(
        right=plain(right), scored=plain(scored), answered=plain(answered), questions=plain(questions))


def quiz_score_early(right: int, partial: int, answered: int, total: int, seconds: float) -> str:
    pct = round(100 * right / answered) if answered else 0
    return _("Ended early: {right}/{answered} answered right ({pct}%), {partial} partly right, "
             "{unanswered} of {total} not answered, in {minutes}m{seconds}s").format(
        right=plain(right), answered=plain(answered), pct=pct, partial=plain(partial),
        unanswered=plain(total - answered), total=plain(total), minutes=int(seconds // 60),
        seconds=f"{int(seconds % 60):02d}")


def no_missed(exam: str) -> str:
    return _("no missed questions to drill: no mock exam of {exam} recorded yet, or none missed in the last ones"
             ).format(exam=exam)


def exam_count_over(count: int, exam: str, questions: int) -> str:
    return _("--count {count} is more than the {questions} questions of {exam}; leave it out for the full exam"
             ).format(count=count, questions=plain(questions), exam=exam)


def exam_intro_all_scored(title: str, questions: int, minutes: int) -> str:
    return ngettext("{title}: {questions} questions, {minutes} minutes. No feedback until the end.",
                    "{title}: {questions} questions, {minutes} minutes. No feedback until the end.", questions).format(
        title=title, questions=plain(questions), minutes=plain(minutes))


def exam_submitted_after_interruption(title: str, started: str, answered: int, questions: int, score: int,
                                      pass_score: int) -> str:
    return ngettext("The mock exam {title} begun {started} was interrupted before it was submitted: it is submitted "
                    "now with the {answered} answer given (of {questions} questions). Score: {score} (pass: {pass_score}).",
                    "The mock exam {title} begun {started} was interrupted before it was submitted: it is submitted "
                    "now with the {answered} answers given (of {questions} questions). Score: {score} (pass: {pass_score}).",
                    answered).format(title=title, started=started, answered=plain(answered), questions=plain(questions),
                                     score=plain(score), pass_score=plain(pass_score))


EXAM_WITH_TOPIC = "--topic and --exam do not go together: a mock exam draws from the exam's own domains"
EXAM_WITH_TYPE = "--type does not apply to --exam: a mock exam asks the question types its exam file lists"
EXAM_QUESTION_HINT_WORDS = ("Answer with the letters · Enter: next · flag: flag for review · back: previous · "
                            "a number: go to that question · review: review screen · submit · quit")


# --- reliability 2: the home and its backups ---------------------------------------------------
def home_is_a_file(home: str) -> str:
    return _("{home}: the home is a file, not a folder; genai-cards keeps its database and decks in a folder: "
             "choose one with --home or GENAI_CARDS_HOME").format(home=home)


def backup_failing(folder: str, reason: str) -> str:
    return _("warning: the daily backup could not be made in {folder}: {reason}; your answers are saved, but "
             "there is no new copy of them (said once, until a backup succeeds again)").format(
        folder=folder, reason=reason)


# --- exam planning: decks suspend, review --exam, pacing, plan (issue 14) -----------------------
def _number(x: float) -> str:
    """A figure as the English messages always wrote it (87.5), with a decimal comma in Portuguese."""
    return str(x).replace(".", ",") if language() == "pt-BR" else str(x)


def unknown_deck_close(deck_id: str, close: list[str]) -> str:
    if close:
        return _("no deck {deck_id!r}; did you mean {close}?").format(deck_id=deck_id, close=", ".join(close))
    return _("no deck {deck_id!r} (genai-cards decks lists them)").format(deck_id=deck_id)


def decks_suspended(decks: str, cards: int) -> str:
    return ngettext("Suspended {cards} card of {decks}; its history is kept (decks unsuspend brings it back).",
                    "Suspended {cards} cards of {decks}; their history is kept (decks unsuspend brings them back).",
                    cards).format(cards=plain(cards), decks=decks)


def decks_unsuspended(decks: str, cards: int) -> str:
    return ngettext("Unsuspended {cards} card of {decks}.", "Unsuspended {cards} cards of {decks}.", cards).format(
        cards=plain(cards), decks=decks)


EXAM_AND_TOPIC = "use --exam or --topic, not both (--exam already names the exam's domain topics)"


def _days_left(n: int) -> str:
    return ngettext("{days} day left", "{days} days left", n).format(days=plain(n))


def _new_count(n: int) -> str:
    return ngettext("{new} new card", "{new} new cards", n).format(new=plain(n))


def _cards_count(n: int) -> str:
    return ngettext("{cards} card", "{cards} cards", n).format(cards=plain(n))


def _all_not_introduced(n: int) -> str:
    return ngettext("the {cards} card not yet introduced is met in time",
                    "all {cards} cards not yet introduced are met in time", n).format(cards=plain(n))


def _not_introduced(n: int) -> str:
    return ngettext("{cards} card not yet introduced", "{cards} cards not yet introduced", n).format(cards=plain(n))


def pace_override(exam_date: str, days_left: int, new_today: int, not_introduced: int, new_per_day: int) -> str:
    return _("Exam on {exam_date}, {days_left}: {new_today} today instead of new_per_day {new_per_day}, so that "
             "{all_not_introduced}.").format(
        exam_date=exam_date, days_left=_days_left(days_left), new_today=_new_count(new_today),
        new_per_day=new_per_day, all_not_introduced=_all_not_introduced(not_introduced))


def pace_line(exam_date: str, days_left: int, new_today: int, not_introduced: int) -> str:
    return _("Exam on {exam_date}, {days_left}: {new_today} today; {not_introduced}.").format(
        exam_date=exam_date, days_left=_days_left(days_left), new_today=_new_count(new_today),
        not_introduced=_not_introduced(not_introduced))


def pace_capped(exam_date: str, days_left: int, new_today: int, paced: int, committed: int, per_new: float,
                cap: int, not_introduced: int) -> str:
    """Today's new cards are fewer than the days left ask for: the day's answers are the limit."""
    owed = ngettext("about {committed} answer", "about {committed} answers", committed).format(
        committed=plain(committed))
    each = ngettext("about {per_new} answer a new card", "about {per_new} answers a new card", int(per_new)).format(
        per_new=decimal(per_new))
    return _("Exam on {exam_date}, {days_left}: {new_today} today, not {paced}: that is what fits in "
             "exam_answers_per_day {cap} with today's reviews and learning steps ({owed}) and {each}; the other new "
             "cards come in the next days; {not_introduced}.").format(
        exam_date=exam_date, days_left=_days_left(days_left), new_today=_new_count(new_today), paced=plain(paced),
        cap=cap, owed=owed, each=each, not_introduced=_not_introduced(not_introduced))


def new_cards_stopped(answers: int, coming: int, cap: int, left: int) -> str:
    """The session stops introducing new cards: the day's answers would pass exam_answers_per_day."""
    answered = ngettext("{answers} answer so far", "{answers} answers so far", answers).format(answers=plain(answers))
    waiting = ngettext("{left} new card waits for the next days", "{left} new cards wait for the next days",
                       left).format(left=plain(left))
    return _("No more new cards today: {answered} and about {coming} still to come (reviews and learning steps) "
             "would pass exam_answers_per_day {cap}; {waiting}.").format(
        answered=answered, coming=plain(coming), cap=cap, waiting=waiting)


def reviews_held(held: int, cap: int) -> str:
    """Due reviews left for tomorrow: the day's answers (exam_answers_per_day) are spent."""
    return ngettext("{held} due review waits for tomorrow: today's answers already reach exam_answers_per_day {cap}.",
                    "{held} due reviews wait for tomorrow: today's answers already reach exam_answers_per_day {cap}.",
                    held).format(held=plain(held), cap=cap)


def final_stretch_line(extra: int) -> str:
    return ngettext("Final stretch before the exam: {extra} card that would be forgotten by the day comes early.",
                    "Final stretch before the exam: {extra} cards that would be forgotten by the day come early.",
                    extra).format(extra=plain(extra))


PLAN_NO_DATE = "No exam date: set one with `genai-cards config set exam_date YYYY-MM-DD` to plan for it."


def plan_date_past(exam_date: str) -> str:
    return _("The exam date {exam_date} has passed: review is back to long-term FSRS.").format(exam_date=exam_date)


def plan_unreachable(recall: float, target: float, leftover: int, max_reviews: int, max_answers: int) -> str:
    if leftover:
        never = ngettext("{leftover} card would not be introduced by the exam",
                         "{leftover} cards would not be introduced by the exam", leftover).format(
            leftover=plain(leftover))
        text = _("Not reachable with the load you allow (max_reviews_per_day {max_reviews}, exam_answers_per_day "
                 "{max_answers}): {never}, and the predicted recall on the day is {recall}% against a goal of "
                 "{target}%.").format(never=never, max_reviews=max_reviews, max_answers=max_answers,
                                      recall=_number(recall), target=_number(target))
        return text
    return _("Not reachable with the load you allow (max_reviews_per_day {max_reviews}, exam_answers_per_day "
             "{max_answers}): the predicted recall on the day is {recall}% against a goal of {target}%.").format(
        max_reviews=max_reviews, max_answers=max_answers, recall=_number(recall), target=_number(target))


def plan_suggestions(minutes: int, answers: int, reviews: int, aside: int, decks: list[str], later: str) -> str:
    """What would reach the goal, each one alone."""
    time = ngettext("{minutes} minute", "{minutes} minutes", minutes).format(minutes=plain(minutes))
    busiest = ngettext("{answers} answer", "{answers} answers", answers).format(answers=plain(answers))
    fewer = ngettext("{aside} card fewer", "{aside} cards fewer", aside).format(aside=plain(aside))
    return _("What would reach it (estimates, each one alone): about {time} a day ({busiest} on the busiest day: "
             "config set exam_answers_per_day {answers} and max_reviews_per_day {reviews}), or {fewer} (decks "
             "suspend {decks}), or an exam date on or after {later}.").format(
        time=time, busiest=busiest, answers=answers, reviews=reviews, fewer=fewer,
        decks=" ".join(decks) if decks else "DECK", later=later)


def plan_summary(exam_date: str, days_left: int, cards: int, not_introduced: int, new_per_day: int) -> str:
    waiting = ngettext("{not_introduced} not yet introduced", "{not_introduced} not yet introduced",
                       not_introduced).format(not_introduced=plain(not_introduced))
    return _("Exam on {exam_date}: {days_left}, {cards} to study, {waiting}, {new_per_day} a day.").format(
        exam_date=exam_date, days_left=_days_left(days_left), cards=_cards_count(cards), waiting=waiting,
        new_per_day=_new_count(new_per_day))


def plan_recall(recall: float, target: float, parameters: str) -> str:
    label = {"default": _("default"), "fitted": _("fitted")}.get(parameters, parameters)
    return _("Predicted share recalled on the day: {recall}% (goal {target}%; {parameters} FSRS parameters).").format(
        recall=_number(recall), target=_number(target), parameters=label)


PLAN_CHART_TITLE = "Forecast answers a day until the exam (new cards and their steps, reviews):"


def plan_day(new: int, reviews: int, backlog: int) -> str:
    """One day of the plan's chart, after its answer count."""
    shown = ngettext("{reviews} review", "{reviews} reviews", reviews).format(reviews=plain(reviews))
    if backlog:
        over = ngettext("{backlog} left over", "{backlog} left over", backlog).format(backlog=plain(backlog))
        return _("({new}, {reviews}, {backlog})").format(new=new_cards(new), reviews=shown, backlog=over)
    return _("({new}, {reviews})").format(new=new_cards(new), reviews=shown)


# --- optimize (issue 14) ------------------------------------------------------------------------
OPTIMIZER_MISSING = ("optimize needs the fsrs-rs-python package, which is missing from this install: "
                     "pip install fsrs-rs-python")


def optimize_too_few(items: int, needed: int) -> str:
    return _("not enough reviews to fit FSRS to your answers: {items} answers came a day or more after the "
             "card's previous one, and at least {needed} are needed; keep reviewing and try again later").format(
        items=plain(items), needed=plain(needed))


OPTIMIZE_OUT_OF_BOUNDS = "The fitted parameters are outside what fsrs accepts; the current ones stay."
OPTIMIZE_NEVER_AGAIN = ("You almost never press Again on a review: when you did not remember, Again is the honest "
                        "rating, and the fit (and your intervals) depend on it.")


def optimize_hard_habit(hard: int, again: int) -> str:
    return _("You pressed Hard on {hard}% of your reviews and Again on {again}%. Hard means remembered with "
             "effort; when you forgot, press Again, or FSRS learns that forgetting is a pass and stretches your "
             "intervals.").format(hard=hard, again=again)


def optimize_fit(label: str, log_loss: float, rmse: float) -> str:
    return _("{label}: log loss {log_loss}, RMSE {rmse}").format(
        label=label, log_loss=decimal(log_loss, 4, grouped=False), rmse=decimal(rmse, 4, grouped=False))


OPTIMIZE_BEFORE = "Parameters in force"
OPTIMIZE_AFTER = "Fitted to your log"


def optimize_kept(items: int) -> str:
    return _("The fitted parameters fit your {items} reviews better: they are now in force for review, plan, "
             "stats and doctor (config fsrs_parameters).").format(items=plain(items))


def optimize_not_kept(items: int) -> str:
    return _("The fitted parameters do not fit your {items} reviews better: the parameters in force stay.").format(
        items=plain(items))


# --- sync (several computers through a shared folder) ---------------------------------------
SYNC_NEEDS_DIR = ("no folder to sync with: give one (genai-cards sync DIR) or set one "
                  "(genai-cards config set sync_dir DIR)")


SYNC_NOT_JSON = "not JSON"  # why a line of a sync file is skipped
SYNC_UNKNOWN_RECORD = "unknown record"


def sync_bad_field(name: str) -> str:
    return _("field {name}").format(name=name)


def exit_status(code: int) -> str:
    return _("exit status {code}").format(code=code)


def sync_busy(home: str) -> str:
    return _("another sync of the home {home} is running; try again when it has finished").format(home=home)


def sync_cannot_use(folder: str, reason: str) -> str:
    return _("cannot use the sync folder {folder}: {reason}").format(folder=folder, reason=reason)


def sync_partial_line(path: str, line: int) -> str:
    return _("Warning: {path}:{line}: the last line is not complete yet (still being copied?); it will be read at "
             "the next sync").format(path=path, line=line)


def sync_bad_line(path: str, line: int, reason: str) -> str:
    return _("Warning: {path}:{line}: skipped, not a sync record ({reason}); it will be read again at the next "
             "sync").format(path=path, line=line, reason=reason)


def sync_unreadable(path: str, reason: str) -> str:
    return _("Warning: {path}: cannot be read ({reason}); it will be read again at the next sync").format(
        path=path, reason=reason)


def sync_deck_missing(deck: str, path: str) -> str:
    return _("Warning: the deck {deck} from another computer is not complete in {path} yet; it will be imported at "
             "the next sync").format(deck=deck, path=path)


def sync_deck_refused(deck: str, problem: str) -> str:
    return _("Warning: the deck {deck} from another computer was not imported: {problem}").format(
        deck=deck, problem=problem)


def sync_new_device(old: str, new: str) -> str:
    return _("Warning: this home looks like a copy of another computer's home (device {old}); "
             "from now on it syncs as device {new}").format(old=old, new=new)


def sync_bad_settings(device: str) -> str:
    return _("Warning: the settings of device {device} cannot be read; its answers are replayed with this "
             "computer's settings").format(device=device)


def sync_summary(folder: str, sent: int, sent_events: int, received: int, received_events: int, cards: int) -> str:
    return _("Synced with {folder}: sent {sent} answers and {sent_events} card events, received {received} "
             "answers and {received_events} card events; {cards} cards brought up to date.").format(
        folder=folder, sent=plain(sent), sent_events=plain(sent_events), received=plain(received),
        received_events=plain(received_events), cards=plain(cards))


def sync_deck_arrived(deck: str) -> str:
    return _("The deck {deck} arrived from another computer.").format(deck=deck)


def sync_setting_arrived(key: str) -> str:
    return _("The setting {key} arrived from another computer.").format(key=key)


def git_not_a_repository(folder: str) -> str:
    return _("{folder} is not in a git repository (sync --git needs one; run git init or git clone there)").format(
        folder=folder)


def git_step_failed(step: str, folder: str, detail: str) -> str:
    return _("git {step} failed in {folder}: {detail}; nothing is lost (your answers are in this home and "
             "committed in the folder): run sync --git again later").format(step=step, folder=folder, detail=detail)


def sync_after_session_failed(reason: str) -> str:
    return _("Warning: the sync at the end of the session did not happen: {reason}").format(reason=reason)


# --- the command line's own words --------------------------------------------------------------
# typer looks these up itself with `gettext.gettext` (its global domain, which i18n makes ours while a
# command runs): they are typer's msgids, exactly as typer writes them.
TYPER_WORDS = (
    "Arguments", "Options", "Commands", "required", "default: {default}", "env var: {var}", "(dynamic)",
    "Missing command.", "No such command {name!r}.", "Aborted!",
)
# click (vendored inside typer, without gettext) prints these in English; commands/clickwords.py puts
# them in the learner's language
USAGE_PREFIX = "Usage:"
HELP_OPTION = "Show this message and exit."
MISSING_COMMAND = "Missing command."


def try_help(command: str, option: str) -> str:
    return _("Try '{command} {option}' for help.").format(command=command, option=option)


def no_such_option(name: str) -> str:
    return _("No such option: {name}").format(name=name)


def no_such_option_like(name: str, possibilities: str) -> str:
    return _("No such option: {name} (Possible options: {possibilities})").format(
        name=name, possibilities=possibilities)


def no_such_command(name: str) -> str:
    return _("No such command {name!r}.").format(name=name)


def option_needs_value(name: str) -> str:
    return _("Option {name!r} requires an argument.").format(name=name)


def option_takes_no_value(name: str) -> str:
    return _("Option {name!r} does not take a value.").format(name=name)


def missing_argument(name: str) -> str:
    return _("Missing argument {name}.").format(name=name)


def missing_option(name: str) -> str:
    return _("Missing option {name}.").format(name=name)


def invalid_value_for(name: str, message: str) -> str:
    return _("Invalid value for {name}: {message}").format(name=name, message=message)


def invalid_value(message: str) -> str:
    return _("Invalid value: {message}").format(message=message)


def not_a_whole_number(value: str) -> str:
    return _("{value} is not a whole number.").format(value=value)


def not_a_number(value: str) -> str:
    return _("{value} is not a number.").format(value=value)


def not_in_range(value: str, range: str) -> str:
    return _("{value} is not in the range {range}.").format(value=value, range=range)


def extra_arguments(args: str, n: int) -> str:
    return ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", n).format(
        args=args)


def completion_installed(shell: str, path: str) -> str:
    return _("{shell} completion installed in {path}; it works in the terminals you open from now on.").format(
        shell=shell, path=path)


# --- import of a deck file read as it streams -------------------------------------------------------
CHANGED_WHILE_READ = "the file changed while it was being imported; nothing was imported, try again"
