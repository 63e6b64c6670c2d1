"""Plain, frozen values of the domain: card states and ratings, times, decks, the cards they declare,
and the study cards derived from them."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple, TypeVar

T = TypeVar("T")

CARD_TYPES = ("basic", "cloze", "typed", "mcq", "multi", "order", "match")
AUTO_GRADED_TYPES = ("typed", "mcq", "multi", "order", "match", "cloze")
EXAM_TYPES = ("mcq", "multi", "order", "match")

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
STATE_NAMES = {NEW: "new", LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}
RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


class CardState(NamedTuple):
    """The FSRS memory state of one study card (times in ms since the epoch, UTC)."""

    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: int | None = None
    last_review: int | None = None
    reps: int = 0
    lapses: int = 0


def to_ms(moment: datetime) -> int:
    """Milliseconds since the epoch of an aware datetime."""
    return int(moment.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    """An aware UTC datetime from milliseconds since the epoch."""
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def utc(moment: datetime) -> datetime:
    """The same instant in `timezone.utc` (py-fsrs requires exactly that tzinfo)."""
    return moment.astimezone(timezone.utc)


def fsrs_card_id(key: str) -> int:
    """The stable 48-bit integer id FSRS (and the FSRS log export) gives the card with this key."""
    import hashlib  # here: only scheduling needs it, not every start

    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=6).digest(), "big")


def study_day_start(now: datetime, starts_at: int) -> datetime:
    """Start (UTC) of the study day containing `now`: the last `starts_at`:00 local time."""
    local = now.astimezone()
    day = local.date() if local.hour >= starts_at else local.date() - timedelta(days=1)
    return local_moment(day, starts_at)


def local_moment(day: date, hour: int) -> datetime:
    """`hour`:00 local time on `day`, as an aware UTC datetime (DST handled by the OS rules).

    A wall-clock time that happens twice (the hour repeated in autumn) is its first occurrence; one
    that never happens (skipped in spring, e.g. 00:00 in São Paulo on 2018-11-04) is the moment the
    clock jumps past it, so every study day starts after the one before it.
    """
    naive = datetime(day.year, day.month, day.day, hour)
    candidates = [naive.replace(fold=f).astimezone().astimezone(timezone.utc) for f in (0, 1)]
    real = [c for c in candidates if c.astimezone().replace(tzinfo=None) == naive]
    return min(real) if real else max(candidates)


def next_study_day(start: datetime, starts_at: int) -> datetime:
    """Start of the study day after the one starting at `start`."""
    return study_days(start.astimezone().date(), 2, starts_at)[1]


def study_days(first: date, count: int, starts_at: int) -> list[datetime]:
    """Starts (UTC) of `count` study days, the first named by the local date `first`."""
    return [local_moment(first + timedelta(days=k), starts_at) for k in range(count)]


def study_day_bounds(now: datetime, starts_at: int, days: int = 1) -> list[datetime]:
    """Start of the study day containing `now`, then the start of each of the `days` days after it
    (so `[start, end]` for one day)."""
    return study_days(study_day_start(now, starts_at).astimezone().date(), days + 1, starts_at)


# --- the deck format's slugs, languages and limits ---------------------------------------------
# \Z, not $: `$` also matches before a trailing newline, which let "rag\n" pass as a slug.
SLUG_RE = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
TOPIC_RE = re.compile(r"\A[a-z0-9]+(?:[-.][a-z0-9]+)*(?:/[a-z0-9]+(?:[-.][a-z0-9]+)*)*\Z")
LANG_RE = re.compile(r"\A[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")
MAX_LABELS = 26  # choices, items and pairs are labelled a..z
LETTERS = "abcdefghijklmnopqrstuvwxyz"  # the labels of choices, items and match partners (no `string`
# import: its Template class compiles a pattern on every start)
YAML_NS = "tag:yaml.org,2002:"

Text = str | Mapping[str, str]


def text_in(value: Any, lang: str) -> str:
    """A text field in the given language (a plain string, or a map of language to string)."""
    if isinstance(value, Mapping):
        if lang in value:
            return str(value[lang])
        for fallback in ("en", "pt-BR"):
            if fallback in value:
                return str(value[fallback])
        return str(next(iter(value.values())))
    return "" if value is None else str(value)


class CardSpec(NamedTuple):
    """One entry of a deck's `cards:` list, validated. `fields` holds the type's own fields."""

    deck: str
    id: str
    type: str
    line: int
    fields: Mapping[str, Any]
    topics: tuple[str, ...] = ()
    source: Text | None = None
    explain: Text | None = None


class Deck(NamedTuple):
    """A validated deck file."""

    deck: str
    title: Text
    lang: str
    topics: tuple[str, ...]
    source: Text | None
    cards: tuple[CardSpec, ...]
    path: str = ""
    order: int = 1000  # study order among decks: new cards of lower orders come first


class StudyCard(NamedTuple):
    """A card as the scheduler sees it: one per cloze deletion and per direction of a reversed card.

    `key` is `deck/id` for the main card, `deck/id:reverse` for a reversed one, `deck/id:cN` for cloze N.
    `note` is `deck/id`: siblings share it. `content` is everything needed to show and grade it.
    """

    key: str
    note: str
    deck: str
    position: int
    type: str
    topics: tuple[str, ...]
    content: Mapping[str, Any]


def study_cards(deck: Deck) -> list[StudyCard]:
    """Expand a deck into the study cards the scheduler tracks, in deck order."""
    return list(iter_study_cards(deck, deck.cards))


def iter_study_cards(deck: Deck, specs: Iterable[CardSpec]) -> Iterator[StudyCard]:
    """The study cards of `specs` (the cards of `deck`, whose own `cards` are not read), in deck order,
    one card at a time."""
    position = 0
    for spec in specs:
        note = f"{deck.deck}/{spec.id}"
        topics = tuple(dict.fromkeys(deck.topics + spec.topics))
        base: dict[str, Any] = {
            "type": spec.type,
            "lang": deck.lang,
            "source": spec.source if spec.source is not None else deck.source,
            "explain": spec.explain,
            **spec.fields,
        }
        if spec.type == "cloze":
            for n in cloze_numbers(text_in(spec.fields["text"], deck.lang)):
                yield StudyCard(f"{note}:c{n}", note, deck.deck, position, "cloze", topics, {**base, "cloze": n})
                position += 1
            continue
        yield StudyCard(note, note, deck.deck, position, spec.type, topics, base)
        position += 1
        if spec.type == "basic" and spec.fields.get("reverse"):
            rev = {**base, "front": spec.fields["back"], "back": spec.fields["front"], "reversed": True}
            yield StudyCard(f"{note}:reverse", note, deck.deck, position, "basic", topics, rev)
            position += 1


def cloze_numbers(text: str) -> list[int]:
    """The distinct deletion numbers of a cloze text, ascending."""
    from .cloze import deletions

    return sorted({d.number for d in deletions(text)})


def topic_matches(topic: str, wanted: str) -> bool:
    """True if `topic` is `wanted` or one of its subtopics (`bedrock` matches `bedrock/guardrails`)."""
    return topic == wanted or topic.startswith(wanted + "/")


def note_of(key: str) -> str:
    """The note of a study card: `deck/id` for `deck/id`, `deck/id:reverse` and `deck/id:cN`."""
    return key.split(":", 1)[0]


def one_per_note(items: Iterable[T], note: Callable[[T], str], used_notes: set[str],
                 limit: int | None = None) -> list[T]:
    """The first items (at most `limit`) whose note is not in `used_notes`, so siblings never come
    together; marks their notes used."""
    chosen: list[T] = []
    for item in items:
        if limit is not None and len(chosen) >= limit:
            break
        n = note(item)
        if n in used_notes:
            continue
        used_notes.add(n)
        chosen.append(item)
    return chosen
