"""What each import costs on the hot paths, from `python -X importtime` (run by hand, never in CI).

    .venv/bin/python benchmarks/imports.py --home /tmp/gcb/home-20000 [--runs 7] [--top 15]

For `due --json`, `stats --json` and `plan --json` (run to their end) and `review` / `quiz --topic T`
(run to their first card, then quit on stdin), it prints the medians over the runs of each module's
own import time, summed by where the module comes from: the interpreter's start (`site` and what it
loads), the standard library, the program, and third-party packages (typer, rich, fsrs, yaml...),
then the costliest modules. It also says which heavy modules the path loaded at all. Medians of
self times, in ms; `-X importtime` adds its own overhead, so compare them with each other, not
with wall times.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from collections import defaultdict

LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
PATHS = {
    "due --json": (["due", "--json"], ""),
    "stats --json": (["stats", "--json"], ""),
    "plan --json": (["plan", "--json"], ""),
    "review (first card)": (["review"], "q\n"),
    "quiz --topic bedrock (first question)": (["quiz", "--topic", "bedrock"], "q\n"),
}
HEAVY = ("typer", "click", "rich", "fsrs", "yaml", "genanki", "zstandard", "dataclasses", "inspect")
START = {"site", "encodings", "_distutils_hack", "sitecustomize", "_sitebuiltins", "os", "stat", "posixpath",
         "genericpath", "_collections_abc", "codecs", "abc", "io", "_frozen_importlib_external", "zipimport",
         "runpy", "importlib", "importlib.util", "importlib.machinery"}


def run_once(args: list[str], stdin: str, home: str) -> dict[str, int]:
    """Self import times (µs) of one cold run of the program with these arguments."""
    env = {**os.environ, "GENAI_CARDS_HOME": home}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program runs from its .pyc files
    code = "import sys; from genai_cards.start import run; sys.argv = ['genai-cards', *sys.argv[1:]]; run()"
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code, *args], input=stdin, text=True,
                            capture_output=True, env=env, timeout=300)
    selfs: dict[str, int] = {}
    for line in result.stderr.splitlines():
        m = LINE.match(line)
        if m:
            selfs[m.group(4)] = int(m.group(1))
    return selfs


def origin(module: str) -> str:
    top = module.split(".")[0]
    if module in START or top in ("encodings",):
        return "interpreter start"
    if top == "genai_cards":
        return "genai_cards"
    if top in sys.stdlib_module_names or top.startswith("_"):
        return "standard library"
    return "third-party"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", required=True, help="a home to run the commands on (e.g. a bench.py home)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--top", type=int, default=12)
    a = ap.parse_args()
    for name, (args, stdin) in PATHS.items():
        run_once(args, stdin, a.home)  # warm the caches and the .pyc files
        runs = [run_once(args, stdin, a.home) for _ in range(a.runs)]
        modules = set().union(*runs)
        median = {m: statistics.median(r.get(m, 0) for r in runs) / 1000 for m in modules}
        by_origin: dict[str, float] = defaultdict(float)
        for m, ms in median.items():
            by_origin[origin(m)] += ms
        total = sum(median.values())
        print(f"\n{name}: {len(modules)} modules, {total:.1f} ms of imports")
        for where in ("interpreter start", "standard library", "genai_cards", "third-party"):
            print(f"  {where:<18} {by_origin[where]:6.1f} ms")
        heavy = sorted({m.split('.')[0] for m in modules if m.split('.')[0] in HEAVY})
        print(f"  heavy modules loaded: {', '.join(heavy) or 'none'}")
        for m, ms in sorted(median.items(), key=lambda kv: -kv[1])[:a.top]:
            print(f"    {ms:5.1f} ms  {m}")


if __name__ == "__main__":
    main()
