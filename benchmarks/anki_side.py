"""The Anki half of `bench.py`, run with a Python that has the `anki` package (pip install anki).

Two modes:

    python anki_side.py build COLLECTION GENAI_CARDS_DB
        Build an Anki collection with the same cards as a genai-cards home (Basic notetype,
        one note per study card), and give the cards that home has seen the same FSRS memory
        state, interval, due day, reps and lapses, plus one revlog row per answer in its log.

    python anki_side.py first COLLECTION [TAG]
        What a cold Anki start does before it can show a card: open the collection, ask the
        v3 scheduler for the first queued card and render its question. Prints
        `ANKI-CARD: <question>` and then waits for one line on stdin before closing the collection,
        so the caller can time the moment the card appears. With TAG (a genai-cards topic: each
        note carries its card's topics as hierarchical tags, `bench/t07` as `bench::t07`), Anki
        studies that topic as its users do, through a filtered deck of `tag:TAG` (Custom Study, "study
        by tag"): it is built, then its first card is shown; it is emptied and removed afterwards,
        untimed, so the next run finds the collection as it was.

It never touches genai-cards' database except to read it.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from typing import Any

DAY_MS = 86_400_000


def _front_back(content: dict[str, Any]) -> tuple[str, str]:
    """The question and answer text of a genai-cards card, for a Basic note."""

    def text(value: object) -> str:
        if isinstance(value, dict):
            return str(value.get(content.get("lang", "pt-BR")) or next(iter(value.values())))
        return "" if value is None else str(value)

    front = text(content.get("front") or content.get("text"))
    if "back" in content and content["back"]:
        back = text(content["back"])
    elif "answer" in content:
        ans = content["answer"]
        back = ", ".join(text(a) for a in ans) if isinstance(ans, list) else text(ans)
    elif "answers" in content:
        back = ", ".join(text(a) for a in content["answers"])
    elif "items" in content:
        back = " → ".join(text(a) for a in content["items"])
    else:
        back = "?"
    if "choices" in content:
        front += "<br>" + "<br>".join(text(c) for c in content["choices"])
    return front, back


def build(col_path: str, db_path: str) -> None:
    """Make the Anki twin of a genai-cards home (see the module docstring)."""
    from anki.collection import AddNoteRequest, Collection  # first: anki.cards alone is a circular import
    from anki.cards import FSRSMemoryState

    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    rows = src.execute(
        "SELECT c.key, c.content, c.state, c.stability, c.difficulty, c.due, c.last_review, c.reps, c.lapses, "
        "c.suspended FROM cards c JOIN decks d ON d.deck = c.deck WHERE c.retired = 0 "
        "ORDER BY d.study_order, c.deck, c.position"
    ).fetchall()
    tags: dict[str, list[str]] = {}
    for key, topic in src.execute("SELECT key, topic FROM card_topics"):
        tags.setdefault(key, []).append(topic.replace("/", "::"))
    col = Collection(col_path)
    try:
        col.set_config("fsrs", True)
        model = col.models.by_name("Basic")
        deck_id = col.decks.id("bench")
        col.decks.select(deck_id)  # the deck the scheduler studies
        assert model is not None and deck_id is not None
        requests = []
        for key, content, *_ in rows:
            front, back = _front_back(json.loads(content))
            note = col.new_note(model)
            note["Front"], note["Back"] = front, back
            note.tags = tags.get(key, [])
            requests.append(AddNoteRequest(note, deck_id))
        for i in range(0, len(requests), 5000):
            col.add_notes(requests[i : i + 5000])
        cids = [
            r[0] for r in col.db.all(
                "SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid ORDER BY n.id, c.ord"
            )
        ]
        assert len(cids) == len(rows), (len(cids), len(rows))
        now_ms = int(time.time() * 1000)
        today = col.sched.today
        seen = []
        key_to_cid = {}
        for cid, (key, _c, state, stab, diff, due, last, reps, lapses, susp) in zip(cids, rows):
            key_to_cid[key] = cid
            if state == 0:
                continue
            card = col.get_card(cid)
            ivl_days = max(1, round((due - last) / DAY_MS))
            card.type = 2
            card.queue = -1 if susp else 2
            card.due = today + (due - now_ms) // DAY_MS
            card.ivl = ivl_days
            card.factor = 2500
            card.reps = reps
            card.lapses = lapses
            card.memory_state = FSRSMemoryState(stability=stab, difficulty=diff)
            card.last_review_time = last // 1000
            seen.append(card)
        for i in range(0, len(seen), 5000):
            col.update_cards(seen[i : i + 5000], skip_undo_entry=True)
        used: set[int] = set()
        revlog = []
        for key, at, rating, dur, before, state, due in src.execute(
            "SELECT card, reviewed_at, rating, duration_ms, state_before, state, due FROM reviews ORDER BY id"
        ):
            cid = key_to_cid.get(key)
            if cid is None:
                continue
            rid = at
            while rid in used:
                rid += 1
            used.add(rid)
            ivl = max(1, round((due - at) / DAY_MS)) if state == 2 else -max(1, (due - at) // 1000)
            kind = {0: 0, 1: 0, 2: 1, 3: 2}[before]
            revlog.append((rid, cid, -1, rating, ivl, 0, 2500, min(dur, 60_000), kind))
        col.db.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", revlog)
        print(json.dumps({"cards": len(cids), "seen": len(seen), "revlog": len(revlog)}))
    finally:
        col.close()
        src.close()


def first(col_path: str, tag: str | None = None) -> None:
    """Open the collection (with TAG: build a filtered deck of that tag), get and render the first
    queued card, then wait for a line."""
    from anki.collection import Collection  # first: anki.cards alone is a circular import
    from anki.cards import Card
    from anki.decks import DeckId

    col = Collection(col_path)
    filtered = None
    try:
        if tag is not None:
            deck = col.sched.get_or_create_filtered_deck(deck_id=DeckId(0))
            deck.name = "bench-topic"
            deck.config.search_terms[0].search = f"tag:{tag.replace('/', '::')}"
            deck.config.search_terms[0].limit = 100
            filtered = DeckId(col.sched.add_or_update_filtered_deck(deck).id)
            col.decks.select(filtered)
        queued = col.sched.get_queued_cards(fetch_limit=1)
        if not queued.cards:
            print("ANKI-EMPTY", flush=True)
        else:
            card = Card(col, backend_card=queued.cards[0].card)
            card.start_timer()
            question = card.question().split("</style>")[-1].strip().replace("\n", " ")
            print(f"ANKI-CARD: {question[:80]}", flush=True)
            print(f"counts new={queued.new_count} learning={queued.learning_count} "
                  f"review={queued.review_count}", flush=True)
        sys.stdin.readline()
    finally:
        if filtered is not None:  # untimed: leave the collection as it was for the next run
            col.sched.empty_filtered_deck(filtered)
            col.decks.remove([filtered])
            col.decks.select(col.decks.id("bench"))
        col.close()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "build":
        build(sys.argv[2], sys.argv[3])
    elif len(sys.argv) in (3, 4) and sys.argv[1] == "first":
        first(sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else None)
    else:
        sys.exit(__doc__)
