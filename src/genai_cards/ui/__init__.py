"""The terminal: the one rich Console, card panels, tables, and prompts (single keys on a terminal,
one line per prompt when stdin is not one). Honours NO_COLOR through rich.

Text is shown as text: the console interprets no markup (`[bold]`) and no emoji codes (`:skull:`),
and every text from a deck, a file or the learner goes through `safetext.printable` (through `plain`
or `table`), so a control character stored before they were refused cannot reach the terminal."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Iterable, Sequence, TextIO

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

if TYPE_CHECKING:
    from rich.table import Table

    from ..mockexam import MockExam, Status
    from ..mockexam import ExamQuestion

from .. import messages as msg
from ..i18n import decimal, language
from ..grading import PARTIAL, RIGHT, Grade, Question, diff_markers
from ..model import LETTERS, RATINGS, text_in
from ..safetext import printable
from ..whys import option_whys
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
    console = _Console(file=file, highlight=False, markup=False, emoji=False, soft_wrap=False)
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
    """One keypress from a terminal (cbreak mode), a multi-byte character read whole; None on Ctrl-D.

    Enter and Space come back as "" (what an empty line means on a pipe)."""
    import termios
    import tty

    fd = stdin.fileno()
    old = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)  # TCSAFLUSH (the default) would drop keys typed ahead
        raw = os.read(fd, 1)
        need = utf8_length(raw[0]) - 1 if raw else 0
        while need > 0:
            more = os.read(fd, need)
            if not more:
                break
            raw += more
            need -= len(more)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)
    ch = raw.decode(errors="replace")
    if ch in ("\x04", ""):
        return None
    if ch == "\x03":
        raise KeyboardInterrupt
    return "" if ch in ("\r", "\n", " ") else ch


def utf8_length(first: int) -> int:
    """How many bytes a UTF-8 character starting with this byte has (1 for a stray byte)."""
    if first >= 0xF0:
        return 4
    if first >= 0xE0:
        return 3
    if first >= 0xC0:
        return 2
    return 1


def drop_typed_ahead(stdin: TextIO) -> None:
    """Forget keys typed before this card was shown, so they never answer it."""
    import termios

    try:
        termios.tcflush(stdin.fileno(), termios.TCIFLUSH)
    except (OSError, ValueError, termios.error):
        pass


def wait_for_input(stdin: TextIO, seconds: float) -> bool:
    """Wait up to `seconds` for something to read on a terminal; False if the time ran out first."""
    import select

    try:
        ready, _, _ = select.select([stdin], [], [], max(0.0, seconds))
    except (OSError, ValueError):
        return True
    return bool(ready)


# the single keys each prompt takes on a terminal ("" is Enter or Space); any other key is ignored
KEYS = {
    "review": {"reveal": {"", "u", "s", "q"}, "rating": {"", "1", "2", "3", "4", "q"}},
    "quiz": {"reveal": {"", "q"}, "rating": {"", "1", "2", "3", "4", "q"}},
}


class TerminalIO:
    """SessionIO over a rich console: panels for cards, one line (or key) per prompt.

    `mode` is review or quiz: the hints offer only the keys that mode handles."""

    def __init__(self, streams: Streams, mode: str = "review") -> None:
        self.streams = streams
        self.out = console(streams)
        self.mode = mode

    # --- prompts -----------------------------------------------------------------------
    def hint(self, kind: str, q: Question) -> str:
        review = self.mode == "review"
        if kind == "reveal":
            return msg.REVEAL_HINT if review else msg.QUIZ_REVEAL_HINT
        if kind == "answer":
            if q.type in ("typed", "cloze"):
                return msg.TYPE_HINT if review else msg.QUIZ_TYPE_HINT
            keys = msg.PICK_KEYS_REVIEW if review else msg.PICK_KEYS_QUIZ
            return msg.pick_hint(q.type, len(q.expected)) + " " + keys
        return ""

    def ask(self, kind: str, q: Question) -> str | None:
        hint = self.hint(kind, q)
        if hint:
            self.out.print(Text(hint, style="dim"))
        if self.streams.isatty() and kind in ("reveal", "rating"):
            self.out.print("> ", end="")
            allowed = KEYS.get(self.mode, KEYS["review"])[kind]
            while True:
                key = read_key(self.streams.stdin)
                if key is None or key.lower() in allowed:
                    break
            self._echo(key or "")
            return key.lower() if key else key
        if self.streams.isatty():
            self.out.print("> ", end="")
        return self.streams.readline()

    def invalid(self, reason: str) -> None:
        if reason == "rating":
            self.out.print(Text(msg.BAD_RATING, style="yellow"))
        else:
            self.out.print(Text(msg.invalid_answer(reason), style="yellow"))

    def notice(self, text: str, **values: object) -> None:
        if text == "new_stopped":  # counted words: the message function picks each plural
            self.out.print(plain(msg.new_cards_stopped(**values), style="cyan"))  # type: ignore[arg-type]
            return
        template = {
            "undone": msg.UNDONE, "suspended": msg.SUSPENDED, "leech": msg.LEECH,
            "nothing_to_undo": msg.NOTHING_TO_UNDO,
        }.get(text, text)
        self.out.print(plain(template.format(**values), style="cyan"))

    def _echo(self, key: str) -> None:
        """The key just read, on the prompt's line: one of the prompt's own keys (no text to render), so
        written as it is, without a rich print (whose rendering costs as much as a card's panel)."""
        file = self.out.file
        file.write(key + "\n")
        file.flush()

    def _new_card(self) -> None:
        if self.streams.isatty():
            drop_typed_ahead(self.streams.stdin)

    # --- cards -------------------------------------------------------------------------
    def show_question(self, card: CardRow, q: Question, left: Counts) -> None:
        header = Text.assemble(
            (msg.new_cards(left.new), "blue"), " · ", (msg.learning_cards(left.learning), "red"), " · ",
            (msg.review_cards(left.review), "green"),
        )  # no card id before the answer: it often names the answer
        self._new_card()
        self._screen(header, self._card_panel(q))

    def show_quiz_question(self, card: CardRow, q: Question, number: int, total: int,
                           left: timedelta | None) -> None:
        head = Text(msg.question_number(number, total), style="bold")
        if left is not None:
            minutes, seconds = divmod(int(left.total_seconds()), 60)
            head.append("   " + msg.exam_time_left(minutes, seconds), style="magenta")
        self._new_card()
        self._screen(head, self._card_panel(q))

    # --- the mock exam (quiz.ExamIO) ------------------------------------------------------
    def show_exam_question(self, eq: "ExamQuestion", number: int, total: int, left: timedelta) -> None:
        minutes, seconds = divmod(int(left.total_seconds()), 60)
        head = Text(msg.question_number(number, total), style="bold")
        head.append("   " + msg.exam_time_left(minutes, seconds), style="magenta")
        if eq.flagged:
            head.append("   ⚑ " + msg.EXAM_FLAGGED_MARK, style="yellow")
        self._new_card()
        self._screen(head, self._card_panel(eq.question))
        if eq.answer:
            self.out.print(plain(f"{msg.YOUR_ANSWER}: {eq.answer}", style="cyan"))

    def _line(self, left: timedelta | None = None) -> str | None:
        """One line; on a terminal, "" once `left` has run out (the exam is then submitted by the loop)."""
        if self.streams.isatty():
            self.out.print("> ", end="")
            if left is not None and not wait_for_input(self.streams.stdin, left.total_seconds()):
                self.out.print()
                return ""
        return self.streams.readline()

    def ask_exam(self, q: Question, left: timedelta) -> str | None:
        if q.options:
            self.out.print(Text(msg.pick_hint(q.type, len(q.expected)), style="dim"))
        # where f, p, r, s or q labels a choice it is an answer: the hint then names the words
        letters_taken = any(k in q.labels for k in "fprsq")
        self.out.print(Text(msg.EXAM_QUESTION_HINT_WORDS if letters_taken else msg.EXAM_QUESTION_HINT, style="dim"))
        return self._line(left)

    def show_exam_review(self, status: "Status", left: timedelta) -> None:
        minutes, seconds = divmod(int(left.total_seconds()), 60)
        body = Text()
        body.append(msg.exam_status_answered(_numbers(status.answered)) + "\n", style="green")
        body.append(msg.exam_status_flagged(_numbers(status.flagged)) + "\n", style="yellow")
        body.append(msg.exam_status_unanswered(_numbers(status.unanswered)), style="red")
        self.out.print()
        self.out.print(Panel(body, title=Text(f"{msg.EXAM_REVIEW_TITLE} · {msg.exam_time_left(minutes, seconds)}"),
                             title_align="left", width=WIDTH))

    def ask_exam_review(self, left: timedelta) -> str | None:
        self.out.print(Text(msg.EXAM_REVIEW_HINT, style="dim"))
        return self._line(left)

    def confirm(self, kind: str, status: "Status") -> bool | None:
        text = (msg.exam_confirm_submit(len(status.unanswered), len(status.flagged)) if kind == "submit"
                else msg.exam_confirm_quit(len(status.unanswered)))
        self.out.print(Text(text, style="bold"))
        line = self._line()
        if line is None:
            return None
        return line.strip().lower() in ("y", "yes", "s", "sim")

    def exam_notice(self, kind: str, **values: Any) -> None:
        text = {
            "warning": lambda: msg.exam_warning(values["minutes"]),
            "time_up": lambda: msg.EXAM_TIME_UP,
            "flagged": lambda: msg.exam_flagged(values["number"]),
            "unflagged": lambda: msg.exam_unflagged(values["number"]),
            "no_question": lambda: msg.exam_no_question(values["number"], values["total"]),
            "none_left": lambda: msg.EXAM_NONE_LEFT,
        }[kind]()
        self.out.print(Text(text, style="bold magenta" if kind in ("warning", "time_up") else "cyan"))

    def _screen(self, head: Text, panel: Panel) -> None:
        """A question: a blank line, its header line, its panel, in one print (one rendering and one
        write to the terminal, where each print costs some tenths of a millisecond)."""
        self.out.print(Group(Text(), head, panel))

    def _card_panel(self, q: Question) -> Panel:
        body = plain(q.prompt)
        if q.type == "match":
            body.append("\n")
            for i, row in enumerate(q.rows, 1):
                body.append(f"\n  {i}. {printable(row)}")
            body.append("\n")
        if q.options:
            body.append("\n")
            for label, option in zip(LETTERS, q.options):
                body.append(f"\n  {label}) {printable(option)}")
        if q.type == "multi":
            body.append(f"\n\n({msg.pick_hint('multi', len(q.expected))})", style="dim")
        # a Text title: a str one would go through rich's markup and emoji codes (and load their table)
        return Panel(body, title=Text(q.type), title_align="left", width=WIDTH)

    def show_answer(self, card: CardRow, q: Question, g: Grade | None) -> None:
        lines = Text()
        whys = option_whys(card.content, q)
        if g is not None and not g.given:
            lines.append(msg.DONT_KNOW + "\n", style="bold yellow")
            lines.append_text(_answer_detail(q, g, whys))
        elif g is not None:
            style = {"right": "bold green", "partial": "bold yellow", "wrong": "bold red"}[g.result]
            label = {"right": msg.CORRECT, "partial": msg.PARTIAL, "wrong": msg.WRONG}[g.result]
            lines.append(label + ("  " + msg.TYPO if g.typo else "") + "\n", style=style)
            lines.append_text(_answer_detail(q, g, whys))
        else:
            lines.append(f"{msg.EXPECTED}: ", style="bold")
            lines.append(printable(q.back) + "\n")
        if q.explain:
            lines.append(f"\n{msg.EXPLAIN}: ", style="bold")
            lines.append(printable(q.explain))
        lines.append("\n" + msg.card_id(card.key), style="dim")  # the id only now: it may name the answer
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


def _answer_detail(q: Question, g: Grade, whys: Sequence[str | None] = ()) -> Text:
    """The right answer laid out; for order and match each position marked right or wrong."""
    t = Text()
    if q.type in ("typed", "cloze"):
        # what was typed, exactly; the right answer under it; `^` under each difference (no colour needed)
        given, answer = (g.given[0] if g.given else ""), g.answer or (q.answers[0] if q.answers else "")
        pad = max(len(msg.YOUR_ANSWER), len(msg.EXPECTED)) + 2
        t.append(f"{msg.YOUR_ANSWER}: ".ljust(pad))
        t.append(printable(given) + "\n")
        t.append(f"{msg.EXPECTED}: ".ljust(pad), style="bold")
        t.append(printable(answer) + "\n")
        markers = diff_markers(given, answer) if g.result != RIGHT or g.typo else ""
        if markers:
            t.append(" " * pad + markers + "\n", style="red")
        others = [a for a in q.answers if a != answer] if q.type == "typed" else []
        context = q.back if q.type == "cloze" else " / ".join(others)
        if context:
            t.append(" " * pad + printable(context) + "\n")
        return t
    if q.type in ("mcq", "multi"):
        for label, option in zip(LETTERS, q.options):
            right = label in q.expected
            picked = label in g.given
            mark = "✓" if right else ("✗" if picked else " ")
            style = "green" if right else ("red" if picked else "dim")
            t.append(f"  {mark} {label}) {printable(option)}{'  ' + msg.YOU_PICKED if picked else ''}\n", style=style)
            why = whys[LETTERS.index(label)] if len(whys) > LETTERS.index(label) else None
            if why:
                t.append(f"      {printable(why)}\n", style="dim")
        return t
    if q.type == "order" and not g.given:
        for pos, want in enumerate(q.expected, 1):
            t.append(f"  {pos}. {printable(q.options[LETTERS.index(want)])}\n", style="green")
        return t
    if q.type == "match" and not g.given:
        for i, (row, want) in enumerate(zip(q.rows, q.expected), 1):
            t.append(f"  {i}. {printable(row)} → {printable(q.options[LETTERS.index(want)])}\n", style="green")
        return t
    if q.type == "order":
        for pos, (want, got) in enumerate(zip(q.expected, g.given), 1):
            ok = want == got
            t.append(f"  {'✓' if ok else '✗'} {pos}. {printable(q.options[LETTERS.index(want)])}",
                     style="green" if ok else "red")
            if not ok:
                t.append(f"  {msg.YOU_GAVE.format(answer=got)} {printable(q.options[LETTERS.index(got)])}", style="dim")
            t.append("\n")
        return t
    if q.type == "match":
        for i, (row, want, got) in enumerate(zip(q.rows, q.expected, g.given), 1):
            ok = want == got
            t.append(f"  {'✓' if ok else '✗'} {i}. {printable(row)} → {printable(q.options[LETTERS.index(want)])}",
                     style="green" if ok else "red")
            if not ok:
                t.append(f"  {msg.YOU_GAVE.format(answer=got)}", style="dim")
            t.append("\n")
        return t
    return t


def _numbers(numbers: Sequence[int]) -> str:
    return " ".join(str(n) for n in numbers) or "-"


def plain(text: str, style: str = "") -> Text:
    """`text` as rich Text, shown as it is: no markup, no emoji codes, control characters replaced."""
    return Text(printable(text), style=style)


def table(title: str | None, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> "Table":
    """A plain table with right-aligned numbers."""
    from rich.table import Table

    labels = msg.COLUMNS
    cols = [labels.get(c, c) for c in columns]
    if title is not None:
        title = labels.get(title, title)
    tbl = Table(title=plain(title) if title is not None else None, title_justify="left", show_edge=False,
                pad_edge=False)
    for i, c in enumerate(cols):
        tbl.add_column(c, justify="left" if i == 0 else "right")
    for r in rows:
        tbl.add_row(*[plain(str(x)) for x in r])
    return tbl



def render_quiz_summary(out: Console, result: Any, seconds: float) -> None:
    """Score over the questions answered, a right/partial/wrong table by topic, the missed cards, and
    (after quitting early) the questions left unanswered, apart."""
    from ..grading import WRONG

    tally = result.tally()
    answered = len(result.answered)
    right = sum(r[RIGHT] for r in tally.values())
    partial = sum(r[PARTIAL] for r in tally.values())
    out.print()
    if result.unanswered:
        out.print(Text(msg.quiz_score_early(right, partial, answered, len(result.items), seconds), style="bold"))
    else:
        out.print(Text(msg.quiz_score(right, partial, answered, seconds), style="bold"))
    if tally:
        out.print(table(None, ["topic", "right", "partial", "wrong"],
                        [[g, r[RIGHT], r[PARTIAL], r[WRONG]] for g, r in sorted(tally.items())]))
    missed = [i for i in result.answered if i.result != RIGHT]
    if missed:
        out.print()
        out.print(Text(msg.MISSED, style="bold"))
        for item in missed:
            q = item.question
            line = plain(f"• {item.card.key}: ", style="red")
            line.append(printable(shortened((q.prompt.splitlines() or [""])[0])))
            line.append(f"\n    {msg.EXPECTED}: {printable(q.back)}", style="green")
            if item.given:
                line.append(f"   ({msg.YOUR_ANSWER.lower()}: {printable(item.given)})", style="dim")
            out.print(line)
    if result.unanswered:
        out.print()
        out.print(Text(msg.QUIZ_UNANSWERED_TITLE, style="bold"))
        for item in result.unanswered:
            out.print(plain(f"• {item.card.key}: {_first_line(item.card.content)}", style="dim"))


def _first_line(content: dict[str, Any]) -> str:
    lang = str(content.get("lang", "pt-BR"))
    raw = content.get("front") or content.get("text") or ""
    return shortened(text_in(raw, lang).splitlines()[0]) if raw else ""


def shortened(line: str, width: int = 90) -> str:
    """`line` cut to at most `width` characters at a word's end, with `…` when something was cut."""
    if len(line) <= width:
        return line
    cut = line[:width - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > width // 2 else cut).rstrip(" ,;:") + "…"


def render_exam_report(out: Console, mock: "MockExam", score: dict[str, Any]) -> None:
    """The mock exam's report: scaled score, pass/fail, per domain, which were unscored, and every missed
    question with the right answer, what was given and the why of each choice."""
    out.print()
    verdict = msg.EXAM_PASS if score["passed"] else msg.EXAM_FAIL
    out.print(Text(msg.exam_score(score["score"], score["scale"], score["pass_score"], verdict),
                   style="bold green" if score["passed"] else "bold red"))
    out.print(Text(msg.exam_report_score(score["right"], score["scored"], score["answered"], score["questions"]),
                   style="bold"))
    out.print(table(None, ["domain", "weight", "questions", "right", "%"],
                    [[f"{d['topic']} {d['name']}", _weight(d["weight"]), d["questions"], d["right"], d["percent"]]
                     for d in score["domains"]]))
    out.print(Text(msg.EXAM_DOMAINS_NOTE, style="dim"))
    if score["unscored"]:
        out.print(Text(msg.exam_unscored_note(list(score["unscored"])), style="dim"))
    missed = [(n, q) for n, q in enumerate(mock.questions, 1) if not q.right]
    if not missed:
        return
    out.print()
    out.print(Text(msg.EXAM_MISSED_TITLE, style="bold"))
    for n, eq in missed:
        q = eq.question
        marks = [] if eq.scored else [msg.EXAM_UNSCORED_MARK]
        head = plain(f"\n{n}. {eq.card.key}" + (f" ({', '.join(marks)})" if marks else "") + "\n", style="bold red")
        head.append(printable(q.prompt) + "\n")
        out.print(head, end="")
        if eq.grade is None:
            out.print(Text(f"  {msg.NOT_ANSWERED}", style="dim"))
        else:
            out.print(plain(f"  {msg.YOUR_ANSWER}: {eq.answer}", style="dim"))
        g = eq.grade if eq.grade is not None else Grade("wrong")
        out.print(_answer_detail(q, g, option_whys(eq.card.content, q)), end="")
        if q.explain:
            out.print(plain(f"  {msg.EXPLAIN}: {q.explain}", style="dim"))


def _weight(x: float) -> str:
    """A domain's weight: 28% (or 14,5% in Portuguese)."""
    text = f"{x:g}%"
    return text.replace(".", ",") if language() == "pt-BR" else text


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
    head = plain(d["card_id"], style="bold")
    head.append(printable(f" ({d['type']})  " + msg.CARD_TOPICS.format(topics=", ".join(d["topics"]))))
    console.print(head)
    for field in ("front", "text", "back"):
        if c.get(field):
            console.print(plain(f"{fields[field]}: {text_in(c[field], lang)}"))
    for line in _card_parts(c, lang):
        console.print(plain(line))
    flags = [states[f] for f in ("suspended", "leech", "retired") if d[f]]
    console.print(plain(msg.CARD_FIGURES.format(
        state=states.get(d["state"], d["state"]), flags=" (" + ", ".join(flags) + ")" if flags else "",
        due=_local(d["due"]) if d["due"] else "-",
        stability=decimal(d["stability"], 2) if d["stability"] is not None else "-",
        retrievability=decimal(d["retrievability"], 2), lapses=d["lapses"])))
    if d["history"]:
        console.print(table("history", ["reviewed_at", "rating", "mode", "state", "due"],
                            [[_local(h["reviewed_at"]), h["rating"], h["mode"], states.get(h["state"], h["state"]),
                              _local(h["due"])] for h in d["history"]]))


def _card_parts(c: dict[str, Any], lang: str) -> list[str]:
    """The rest of a card as lines (what `--json` shows): answers, choices with their whys (the right
    ones marked), items in order, pairs, the texts graded wrong, and the explanation."""
    labels = msg.CARD_PART_LABELS
    lines: list[str] = []

    def texts(value: Any) -> list[str]:
        return [text_in(v, lang) for v in (value if isinstance(value, list) else [value])]

    right = set(texts(c["answers"])) if c.get("answers") else set(texts(c["answer"])) if "choices" in c else set()
    if c.get("answer") and "choices" not in c:
        lines.append(f"{labels['answer']}: {' / '.join(texts(c['answer']))}")
    if c.get("choices"):
        lines.append(f"{labels['choices']}:")
        whys = c.get("whys") or [None] * len(c["choices"])
        for choice, why in zip(c["choices"], whys):
            text = text_in(choice, lang)
            lines.append(f"  {'✓' if text.strip() in {r.strip() for r in right} else '·'} {text}")
            if why:
                lines.append(f"      {text_in(why, lang)}")
    if c.get("items"):
        lines.append(f"{labels['items']}:")
        lines += [f"  {i}. {text_in(item, lang)}" for i, item in enumerate(c["items"], 1)]
    if c.get("pairs"):
        lines.append(f"{labels['pairs']}:")
        lines += [f"  {text_in(a, lang)} → {text_in(b, lang)}" for a, b in c["pairs"]]
    if c.get("reject"):
        lines.append(f"{labels['reject']}: {' / '.join(texts(c['reject']))}")
    if c.get("explain"):
        lines.append(f"{labels['explain']}: {text_in(c['explain'], lang)}")
    return lines


def _local(iso: str) -> str:
    """A stored UTC time (ISO 8601) as the learner's local time, to the minute: 2026-12-01 10:10 in
    English, 1 de dez. de 2026 10:10 in Portuguese."""
    from ..i18n import long_date

    moment = datetime.fromisoformat(iso).astimezone()
    return f"{long_date(moment.date())} {moment.strftime('%H:%M')}"
