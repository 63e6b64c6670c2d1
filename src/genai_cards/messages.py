"""Every user-facing message, in one place so the interface can be translated.

Cards speak the deck's language; the interface speaks English for now (a Portuguese interface is
planned: translate this module).
"""

from __future__ import annotations

def error(text: str) -> str:
    return f"Error: {text}"


def unknown_format(fmt: str, known: list[str]) -> str:
    return f"unknown format {fmt!r} ({' or '.join(known)})"


def due_line(today: int, new: int, tomorrow: int) -> str:
    return f"Due today: {today} (+ {new} new)   tomorrow: {tomorrow}"


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
    return f"YAML tag {tag!r} is not allowed (only plain YAML)"


def yaml_syntax(problem: str) -> str:
    return f"YAML syntax error: {problem}"


def must_be_mapping(what: str) -> str:
    return f"{what} must be a mapping of keys to values"


def must_be_list(name: str) -> str:
    return f"`{name}` must be a list"


def control_character(name: str, char: str) -> str:
    return f"`{name}` holds a control character ({char}); terminal escape sequences are not allowed in decks"


def too_many_nodes(limit: int) -> str:
    return f"refused: the file holds more than {limit:,} YAML values (lists, maps and items)"


def must_be_text(name: str) -> str:
    return f"`{name}` must be a text (or a map of language to text)"


def empty_field(name: str) -> str:
    return f"`{name}` is empty"


def missing(name: str) -> str:
    return f"missing required field `{name}`"


def duplicate_key(key: str) -> str:
    return f"duplicate key `{key}`"


def unknown_key(key: str) -> str:
    return f"unknown deck field `{key}`"


def unknown_card_key(key: str, ctype: str) -> str:
    return f"unknown field `{key}` for a {ctype} card"


def unknown_choice_key(key: str) -> str:
    return f"unknown field `{key}` for a choice (text, why)"


def unknown_type(ctype: str) -> str:
    return f"unknown card type {ctype!r} (basic, cloze, typed, mcq, multi, order, match)"


def bad_slug(name: str, value: str) -> str:
    return f"`{name}` must be a lowercase slug like `rag-etapas`, not {value!r}"


def bad_topic(value: str) -> str:
    return f"bad topic {value!r}: use lowercase slugs separated by / (e.g. bedrock/guardrails)"


def bad_lang(value: str) -> str:
    return f"bad language tag {value!r} (e.g. pt-BR, en)"


def too_few(name: str, n: int) -> str:
    return f"`{name}` needs at least {n} entries"


def too_many(name: str, n: int) -> str:
    return f"`{name}` has more than {n} entries"


def duplicate_item(name: str, item: str) -> str:
    return f"`{name}` has {item!r} twice"


def duplicate_id(card_id: str, first_line: int) -> str:
    return f"duplicate card id `{card_id}` (first used on line {first_line})"


def duplicate_deck(deck_id: str, other: str) -> str:
    return f"deck id `{deck_id}` is already used by {other}"


def answer_not_in_choices(answer: str) -> str:
    return f"answer {answer!r} is not one of the choices"


def reject_is_answer(text: str) -> str:
    return f"reject {text!r} is also an accepted answer"


def file_too_large(limit: int) -> str:
    return f"file too large (over {limit // (1024 * 1024)} MB)"


def cannot_read(reason: str) -> str:
    return f"cannot read: {reason}"


# --- store and config ----------------------------------------------------------------------
NOT_A_DATABASE = "not a genai-cards database"
BACKUP_DAMAGED = "the backup fails SQLite's integrity check"


def db_newer(found: int, known: int) -> str:
    return (
        f"this database has schema version {found}, newer than this program knows ({known}); "
        "upgrade genai-cards (the database was not changed)"
    )


def home_read_only(home: str) -> str:
    return (f"{home}: the home folder is read-only, and genai-cards keeps its database there; "
            "choose another with --home or GENAI_CARDS_HOME")


def db_locked(path: str) -> str:
    return f"{path}: the database is busy (another genai-cards is writing); try again in a moment"


def db_unusable(path: str, reason: str) -> str:
    return f"{path}: cannot use the database: {reason}"


def database_error(text: str) -> str:
    if "full" in text:
        return "the disk is full: the last answer was not saved (every earlier one is); free some space"
    if "locked" in text or "busy" in text:
        return "the database is busy (another genai-cards is writing); try again in a moment"
    if "readonly" in text or "read-only" in text:
        return "the home folder is read-only; nothing can be saved there"
    return f"database error: {text}"


def os_error(filename: object, reason: str) -> str:
    return f"{filename}: {reason}" if filename else reason


def clock_out_of_range(value: str) -> str:
    return f"GENAI_CARDS_NOW={value!r} is outside the years 1970-2200"


def bad_clock(value: str) -> str:
    return f"GENAI_CARDS_NOW={value!r} is not an ISO 8601 date and time (e.g. 2026-03-10T10:00:00-03:00)"


def unknown_config_key(key: str, known: list[str]) -> str:
    return f"unknown setting {key!r}; known settings: {', '.join(known)}"


def bad_config_value(key: str, value: str, expected: str) -> str:
    return f"bad value {value!r} for {key}: expected {expected}"


def bad_stored_config(key: str, value: str) -> str:
    return f"setting {key} has a bad stored value {value!r}; fix it with `genai-cards config set {key} …`"


# --- lookups -------------------------------------------------------------------------------
def unknown_card(card_id: str) -> str:
    return f"no card {card_id!r} (use deck/card, e.g. rag/rag-definicao)"


def ambiguous_card(card_id: str, keys: list[str]) -> str:
    return f"card id {card_id!r} is ambiguous: {', '.join(keys[:5])}"


def unknown_topic(topic: str, close: list[str]) -> str:
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"no cards with topic {topic!r}{hint}"


def unknown_exam(exam: str, known: list[str]) -> str:
    return f"no exam {exam!r}; known exams: {', '.join(known) or 'none'}"


def deck_is_bundled(deck_id: str) -> str:
    return f"deck id `{deck_id}` belongs to a bundled deck; give your deck another id"


def duplicate_home_deck(deck: str, used: str, ignored: str) -> str:
    return f"warning: two deck files declare deck {deck!r}: using {used}, ignoring {ignored}"


def bad_user_deck(problem: str) -> str:
    return f"warning: skipped a changed deck that no longer validates: {problem}"


# --- import ----------------------------------------------------------------------------------
NOTHING_TO_IMPORT = "nothing to import: no deck files found"



def import_summary(added: int, updated: int, unchanged: int, retired: int, dry: bool) -> str:
    head = "Would import" if dry else "Imported"
    return f"{head}: {added} added, {updated} updated, {unchanged} unchanged, {retired} retired"


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
    return f"Reviewed {done} card{'s' if done != 1 else ''} in {int(seconds // 60)}m{int(seconds % 60):02d}s."


def pick_hint(kind: str, count: int = 1) -> str:
    return {
        "mcq": "Pick one letter.",
        "multi": f"Pick {count} letters (e.g. ac).",
        "order": "Type the letters in the right order (e.g. cadb).",
        "match": "For rows 1, 2, 3… type each row's letter (e.g. bca or 1b 2c 3a).",
    }[kind]


def invalid_answer(reason: str) -> str:
    return f"Not a valid answer: {reason}. Try again."


# --- quiz ------------------------------------------------------------------------------------
QUIZ_TIME_UP = "Time is up."
EXAM_PASS = "PASS"
EXAM_FAIL = "FAIL"
MISSED = "Missed:"
NOT_ANSWERED = "not answered"
NO_QUIZ_CARDS = "no cards to quiz on with these options"
QUIZ_NEEDS_TARGET = "say what to quiz on: --topic T or --exam E"


def quiz_score(right: int, partial: int, total: int, seconds: float) -> str:
    pct = round(100 * right / total) if total else 0
    return (f"Score: {right}/{total} right ({pct}%), {partial} partly right, "
            f"in {int(seconds // 60)}m{int(seconds % 60):02d}s")


def exam_score(score: int, scale: list[int], pass_score: int, verdict: str) -> str:
    return f"Scaled score: {score} on {scale[0]}–{scale[1]} (pass: {pass_score}) — {verdict}"


def exam_shortage(topic: str, wanted: int, available: int) -> str:
    return f"Note: domain {topic} has only {available} suitable cards for {wanted} questions; using what there is."


def exam_intro(title: str, questions: int, minutes: int) -> str:
    return f"{title}: {questions} questions, {minutes} minutes. No feedback until the end; q ends the exam."


# --- card ------------------------------------------------------------------------------------
def card_suspended(key: str) -> str:
    return f"Suspended {key}."


def card_unsuspended(key: str) -> str:
    return f"Unsuspended {key}."


def card_reset(key: str) -> str:
    return f"Reset {key}: it is new again (its history stays in the log)."


def restored(name: str, safety: str) -> str:
    return f"Restored {name}. The database as it was is saved as backups/{safety}."


def doctor_report(integrity: list[str], rebuilt: list[str], backups: list[str]) -> str:
    lines = [f"Integrity: {'ok' if integrity == ['ok'] else '; '.join(integrity[:5])}"]
    if rebuilt:
        lines.append(f"Card states rebuilt from the log: {len(rebuilt)} differed ({', '.join(rebuilt[:10])})")
    else:
        lines.append("Card states match the review log.")
    lines.append(f"Backups ({len(backups)}): {', '.join(backups[-7:]) if backups else 'none yet'}")
    return "\n".join(lines)


def validated(decks: int, cards: int) -> str:
    return f"OK: {decks} deck{'s' if decks != 1 else ''}, {cards} cards."


def problems_found(n: int) -> str:
    return f"{n} problem{'s' if n != 1 else ''} found."


def exported(n: int, path: str) -> str:
    return f"Exported {n} rows to {path}."


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
    return f"too many cards for one deck (its deck file would be over {limit // (1024 * 1024)} MB); split the input"


def csv_unknown_column(name: str, known: list[str]) -> str:
    return f"unknown column {name!r} (known columns: {', '.join(known)})"


def csv_duplicate(card_id: str, first_line: int, has_id_column: bool) -> str:
    if has_id_column:
        return f"duplicate id `{card_id}` (first used on line {first_line})"
    return f"same front as line {first_line} (card id `{card_id}`); add an id column to tell them apart"


def csv_syntax(problem: str) -> str:
    return f"CSV syntax error: {problem}"


def csv_too_many_cells(found: int, expected: int) -> str:
    return f"{found} fields, but the header names {expected} (quote fields that contain the delimiter)"


def anki_no_cards(notes: int) -> str:
    return f"no usable notes among {notes} (only Basic-like and Cloze notes with text are imported)"


def media_skipped(path: str, count: int) -> str:
    return f"warning: {path}: skipped {count} media file{'s' if count != 1 else ''} (images and sounds are not imported)"


def notes_skipped(path: str, count: int) -> str:
    return (f"warning: {path}: skipped {count} note{'s' if count != 1 else ''} without usable text "
            "(empty or media-only fields, or an unsupported note type)")


def apkg_too_many_entries(count: int) -> str:
    return f"refused: the archive has {count} entries, far more than an Anki package"


def apkg_unsafe_name(name: str) -> str:
    return f"refused: the archive holds an unsafe path {name!r} (absolute or with ..)"


def apkg_damaged(problem: str) -> str:
    return f"damaged Anki package: {problem}"


def apkg_too_new(version: int) -> str:
    return f"this package was written by a newer Anki (package format {version}); export it again with " \
           "'Support older Anki versions' ticked"


def apkg_too_large(size: int, limit: int) -> str:
    return f"refused: the collection expands to over {limit // (1024 * 1024)} MB (found {size // (1024 * 1024)} MB or more)"


def apkg_ratio(ratio: int) -> str:
    return f"refused: the collection expands {ratio} times its compressed size (an archive bomb?)"


def apkg_bad_zstd(problem: str) -> str:
    return f"damaged Anki package: the collection is not valid zstd data ({problem})"


def apkg_bad_collection(problem: str) -> str:
    return f"damaged Anki collection: {problem}"


def apkg_too_many_notes(count: int, limit: int) -> str:
    return f"the package has {count} notes; at most {limit} can be imported as one deck"


def needs_anki_extra(what: str, package: str) -> str:
    return f'{what} needs the optional package {package}: pip install "genai-cards[anki]"'


def deck_option_needs_one(count: int) -> str:
    return f"--deck names one deck, but {count} deck files were given; import them one at a time"


def unknown_deck(deck_id: str, known: list[str]) -> str:
    hint = f"; decks: {', '.join(known[:20])}" if known else ""
    return f"no deck {deck_id!r}{hint}"


def cannot_remove_bundled(deck_id: str) -> str:
    return f"deck {deck_id!r} is bundled with genai-cards and cannot be removed (suspend its cards instead)"


def remove_needs_yes(deck_id: str) -> str:
    return f"not removing deck {deck_id!r} without confirmation: pass --yes (stdin is not a terminal)"


def confirm_remove(deck_id: str) -> str:
    return f"Remove deck {deck_id!r}? Its cards are retired; their review history stays in the log"


def deck_removed(deck_id: str, retired: int) -> str:
    return f"Removed deck {deck_id}: {retired} card{'s' if retired != 1 else ''} retired (review history kept)."


def export_needs_folder(count: int) -> str:
    return f"{count} decks selected: give a folder with -o (one <deck>.yaml per deck) or choose one with --deck"


def also_accepted(answers: list[str]) -> str:
    return "Also accepted: " + ", ".join(answers)


def deck_import_line(deck: str, added: int, updated: int, unchanged: int, retired: int) -> str:
    return f"  {deck}: {added} added, {updated} updated, {unchanged} unchanged, {retired} retired"


def exported_decks(decks: int, notes: int, files: list[str]) -> str:
    where = files[0] if len(files) == 1 else f"{len(files)} files"
    return f"Exported {notes} card{'s' if notes != 1 else ''} from {decks} deck{'s' if decks != 1 else ''} to {where}."


def cannot_write(path: str, reason: str) -> str:
    return f"{path}: cannot write: {reason}"


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
STATS_STATES = ("new", "learning", "review", "relearning", "suspended", "leech")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def stats_exam_date_past(when: str) -> str:
    return f"The exam date {when} is in the past: readiness is shown for now only."


def stats_exam_date_ahead(when: str, days_left: int) -> str:
    if days_left == 0:
        return f"The exam is today ({when}): 'exam day' is the recall expected at 12:00."
    return f"Exam on {when}, in {days_left} day{'s' if days_left != 1 else ''} ('exam day' means 12:00 that day)."


def stats_today(reviews: int, duration: str, again: int, again_rate: str, new: int, quiz: int) -> str:
    if not reviews:
        return "no reviews yet"
    return (f"{reviews} review{'s' if reviews != 1 else ''} in {duration} · again {again} ({again_rate}) · "
            f"{new} new · {quiz} in quizzes")


def stats_streak(current: int, longest: int, studied_today: bool) -> str:
    if not current:
        return f"none (longest {longest} day{'s' if longest != 1 else ''})"
    text = f"{current} day{'s' if current != 1 else ''} (longest {longest})"
    return text if studied_today else text + " — review today to keep it"


def stats_heatmap_title(weeks: int, total: int, busiest: int) -> str:
    return f"Reviews per day, last {weeks} weeks: {total:,} in all, {busiest:,} on the busiest day"


def stats_forecast_title(days: int, total: int, overdue: int) -> str:
    return (f"Due in the next {days} day{'s' if days != 1 else ''}: {total:,} card{'s' if total != 1 else ''} "
            f"({overdue:,} overdue, counted today)")


def stats_forecast_summary(today: int, tomorrow: int, week: int, average: float, group: int) -> str:
    text = f"today {today:,} · tomorrow {tomorrow:,} · next 7 days {week:,} · {average:.1f} a day on average"
    return text + (f" · each bar is {group} days" if group > 1 else "")


def stats_more_topics(n: int) -> str:
    return f"… and {n} more topics (stats --json lists them all)"


def stats_not_started(n: int, names: str) -> str:
    return f"Not started ({n}): {names}"


def stats_readiness_title(title: str) -> str:
    return f"Exam readiness: {title}"


def stats_predicted(label: str, score: int, pass_score: int, scale: list[int], passes: bool) -> str:
    verdict = "at or above the pass mark" if passes else "below the pass mark"
    return f"Predicted score {label}: {score} (pass mark {pass_score}, scale {scale[0]}–{scale[1]}): {verdict}"


# --- issue 12: honest screens, "I don't know", the faithful mock exam ------------------------
QUIZ_REVEAL_HINT = "Enter: show answer · q: quit"
QUIZ_TYPE_HINT = "Type the answer (empty line: show it) · q: quit"
PICK_KEYS_REVIEW = "Empty line: I don't know, show the answer · u: undo · s: suspend · q: quit"
PICK_KEYS_QUIZ = "Empty line: I don't know, show the answer · q: quit"
DONT_KNOW = "I don't know: here is the answer (Again is suggested)."


def question_number(number: int, total: int) -> str:
    return f"Question {number}/{total}"


def card_id(key: str) -> str:
    return f"Card: {key}"
UNSCORED_RANGE = "a whole number from 0 to one less than `questions`"


def bad_exam_type(value: str, known: list[str]) -> str:
    return f"`{value}` is not a question type an exam can ask; use one of: {', '.join(known)}"
EXAM_REVIEW_CHOICES = "type a question number, f (first flagged), u (first unanswered) or s (submit)"
EXAM_QUESTION_HINT = ("Answer with the letters · Enter: next · f: flag for review · p: previous · "
                      "a number: go to that question · r: review screen · s: submit · q: quit")
EXAM_REVIEW_TITLE = "Review before submitting"
EXAM_REVIEW_HINT = "A question number: go back to it · f: first flagged · u: first unanswered · s: submit"
EXAM_TIME_UP = "Time is up: the exam was submitted at the time limit; anything typed after it does not count."
EXAM_NONE_LEFT = "There is no such question left."
EXAM_UNSCORED_NOTE = "Unscored (not counted, as on the real exam): questions {numbers}."
EXAM_DOMAINS_NOTE = "Per domain: scored questions only. The scaled score is the share of scored questions entirely right."
EXAM_MISSED_TITLE = "Missed questions (wrong, partly right or unanswered), with the right answer and every why:"
EXAM_FLAGGED_MARK = "flagged"
EXAM_UNSCORED_MARK = "unscored"
QUIZ_UNANSWERED_TITLE = "Not answered (left out of the score):"
NOTHING_DUE_QUIZ = "Nothing is due today to practise. Try `genai-cards quiz --topic …` or `--exam aif-c01`."
MISSED_NEEDS_EXAM = "--missed drills the questions missed in mock exams: give the exam with --exam E"


def exam_time_left(minutes: int, seconds: int) -> str:
    return f"⏱ {minutes:02d}:{seconds:02d} left"


def exam_warning(minutes: int) -> str:
    return f"⚠ {minutes} minutes left."


def exam_flagged(number: int) -> str:
    return f"Question {number} is flagged for review."


def exam_unflagged(number: int) -> str:
    return f"Question {number} is no longer flagged."


def exam_no_question(number: int, total: int) -> str:
    return f"There is no question {number}: the exam has questions 1 to {total}."


def exam_status_answered(numbers: str) -> str:
    return f"Answered: {numbers}"


def exam_status_flagged(numbers: str) -> str:
    return f"Flagged: {numbers}"


def exam_status_unanswered(numbers: str) -> str:
    return f"Unanswered (they count as wrong): {numbers}"


def exam_confirm_submit(unanswered: int, flagged: int) -> str:
    return f"Submit the exam now, with {unanswered} unanswered and {flagged} flagged? (y/N)"


def exam_confirm_quit(unanswered: int) -> str:
    return f"Quit now? The exam is submitted and scored as it is ({unanswered} unanswered count as wrong). (y/N)"


def exam_intro_full(title: str, questions: int, unscored: int, minutes: int) -> str:
    return (f"{title}: {questions} questions ({unscored} of them unscored, not identified until the end), "
            f"{minutes} minutes. No feedback until the end.")


def exam_report_score(right: int, scored: int, answered: int, questions: int) -> str:
    return f"Scored questions entirely right: {right}/{scored} · answered {answered} of {questions}."


def quiz_score_early(right: int, partial: int, answered: int, total: int, seconds: float) -> str:
    pct = round(100 * right / answered) if answered else 0
    return (f"Ended early: {right}/{answered} answered right ({pct}%), {partial} partly right, "
            f"{total - answered} of {total} not answered, in {int(seconds // 60)}m{int(seconds % 60):02d}s")


def no_missed(exam: str) -> str:
    return f"no missed questions to drill: no mock exam of {exam} recorded yet, or none missed in the last ones"


def exam_count_over(count: int, exam: str, questions: int) -> str:
    return f"--count {count} is more than the {questions} questions of {exam}; leave it out for the full exam"


def exam_intro_all_scored(title: str, questions: int, minutes: int) -> str:
    return f"{title}: {questions} questions, {minutes} minutes. No feedback until the end."
EXAM_WITH_TOPIC = "--topic and --exam do not go together: a mock exam draws from the exam's own domains"
EXAM_WITH_TYPE = "--type does not apply to --exam: a mock exam asks the question types its exam file lists"
EXAM_QUESTION_HINT_WORDS = ("Answer with the letters · Enter: next · flag: flag for review · back: previous · "
                            "a number: go to that question · review: review screen · submit · quit")


# --- reliability 2: the home and its backups ---------------------------------------------------
def home_is_a_file(home: str) -> str:
    return (f"{home}: the home is a file, not a folder; genai-cards keeps its database and decks in a folder: "
            "choose one with --home or GENAI_CARDS_HOME")


def backup_failing(folder: str, reason: str) -> str:
    return (f"warning: the daily backup could not be made in {folder}: {reason}; your answers are saved, but "
            "there is no new copy of them (said once, until a backup succeeds again)")


# --- exam planning: decks suspend, review --exam, pacing, plan (issue 14) -----------------------
def unknown_deck_close(deck_id: str, close: list[str]) -> str:
    if close:
        return f"no deck {deck_id!r}; did you mean {', '.join(close)}?"
    return f"no deck {deck_id!r} (genai-cards decks lists them)"


def decks_suspended(decks: str, cards: int) -> str:
    return f"Suspended {cards} cards of {decks}; their history is kept (decks unsuspend brings them back)."


def decks_unsuspended(decks: str, cards: int) -> str:
    return f"Unsuspended {cards} cards of {decks}."


EXAM_AND_TOPIC = "use --exam or --topic, not both (--exam already names the exam's domain topics)"


def pace_override(exam_date: str, days_left: int, new_today: int, not_introduced: int, new_per_day: int) -> str:
    return (f"Exam on {exam_date}, {days_left} days left: {new_today} new cards today instead of new_per_day "
            f"{new_per_day}, so that all {not_introduced} cards not yet introduced are met in time.")


def pace_line(exam_date: str, days_left: int, new_today: int, not_introduced: int) -> str:
    return (f"Exam on {exam_date}, {days_left} days left: {new_today} new cards today; "
            f"{not_introduced} cards not yet introduced.")


def final_stretch_line(extra: int) -> str:
    return f"Final stretch before the exam: {extra} cards that would be forgotten by the day come early."


PLAN_NO_DATE = "No exam date: set one with `genai-cards config set exam_date YYYY-MM-DD` to plan for it."


def plan_date_past(exam_date: str) -> str:
    return f"The exam date {exam_date} has passed: review is back to long-term FSRS."


def plan_unreachable(recall: float, target: float, introduced_all: bool, max_reviews: int) -> str:
    if not introduced_all:
        return (f"Not reachable with the load you allow (max_reviews_per_day {max_reviews}): some cards would "
                f"never be introduced, and the predicted recall on the day is {recall}% against a goal of {target}%.")
    return (f"Not reachable with the load you allow (max_reviews_per_day {max_reviews}): the predicted recall on "
            f"the day is {recall}% against a goal of {target}%.")


def plan_suggestions(minutes: int, answers: int, reviews: int, aside: int, later: str) -> str:
    return (f"What would reach it: about {minutes} minutes a day ({answers} answers on the busiest day; "
            f"config set max_reviews_per_day {reviews}), or {aside} fewer cards (decks suspend DECK), "
            f"or an exam date on or after {later}.")


def plan_summary(exam_date: str, days_left: int, cards: int, not_introduced: int, new_per_day: int) -> str:
    return (f"Exam on {exam_date}: {days_left} days left, {cards} cards to study, {not_introduced} not yet "
            f"introduced, {new_per_day} new cards a day.")


def plan_recall(recall: float, target: float, parameters: str) -> str:
    return (f"Predicted share recalled on the day: {recall}% (goal {target}%; {parameters} FSRS parameters).")


PLAN_CHART_TITLE = "Forecast answers a day until the exam (new cards and their steps, reviews):"


# --- optimize (issue 14) ------------------------------------------------------------------------
OPTIMIZER_MISSING = ("optimize needs the fsrs-rs-python package, which is missing from this install: "
                     "pip install fsrs-rs-python")


def optimize_too_few(items: int, needed: int) -> str:
    return (f"not enough reviews to fit FSRS to your answers: {items} answers came a day or more after the "
            f"card's previous one, and at least {needed} are needed; keep reviewing and try again later")


OPTIMIZE_OUT_OF_BOUNDS = "The fitted parameters are outside what fsrs accepts; the current ones stay."
OPTIMIZE_NEVER_AGAIN = ("You almost never press Again on a review: when you did not remember, Again is the honest "
                        "rating, and the fit (and your intervals) depend on it.")


def optimize_hard_habit(hard: int, again: int) -> str:
    return (f"You pressed Hard on {hard}% of your reviews and Again on {again}%. Hard means remembered with "
            f"effort; when you forgot, press Again, or FSRS learns that forgetting is a pass and stretches your "
            f"intervals.")


def optimize_fit(label: str, log_loss: float, rmse: float) -> str:
    return f"{label}: log loss {log_loss:.4f}, RMSE {rmse:.4f}"


OPTIMIZE_BEFORE = "Parameters in force"
OPTIMIZE_AFTER = "Fitted to your log"


def optimize_kept(items: int) -> str:
    return (f"The fitted parameters fit your {items} reviews better: they are now in force for review, plan, "
            f"stats and doctor (config fsrs_parameters).")


def optimize_not_kept(items: int) -> str:
    return f"The fitted parameters do not fit your {items} reviews better: the parameters in force stay."


# --- sync (several computers through a shared folder) ---------------------------------------
SYNC_NEEDS_DIR = ("no folder to sync with: give one (genai-cards sync DIR) or set one "
                  "(genai-cards config set sync_dir DIR)")


def sync_busy(home: str) -> str:
    return f"another sync of the home {home} is running; try again when it has finished"


def sync_cannot_use(folder: str, reason: str) -> str:
    return f"cannot use the sync folder {folder}: {reason}"


def sync_partial_line(path: str, line: int) -> str:
    return f"Warning: {path}:{line}: the last line is not complete yet (still being copied?); it will be read at the next sync"


def sync_bad_line(path: str, line: int, reason: str) -> str:
    return f"Warning: {path}:{line}: skipped, not a sync record ({reason}); it will be read again at the next sync"


def sync_unreadable(path: str, reason: str) -> str:
    return f"Warning: {path}: cannot be read ({reason}); it will be read again at the next sync"


def sync_deck_missing(deck: str, path: str) -> str:
    return f"Warning: the deck {deck} from another computer is not complete in {path} yet; it will be imported at the next sync"


def sync_deck_refused(deck: str, problem: str) -> str:
    return f"Warning: the deck {deck} from another computer was not imported: {problem}"


def sync_new_device(old: str, new: str) -> str:
    return (f"Warning: this home looks like a copy of another computer's home (device {old}); "
            f"from now on it syncs as device {new}")


def sync_bad_settings(device: str) -> str:
    return f"Warning: the settings of device {device} cannot be read; its answers are replayed with this computer's settings"


def sync_summary(folder: str, sent: int, sent_events: int, received: int, received_events: int, cards: int) -> str:
    return (f"Synced with {folder}: sent {sent} answers and {sent_events} card events, received {received} "
            f"answers and {received_events} card events; {cards} cards brought up to date.")


def sync_deck_arrived(deck: str) -> str:
    return f"The deck {deck} arrived from another computer."


def sync_setting_arrived(key: str) -> str:
    return f"The setting {key} arrived from another computer."


def git_not_a_repository(folder: str) -> str:
    return f"{folder} is not in a git repository (sync --git needs one; run git init or git clone there)"


def git_step_failed(step: str, folder: str, detail: str) -> str:
    return (f"git {step} failed in {folder}: {detail}; nothing is lost (your answers are in this home and "
            f"committed in the folder): run sync --git again later")


def sync_after_session_failed(reason: str) -> str:
    return f"Warning: the sync at the end of the session did not happen: {reason}"
