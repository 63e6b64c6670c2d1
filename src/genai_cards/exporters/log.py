"""The review log written out: CSV or JSON lines with our columns, or the FSRS optimizer's columns."""

from __future__ import annotations

import csv
import json
from typing import IO, Iterator

from ..model import STATE_NAMES, from_ms, fsrs_card_id
from ..store import Store
from .output import open_text

LOG_COLUMNS = ["review_id", "card_id", "reviewed_at", "rating", "duration_ms", "mode", "answer",
               "state_before", "state", "stability", "difficulty", "due"]
FSRS_COLUMNS = ["card_id", "review_time", "review_rating", "review_state", "review_duration"]
LOG_FORMATS = ["csv", "jsonl", "fsrs"]


def log_records(store: Store) -> Iterator[dict[str, object]]:
    """Every answer as a flat record (times ISO 8601 UTC)."""
    for rid, card, at, rating, dur, mode, answer, before, state, _step, stab, diff, due in store.log_rows():
        yield {
            "review_id": rid, "card_id": card, "reviewed_at": from_ms(at).isoformat().replace("+00:00", "Z"),
            "rating": rating, "duration_ms": dur, "mode": mode, "answer": answer,
            "state_before": STATE_NAMES[before], "state": STATE_NAMES[state], "stability": stab,
            "difficulty": diff, "due": from_ms(due).isoformat().replace("+00:00", "Z"),
        }


def fsrs_records(store: Store) -> Iterator[dict[str, object]]:
    """Every answer in the FSRS optimizer's review-log schema.

    card_id: integer (see `fsrs_card_id`); review_time: Unix time in ms; review_rating: 1-4;
    review_state: the card's state before the answer (0 new, 1 learning, 2 review, 3 relearning);
    review_duration: ms spent on the answer.
    """
    for _rid, card, at, rating, dur, _mode, _answer, before, *_ in store.log_rows():
        yield {"card_id": fsrs_card_id(card), "review_time": at, "review_rating": rating,
               "review_state": before, "review_duration": dur}


def export_log(store: Store, fmt: str, output: str, stdout: IO[str] | None = None) -> int:
    """Write the log as csv, jsonl or fsrs (CSV) to a file (atomically) or stdout; return the number of rows."""
    n = 0
    with open_text(output, stdout) as fh:
        if fmt in ("csv", "fsrs"):
            columns, records = (LOG_COLUMNS, log_records(store)) if fmt == "csv" else (FSRS_COLUMNS, fsrs_records(store))
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            for rec in records:
                writer.writerow(rec)
                n += 1
        else:
            for rec in log_records(store):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n
