"""How long `plan` takes on a big home (issue 17: at most 1 s on 20,000 cards). Run by hand, never in CI.

    python benchmarks/plan_bench.py [--size 20000] [--runs 5] [--days 30] [--workdir DIR] [--now ISO] [--profile]
                                    [--save plan.json]

It builds the synthetic home of benchmarks/bench.py (the benchmark cards plus the bundled decks, half of
the benchmark cards with a review history made by the program's own scheduler), sets `exam_date` --days
ahead, and times `genai-cards plan --json` as cold processes (a fresh interpreter each; the median of
--runs; wall and CPU time: on a shared machine the CPU time is the steadier figure), beside, in the same
rounds, the floor (`python -c pass`) and the program's start alone (`config get exam_date`: imports, the
command line, the store opened and synced), and the planning itself in this process (`planning.plan`,
the median of --runs). --profile
prints the top of a cProfile of one in-process run; --now fixes the clock (GENAI_CARDS_NOW) so that
two source trees can be compared on the same figures (--save writes the `plan --json` output). The source tree measured is the one this file sits
in (its `src/` goes first on PYTHONPATH).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(SRC))
sys.path.insert(0, str(HERE))

import bench  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--now", help="the clock, ISO 8601 (default: the real one)")
    parser.add_argument("--save", type=Path, help="write the figures of `plan --json` here")
    args = parser.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH")) if p)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="plan-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    bench.PYCACHE = workdir / "pycache"
    home = bench.build_home(workdir, args.size, args.seed, reuse=True)
    print(home.describe())
    now = datetime.fromisoformat(args.now) if args.now else datetime.now().astimezone()
    env = bench.child_env(home.path, **({"GENAI_CARDS_NOW": args.now} if args.now else {}))
    exam = (now.date() + timedelta(days=args.days)).isoformat()
    cmd = [sys.executable, "-m", "genai_cards"]
    assert bench.run_cold(cmd + ["config", "set", "exam_date", exam], env).rc == 0
    bench.run_cold(cmd + ["plan", "--json"], env)  # bytecode compiled, daily backup made
    cold, cpu, floor, start = [], [], [], []
    figures = None
    for _ in range(args.runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = bench.run_cold(cmd + ["plan", "--json"], env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert r.rc == 0, r.stderr
        cold.append(r.seconds)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        figures = json.loads(r.stdout)
        floor.append(bench.run_cold([sys.executable, "-c", "pass"], env).seconds)
        s = bench.run_cold(cmd + ["config", "get", "exam_date"], env)
        assert s.rc == 0, s.stderr
        start.append(s.seconds)
    os.environ["GENAI_CARDS_HOME"] = str(home.path)
    from genai_cards.config import Config
    from genai_cards.planning import plan
    from genai_cards.store import open_store

    inner = []
    with open_store(home.path) as store:
        config = Config.from_raw(store.config_raw())
        for _ in range(args.runs):
            t0 = time.perf_counter()
            plan(store, config, now)
            inner.append(time.perf_counter() - t0)
        if args.profile:
            prof = cProfile.Profile()
            prof.runcall(plan, store, config, datetime.now().astimezone())
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    assert figures is not None
    if args.save:
        args.save.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(f"plan --json on {home.cards:,} cards, exam in {args.days} days: cold process median "
          f"{statistics.median(cold):.2f} s (runs {' '.join(f'{t:.2f}' for t in cold)}), CPU time median "
          f"{statistics.median(cpu):.2f} s; planning alone median {statistics.median(inner):.2f} s "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"  beside it: python -c pass median {statistics.median(floor):.3f} s, the program's start alone "
          f"(config get exam_date) median {statistics.median(start):.3f} s")
    print(f"  not introduced {figures['not_introduced']:,}, new today {figures['new_per_day']}, predicted recall "
          f"{figures['predicted_recall']}, reachable {figures['reachable']}")


if __name__ == "__main__":
    main()
