"""`plan`'s forecast is fast (issue 17: at most 1 s on 20,000 cards) without changing a figure: the
fast simulation (buckets of cards by the day they fall due, retrievability in bulk, fsrs's fuzz state
saved once, a new card's first step asked once per moment) gives exactly what the straightforward one
below gives (every state looked at every day, fsrs asked for every answer), on a home with history."""

from __future__ import annotations

import copy
import random
from datetime import datetime, timedelta

import pytest

from genai_cards.config import Config
from genai_cards.model import AGAIN, GOOD, NEW, REVIEW, CardState, from_ms, study_day_bounds, to_ms
from genai_cards.planning import FINAL_DAYS, SIM_SEED, Pace, _Day, _fits, _Road, _simulate, load_for, new_quota, pace_for
from genai_cards.scheduler import Memory, Scheduler
from genai_cards.store import Store, open_store


def answer_until_review(scheduler: Scheduler, states: dict[str, CardState], key: str, t: datetime,
                        rng: random.Random) -> int:
    """A card answered (and its learning steps that day) until it is in review, through `Scheduler.review`
    (the sessions' own) every time; the answers."""
    s = states[key]
    answers = 0
    when = t
    while True:
        r = scheduler.retrievability(s, when) if s.state != NEW else 0.0
        rating = GOOD if s.state != NEW and rng.random() < r else (GOOD if s.state == NEW else AGAIN)
        if s.state in (1, 3):
            rating = GOOD  # learning steps are passed the same day
        s = scheduler.review(key, s, rating, when)
        answers += 1
        if s.state == REVIEW or answers >= 8 or s.due is None:
            break
        when = max(when, from_ms(s.due))
    states[key] = s
    return answers


def straightforward_forecast(store: Store, config: Config, scheduler: Scheduler, now: datetime, pace: Pace) -> _Road:
    """The forecast as first written: every state looked at every day, fsrs asked for every answer."""
    rng = random.Random(SIM_SEED)
    states = dict(store.active_states())
    new_keys = [k for k, s in states.items() if s.state == NEW]
    start, _ = study_day_bounds(now, config.day_starts_at)
    new_done, reviews_done = store.done_since(to_ms(start))
    not_introduced = len(new_keys) + new_done
    days: list[_Day] = []
    load = pace.load or load_for(store, config, now)
    target = scheduler.exam_target
    decay, factor = scheduler.decay, scheduler.factor
    for k in range(pace.days_left + 1):
        day_start, day_end = study_day_bounds(start + timedelta(days=k, hours=12), config.day_starts_at)
        t = now if k == 0 else day_start + timedelta(hours=1)
        if t >= pace.exam_at:
            break
        day = _Day(day_start.astimezone().date())
        left = pace.days_left - k
        done_reviews = reviews_done if k == 0 else 0
        quota = new_quota(not_introduced, left, config) - (new_done if k == 0 else 0)
        if k == 0:
            not_introduced -= new_done
        t_ms, end_ms = to_ms(t), to_ms(day_end)

        def risk(item: tuple[str, CardState]) -> float:
            s = item[1]
            assert s.stability is not None and s.last_review is not None
            return float((1 + factor * max(0, t_ms - s.last_review) / 86_400_000 / s.stability) ** decay)

        spent = load.done if k == 0 else 0  # answers already given today count against the cap
        for key, s in list(states.items()):  # the learning steps due first, as a session shows them
            if s.state in (1, 3) and s.due is not None and s.due < end_ms:
                day.answers += answer_until_review(scheduler, states, key, t, rng)
        due = sorted(((key, s) for key, s in states.items() if s.state == REVIEW and s.due is not None
                      and s.due < end_ms), key=risk)
        room = min(max(0, config.max_reviews_per_day - done_reviews),
                   _fits(load.cap - spent - day.answers, load.per_review))
        day.backlog = max(0, len(due) - room)
        chosen = due[:room]
        for key, s in chosen:
            day.reviews += 1
            day.answers += answer_until_review(scheduler, states, key, t, rng)
        fit = max(0, pace.new_today - new_done) if k == 0 else max(0, quota)
        for key in new_keys[:fit]:
            if spent + day.answers + load.per_new > load.cap:
                break  # the day's answers are spent, as a session stops introducing new cards
            day.new += 1
            day.answers += answer_until_review(scheduler, states, key, t, rng)
        new_keys = new_keys[day.new:]
        if left < FINAL_DAYS and room > len(chosen):  # the final stretch, in what is left of both limits
            extra_room = min(room - len(chosen), _fits(load.cap - spent - day.answers, load.per_review))
            taken = {key for key, _ in chosen}
            extra = [(scheduler.retrievability(s, pace.exam_at), key) for key, s in states.items()
                     if s.state == REVIEW and key not in taken]
            for _, key in sorted(e for e in extra if e[0] < target)[:extra_room]:
                day.reviews += 1
                day.answers += answer_until_review(scheduler, states, key, t, rng)
        not_introduced -= day.new
        days.append(day)
    active = len(states) or 1
    rs = [scheduler.retrievability(s, pace.exam_at) for s in states.values()]
    return _Road(days, sum(rs) / active, sum(rs), new_keys, sum(1 for r in rs if 0 < r < target), list(states))



def study_a_while(cli) -> None:  # type: ignore[no-untyped-def]
    """Two weeks of sessions, some answers wrong: cards in every state, some left in learning."""
    import json

    decks = [d["deck"] for d in json.loads(cli("decks", "--json").output)]
    cli("decks", "suspend", *[d for d in decks if d not in ("rag", "bedrock", "prompt-engineering")])
    cli("config", "set", "exam_date", "2026-12-22", now="2026-12-01T09:00:00-03:00")
    for day, lines in ((1, "\n3\n\n1\n\n3\n\n4\n" * 30), (3, "\n3\n\n1\n\n3\n" * 30), (8, "\n3\n\n2\n" * 30)):
        cli("review", "--seed", str(day), input=lines, now=f"2026-12-{day:02d}T09:00:00-03:00")


@pytest.mark.slow  # some 90 answers a session, and the straightforward forecast
def test_the_fast_forecast_gives_exactly_the_figures_of_the_straightforward_one(cli, home) -> None:
    study_a_while(cli)
    for when, settings in (("2026-12-09T21:00:00-03:00", {}), ("2026-12-20T08:00:00.987654-03:00", {}),
                           ("2026-12-09T21:00:00-03:00", {"exam_answers_per_day": "120", "max_reviews_per_day": "40"})):
        with open_store(home) as store:
            raw = store.config_raw() | settings
            config = Config.from_raw(raw)
            now = datetime.fromisoformat(when)
            pace = pace_for(store, config, now)
            assert pace is not None
            fast = _simulate(store, config, Scheduler(config), now, pace)
            plain = straightforward_forecast(store, config, Scheduler(config), now, pace)
        assert fast.days == plain.days and fast.leftover == plain.leftover, when
        assert fast.recall == plain.recall and fast.recall_sum == plain.recall_sum and fast.weak == plain.weak
        assert any(d.reviews for d in fast.days) and any(d.new for d in fast.days)


def test_the_forecast_review_gives_the_state_the_sessions_review_gives() -> None:
    """Scheduler.forecast_review (fsrs asked directly, its Card kept from one answer to the next) against
    Scheduler.review (the Card rebuilt from the stored milliseconds each time), answer after answer: states
    of every kind, every rating, times with microseconds, intervals capped by the exam and not, and a next
    answer just under a day after the last by the exact clock but a day after it by the milliseconds (a
    Card that kept the exact times would take fsrs's same-day path there)."""
    config = Config.from_raw({"exam_date": "2026-12-22"})
    rng = random.Random(17)
    start = datetime.fromisoformat("2026-11-01T10:00:00.123456+00:00")
    capped = same_day_paths = 0
    for n in range(400):
        state = CardState() if n % 5 == 0 else CardState(
            state=rng.choice((1, 2, 3)), step=0, stability=rng.uniform(0.2, 60), difficulty=rng.uniform(1, 10),
            due=to_ms(start), last_review=to_ms(start) - rng.randint(0, 40 * 86_400_000), reps=rng.randint(1, 9),
            lapses=rng.randint(0, 3))
        if state.state == REVIEW:
            state = state._replace(step=None)
        memory = Memory(state.state, state.step, state.stability, state.difficulty, state.due, state.last_review,
                        state.reps, state.lapses)
        key = f"deck/card-{n}"
        when = start + timedelta(minutes=rng.randint(0, 30 * 24 * 60), microseconds=rng.randint(0, 999_999))
        plain, fast = Scheduler(config), Scheduler(config)
        for answer in range(4):
            rating = rng.choice((1, 2, 3, 4))
            expected = plain.review(key, state, rating, when)
            if answer == 2 and memory.card is not None:  # the nearest wrong answer: the exact time kept
                exact = copy.copy(memory.card)
                exact.last_review = last
                with fast.batch():
                    wrong = fast.forecast_review(key, memory._replace(card=exact), rating, when)
                same_day_paths += wrong.stability != expected.stability
            with fast.batch():
                memory = fast.forecast_review(key, memory, rating, when)
            assert memory[:8] == (expected.state, expected.step, expected.stability, expected.difficulty,
                                  expected.due, expected.last_review, expected.reps, expected.lapses), (n, answer)
            capped += plain.normal_review(key, state, rating, when).due != expected.due
            state, last = expected, when
            if answer == 1:  # a day, less 200 microseconds, after the last answer: a day by the milliseconds
                when = when + timedelta(days=1, microseconds=-200)
            else:
                when = when + timedelta(days=rng.choice((0, 1, 3, 9)), minutes=rng.randint(1, 600))
    assert capped > 20 and same_day_paths > 20, (capped, same_day_paths)


def test_retrievability_in_bulk_is_fsrs_own() -> None:
    scheduler = Scheduler(Config.from_raw({}))
    rng = random.Random(3)
    at = datetime.fromisoformat("2026-12-20T12:00:00-03:00")
    states = [CardState(state=rng.choice((1, 2, 3)), stability=rng.uniform(0.1, 400), difficulty=5.0,
                        last_review=to_ms(at) - rng.randint(0, 400 * 86_400_000), due=to_ms(at), reps=3)
              for _ in range(500)]
    states.append(CardState(last_review=to_ms(at) - 86_400_000))  # a new card: 0
    assert scheduler.recall_at(states, at) == [scheduler.retrievability(s, at) for s in states]
    assert [scheduler.recall_one(s, at) for s in states] == [scheduler.retrievability(s, at) for s in states]
