"""`due` is short by default (top-level topics, or the level under --topic) and lists every subtopic
with --all; --json always lists them all."""

from __future__ import annotations

import json

DAY1, DAY2 = "2026-03-10T10:00:00-03:00", "2026-03-11T10:00:00-03:00"


def topics_shown(output: str) -> list[str]:
    return [line.split("│")[0].strip() for line in output.splitlines() if "│" in line]


def test_due_is_short_by_default_and_complete_with_all(cli) -> None:
    cli("review", input="\n1\n" * 6, now=DAY1)
    short = topics_shown(cli("due", now=DAY2).output)
    full = topics_shown(cli("due", "--all", now=DAY2).output)
    assert short and all("/" not in t for t in short)
    assert set(short) < set(full) and any("/" in t for t in full)
    assert set(json.loads(cli("due", "--json", now=DAY2).output)["topics"]) == set(full)


def test_due_under_a_topic_shows_that_topic_and_the_level_below(cli) -> None:
    cli("review", input="\n1\n" * 6, now=DAY1)
    full = topics_shown(cli("due", "--all", now=DAY2).output)
    parent = next(t.rsplit("/", 1)[0] for t in full if t.count("/") == 2)
    shown = topics_shown(cli("due", "--topic", parent, now=DAY2).output)
    assert parent in shown and all(t == parent or t.count("/") == parent.count("/") + 1 for t in shown)
