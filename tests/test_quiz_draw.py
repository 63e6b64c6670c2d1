"""A topic quiz draws its cards in the order the store ranks them (`Store.quiz_draw`), and that order
is the rule's, computed with fsrs: auto-graded types first, then due cards, other seen cards and new
ones, the lowest retrievability first, then deck order."""

from __future__ import annotations

from datetime import datetime

from genai_cards.config import Config
from genai_cards.model import AUTO_GRADED_TYPES, to_ms
from genai_cards.scheduler import Scheduler
from genai_cards.store import open_store

LATER = "2026-04-20T10:00:00-03:00"


def test_the_quiz_draw_is_the_fsrs_retrievability_order(cli, small_deck, home) -> None:
    cli("review", "--topic", "teste", input="\n4\n\n3\nAmazon Bedrock\n4\npolly\n1\n" + "\n3\n" * 6,
        now="2026-03-01T10:00:00-03:00")
    cli("review", input="\n4\n" * 4 + "\n3\n" * 4, now="2026-03-04T10:00:00-03:00")
    now = datetime.fromisoformat(LATER)
    with open_store(home) as store:
        scheduler = Scheduler(Config.from_raw(store.config_raw()))
        for topics in ([], ["teste"], ["aif-c01"]):  # the whole home and a big topic (read in parts), a small one
            rows = [store.card(k) for k in store.active_keys(topics)]

            def rank(r):  # the rule, with fsrs's own retrievability
                auto = 0 if r.type in AUTO_GRADED_TYPES else 1
                if r.state.state == 0:
                    return (auto, 2, 0.0, r.deck, r.position)
                due = 0 if r.state.due is not None and r.state.due <= to_ms(now) else 1
                return (auto, due, scheduler.retrievability(r.state, now), r.deck, r.position)

            expected = [r.key for r in sorted(rows, key=rank)]
            drawn = [key for key, _ in store.quiz_draw(topics, [], AUTO_GRADED_TYPES, to_ms(now))]
            assert drawn == expected
            assert len({rank(r)[1] for r in rows}) >= 2  # the home has seen and new cards of the topic
        typed = [key for key, _ in store.quiz_draw(["teste"], ["typed"], AUTO_GRADED_TYPES, to_ms(now))]
        assert typed == ["teste/quatro"]
