"""`doctor`: is the database sound, does the card-state cache match the log, and which backups exist."""

from __future__ import annotations

from dataclasses import dataclass, field

from .store import Store


@dataclass
class Checkup:
    """What the doctor found."""

    integrity: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    intervals: int = 0  # answers whose derived interval (reviews.prev_ivl) did not match the log
    topic_sets: int = 0  # cards whose derived topic set (cards.topic_set) did not match their topic rows
    backups: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.integrity == ["ok"]

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "integrity": self.integrity, "cards_repaired": self.rebuilt,
                "intervals_repaired": self.intervals,
                "topic_sets_repaired": self.topic_sets, "backups": self.backups}


def checkup(store: Store, leech_suspends: bool = True) -> Checkup:
    """Integrity check, then rebuild every card's state and every answer's derived interval from the review
    log (reporting differences)."""
    result = Checkup(integrity=store.integrity())
    if result.ok:
        result.rebuilt = store.rebuild_all(leech_suspends)
        result.intervals = store.rebuild_intervals()
        result.topic_sets = store.rebuild_topic_sets()
        store.forget_answer_cores()  # derived from the cards: computed again when first needed
    result.backups = [p.name for p in store.list_backups()]
    return result
