"""Figures for the listing commands (due, decks, topics, card show), as plain data."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from . import messages as msg
from .config import Config
from .errors import NotFound
from .model import STATE_NAMES, from_ms, note_of, study_day_bounds, text_in, to_ms
from .store import Store
from .topics import ancestors


def _day(config: Config, now: datetime) -> tuple[datetime, datetime, datetime]:
    start, end, end2 = study_day_bounds(now, config.day_starts_at, 2)
    return start, end, end2


def due_summary(store: Store, config: Config, now: datetime, topics: list[str]) -> dict[str, Any]:
    """Cards due today and tomorrow, new cards available today, and due today per topic.

    Today's figures are what `review` will show (`today.todays_cards`, the rule `review` builds its
    queue with): the review cards it shows (siblings of a card seen today held back), the learning
    cards due before the day ends, and its new cards."""
    from .today import todays_cards

    start, end, end2 = _day(config, now)
    pace = None
    if config.exam_date is not None:
        from .planning import pace_for

        pace = pace_for(store, config, now)
    today = todays_cards(store, config, now, topics, pace)
    shown = [*today.reviews, *store.learning_keys(to_ms(end), topics)]
    tomorrow = store.count_due_between(to_ms(end), to_ms(end2), topics)
    by_card: dict[str, set[str]] = {}
    for key, topic in store.key_topics(shown):
        by_card.setdefault(key, set()).update(ancestors(topic))
    per_topic: dict[str, int] = {}
    for ts in by_card.values():
        for t in ts:
            per_topic[t] = per_topic.get(t, 0) + 1
    return {"today": len(shown), "tomorrow": tomorrow, "new_today": len(today.new), "topics": per_topic}


def next_due(store: Store, config: Config, now: datetime, topics: list[str]) -> datetime | None:
    """When there is something to study again: the first seen card due, or the next study day when
    new cards remain (whichever is sooner); None when nothing ever will be."""
    _, end, _ = _day(config, now)
    due = store.next_due(topics)
    first = from_ms(due) if due is not None else None
    if config.new_per_day > 0 and store.new_cards(topics, 1, set()):
        first = end if first is None else min(first, end)
    return first


def session_wrap_up(store: Store, config: Config, now: datetime, topics: list[str],
                    ratings: list[int]) -> dict[str, Any]:
    """The end of a session: answers by rating, the learning cards that come back today and when,
    and tomorrow's load (cards due and new cards it may bring)."""
    _, end, _ = _day(config, now)
    _, end2, _ = _day(config, end)
    tomorrow = store.count_due_between(to_ms(end), to_ms(end2), topics)
    new_left = len(store.new_cards(topics, config.new_per_day, set()))
    return {
        "ratings": {r: ratings.count(r) for r in (1, 2, 3, 4)},
        "coming_back": [from_ms(d) for d in store.learning_dues(to_ms(end), topics)],
        "tomorrow": tomorrow,
        "new_tomorrow": min(config.new_per_day, new_left),
    }


def deck_summary(store: Store, config: Config, now: datetime) -> list[dict[str, Any]]:
    """Per deck: id, title, origin, cards and counts by state, due today, suspended."""
    _, end, _ = _day(config, now)
    return store.deck_counts(to_ms(now), to_ms(end))


def topic_summary(store: Store, config: Config, now: datetime) -> list[dict[str, Any]]:
    """Per topic, including parent topics: cards counted once each, by state."""
    _, end, _ = _day(config, now)
    cards: dict[str, dict[str, Any]] = {}
    for key, topic, state, suspended, due in store.topic_states():
        entry = cards.setdefault(key, {"topics": set(), "state": state, "suspended": suspended, "due": due})
        entry["topics"].update(ancestors(topic))
    out: dict[str, dict[str, Any]] = {}
    for c in cards.values():
        for t in c["topics"]:
            row = out.setdefault(t, {"topic": t, "cards": 0, "new": 0, "learning": 0, "review": 0, "due": 0,
                                     "suspended": 0})
            row["cards"] += 1
            if c["suspended"]:
                row["suspended"] += 1
                continue
            row[{0: "new", 1: "learning", 2: "review", 3: "learning"}[c["state"]]] += 1
            if c["state"] and c["due"] is not None and c["due"] < to_ms(end):
                row["due"] += 1
    return [out[t] for t in sorted(out)]


def _fold(text: str) -> str:
    """Text compared as a person reads it: no case, no accents (`Geração` finds `geracao`)."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).casefold()


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() if k != "lang" for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def search_cards(store: Store, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """Cards whose text (front, back, choices, items, pairs, explanations) holds every word of
    `text` (or a word starting with it), whatever their case and accents, in deck order: card id,
    type, the front's first line."""
    import json

    words = re.findall(r"\w+", _fold(text))
    found: list[dict[str, Any]] = []
    for key, ctype, raw in store.card_contents():
        content = json.loads(raw)
        body = set(re.findall(r"\w+", _fold("\n".join(_texts(content)))))
        if words and all(any(b.startswith(w) for b in body) for w in words):  # words, or their beginnings
            lang = content.get("lang", "pt-BR")
            front = text_in(content.get("front") or content.get("text") or "", lang).strip().splitlines()
            first = re.sub(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", r"\1", front[0]) if front else ""  # cloze marks off
            found.append({"card_id": key, "type": ctype, "front": first})
            if len(found) >= limit:
                break
    return found


def card_details(store: Store, key: str, config: Config, now: datetime) -> dict[str, Any]:
    """One card: content, state, retrievability now, and history."""
    card = store.card(key)
    s = card.state
    from .scheduler import Scheduler

    sched = Scheduler(config)
    return {
        "card_id": card.key,
        "deck": card.deck,
        "type": card.type,
        "topics": store.topics_of([key])[key],
        "content": card.content,
        "state": STATE_NAMES[s.state],
        "suspended": card.suspended,
        "leech": card.leech,
        "retired": card.retired,
        "due": from_ms(s.due).isoformat() if s.due is not None else None,
        "stability": s.stability,
        "difficulty": s.difficulty,
        "retrievability": round(sched.retrievability(s, now), 4),
        "reps": s.reps,
        "lapses": s.lapses,
        "history": [
            {**h, "reviewed_at": from_ms(h["reviewed_at"]).isoformat(), "due": from_ms(h["due"]).isoformat(),
             "state": STATE_NAMES[h["state"]]}
            for h in store.history(key)
        ],
    }


def card_keys(store: Store, ident: str) -> list[str]:
    """The keys of the study cards a user's card id names (all siblings of one note), or NotFound."""
    keys = store.find_keys(ident)
    if not keys:
        raise NotFound(msg.unknown_card(ident))
    notes = {note_of(k) for k in keys}
    if len(notes) > 1:
        raise NotFound(msg.ambiguous_card(ident, sorted(notes)))
    return keys
