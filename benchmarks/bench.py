"""Performance benchmark of genai-cards (issue 9). Run by hand, never in CI.

    python benchmarks/bench.py [--sizes 1000,20000,100000] [--runs 5] [--json out.json]

For each size it builds a synthetic home (under a temp dir, or --workdir to keep and reuse it):
deck files in format v1 go in through `genai-cards import`, then half of the cards get a review
history computed by the program's own scheduler. Then it times cold processes (a fresh
interpreter each, median of --runs) of `due --json`, `review` up to its first card on a
pseudo-terminal, answers inside a review session, `import` of a 20,000-card deck against
PyYAML's CSafeLoader, `stats --json`, and the peak memory of `due` and `review`; and, when an
Anki install is at hand (`--anki-python`, or `anki` importable here), Anki's cold start to its
first card on a collection holding the same 20,000 cards.

It prints one table (figure, size, median, target, ok?) and with --json writes it as JSON.
Use the Python of the venv where genai-cards is installed: its `genai-cards` script is the one
that is measured.
"""

from __future__ import annotations

import argparse
import codecs
import fcntl
import json
import os
import platform
import pty
import random
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

HERE = Path(__file__).resolve().parent
DB_NAME = "genai-cards.sqlite3"
DECK_LIMIT = 20_000  # cards per deck file of the homes (a deck file may hold 64 MiB: decks.MAX_DECK_BYTES)
REVIEWS_PER_CARD = 10  # answers in the log per card of the home: 1,000,000 at 100,000 cards
HISTORY_YEARS = 4.0  # the cards were introduced over this many years (see add_history)
IMPORT_SIZE = 20_000
BIG_IMPORT_SIZE = 100_000  # imported for its peak memory: in one file (35 MB) and as five files
STATS_REVIEWS = 1_000_000  # answers in the log of the homes built for `stats` over 1 year and STATS_YEARS
STATS_YEARS = 10.0
STATS_CARDS = 20_000
DAY_MS = 86_400_000
ANSI_RE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>]")
# A question on screen: the session header ("3 new · 1 learning · 20 review   key") then a whole panel.
QUESTION_RE = re.compile(r"\d+ new · \d+ learning · \d+ review[^\n]*\n.*?╭─+ (\w+) ─.*?╰[^\n]*", re.S)
RATINGS_RE = re.compile(r"Enter = \w+")
PROMPT = "> "

# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass
class Figure:
    """One line of the table: a median (or a ratio) and, when the issue sets one, its target."""

    figure: str
    size: int | None
    median: float | None
    unit: str
    target: float | None = None  # upper bound, in `unit`
    runs: int = 0
    note: str = ""
    samples: list[float] = field(default_factory=list)

    @property
    def ok(self) -> bool | None:
        if self.target is None or self.median is None:
            return None
        return self.median <= self.target

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ok"] = self.ok
        d["samples"] = [round(s, 4) for s in self.samples]
        return d


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:g} {unit}"


def print_table(figures: list[Figure], notes: list[str]) -> None:
    """The one table: figure, size, median, target, ok?; then the notes."""
    rows = [("figure", "size", "median", "target", "ok?")]
    for f in figures:
        ok = {True: "ok", False: "MISSED", None: ""}[f.ok]
        target = f"≤ {fmt_value(f.target, f.unit)}" if f.target is not None else ""
        size = f"{f.size:,}" if f.size else ""
        rows.append((f.figure, size, fmt_value(f.median, f.unit), target, ok))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for n, r in enumerate(rows):
        print("  ".join(c.ljust(w) if i in (0, 4) else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    per_figure: dict[tuple[str, str], list[str]] = {}
    for f in figures:
        if f.note:
            per_figure.setdefault((f.figure, f.note), []).append(f"{f.size:,}" if f.size else "-")
    notes = notes + [f"{name} ({', '.join(sizes)}): {note}" for (name, note), sizes in per_figure.items()]
    if notes:
        print("\nnotes:")
        for line in notes:
            print(f"  - {line}")


# --------------------------------------------------------------------------------------------
# Processes: cold runs, peak memory, pseudo-terminals
# --------------------------------------------------------------------------------------------


def program() -> list[str]:
    """The measured command: the `genai-cards` script beside this interpreter."""
    script = Path(sys.executable).parent / "genai-cards"
    return [str(script)] if script.exists() else [sys.executable, "-m", "genai_cards"]


PYCACHE: Path | None = None  # set by main(): where the children keep their bytecode


def child_env(home: Path | None, **extra: str) -> dict[str, str]:
    """The environment of a measured process: its home, a UTF-8 locale, a real clock, and bytecode caching.

    An installed program runs from .pyc files; PYTHONDONTWRITEBYTECODE (set in some shells) would make
    every cold start compile the package from source again. The children keep their bytecode under
    PYCACHE (PYTHONPYCACHEPREFIX) instead, so nothing is written into the source tree.
    """
    drop = ("GENAI_CARDS_NOW", "NO_COLOR", "COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color", PYTHONIOENCODING="utf-8")
    if PYCACHE is not None:
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    if home is not None:
        env["GENAI_CARDS_HOME"] = str(home)
    env.update(extra)
    return env


@dataclass
class Run:
    """One finished child process: wall time, peak resident memory, exit code, output."""

    seconds: float
    maxrss_mb: float
    rc: int
    stdout: str = ""
    stderr: str = ""
    cpu_ms: float = 0.0  # user + system CPU time of the process (and of what it waited for)


GNU_TIME = Path("/usr/bin/time")


class PeakMemory:
    """Peak RSS of a measured command, as GNU time (`/usr/bin/time -f %M`) reports it.

    The rusage of a direct child is no good here: on Linux a child's ru_maxrss starts from its
    parent's resident size at fork (and keeps the high-water mark across exec), so every child of
    this benchmark, which holds big synthetic data, would seem as big as the benchmark itself. GNU
    time is a small C program that forks the command itself. Without it, wait4's figure is kept and
    flagged as an upper bound.
    """

    def __init__(self) -> None:
        fd, name = tempfile.mkstemp(prefix="bench-rss-")
        os.close(fd)
        self.path = Path(name)

    def wrap(self, cmd: Sequence[str]) -> list[str]:
        if GNU_TIME.exists():
            return [str(GNU_TIME), "-f", "%M", "-o", str(self.path), *cmd]
        return list(cmd)

    def read(self, fallback_mb: float) -> float:
        try:
            text = self.path.read_text().strip().splitlines()
            self.path.unlink()
            return int(text[-1]) / 1024  # KiB
        except (OSError, ValueError, IndexError):
            return fallback_mb


def _reap(pid: int) -> tuple[int, float, float]:
    """Wait for one child and return (exit code, peak RSS in MB from wait4's rusage: see PeakMemory,
    CPU ms: user + system, the child's and its waited-for children's, e.g. GNU time's command)."""
    _, status, usage = os.wait4(pid, 0)
    rc = os.waitstatus_to_exitcode(status)
    return rc, usage.ru_maxrss / 1024, (usage.ru_utime + usage.ru_stime) * 1000  # Linux: KiB


def run_cold(cmd: Sequence[str], env: dict[str, str], timeout: float = 900) -> Run:
    """Run a fresh process to its end; wall time from spawn to exit (output goes to temp files)."""
    peak = PeakMemory()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(peak.wrap(cmd), env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        rc, rss, cpu = _reap(proc.pid)
        seconds = time.perf_counter() - t0
        proc.returncode = rc  # reaped by wait4 already
        out.seek(0)
        err.seek(0)
        return Run(seconds, peak.read(rss), rc, out.read().decode(errors="replace"),
                   err.read().decode(errors="replace"), cpu)


class PtyProcess:
    """A child on a pseudo-terminal (100×50), with its screen text (ANSI codes stripped) kept in `text`."""

    def __init__(self, cmd: Sequence[str], env: dict[str, str], cols: int = 100, rows: int = 50) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.peak = PeakMemory()
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(self.peak.wrap(cmd), env=env, stdin=slave, stdout=slave, stderr=slave,
                                     start_new_session=True)
        os.close(slave)
        self.master = master
        self.raw = ""
        self.text = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.closed = False

    def _pump(self, timeout: float) -> bool:
        """Read what is there (waiting up to `timeout`); False once the child closed the terminal."""
        if self.closed:
            return False
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:
            data = b""
        if not data:
            self.closed = True
            return False
        self.raw += self._decoder.decode(data)
        self.text = ANSI_RE.sub("", self.raw).replace("\r", "")
        return True

    def wait_for(self, pattern: re.Pattern[str], start: int = 0, timeout: float = 120) -> tuple[float, re.Match[str]]:
        """Block until `pattern` matches the screen text after `start`; return (time seen, match)."""
        deadline = time.perf_counter() + timeout
        while True:
            m = pattern.search(self.text, start)
            if m:
                return time.perf_counter(), m
            left = deadline - time.perf_counter()
            if left <= 0 or not self._pump(min(left, 0.5)):
                if self.closed:
                    m = pattern.search(self.text, start)
                    if m:
                        return time.perf_counter(), m
                raise TimeoutError(f"{pattern.pattern!r} not seen; screen ends with:\n{self.text[-1500:]}")

    def send(self, data: str) -> float:
        """Type `data`; return the moment it was sent."""
        t = time.perf_counter()
        os.write(self.master, data.encode())
        return t

    def finish(self, timeout: float = 60) -> tuple[int, float]:
        """Let the child end (it was told to quit), draining its output; return (exit code, peak RSS MB)."""
        pid = self.proc.pid
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self._pump(0.05)
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
        else:
            os.killpg(pid, signal.SIGTERM)
            done, status, usage = os.wait4(pid, 0)
        os.close(self.master)
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        return self.proc.returncode, self.peak.read(usage.ru_maxrss / 1024)


OPTION_RE = re.compile(r"^│\s+([a-z])\) ", re.M)
PICK_RE = re.compile(r"Pick (\d+) letters")


def answer_for(kind: str, screen: str) -> str:
    """What the benchmark's learner types at a card's first prompt (`screen`: the card as shown).

    Basic: Space (reveal). Typed and cloze: a wrong answer. mcq: `a`. multi: the first N letters
    the hint asks for. order and match: every label in order. All but basic end with Enter.
    """
    if kind == "basic":
        return " "
    if kind in ("typed", "cloze"):
        return "resposta errada\r"
    labels = "".join(OPTION_RE.findall(screen)) or "a"
    if kind == "multi":
        m = PICK_RE.search(screen)
        return labels[: int(m.group(1)) if m else 2] + "\r"
    if kind in ("order", "match"):
        return labels + "\r"
    return labels[0] + "\r"


def quit_key(kind: str) -> str:
    """What ends a session at a card's first prompt: a key for a basic card, a line for the others."""
    return "q" if kind == "basic" else "q\r"


def think() -> None:
    """A learner does not type within a millisecond of the prompt; this is not part of any timing."""
    time.sleep(0.05)


# --------------------------------------------------------------------------------------------
# Synthetic data: deck files, imported with the program, then a review history from its scheduler
# --------------------------------------------------------------------------------------------

WORDS = (
    "modelo dados treinamento inferência embedding vetor prompt agente Bedrock SageMaker GPU latência custo "
    "token contexto recuperação segurança guardrail avaliação ajuste fino pré-treinamento base conhecimento "
    "conversa resposta pergunta domínio métrica precisão revocação viés transparência explicabilidade região "
    "endpoint instância cluster rede armazenamento política função permissão auditoria privacidade "
    "criptografia governança aplicação cliente empresa serviço gerenciado escalável distribuído paralelo "
    "tensor núcleo memória largura banda nó rack energia refrigeração driver contêiner orquestração"
).split()
TYPES_CYCLE = ("basic", "basic", "typed", "basic", "mcq", "basic", "basic", "typed", "basic", "basic")


def _phrase(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def deck_yaml(deck_id: str, n_cards: int, order: int, rng: random.Random) -> str:
    """A deck file (format v1) of `n_cards` cards: 70% basic, 20% typed, 10% mcq, 40 subtopics."""
    out = [
        f"deck: {deck_id}",
        f"title: Benchmark {deck_id}",
        "lang: pt-BR",
        f"order: {order}",
        f"topics: [bench, bench/{deck_id}]",
        "cards:",
    ]
    for i in range(n_cards):
        kind = TYPES_CYCLE[i % len(TYPES_CYCLE)]
        out.append(f"  - id: c-{i:06d}")
        if kind != "basic":
            out.append(f"    type: {kind}")
        out.append(f"    topics: [bench/t{i % 40:02d}]")
        out.append(f"    front: {_phrase(rng, 6, 14).capitalize()}?")
        if kind == "basic":
            out.append(f"    back: {_phrase(rng, 10, 24).capitalize()}.")
        elif kind == "typed":
            out.append(f"    answer: [{_phrase(rng, 1, 3)} {i}, termo {i}]")
        else:
            choices = [f"{_phrase(rng, 2, 5)} {i}-{j}" for j in range(4)]
            out.append("    choices:")
            out.extend(f"      - {c}" for c in choices)
            out.append(f"    answer: {choices[rng.randrange(4)]}")
        if i % 3 == 0:
            out.append(f"    explain: {_phrase(rng, 8, 16).capitalize()}.")
    return "\n".join(out) + "\n"


def write_decks(folder: Path, n_cards: int, seed: int) -> list[Path]:
    """Deck files holding `n_cards` cards in all, at most DECK_LIMIT per file."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for part, start in enumerate(range(0, n_cards, DECK_LIMIT), 1):
        path = folder / f"bench-{part:02d}.yaml"
        # order 1, 2, ...: before the bundled decks, so a session's new cards are benchmark cards
        path.write_text(deck_yaml(f"bench-{part:02d}", min(DECK_LIMIT, n_cards - start), part, rng), "utf-8")
        paths.append(path)
    return paths


def _rating(rng: random.Random, new: bool) -> int:
    """A plausible learner: mostly Good, some Again and Hard, a few Easy."""
    weights = (10, 15, 65, 10) if new else (8, 12, 70, 10)
    return rng.choices((1, 2, 3, 4), weights)[0]


def _answers(sched: Any, key: str, intro_ms: int, now_ms: int, rng: random.Random) -> list[tuple[int, int, Any, Any]]:
    """One card's answers, from its introduction until yesterday: [(time ms, rating, before, after)].

    The learner answers each card when it falls due: learning steps within a minute, other reviews
    up to a day late. States come from genai_cards.scheduler.Scheduler.review.
    """
    from genai_cards.model import NEW, CardState, from_ms

    out = []
    t = intro_ms
    state = CardState()
    while True:
        rating = _rating(rng, state.state == NEW)
        after = sched.review(key, state, rating, from_ms(t))
        out.append((t, rating, state, after))
        state = after
        late = rng.uniform(0, 60_000) if after.due - t < DAY_MS else rng.uniform(0, DAY_MS)
        t_next = after.due + int(late)
        if t_next >= now_ms - DAY_MS:  # nothing answered in the last day: today's session is still to come
            return out
        t = t_next


def add_history(home: Path, reviews_target: int, years: float, seed: int) -> dict[str, int]:
    """Give the benchmark cards a review history of about `reviews_target` answers.

    A learner who keeps up: the cards are introduced in study order, evenly over `years`, and each
    is answered whenever it falls due (see `_answers`). That gives some 13 answers per card over 4
    years, so the first `reviews_target / 13` cards in study order are seen (the number comes from a
    trial run of a few hundred cards) and the rest stay new.

    Every answer's FSRS state comes from genai_cards.scheduler.Scheduler.review, as in a session.
    For speed the rows are not written one `Store.record_review` transaction at a time: all the
    INSERTs into `reviews` (the same columns and values record_review writes, plus an explicit id),
    the card_events of leeches, and the final UPDATE of each card's cached state (the columns
    Store._put_state writes, with first_review as record_review sets it) go through
    `store.db.executemany` in one transaction.
    """
    from genai_cards.config import Config
    from genai_cards.model import AGAIN, REVIEW
    from genai_cards.scheduler import Scheduler
    from genai_cards.store import open_store

    rng = random.Random(seed)
    store = open_store(home)
    config = Config.from_raw(store.config_raw())
    sched = Scheduler(config)
    db = store.db
    keys = [k for (k,) in db.execute(
        "SELECT c.key FROM cards c JOIN decks d ON d.deck = c.deck WHERE c.deck LIKE 'bench-%' AND c.retired = 0 "
        "ORDER BY d.study_order, c.deck, c.position"
    )]
    now_ms = int(time.time() * 1000)
    span = int(years * 365 * DAY_MS)
    trial = [len(_answers(sched, f"trial/{i}", now_ms - int(rng.random() * span), now_ms, rng)) for i in range(300)]
    n_seen = min(int(len(keys) * 0.95), round(reviews_target / statistics.mean(trial)))
    next_id = (db.execute("SELECT MAX(id) FROM reviews").fetchone()[0] or 0) + 1
    reviews: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    states: list[tuple[Any, ...]] = []
    for i, key in enumerate(keys[:n_seen]):
        intro = now_ms - span + int(i * (span - 2 * DAY_MS) / n_seen)
        leech_id = None
        for t, rating, before, after in _answers(sched, key, intro, now_ms, rng):
            reviews.append((next_id, key, t, rating, rng.randint(2_000, 20_000), "review",
                            "resposta" if rng.random() < 0.2 else None, before.state, after.state, after.step,
                            after.stability, after.difficulty, after.due))
            lapse = rating == AGAIN and before.state == REVIEW
            if config.leech_threshold and lapse and after.lapses >= config.leech_threshold and leech_id is None:
                leech_id = next_id
                events.append((key, t, "leech", next_id))
            next_id += 1
        leech = leech_id is not None
        states.append((after.state, after.step, after.stability, after.difficulty, after.due, after.last_review,
                       after.reps, after.lapses, intro, int(leech), int(leech and config.leech_action == "suspend"),
                       key))
    db.execute("BEGIN IMMEDIATE")
    db.executemany(
        "INSERT INTO reviews(id, card, reviewed_at, rating, duration_ms, mode, answer, state_before, state, "
        "step, stability, difficulty, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        reviews,
    )
    db.executemany("INSERT INTO card_events(card, at, kind, review) VALUES (?, ?, ?, ?)", events)
    db.executemany(
        "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?, "
        "reps = ?, lapses = ?, first_review = COALESCE(first_review, ?), leech = ?, "
        "suspended = suspended OR ? WHERE key = ?",
        states,
    )
    db.execute("COMMIT")
    last30 = db.execute("SELECT COUNT(*) FROM reviews WHERE reviewed_at >= ?", (now_ms - 30 * DAY_MS,)).fetchone()[0]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return {"seen": n_seen, "reviews": len(reviews), "leeches": len(events), "last30": last30}


@dataclass
class Home:
    """A built synthetic home and what is in it."""

    size: int
    path: Path
    pristine: Path  # a copy of its database, to put back before each session that writes answers
    cards: int
    seen: int
    reviews: int
    reviews_last30: int
    due_today: int
    build_seconds: float

    def describe(self) -> str:
        return (f"home {self.size:,}: {self.cards:,} cards ({self.size:,} benchmark + the bundled decks), "
                f"{self.seen:,} seen, {self.reviews:,} reviews ({self.reviews_last30:,} in the last 30 days), "
                f"{self.due_today:,} due today; built in {self.build_seconds:.0f} s")


def restore(home: Home) -> None:
    """Put the home's database back as it was built (a review session writes answers)."""
    db = home.path / DB_NAME
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copyfile(home.pristine, db)


def build_home(workdir: Path, size: int, seed: int, reuse: bool) -> Home:
    """A home with `size` benchmark cards (plus the bundled decks) and a review history."""
    path = workdir / f"home-{size}"
    info_file = workdir / f"home-{size}.json"
    pristine = workdir / f"home-{size}.pristine.sqlite3"
    if reuse and info_file.exists() and pristine.exists():
        home = Home(size, path, pristine, **json.loads(info_file.read_text()))
        restore(home)
        return home
    shutil.rmtree(path, ignore_errors=True)
    t0 = time.perf_counter()
    decks = write_decks(workdir / f"decks-{size}", size, seed)
    env = child_env(path)
    r = run_cold(program() + ["import", str(decks[0].parent), "--json"], env)
    if r.rc != 0:
        raise SystemExit(f"import of the synthetic decks failed ({r.rc}):\n{r.stderr[-2000:]}")
    hist = add_history(path, REVIEWS_PER_CARD * size, HISTORY_YEARS, seed)
    # One ordinary command, so the home is as a learner leaves it (today's daily backup exists).
    r = run_cold(program() + ["due", "--json"], env)
    if r.rc != 0:
        raise SystemExit(f"due failed on the built home ({r.rc}):\n{r.stderr[-2000:]}")
    due_today = json.loads(r.stdout)["today"]
    import sqlite3

    con = sqlite3.connect(path / DB_NAME)
    cards = con.execute("SELECT COUNT(*) FROM cards WHERE retired = 0").fetchone()[0]
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    shutil.copyfile(path / DB_NAME, pristine)
    info = {"cards": cards, "seen": hist["seen"], "reviews": hist["reviews"], "reviews_last30": hist["last30"],
            "due_today": due_today, "build_seconds": time.perf_counter() - t0}
    info_file.write_text(json.dumps(info))
    return Home(size, path, pristine, **info)


# --------------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------------


def measure_due(home: Home, runs: int, extra: Sequence[str] = ()) -> tuple[list[float], list[float]]:
    """`genai-cards due --json [extra]`, cold: wall times (ms) and peak RSS (MB) of each run."""
    times, rss = [], []
    for _ in range(runs):
        r = run_cold(program() + ["due", "--json", *extra], child_env(home.path))
        if r.rc != 0:
            raise RuntimeError(f"due --json {' '.join(extra)} failed: {r.stderr[-500:]}")
        json.loads(r.stdout)  # nothing but JSON on stdout
        times.append(r.seconds * 1000)
        rss.append(r.maxrss_mb)
    return times, rss


def measure_floor(runs: int) -> list[Run]:
    """`python -c pass` with the same interpreter and environment: what Python's own start costs."""
    return [run_cold([sys.executable, "-c", "pass"], child_env(None)) for _ in range(runs)]


def due_cpu(home: Home, extra: Sequence[str] = ()) -> float:
    """CPU ms (user + system) of one cold `due --json [extra]`: unlike wall time, not inflated by the
    time a shared machine makes the process wait for a core."""
    r = run_cold(program() + ["due", "--json", *extra], child_env(home.path))
    return r.cpu_ms


def measure_first_of_day(home: Home, runs: int) -> list[float]:
    """`due --json` as the first command of a day: the daily backup of the database is made first."""
    times = []
    for _ in range(runs):
        for old in (home.path / "backups").glob("daily-*"):
            old.unlink()
        r = run_cold(program() + ["due", "--json"], child_env(home.path))
        times.append(r.seconds * 1000)
    return times


QUIZ_RE = re.compile(r"Question \d+/\d+[^\n]*\n.*?╭─+ (\w+) ─.*?╰[^\n]*", re.S)


def measure_first_card(home: Home, runs: int, args: Sequence[str] = ("review",)) -> tuple[list[float], list[float]]:
    """`genai-cards review|quiz …` on a pty: ms from spawn until the first card's panel is on screen; peak RSS."""
    times, rss = [], []
    pattern = QUIZ_RE if args[0] == "quiz" else QUESTION_RE
    for _ in range(runs):
        p = PtyProcess(program() + list(args), child_env(home.path))
        seen, m = p.wait_for(pattern)
        times.append((seen - p.started) * 1000)
        p.wait_for(re.compile(re.escape(PROMPT)), m.end())
        p.send(quit_key(m.group(1)))
        _rc, peak = p.finish()
        rss.append(peak)
    return times, rss


@dataclass
class SessionTimes:
    """Latencies inside review sessions (ms)."""

    rating_to_next: list[float] = field(default_factory=list)  # after a self-rated (basic) card
    rating_to_next_after_typed: list[float] = field(default_factory=list)  # after a typed / mcq card
    reveal_to_answer: list[float] = field(default_factory=list)  # basic: key -> answer and ratings
    typed_to_feedback: list[float] = field(default_factory=list)  # typed: Enter -> verdict and ratings
    peak_rss: list[float] = field(default_factory=list)


def measure_session(home: Home, runs: int, answers: int, extra: Sequence[str] = ()) -> SessionTimes:
    """Answer `answers` cards per cold session on a pty, timing each step from the key to the screen.

    Basic cards: Space reveals, then `3` rates (Good). Typed cards get a (wrong) typed answer and mcq
    cards the letter `a`, each ended by Enter, then `3`. The home is restored before each run.
    """
    out = SessionTimes()
    prompt = re.compile(re.escape(PROMPT))
    for _ in range(runs):
        restore(home)
        p = PtyProcess(program() + ["review", "--seed", "7", *extra], child_env(home.path))
        _, m = p.wait_for(QUESTION_RE)
        for n in range(answers):
            kind = m.group(1)
            _, pm = p.wait_for(prompt, m.end())
            think()
            sent = p.send(answer_for(kind, p.text[m.start():pm.end()]))
            seen, rm = p.wait_for(RATINGS_RE, pm.end())
            (out.reveal_to_answer if kind == "basic" else out.typed_to_feedback).append((seen - sent) * 1000)
            _, pm = p.wait_for(prompt, rm.end())
            think()
            sent = p.send("3")
            try:
                seen, m = p.wait_for(QUESTION_RE, pm.end(), timeout=60)
            except TimeoutError:
                break  # the session ran out of cards
            (out.rating_to_next if kind == "basic" else out.rating_to_next_after_typed).append((seen - sent) * 1000)
        else:
            p.wait_for(prompt, m.end())
            think()
            p.send(quit_key(m.group(1)))
        _rc, peak = p.finish()
        out.peak_rss.append(peak)
    restore(home)
    return out


def measure_stats(home: Home, runs: int, extra: Sequence[str] = ()) -> tuple[list[float], str]:
    """`genai-cards stats --json [extra]`, cold (ms); skipped with a note when the command fails."""
    times = []
    for _ in range(runs):
        r = run_cold(program() + ["stats", "--json", *extra], child_env(home.path))
        if r.rc != 0:
            last = (r.stderr.strip().splitlines() or ["exit code %d" % r.rc])[-1]
            return [], f"skipped: `stats --json` exits {r.rc} ({last})"
        json.loads(r.stdout)
        times.append(r.seconds * 1000)
    return times, ""


def measure_import(workdir: Path, runs: int, seed: int) -> dict[str, Any]:
    """`import` of a 20,000-card deck into a ready home vs CSafeLoader parsing it; then re-import
    unchanged; then a 100,000-card deck, in one file and as five files of 20,000, for peak memory.

    Both sides are cold processes, so each includes an interpreter start; each import is paired
    with a parse run right after it (the ratio is the median of the paired ratios: the machine's
    load moves both alike), and the in-process parse time is reported too. The home is new for each
    import (already holding the bundled decks, so only the deck itself is imported), then the
    unchanged deck is imported again into it. Peak memory is GNU time's max RSS of the import.
    """
    import yaml

    folder = workdir / "import"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    deck = folder / "bench-import.yaml"
    deck.write_text(deck_yaml("bench-import", IMPORT_SIZE, 1, random.Random(seed + 1)), "utf-8")
    template = folder / "template-home"
    run_cold(program() + ["due", "--json"], child_env(template))  # a home with its bundled decks synced
    parse_cmd = [sys.executable, "-c",
                 "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)", str(deck)]
    imports, reimports, parses, inproc, rss = [], [], [], [], []
    for i in range(runs):
        home = folder / f"home-{i}"
        shutil.copytree(template, home)
        r = run_cold(program() + ["import", str(deck), "--json"], child_env(home))
        if r.rc != 0 or json.loads(r.stdout)["added"] != IMPORT_SIZE:
            raise RuntimeError(f"import failed: {r.stdout[-300:]} {r.stderr[-500:]}")
        imports.append(r.seconds)
        rss.append(r.maxrss_mb)
        parses.append(run_cold(parse_cmd, child_env(None)).seconds)
        r = run_cold(program() + ["import", str(deck), "--json"], child_env(home))
        if r.rc != 0 or json.loads(r.stdout)["unchanged"] != IMPORT_SIZE:
            raise RuntimeError(f"re-import failed: {r.stdout[-300:]} {r.stderr[-500:]}")
        reimports.append(r.seconds)
        data = deck.read_bytes()
        t = time.perf_counter()
        yaml.load(data, Loader=yaml.CSafeLoader)
        inproc.append(time.perf_counter() - t)
        shutil.rmtree(home)
    big = {}
    one = folder / "one-file" / "bench-big.yaml"
    one.parent.mkdir()
    one.write_text(deck_yaml("bench-big", BIG_IMPORT_SIZE, 1, random.Random(seed + 2)), "utf-8")
    several = write_decks(folder / "five-files", BIG_IMPORT_SIZE, seed + 2)
    for name, target in (("one file", one), (f"{len(several)} files", several[0].parent)):
        times, peaks = [], []
        for i in range(max(1, runs // 2)):
            home = folder / f"big-{i}"
            shutil.copytree(template, home)
            r = run_cold(program() + ["import", str(target), "--json"], child_env(home))
            if r.rc != 0 or json.loads(r.stdout)["added"] != BIG_IMPORT_SIZE:
                raise RuntimeError(f"import of {BIG_IMPORT_SIZE:,} cards failed: {r.stdout[-300:]} {r.stderr[-500:]}")
            times.append(r.seconds)
            peaks.append(r.maxrss_mb)
            shutil.rmtree(home)
        big[name] = {"import": times, "rss": peaks}
    return {"import": imports, "reimport": reimports, "parse": parses, "parse_inproc": inproc, "rss": rss,
            "bytes": deck.stat().st_size, "big": big, "big_bytes": one.stat().st_size}


def build_log_home(workdir: Path, years: float, reviews: int, seed: int) -> Path:
    """A home of STATS_CARDS benchmark cards with a log of `reviews` answers spread evenly over `years`
    up to yesterday (for `stats`, whose figures read the log: its shape matters, not its FSRS states).

    The deck goes in through `genai-cards import`; the answers are written with executemany in one
    transaction (the columns `Store.record_review` writes, uid/device/seq as the sync trigger sets
    them), each card answered in turn, so every card's answers follow each other in time and every
    study day of the span has answers. Ratings: 10% Again, 15% Hard, 65% Good, 10% Easy; the first
    answer of a card finds it new, the others in review; intervals of 1-90 days.
    """
    import sqlite3

    home = workdir / f"log-home-{years:g}y"
    info = home.with_suffix(".json")
    want = {"years": years, "reviews": reviews, "cards": STATS_CARDS, "seed": seed}
    if info.exists() and json.loads(info.read_text()) == want:
        return home
    shutil.rmtree(home, ignore_errors=True)
    deck = workdir / "log-deck.yaml"
    if not deck.exists():
        deck.write_text(deck_yaml("bench-log", STATS_CARDS, 1, random.Random(seed + 3)), "utf-8")
    r = run_cold(program() + ["import", str(deck), "--json"], child_env(home))
    if r.rc != 0:
        raise RuntimeError(f"import failed: {r.stderr[-500:]}")
    db = sqlite3.connect(home / DB_NAME, isolation_level=None)
    keys = [k for (k,) in db.execute("SELECT key FROM cards WHERE deck = 'bench-log' ORDER BY position")]
    device = db.execute("SELECT value FROM sync_meta WHERE key = 'device'").fetchone()[0]
    rng = random.Random(seed)
    now_ms = int(time.time() * 1000) - DAY_MS
    span = int(years * 365 * DAY_MS)
    seen: set[str] = set()
    last: dict[str, tuple[int, int]] = {}
    rows = []
    for k in range(reviews):
        t = now_ms - span + k * span // reviews + rng.randrange(60_000)
        key = keys[k % len(keys)]
        before = 2 if key in seen else 0
        seen.add(key)
        due = t + rng.choice((1, 3, 10, 30, 90)) * DAY_MS
        rows.append((key, t, rng.choices((1, 2, 3, 4), (10, 15, 65, 10))[0], rng.randint(2_000, 20_000), "review",
                     before, 2, 10.0, 5.0, due, f"{seed:x}-{k:x}", device, k + 1))
        last[key] = (t, due)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("BEGIN")
    db.executemany("INSERT INTO reviews(card, reviewed_at, rating, duration_ms, mode, state_before, state, stability, "
                   "difficulty, due, uid, device, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.executemany("UPDATE cards SET state = 2, stability = 10.0, difficulty = 5.0, due = ?, last_review = ?, "
                   "reps = 1, first_review = ? WHERE key = ?", [(d, t, t, k) for k, (t, d) in last.items()])
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    info.write_text(json.dumps(want))
    return home


def measure_stats_span(workdir: Path, runs: int, seed: int) -> dict[str, dict[str, list[float]]]:
    """`stats --json`, cold (ms), on STATS_REVIEWS answers spread over 1 year and over STATS_YEARS
    years: without a filter, with a broad topic (all the benchmark's cards) and a narrow one (1/40).
    The runs of the two homes alternate, so the machine's load moves both alike."""
    homes = {years: build_log_home(workdir, years, STATS_REVIEWS, seed) for years in (1.0, STATS_YEARS)}
    variants = {"": [], " --topic bench": ["--topic", "bench"], " --topic bench/t00": ["--topic", "bench/t00"]}
    out: dict[str, dict[str, list[float]]] = {}
    for home in homes.values():
        run_cold(program() + ["stats", "--json"], child_env(home))  # warm-up: bytecode and file cache
    for _ in range(runs):
        for years, home in homes.items():
            for name, extra in variants.items():
                r = run_cold(program() + ["stats", "--json", *extra], child_env(home))
                if r.rc != 0:
                    raise RuntimeError(f"stats failed: {r.stderr[-500:]}")
                json.loads(r.stdout)
                out.setdefault(f"{years:g}{name}", {"ms": []})["ms"].append(r.seconds * 1000)
    return out


def find_anki_python(option: str | None) -> str | None:
    """A Python that can `import anki`: --anki-python, this one, or /tmp/ankivenv."""
    candidates = [option] if option else [sys.executable, "/tmp/ankivenv/bin/python"]
    for c in candidates:
        if c and Path(c).exists() and subprocess.run([c, "-c", "import anki.collection"],
                                                     capture_output=True).returncode == 0:
            return c
    return None


TOPIC = "bench"  # every synthetic card has it, no bundled card does: the biggest topic of the home
SMALL_TOPIC = "bedrock"  # a bundled topic of some dozens of cards, beside the synthetic thousands
# The start-up figures, measured in rounds (one run of each per round, Anki's beside them), so that a
# ratio is not skewed by the shared machine getting busier or quieter between two parts of the run.
STARTS: list[tuple[str, list[str]]] = [
    ("due --json", ["due", "--json"]),
    (f"due --json --topic {TOPIC}", ["due", "--json", "--topic", TOPIC]),
    ("review: start → first card", ["review"]),
    (f"review --topic {TOPIC}: start → first card", ["review", "--topic", TOPIC]),
    (f"quiz --topic {TOPIC}: start → first question", ["quiz", "--topic", TOPIC]),
    (f"quiz --topic {SMALL_TOPIC}: start → first question", ["quiz", "--topic", SMALL_TOPIC]),
    ("quiz (today's due cards): start → first question", ["quiz"]),
]
FLOOR = "python -c pass (the floor)"
FLOOR_CPU = "python -c pass, CPU time"
DUE_CPU = "due --json, CPU time"
DUE_TOPIC_CPU = f"due --json --topic {TOPIC}, CPU time"
ANKI = "anki: start → first card"
ANKI_TOPIC = f"anki, filtered deck tag:{TOPIC}: start → first card"


def anki_collection(anki_python: str, home: Home, workdir: Path, reuse: bool) -> tuple[Path, dict[str, Any]]:
    """The Anki twin of `home` (built by anki_side.py, kept for --reuse): its path and what is in it."""
    col = workdir / f"anki-{home.size}" / "collection.anki2"
    info = col.with_name("built.json")
    fresh = reuse and info.exists() and info.stat().st_mtime > home.pristine.stat().st_mtime
    if not (fresh and json.loads(info.read_text()).get("tags")):
        shutil.rmtree(col.parent, ignore_errors=True)
        col.parent.mkdir(parents=True)
        r = run_cold([anki_python, str(HERE / "anki_side.py"), "build", str(col), str(home.pristine)], child_env(None))
        if r.rc != 0:
            raise RuntimeError(f"building the Anki collection failed: {r.stderr[-1500:]}")
        info.write_text(json.dumps({**json.loads(r.stdout.strip().splitlines()[-1]), "tags": True}))
    return col, json.loads(info.read_text())


def anki_first(anki_python: str, col: Path, tag: str | None) -> float:
    """One cold Anki start to its first card (ms), on a pty; with `tag`, through a filtered deck."""
    p = PtyProcess([anki_python, str(HERE / "anki_side.py"), "first", str(col), *([tag] if tag else [])],
                   child_env(None))
    seen, m = p.wait_for(re.compile(r"ANKI-(CARD|EMPTY)"))
    if m.group(1) == "EMPTY":
        raise RuntimeError("Anki has no card to show")
    p.send("\r")
    p.finish()
    return (seen - p.started) * 1000


def measure_starts(home: Home, runs: int, anki: tuple[str, Path] | None) -> dict[str, tuple[list[float], list[float]]]:
    """Every STARTS figure, the floor and (given a Python with anki and its collection) Anki's first card
    with and without a topic, in `runs` rounds after one warm-up round: {figure: (ms, peak RSS MB)}."""
    out: dict[str, tuple[list[float], list[float]]] = {}

    def keep(i: int, name: str, ms: float, rss: float = 0.0) -> None:
        if i:  # round 0 warms up the bytecode cache and the OS file cache
            times, peaks = out.setdefault(name, ([], []))
            times.append(ms)
            peaks.append(rss)

    for i in range(runs + 1):
        for name, args in STARTS:
            if args[0] == "due":
                t, r = measure_due(home, 1, args[2:])
            else:
                t, r = measure_first_card(home, 1, args)
            keep(i, name, t[0], r[0])
        floor = measure_floor(1)[0]
        keep(i, FLOOR, floor.seconds * 1000)
        keep(i, FLOOR_CPU, floor.cpu_ms)
        keep(i, DUE_CPU, due_cpu(home))
        keep(i, DUE_TOPIC_CPU, due_cpu(home, ["--topic", TOPIC]))
        if anki is not None:
            keep(i, ANKI, anki_first(anki[0], anki[1], None))
            keep(i, ANKI_TOPIC, anki_first(anki[0], anki[1], TOPIC))
    return out


def anki_version(python: str) -> str:
    r = subprocess.run([python, "-c", "from anki.buildinfo import version; print(version)"],
                       capture_output=True, text=True)
    return r.stdout.strip() or "?"


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,20000,100000", help="card counts of the synthetic homes")
    ap.add_argument("--runs", type=int, default=5, help="cold processes per figure (the median is reported)")
    ap.add_argument("--answers", type=int, default=10, help="cards answered per review session")
    ap.add_argument("--json", dest="json_out", help="also write the table as JSON to this file")
    ap.add_argument("--workdir", help="keep the homes here (default: a temp dir, removed at the end)")
    ap.add_argument("--reuse", action="store_true", help="reuse homes already built in --workdir")
    ap.add_argument("--anki-python", help="a Python with the anki package (default: this one or /tmp/ankivenv)")
    ap.add_argument("--no-anki", action="store_true", help="skip the Anki comparison")
    ap.add_argument("--seed", type=int, default=9, help="seed of the synthetic decks and histories")
    ap.add_argument("--no-import", action="store_true", help="skip the import figures")
    ap.add_argument("--starts-only", action="store_true",
                    help="only the start-up rounds (due, first cards, the floor, Anki): to measure them again")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs = args.runs
    tmp = None
    if args.workdir:
        workdir = Path(args.workdir).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="genai-cards-bench-")
        workdir = Path(tmp)
    global PYCACHE
    PYCACHE = workdir / "pycache"
    figures: list[Figure] = []
    notes: list[str] = []

    def add(name: str, size: int | None, samples: Sequence[float], unit: str, target: float | None = None,
            note: str = "") -> Figure:
        f = Figure(name, size, median(samples), unit, target, len(samples), note, list(samples))
        figures.append(f)
        print(f"  {name} [{size or '-'}]: {fmt_value(f.median, unit)}", file=sys.stderr, flush=True)
        return f

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    try:
        homes: dict[int, Home] = {}
        for size in sizes:
            log(f"building home of {size:,} cards ...")
            home = homes[size] = build_home(workdir, size, args.seed, args.reuse)
            notes.append(home.describe())
        anki_size = 20_000 if 20_000 in homes else max(homes)
        anki_python = None if args.no_anki else find_anki_python(args.anki_python)
        if args.no_anki:
            notes.append("Anki comparison skipped (--no-anki)")
        elif anki_python is None:
            notes.append("Anki comparison skipped: no Python with the `anki` package (pip install anki in "
                         "a venv and pass --anki-python)")
        topic_args = ["--topic", TOPIC]
        for size, home in homes.items():
            anki = None
            if anki_python is not None and size == anki_size:
                log("building (or reusing) the Anki collection ...")
                col, built = anki_collection(anki_python, home, workdir, args.reuse)
                anki = (anki_python, col)
                notes.append(f"Anki {anki_version(anki_python)} ({size:,}): {built['cards']:,} cards, "
                             f"{built['seen']:,} with FSRS state, {built['revlog']:,} revlog rows, each note tagged "
                             f"with its card's topics; open collection [+ build a filtered deck of tag:{TOPIC}] + "
                             "get_queued_cards + render question")
            log(f"measuring home of {size:,} cards ...")
            starts = measure_starts(home, runs, anki)
            floor = add(FLOOR, size, starts[FLOOR][0], "ms")
            due_target = {20_000: 150.0, 100_000: 250.0}.get(size)
            for name, cmd in STARTS:
                t, rss = starts[name]
                f = add(name, size, t, "ms", due_target if cmd[0] == "due" else None)
                if cmd[0] == "due":
                    assert f.median and floor.median
                    add(f"{name} / floor", size, [f.median / floor.median], "×", 6.0 if size == 20_000 else None,
                        note="medians of the same rounds")
                if cmd[0] in ("due", "review"):
                    add(f"peak RSS: {cmd[0]}{' --topic' if len(cmd) > 2 else ''}", size, rss, "MB",
                        150.0 if size == 100_000 else None)
            fc = add(FLOOR_CPU, size, starts[FLOOR_CPU][0], "ms")
            for name in (DUE_CPU, DUE_TOPIC_CPU):
                f = add(name, size, starts[name][0], "ms")
                assert f.median and fc.median
                add(f"{name} / floor's", size, [f.median / fc.median], "×", note="CPU time: what the load of a "
                    "shared machine inflates least")
            if anki is not None:
                fa = add(ANKI, size, starts[ANKI][0], "ms")
                ft = add(ANKI_TOPIC, size, starts[ANKI_TOPIC][0], "ms")
                for name, cmd in STARTS:
                    if cmd[0] == "due":
                        continue
                    ours = statistics.median(starts[name][0])
                    assert fa.median and ft.median
                    add(f"{name.split(':')[0]} / anki", size, [ours / fa.median], "×", 0.5,
                        note="first card against Anki's own first card (no topic), medians of the same rounds")
                    if TOPIC in cmd:
                        add(f"{name.split(':')[0]} / anki tag:{TOPIC}", size, [ours / ft.median], "×",
                            note="against Anki's first card of a filtered deck of the topic's tag")
            if args.starts_only:
                continue
            for extra, label in (((), ""), (topic_args, f" --topic {TOPIC}")):
                s = measure_session(home, runs, args.answers, extra)
                add(f"review{label}: rating key → next card", size, s.rating_to_next, "ms",
                    5.0 if size == 100_000 else None, note="basic (self-rated) cards")
                add(f"review{label}: reveal key → answer", size, s.reveal_to_answer, "ms",
                    note="basic cards: answer panel and the interval preview of each rating")
                add(f"review{label}: typed answer → verdict", size, s.typed_to_feedback, "ms",
                    note="typed / mcq cards: Enter → graded answer and ratings")
                add(f"review{label}: rating key → next card (after a typed card)", size,
                    s.rating_to_next_after_typed, "ms")
                add(f"peak RSS: review{label} session", size, s.peak_rss, "MB", 150.0 if size == 100_000 else None,
                    note=f"{args.answers} cards answered")
                t, why = measure_stats(home, runs, extra)
                add(f"stats --json{label}", size, t, "ms", 1000.0 if size == 100_000 else None, note=why)
            add("first command of the day (daily backup)", size, measure_first_of_day(home, max(1, runs // 2)), "ms",
                note="due --json with no backup made today: the whole database is copied first")
            restore(home)

        if not (args.no_import or args.starts_only):
            log("measuring import ...")
            imp = measure_import(workdir, runs, args.seed)
            parse_inproc = statistics.median(imp["parse_inproc"])
            mi = add("import 20,000-card YAML", IMPORT_SIZE, imp["import"], "s", note=f"{imp['bytes'] / 1e6:.1f} MB deck")
            mp = add("CSafeLoader parse of it (cold process)", IMPORT_SIZE, imp["parse"], "s",
                     note=f"in-process parse alone: {parse_inproc:.2f} s")
            assert mi.median is not None and mp.median is not None
            paired = [a / b for a, b in zip(imp["import"], imp["parse"])]
            add("import / CSafeLoader parse", IMPORT_SIZE, paired, "×", 1.3,
                note=f"median of the per-run ratios ({', '.join(f'{r:.2f}' for r in paired)}); of the medians "
                     f"{mi.median / mp.median:.2f}×; against the in-process parse: {mi.median / parse_inproc:.2f}×")
            add("re-import unchanged", IMPORT_SIZE, imp["reimport"], "s", 0.3)
            add("peak RSS: import 20,000-card YAML", IMPORT_SIZE, imp["rss"], "MB")
            for name, big in imp["big"].items():
                add(f"import 100,000 cards ({name})", BIG_IMPORT_SIZE, big["import"], "s",
                    note=f"{imp['big_bytes'] / 1e6:.0f} MB of YAML")
                add(f"peak RSS: import 100,000 cards ({name})", BIG_IMPORT_SIZE, big["rss"], "MB", 150.0)

            log("measuring stats over 1 and %g years ..." % STATS_YEARS)
            span = measure_stats_span(workdir, runs, args.seed)
            for name, got in span.items():
                years, _, topic = name.partition(" ")
                add(f"stats --json{' ' + topic if topic else ''}, answers over {years} year{'s' if years != '1' else ''}",
                    STATS_REVIEWS, got["ms"], "ms", 1000.0,
                    note=f"{STATS_REVIEWS:,} answers on {STATS_CARDS:,} cards, every study day of the span has answers")
            for topic in ("", " --topic bench", " --topic bench/t00"):
                one, many = median(span[f"1{topic}"]["ms"]), median(span[f"{STATS_YEARS:g}{topic}"]["ms"])
                if one and many:
                    add(f"stats --json{topic}: {STATS_YEARS:g} years / 1 year", STATS_REVIEWS, [many / one], "×",
                        note="the same answers over more days: its cost must not grow with the years")

        notes.append(f"{runs} cold runs per figure; machine: {platform.machine()} {os.cpu_count()} cores, "
                     f"Python {platform.python_version()}, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    print()
    print_table(figures, notes)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"figures": [f.as_dict() for f in figures], "notes": notes},
                                                  ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
