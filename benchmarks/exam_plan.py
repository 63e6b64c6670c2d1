"""Exam-date planning benchmark (issue 14). Run by hand, never in CI or the tests.

    python benchmarks/exam_plan.py [--cards 900] [--days 30] [--seed 14] [--set KEY=VALUE]… [--json out.json]
    python benchmarks/exam_plan.py --seeds 10-20 [--dated-only]   # one line per seed, and whether it meets the target

A simulated learner studies a 900-card deck for 30 days before an exam, one `review` session a day
through the real command line (in-process, with the clock injected through GENAI_CARDS_NOW and
advanced ten seconds per answer), answering every card the program shows. The learner's true
memory follows an FSRS model with parameters the program is not told (harder material than the fsrs
defaults assume: lower initial stabilities, higher difficulty, slower growth): a card is recalled
with its true probability of recall at that moment; a card seen for the first time is failed 30% of
the time. Two homes run side by side on the same deck: one with `exam_date` set, one without.

Reported for each: the expected share of the 900 cards recalled at the exam (the mean of their true
probability of recall at 12:00 on the exam date; a card never introduced counts 0), the cards
introduced, and the answers per day (mean and the busiest day).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parent.parent / "src"
sys.path.insert(0, str(SRC))

import fsrs  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from genai_cards.cli import app  # noqa: E402
from genai_cards.commands.base import Env  # noqa: E402
from genai_cards.streams import Streams  # noqa: E402

# harder than the defaults: initial stabilities about half, difficulty up, slower stability growth
TRUE_PARAMETERS = list(fsrs.Scheduler().parameters)
TRUE_PARAMETERS[0:4] = [0.1, 0.6, 1.2, 4.0]
TRUE_PARAMETERS[4] = 7.0
TRUE_PARAMETERS[8] = 1.4
FIRST_FAIL = 0.30
HEADER = re.compile(r"\d+ new · \d+ learning · \d+ review")
SHOWN = re.compile(r"Card: (\S+)")  # the card's id comes with its answer
SECONDS_PER_ANSWER = 10
START = date(2026, 12, 1)
SESSION_HOUR = 8  # local time of the daily session


class Learner:
    """stdin for one `review` session: reads what the program printed and answers as the learner."""

    def __init__(self, sim: "Sim", out: io.StringIO, clock: list[datetime]) -> None:
        self.sim, self.out, self.clock = sim, out, clock
        self.seen = 0
        self.card: str | None = None
        self.answers = 0

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        text = self.out.getvalue()
        fresh, self.seen = text[self.seen:], len(text)
        if HEADER.search(fresh):  # a new card is on screen: reveal it
            return "\n"
        shown = SHOWN.findall(fresh)
        assert shown, fresh
        self.card = shown[-1]
        now = self.clock[0]
        rating = self.sim.answer(self.card, now)
        self.answers += 1
        self.clock[0] = now + timedelta(seconds=SECONDS_PER_ANSWER)
        os.environ["GENAI_CARDS_NOW"] = self.clock[0].isoformat()
        return f"{rating}\n"


class Sim:
    """The learner's true memory: one py-fsrs card per study card, under TRUE_PARAMETERS."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.model = fsrs.Scheduler(parameters=TRUE_PARAMETERS, enable_fuzzing=False)
        self.cards: dict[str, fsrs.Card] = {}

    def answer(self, key: str, now: datetime) -> int:
        when = now.astimezone(timezone.utc)
        card = self.cards.get(key)
        if card is None:
            card = fsrs.Card(card_id=len(self.cards) + 1)
            rating = 1 if self.rng.random() < FIRST_FAIL else 3
        else:
            r = self.model.get_card_retrievability(card, current_datetime=when)
            rating = 3 if self.rng.random() < r else 1
        self.cards[key], _ = self.model.review_card(card, fsrs.Rating(rating), review_datetime=when)
        return rating

    def expected_recall(self, at: datetime, total: int) -> float:
        when = at.astimezone(timezone.utc)
        return sum(self.model.get_card_retrievability(c, current_datetime=when) for c in self.cards.values()) / total


def deck_yaml(cards: int) -> str:
    lines = ["deck: bench", "title: Exam benchmark", "lang: en", "topics: [bench]", "cards:"]
    for i in range(cards):
        lines += [f"  - id: c{i:04d}", f"    front: Question {i}", f"    back: Answer {i}"]
    return "\n".join(lines) + "\n"


def run(home: Path, args: argparse.Namespace, with_date: bool, deck: Path) -> dict[str, Any]:
    os.environ["GENAI_CARDS_HOME"] = str(home)
    runner = CliRunner()

    def cli(*argv: str, stdin: Any = None, out: io.StringIO | None = None) -> str:
        streams = Streams(stdin=stdin or io.StringIO(""), stdout=out or io.StringIO(), stderr=io.StringIO())
        result = runner.invoke(app, list(argv), obj=Env(streams=streams))
        if result.exit_code != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {result.output} {streams.stderr.getvalue()}")  # type: ignore[attr-defined]
        return streams.stdout.getvalue()  # type: ignore[attr-defined]

    os.environ["GENAI_CARDS_NOW"] = datetime(2026, 11, 30, 20, 0).astimezone().isoformat()
    cli("import", str(deck))
    bundled = [d["deck"] for d in json.loads(cli("decks", "--json")) if d["deck"] != "bench"]
    cli("decks", "suspend", *bundled)
    for item in args.set:
        key, _, value = item.partition("=")
        cli("config", "set", key, value)
    exam = START + timedelta(days=args.days)
    if with_date:
        cli("config", "set", "exam_date", exam.isoformat())
    sim = Sim(args.seed)
    per_day = []
    for day in range(args.days + 1):
        clock = [datetime(*(START + timedelta(days=day)).timetuple()[:3], SESSION_HOUR).astimezone()]
        if clock[0] >= datetime(exam.year, exam.month, exam.day, 12).astimezone():
            break
        os.environ["GENAI_CARDS_NOW"] = clock[0].isoformat()
        out = io.StringIO()
        learner = Learner(sim, out, clock)
        cli("review", stdin=learner, out=out)
        per_day.append(learner.answers)
    at = datetime(exam.year, exam.month, exam.day, 12).astimezone()
    return {
        "exam_date": exam.isoformat() if with_date else None,
        "expected_recall_at_exam": round(sim.expected_recall(at, args.cards), 4),
        "cards_introduced": len(sim.cards),
        "answers_per_day": per_day,
        "answers_mean": round(sum(per_day) / len(per_day), 1),
        "answers_max": max(per_day),
    }


TARGET_RECALL = 0.93
TARGET_MAX_ANSWERS = 250


def meets_target(r: dict[str, Any], cards: int) -> bool:
    """The issue's target for the home with the date: every card introduced, at least 93% expected recall,
    no day above 250 answers."""
    return (r["cards_introduced"] == cards and r["expected_recall_at_exam"] >= TARGET_RECALL
            and r["answers_max"] <= TARGET_MAX_ANSWERS)


def seed_list(text: str) -> list[int]:
    """`10-20` or `10,12,15`."""
    out: list[int] = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=900)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a setting for both homes (config set KEY VALUE), e.g. --set exam_retention=0.93")
    parser.add_argument("--seeds", type=seed_list, help="several runs, one per seed: 10-20 or 10,12,15")
    parser.add_argument("--dated-only", action="store_true", help="with --seeds: only the home with the date")
    args = parser.parse_args()
    os.environ.setdefault("COLUMNS", "100")
    os.environ["NO_COLOR"] = "1"
    started = time.time()
    if args.seeds:
        by_seed: dict[str, Any] = {}
        for seed in args.seeds:
            args.seed = seed
            with tempfile.TemporaryDirectory() as tmp:
                deck = Path(tmp) / "bench.yaml"
                deck.write_text(deck_yaml(args.cards), encoding="utf-8")
                r = run(Path(tmp) / "dated", args, True, deck)
                plain = None if args.dated_only else run(Path(tmp) / "plain", args, False, deck)
            by_seed[str(seed)] = {"with_exam_date": r, "without_exam_date": plain}
            tail = "" if plain is None else (f"   without: {100 * plain['expected_recall_at_exam']:.1f}% "
                                             f"{plain['cards_introduced']}/{args.cards} max {plain['answers_max']}")
            print(f"seed {seed:3}: recall {100 * r['expected_recall_at_exam']:.1f}%  introduced "
                  f"{r['cards_introduced']}/{args.cards}  answers/day mean {r['answers_mean']} max {r['answers_max']}  "
                  f"{'meets the target' if meets_target(r, args.cards) else 'MISSES the target'}{tail}", flush=True)
        met = sum(meets_target(v["with_exam_date"], args.cards) for v in by_seed.values())
        print(f"{met}/{len(by_seed)} seeds meet the target ({time.time() - started:.0f} s)")
        if args.json:
            args.json.write_text(json.dumps(by_seed, indent=2), encoding="utf-8")
        return
    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / "bench.yaml"
        deck.write_text(deck_yaml(args.cards), encoding="utf-8")
        results = {
            "with_exam_date": run(Path(tmp) / "dated", args, True, deck),
            "without_exam_date": run(Path(tmp) / "plain", args, False, deck),
        }
    for name, r in results.items():
        print(f"{name:18} recall at exam {100 * r['expected_recall_at_exam']:.1f}%  introduced "
              f"{r['cards_introduced']}/{args.cards}  answers/day mean {r['answers_mean']} max {r['answers_max']}")
        print(f"{'':18} per day: {' '.join(map(str, r['answers_per_day']))}")
    print(f"({time.time() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
