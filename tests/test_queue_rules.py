"""Today's cards come from one rule (`today.todays_cards`): `due` counts what `review` shows, siblings
held back included; and new cards alternate between the bundled decks and the learner's own."""

from __future__ import annotations

import json
from datetime import datetime

from genai_cards.config import Config
from genai_cards.scheduler import Scheduler
from genai_cards.session import Study
from genai_cards.store import open_store

DAY1, DAY2, LATER = "2026-03-10T10:00:00-03:00", "2026-03-11T10:00:00-03:00", "2026-06-10T10:00:00-03:00"

SIBLINGS = """
deck: irmaos
title: Irmãos
topics: [irmaos]
cards:
  - id: ida
    front: Capital do Brasil?
    back: Brasília
    reverse: true
  - id: outra
    front: Capital do Peru?
    back: Lima
"""


def answers_on(cli, day: str) -> list[str]:
    out = cli("log", "export", "--format", "jsonl").output
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return [r["card_id"] for r in rows if r["reviewed_at"].startswith(day)]


def due_json(cli, now: str, *topic: str) -> dict:
    result = cli("due", "--json", *topic, now=now)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_due_counts_what_review_then_shows_when_reverse_siblings_are_due_together(cli, write) -> None:
    assert cli("import", str(write("irmaos.yaml", SIBLINGS))).exit_code == 0
    easy = "\n4\n" * 6  # basic cards: reveal, then Easy (straight to review, days away)
    cli("review", "--topic", "irmaos", input=easy, now=DAY1)  # ida and outra (one card per note a day)
    cli("review", "--topic", "irmaos", input=easy, now=DAY2)  # ida:reverse, the sibling, the next day
    assert sorted(answers_on(cli, "2026-03-10") + answers_on(cli, "2026-03-11")) == [
        "irmaos/ida", "irmaos/ida:reverse", "irmaos/outra"]

    before = due_json(cli, LATER, "--topic", "irmaos")  # all three are due; two notes
    assert before["today"] == 2 and before["topics"] == {"irmaos": 2}
    cli("review", "--topic", "irmaos", input=easy, now=LATER)
    shown = answers_on(cli, "2026-06-10")
    assert len(shown) == before["today"]  # what due said is what review showed
    assert "irmaos/outra" in shown and len({k.split(":")[0] for k in shown}) == 2

    after = due_json(cli, LATER, "--topic", "irmaos")  # the sibling left waits for tomorrow
    assert after["today"] == 0 and after["topics"] == {}
    again = cli("review", "--topic", "irmaos", input=easy, now=LATER)
    assert again.exit_code == 0 and len(answers_on(cli, "2026-06-10")) == 2  # review shows none either


def test_due_counts_new_cards_one_per_note_as_review_introduces_them(cli, write) -> None:
    assert cli("import", str(write("irmaos.yaml", SIBLINGS))).exit_code == 0
    assert due_json(cli, DAY1, "--topic", "irmaos")["new_today"] == 2  # ida (not its reverse) and outra
    cli("review", "--topic", "irmaos", input="\n4\n" * 6, now=DAY1)
    assert len(answers_on(cli, "2026-03-10")) == 2
    assert due_json(cli, DAY1, "--topic", "irmaos")["new_today"] == 0  # ida:reverse waits for tomorrow
    assert due_json(cli, DAY2, "--topic", "irmaos")["new_today"] == 1


def _queue(home, now: str) -> list[str]:
    with open_store(home) as store:
        config = Config.from_raw(store.config_raw())
        return list(Study(store, Scheduler(config), config, datetime.fromisoformat(now)).queue)


def _own_deck(deck: str, n: int, order: int | None = None) -> str:
    cards = "".join(f"  - {{id: c{i}, front: Pergunta {deck} {i}?, back: R{i}}}\n" for i in range(1, n + 1))
    head = f"deck: {deck}\ntitle: {deck}\ntopics: [meu]\n" + (f"order: {order}\n" if order is not None else "")
    return head + "cards:\n" + cards


def test_a_freshly_imported_deck_is_not_queued_behind_the_bundled_new_cards(cli, write, home) -> None:
    bundled_only = _queue(home, DAY1)
    assert len(bundled_only) == 20  # the day's new cards, all from the bundled decks
    assert cli("import", str(write("meu.yaml", _own_deck("meu-deck", 30)))).exit_code == 0
    queue = _queue(home, DAY1)
    assert len(queue) == 20
    mine = [k for k in queue if k.startswith("meu-deck/")]
    assert queue[1] == "meu-deck/c1"  # the second card of the day, not the 1,001st
    assert mine == [f"meu-deck/c{i}" for i in range(1, 11)]  # in the deck's own order: half the day
    assert [k for k in queue if not k.startswith("meu-deck/")] == bundled_only[:10]  # the course keeps its share, in order
    assert due_json(cli, DAY1)["new_today"] == 20


def test_imported_decks_share_one_turn_among_them_in_their_study_order(cli, write, home) -> None:
    assert cli("import", str(write("b.yaml", _own_deck("bb-segundo", 5, order=20))),
               str(write("a.yaml", _own_deck("aa-primeiro", 2, order=10)))).exit_code == 0
    queue = _queue(home, DAY1)
    mine = ["aa-primeiro/c1", "aa-primeiro/c2", "bb-segundo/c1", "bb-segundo/c2", "bb-segundo/c3",
            "bb-segundo/c4", "bb-segundo/c5"]
    assert queue[1:14:2] == mine  # every other card, deck after deck by `order`, while they last
    assert not any(k.startswith(("aa-", "bb-")) for k in queue[0:14:2] + queue[14:])  # the rest: the course


def test_when_the_bundled_decks_have_no_new_card_of_the_topic_only_ones_own_come(cli, write, home) -> None:
    assert cli("import", str(write("meu.yaml", _own_deck("meu-deck", 30)))).exit_code == 0
    with open_store(home) as store:
        config = Config.from_raw(store.config_raw())
        study = Study(store, Scheduler(config), config, datetime.fromisoformat(DAY1), ["meu"])
        assert list(study.queue) == [f"meu-deck/c{i}" for i in range(1, 21)]
