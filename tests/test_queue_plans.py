"""The queue queries use indexes: `EXPLAIN QUERY PLAN` of every statement that today's queue, the
learning queue and `due` run (with and without --topic, with and without --deck) shows no full scan
of `cards`, `card_topics` or `reviews`. The statements are the ones the code really runs, caught
with SQLite's trace callback on the real database of a home with the bundled decks and a history."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from genai_cards.config import Config
from genai_cards.listings import due_summary, next_due, session_wrap_up
from genai_cards.scheduler import Scheduler
from genai_cards.session import Study
from genai_cards.store import open_store
from genai_cards.today import todays_cards

NOW = "2026-03-10T10:00:00-03:00"
SMALL_TABLES = {"decks"}  # a few dozen rows: walking it is no cost
QUEUE_TABLES = ("cards", "card_topics", "reviews")


def full_scans(db: sqlite3.Connection, sql: str) -> list[str]:
    """The steps of the statement's plan that walk a whole table or index (SCAN), other than a small
    table, a subquery's own rows or a constant row."""
    steps = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql)]
    return [s for s in steps if s.startswith("SCAN ") and not s.startswith("SCAN (")
            and "CONSTANT ROW" not in s and s.split()[1] not in SMALL_TABLES]


def queue_statements(home, topics: list[str], decks: list[str] = ()) -> list[str]:
    """Every SELECT that builds today's queue, shows the first cards and counts `due`, as run."""
    caught: list[str] = []
    now = datetime.fromisoformat(NOW)
    with open_store(home) as store:
        if decks:
            store.only_decks(decks)
        config = Config.from_raw(store.config_raw())
        store.db.raw.set_trace_callback(caught.append)  # the statements with their values bound
        todays_cards(store, config, now, topics)
        study = Study(store, Scheduler(config), config, now, topics)
        for _ in range(3):
            card = study.next(now)
            study.counts(now, card)
        study.next(now + timedelta(hours=1))
        due_summary(store, config, now, topics)
        next_due(store, config, now, topics)
        session_wrap_up(store, config, now, topics, [3])
        store.db.raw.set_trace_callback(None)
    return [s for s in caught if s.lstrip().upper().startswith("SELECT") and any(t in s for t in QUEUE_TABLES)]


@pytest.fixture
def studied(cli, small_deck, home):
    """The bundled decks and a small deck with answers in the log: new, learning and review cards."""
    cli("review", "--topic", "teste", input="\n4\n\n1\n", now="2026-03-01T10:00:00-03:00")
    cli("review", input="\n1\n" * 3, now="2026-03-05T10:00:00-03:00")
    cli("review", "--topic", "teste", input="\n1\n", now=NOW)
    return home


@pytest.mark.parametrize("topics", [[], ["teste"], ["aif-c01"], ["aif-c01/d3", "bedrock"]],
                         ids=["no topic", "small topic", "big topic", "two topics"])
def test_the_queue_queries_use_indexes_with_and_without_a_topic(studied, topics) -> None:
    statements = queue_statements(studied, topics)
    kinds = {
        "due reviews": "c.state = 2 AND c.due <",
        "new cards": "c.state = 0",
        "learning": "c.state IN (1, 3)",
        "due counts": "c.state IN (1, 2, 3)",
        "answered today": "FROM reviews",
    }
    for kind, text in kinds.items():  # the test looks at the queries it means to look at
        assert any(text in s for s in statements), kind
    if topics:
        assert any("card_topics" in s for s in statements)
    db = sqlite3.connect(studied / "genai-cards.sqlite3")
    scans = {s: full_scans(db, s) for s in statements}
    assert {s: steps for s, steps in scans.items() if steps} == {}


def test_the_queue_queries_use_indexes_for_one_deck(studied) -> None:
    db = sqlite3.connect(studied / "genai-cards.sqlite3")
    for topics in ([], ["teste"]):
        statements = queue_statements(studied, topics, decks=["teste"])
        assert statements and all(not full_scans(db, s) for s in statements)


def test_the_check_catches_a_topic_filter_that_cannot_use_the_index(studied) -> None:
    db = sqlite3.connect(studied / "genai-cards.sqlite3")
    like = ("SELECT c.key FROM cards c WHERE c.state = 2 AND c.due < 0 AND c.key IN "
            "(SELECT key FROM card_topics WHERE topic = 'rag' OR topic LIKE 'rag/%')")
    assert any("card_topics" in step for step in full_scans(db, like))
    ranged = ("SELECT c.key FROM cards c WHERE c.state = 2 AND c.due < 0 AND c.key IN "
              "(SELECT key FROM card_topics WHERE topic >= 'rag' AND topic < 'rag0')")
    assert full_scans(db, ranged) == []
    assert full_scans(db, "SELECT key FROM cards WHERE type = 'mcq'") == ["SCAN cards"]
    assert full_scans(db, "SELECT COUNT(*) FROM reviews WHERE rating = 1") != []
