"""Today's cards: the one rule that says which cards `review` shows today, so that `due` counts
exactly what `review` will show (siblings held back included).

- review cards due before the end of the study day, most at risk first, within what is left of
  `max_reviews_per_day` (and, paced for an exam, of `exam_answers_per_day` after the learning steps
  owed), without the notes answered since the day started, one card per note (the siblings of a
  card shown today wait until tomorrow);
- with an exam date, the cards the final stretch brings forward (see `planning`);
- new cards up to what is left of the day's new-card limit (or the exam pace), one per note, none
  of a note already among today's cards or answered today, taken in turn from the bundled decks and
  the learner's own (`Store.new_cards`);
- learning and relearning cards come as they fall due, siblings or not (they are already started).

No fsrs here unless the final stretch needs it: `due` stays light.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple, Sequence

from .config import Config
from .model import note_of, one_per_note, study_day_bounds, to_ms
from .store import Store

if TYPE_CHECKING:
    from .planning import Load, Pace
    from .scheduler import Scheduler


class Today(NamedTuple):
    """The review and new cards today's session shows (learning cards come on their own)."""

    reviews: list[str]  # most at risk first (the final stretch's cards last)
    new: list[str]  # in the order they are introduced
    stretch: int = 0  # how many of `reviews` the final stretch before the exam brought forward
    held_reviews: int = 0  # due reviews left for tomorrow: the day's answers (exam_answers_per_day) are spent


def answers_owed(store: Store, config: Config, load: "Load", day_end_ms: int, topics: Sequence[str],
                 reviews: int) -> float:
    """Answers still to come today for `reviews` reviews and the cards in (re)learning, each step passed."""
    from .planning import steps_left

    return reviews * load.per_review + steps_left(config, store.learning_states(day_end_ms, topics))


def todays_cards(store: Store, config: Config, now: datetime, topics: Sequence[str],
                 pace: "Pace | None" = None, scheduler: "Scheduler | None" = None) -> Today:
    """Today's review and new cards under the rule above (`pace`: the exam pace, None for plain FSRS;
    `scheduler`: needed only in the final stretch, made from `config` when not given)."""
    day_start, day_end = study_day_bounds(now, config.day_starts_at)
    new_done, reviews_done = store.done_since(to_ms(day_start))
    buried = store.notes_seen_since(to_ms(day_start))
    due = store.due_reviews(to_ms(day_end), to_ms(now), topics, max(0, config.max_reviews_per_day - reviews_done))
    load = pace.load if pace is not None else None
    held_reviews = 0
    if load is not None:  # and what fits in the day's answers, after the learning steps owed
        fits = load.review_room(answers_owed(store, config, load, to_ms(day_end), topics, 0))
        held_reviews = max(0, len(due) - fits)
        due = due[:fits]
    kept = one_per_note([k for k in due if note_of(k) not in buried], note_of, set())
    per_day = pace.new_today if pace is not None else config.new_per_day
    new_wanted = max(0, per_day - new_done)
    stretch = 0
    if pace is not None and pace.final_stretch:
        from .planning import final_stretch

        if scheduler is None:
            from .scheduler import Scheduler

            scheduler = Scheduler(config)
        room = config.max_reviews_per_day - reviews_done - len(kept)
        if load is not None:  # early reviews yield to the day's answers, after the new cards
            coming = min(new_wanted, store.count_not_introduced(topics))
            room = min(room, load.review_room(answers_owed(store, config, load, to_ms(day_end), topics, len(kept))
                                              + coming * load.per_new))
        extra = final_stretch(store, scheduler, pace, topics, to_ms(day_end), buried | {note_of(k) for k in kept},
                              room)
        stretch = len(extra)
        kept = kept + extra
    held = buried | {note_of(k) for k in due} | {note_of(k) for k in kept}
    new = store.new_cards(topics, new_wanted, held)
    return Today(kept, new, stretch, held_reviews)
