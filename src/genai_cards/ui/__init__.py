"""The terminal: the one rich Console, card panels, tables, and prompts (single keys on a terminal,
one line per prompt when stdin is not one). Honours NO_COLOR through rich."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Iterable, TextIO

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

if TYPE_CHECKING:
    from rich.table import Table

from .. import messages as msg
from ..i18n import decimal
from ..grading import PARTIAL, RIGHT, Grade, Question, diff_markers
from ..model import LETTERS, RATINGS, text_in
from ..session import Counts
from ..store import CardRow
from ..streams import Streams

WIDTH = 100


def format_interval(delta: timedelta) -> str:
    """A short human interval: 1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = delta.total_seconds()
    if seconds < 59.5:
        return f"{max(0, round(seconds))}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """`stats | head`: hand the closed pipe to the command line, which ends quietly with exit 0
        (rich's own handling exits 1)."""
        raise BrokenPipeError


def make_console(file: TextIO | None = None) -> Console:
    """A console on `file` (default: stdout), no wider than WIDTH."""
    console = _Console(file=file, highlight=False, soft_wrap=False)
    if console.width > WIDTH:
        console.width = WIDTH
    return console


def console(streams: Streams) -> Console:
    """The one rich Console of a command, on its stdout."""
    if streams.console is None:
        streams.console = make_console(streams.stdout)
    out: Console = streams.console
    return out


def read_key(stdin: TextIO) -> str | None:
    """One keypress from a terminal (raw mode); None on Ctrl-D."""
    import termios
    import tty

    fd = stdin.fileno()
    old = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)  # TCSAFLUSH (the default) would drop keys typed ahead
        ch = os.read(fd, 1).decode(errors="ignore")
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)
    if ch in ("\x04",):
        return None
    if ch == "\x03":
        raise KeyboardInterrupt
    return "" if ch in ("\r", "\n", " ") else ch


class TerminalIO:
    """SessionIO over a rich console: panels for cards, one line (or key) per prompt."""

    def __init__(self, streams: Streams) -> None:
        self.streams = streams
        self.out = console(streams)

    # --- prompts -----------------------------------------------------------------------
    def ask(self, kind: str, q: Question) -> str | None:
        hint = {
            "reveal": msg.REVEAL_HINT,
            "answer": msg.TYPE_HINT if q.type in ("typed", "cloze") else _pick_hint(q),
            "rating": "",
        }[kind]
        if hint:
            self.out.print(Text(hint, style="dim"))
        if self.streams.isatty() and kind in ("reveal", "rating"):
            self.out.print("> ", end="")
            key = read_key(self.streams.stdin)
            self.out.print(key or "")
            return key
        if self.streams.isatty():
            self.out.print("> ", end="")
        return self.streams.readline()

    def invalid(self, reason: str) -> None:
        if reason == "rating":
            self.out.print(Text(msg.BAD_RATING, style="yellow"))
        else:
            self.out.print(Text(msg.invalid_answer(reason), style="yellow"))

    def notice(self, text: str, **values: object) -> None:
        template = {
            "undone": msg.UNDONE, "suspended": msg.SUSPENDED, "leech": msg.LEECH,
            "nothing_to_undo": msg.NOTHING_TO_UNDO,
        }.get(text, text)
        self.out.print(Text(template.format(**values), style="cyan"))

    # --- cards -------------------------------------------------------------------------
    def show_question(self, card: CardRow, q: Question, left: Counts) -> None:
        header = Text.assemble(
            (msg.new_cards(left.new), "blue"), " · ", (msg.learning_cards(left.learning), "red"), " · ",
            (msg.review_cards(left.review), "green"), "   ", (card.key, "dim"),
        )
        self.out.print()
        self.out.print(header)
        self._panel(q)

    def show_quiz_question(self, card: CardRow, q: Question, number: int, total: int,
                           left: timedelta | None) -> None:
        head = Text.assemble((msg.QUESTION_NUMBER.format(number=number, total=total), "bold"), "   ",
                             (card.key, "dim"))
        if left is not None:
            minutes, seconds = divmod(int(left.total_seconds()), 60)
            head.append("   " + msg.TIME_LEFT.format(time=f"{minutes:02d}:{seconds:02d}"), style="magenta")
        self.out.print()
        self.out.print(head)
        self._panel(q)

    def _panel(self, q: Question) -> None:
        body = Text(q.prompt)
        if q.type == "match":
            body.append("\n")
            for i, row in enumerate(q.rows, 1):
                body.append(f"\n  {i}. {row}")
            body.append("\n")
        if q.options:
            body.append("\n")
            for label, option in zip(LETTERS, q.options):
                body.append(f"\n  {label}) {option}")
        if q.type == "multi":
            body.append(f"\n\n({msg.pick_hint('multi', len(q.expected))})", style="dim")
        self.out.print(Panel(body, title=q.type, title_align="left", width=WIDTH))

    def show_answer(self, card: CardRow, q: Question, g: Grade | None) -> None:
        lines = Text()
        if g is not None:
            style = {"right": "bold green", "partial": "bold yellow", "wrong": "bold red"}[g.result]
            label = {"right": msg.CORRECT, "partial": msg.PARTIAL, "wrong": msg.WRONG}[g.result]
            lines.append(label + ("  " + msg.TYPO if g.typo else "") + "\n", style=style)
            lines.append_text(_answer_detail(q, g))
        else:
            lines.append(f"{msg.EXPECTED}: ", style="bold")
            lines.append(q.back + "\n")
        if q.explain:
            lines.append(f"\n{msg.EXPLAIN}: ", style="bold")
            lines.append(q.explain)
        self.out.print(Panel(lines, width=WIDTH))

    def show_ratings(self, previews: dict[int, timedelta], suggested: int) -> None:
        parts = []
        names = msg.RATING_LABELS
        for rating in RATINGS:
            label = f"{rating} {names[rating]} ({format_interval(previews[rating])})"
            parts.append((label, "bold reverse" if rating == suggested else ""))
        text = Text()
        for i, (label, style) in enumerate(parts):
            if i:
                text.append("  ")
            text.append(label, style=style)
        text.append("   " + msg.ENTER_ACCEPTS.format(rating=names[suggested]), style="dim")
        self.out.print(text)


def _pick_hint(q: Question) -> str:
    if q.type in ("mcq", "multi", "order", "match"):
        return msg.pick_hint(q.type, len(q.expected))
    return msg.TYPE_HINT


def _answer_detail(q: Question, g: Grade) -> Text:
    """The right answer laid out; for order and match each position marked right or wrong."""
    t = Text()
    if q.type in ("typed", "cloze"):
        # what was typed, exactly; the right answer under it; `^` under each difference (no colour needed)
        given, answer = (g.given[0] if g.given else ""), g.answer or (q.answers[0] if q.answers else "")
        pad = max(len(msg.YOUR_ANSWER), len(msg.EXPECTED)) + 2
        t.append(f"{msg.YOUR_ANSWER}: ".ljust(pad))
        t.append(given + "\n")
        t.append(f"{msg.EXPECTED}: ".ljust(pad), style="bold")
        t.append(answer + "\n")
        markers = diff_markers(given, answer) if g.result != RIGHT or g.typo else ""
        if markers:
            t.append(" " * pad + markers + "\n", style="red")
        others = [a for a in q.answers if a != answer] if q.type == "typed" else []
        context = q.back if q.type == "cloze" else " / ".join(others)
        if context:
            t.append(" " * pad + context + "\n")
        return t
    if q.type in ("mcq", "multi"):
        for label, option in zip(LETTERS, q.options):
            right = label in q.expected
            picked = label in g.given
            mark = "✓" if right else ("✗" if picked else " ")
            style = "green" if right else ("red" if picked else "dim")
            t.append(f"  {mark} {label}) {option}{'  ' + msg.YOU_PICKED if picked else ''}\n", style=style)
        return t
    if q.type == "order":
        for pos, (want, got) in enumerate(zip(q.expected, g.given), 1):
            ok = want == got
            t.append(f"  {'✓' if ok else '✗'} {pos}. {q.options[LETTERS.index(want)]}", style="green" if ok else "red")
            if not ok:
                t.append(f"  {msg.YOU_GAVE.format(answer=got)} {q.options[LETTERS.index(got)]}", style="dim")
            t.append("\n")
        return t
    if q.type == "match":
        for i, (row, want, got) in enumerate(zip(q.rows, q.expected, g.given), 1):
            ok = want == got
            t.append(f"  {'✓' if ok else '✗'} {i}. {row} → {q.options[LETTERS.index(want)]}",
                     style="green" if ok else "red")
            if not ok:
                t.append(f"  {msg.YOU_GAVE.format(answer=got)}", style="dim")
            t.append("\n")
        return t
    return t


def table(title: str | None, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> "Table":
    """A plain table with right-aligned numbers."""
    from rich.table import Table

    labels = msg.COLUMNS
    cols = [labels.get(c, c) for c in columns]
    if title is not None:
        title = labels.get(title, title)
    tbl = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for i, c in enumerate(cols):
        tbl.add_column(c, justify="left" if i == 0 else "right")
    for r in rows:
        tbl.add_row(*[str(x) for x in r])
    return tbl



def render_quiz_summary(out: Console, result: Any, seconds: float, exam: dict[str, Any] | None = None) -> None:
    """Score, time, a right/partial/wrong table by topic (or domain), and the missed cards."""
    from ..grading import WRONG

    tally = result.tally()
    total = len(result.items)
    right = sum(r[RIGHT] for r in tally.values())
    partial = sum(r[PARTIAL] for r in tally.values())
    out.print()
    if result.timed_out:
        out.print(Text(msg.QUIZ_TIME_UP, style="bold magenta"))
    out.print(Text(msg.quiz_score(right, partial, total, seconds), style="bold"))
    if exam is not None:
        verdict = msg.EXAM_PASS if exam["passed"] else msg.EXAM_FAIL
        out.print(Text(msg.exam_score(exam["score"], exam["scale"], exam["pass_score"], verdict),
                       style="bold green" if exam["passed"] else "bold red"))
        out.print(table(None, ["domain", "weight", "questions", "right", "%"],
                        [[f"{d['topic']} {d['name']}", f"{d['weight']:g}%", d["questions"], d["right"], d["percent"]]
                         for d in exam["domains"]]))
    else:
        out.print(table(None, ["topic", "right", "partial", "wrong"],
                        [[g, r[RIGHT], r[PARTIAL], r[WRONG]] for g, r in sorted(tally.items())]))
    missed = [i for i in result.items if i.result != RIGHT]
    if missed:
        out.print()
        out.print(Text(msg.MISSED, style="bold"))
        for item in missed:
            q = item.question
            line = Text(f"• {item.card.key}: ", style="red")
            if q is None:
                line.append(msg.NOT_ANSWERED, style="dim")
            else:
                line.append(q.prompt.splitlines()[0][:90])
                line.append(f"\n    {msg.EXPECTED}: {q.back}", style="green")
                if item.given:
                    line.append(f"   ({msg.YOUR_ANSWER.lower()}: {item.given})", style="dim")
                if exam is not None and q.explain:
                    line.append(f"\n    {msg.EXPLAIN}: {q.explain}", style="dim")
            out.print(line)


def render_wrap_up(out: Console, wrap: dict[str, Any], now: datetime) -> None:
    """After the session's summary line: answers by rating, the learning cards that come back
    today (grouped by when), tomorrow's load."""
    out.print(msg.answers_by_rating(wrap["ratings"]), highlight=False)
    groups: dict[str, list[datetime]] = {}
    for due in wrap["coming_back"]:
        groups.setdefault(format_interval(max(timedelta(0), due - now)), []).append(due)
    for interval, dues in list(groups.items())[:3]:
        out.print(msg.coming_back(len(dues), interval, msg.at_time(dues[0], now)), highlight=False)
    out.print(msg.tomorrow_load(wrap["tomorrow"], wrap["new_tomorrow"]), highlight=False)


def render_card_details(console: Any, d: dict[str, Any]) -> None:
    """Print a card's details for a person."""
    c = d["content"]
    lang = c.get("lang", "pt-BR")
    states, fields = msg.STATE_LABELS, msg.FIELD_LABELS
    console.print(Text.assemble((d["card_id"], "bold"), f" ({d['type']})  ",
                                msg.CARD_TOPICS.format(topics=", ".join(d["topics"]))))
    for field in ("front", "text", "back"):
        if c.get(field):
            console.print(f"{fields[field]}: {text_in(c[field], lang)}", markup=False)
    flags = [states[f] for f in ("suspended", "leech", "retired") if d[f]]
    console.print(msg.CARD_FIGURES.format(
        state=states.get(d["state"], d["state"]), flags=" (" + ", ".join(flags) + ")" if flags else "",
        due=_local(d["due"]) if d["due"] else "-",
        stability=decimal(d["stability"], 2) if d["stability"] is not None else "-",
        retrievability=decimal(d["retrievability"], 2), lapses=d["lapses"]), markup=False)
    if d["history"]:
        console.print(table("history", ["reviewed_at", "rating", "mode", "state", "due"],
                            [[_local(h["reviewed_at"]), h["rating"], h["mode"], states.get(h["state"], h["state"]),
                              _local(h["due"])] for h in d["history"]]))


def _local(iso: str) -> str:
    """A stored UTC time (ISO 8601) as the learner's local time, to the minute: 2026-12-01 10:10."""
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
