"""Writing things out: the review log as CSV or JSON lines."""

from __future__ import annotations

import csv
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from .scheduler import STATE_NAMES, from_ms
from .store import Store

LOG_COLUMNS = ["review_id", "card_id", "reviewed_at", "rating", "duration_ms", "mode", "answer",
               "state_before", "state", "stability", "difficulty", "due"]


def log_records(store: Store) -> Iterator[dict[str, object]]:
    """Every answer as a flat record (times ISO 8601 UTC)."""
    for rid, card, at, rating, dur, mode, answer, before, state, _step, stab, diff, due in store.log_rows():
        yield {
            "review_id": rid, "card_id": card, "reviewed_at": from_ms(at).isoformat().replace("+00:00", "Z"),
            "rating": rating, "duration_ms": dur, "mode": mode, "answer": answer,
            "state_before": STATE_NAMES[before], "state": STATE_NAMES[state], "stability": stab,
            "difficulty": diff, "due": from_ms(due).isoformat().replace("+00:00", "Z"),
        }


@contextmanager
def _open(output: str) -> Iterator[IO[str]]:
    if output == "-":
        yield sys.stdout
        return
    path = Path(output)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        yield fh
    tmp.replace(path)


def export_log(store: Store, fmt: str, output: str) -> int:
    """Write the log as csv or jsonl to a file (atomically) or stdout; return the number of rows."""
    n = 0
    with _open(output) as fh:
        if fmt == "csv":
            writer = csv.DictWriter(fh, fieldnames=LOG_COLUMNS)
            writer.writeheader()
            for rec in log_records(store):
                writer.writerow(rec)
                n += 1
        else:
            for rec in log_records(store):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n
