"""Exam definitions (`decks/exams/*.yaml`): domains with topic, name and weight; questions; minutes;
pass mark and scale. Validated like decks, every problem as `path:line: message`."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import messages as msg
from . import yamlio
from .decks import read_text
from .model import AUTO_GRADED_TYPES, EXAM_TYPES, SLUG_RE, TOPIC_RE
from .errors import InvalidInput, NotFound, Problem
from .paths import bundled_exams_dir


@dataclass(frozen=True)
class Domain:
    topic: str
    name: str
    weight: float


@dataclass(frozen=True)
class Exam:
    """A mock exam: `questions` drawn across `domains` by weight, `minutes` long, scored on `scale`."""

    exam: str
    title: str
    questions: int
    minutes: int
    domains: tuple[Domain, ...]
    scale: tuple[int, int] = (0, 100)
    pass_score: int = 70
    unscored: int = 0  # of `questions`, how many are not scored (and not identified until the end)
    types: tuple[str, ...] = EXAM_TYPES  # the question types the exam asks

    @property
    def scored(self) -> int:
        return self.questions - self.unscored

    def shortened(self, count: int) -> "Exam":
        """A short mock exam of `count` questions: the same domain weights, unscored share and pace."""
        if count >= self.questions:
            return self
        unscored = min(round(self.unscored * count / self.questions), count - 1)
        minutes = max(1, math.ceil(self.minutes * count / self.questions))
        return replace(self, questions=count, unscored=unscored, minutes=minutes)

    def scaled(self, fraction: float) -> int:
        """A fraction right (0..1) on the exam's scale."""
        lo, hi = self.scale
        return round(lo + (hi - lo) * max(0.0, min(1.0, fraction)))


def load_exam(path: Path) -> Exam:
    """Read and validate one exam file."""
    text = read_text(path)
    c, root = yamlio.compose(text, str(path))
    top = c.mapping(root, msg.MAPPING_WHAT["exam"])
    if top is None:
        raise InvalidInput(c.problems)

    def scalar(name: str, default: Any = None) -> Any:
        if name not in top:
            if default is None:
                c.add(root, msg.missing(name))
            return default
        node = top[name][1]
        return getattr(node, "value", None)

    def number(name: str, default: Any = None) -> int | None:
        raw = scalar(name, default)
        try:
            return int(raw) if raw is not None else None
        except (TypeError, ValueError):
            c.add(top[name][1], msg.bad_config_value(name, str(raw), "a whole number"))
            return None

    exam_id = str(scalar("exam", ""))
    if not SLUG_RE.match(exam_id):
        c.add(root, msg.bad_slug("exam", exam_id))
    title = str(scalar("title", exam_id))
    questions, minutes = number("questions"), number("minutes")
    scale = (0, 100)
    pass_score = number("pass_percent", 70) or 70
    if "scale" in top:
        node = top["scale"][1]
        vals = [getattr(n, "value", "") for n in getattr(node, "value", [])]
        try:
            lo, hi = (int(v) for v in vals)
            scale = (lo, hi)
        except ValueError:
            c.add(node, msg.bad_config_value("scale", str(vals), "[min, max]"))
        pass_score = number("pass_score") or 0
    unscored = number("unscored", 0) or 0
    if questions is not None and not 0 <= unscored < questions:
        c.add(top["unscored"][1], msg.bad_config_value("unscored", str(unscored), msg.UNSCORED_RANGE))
    types: tuple[str, ...] = EXAM_TYPES
    if "types" in top:
        tn = top["types"][1]
        if not isinstance(tn, yamlio.SequenceNode) or not tn.value:
            c.add(tn, msg.must_be_list("types"))
        else:
            listed = [str(getattr(n, "value", "")) for n in tn.value]
            for n, t in zip(tn.value, listed):
                if t not in AUTO_GRADED_TYPES:
                    c.add(n, msg.bad_exam_type(t, list(AUTO_GRADED_TYPES)))
            types = tuple(listed)
    domains: list[Domain] = []
    dn = top.get("domains", (None, None))[1]
    if dn is None or not isinstance(dn, yamlio.SequenceNode):
        c.add(dn if dn is not None else root, msg.must_be_list("domains"))
    else:
        for node in dn.value:
            m = c.mapping(node, msg.MAPPING_WHAT["domain"])
            if m is None:
                continue
            topic = str(getattr(m.get("topic", (None, None))[1], "value", ""))
            if not TOPIC_RE.match(topic):
                c.add(node, msg.bad_topic(topic))
                continue
            try:
                weight = float(m["weight"][1].value)
            except (KeyError, ValueError, AttributeError):
                c.add(node, msg.missing("weight"))
                continue
            name = str(getattr(m.get("name", (None, None))[1], "value", topic))
            domains.append(Domain(topic, name, weight))
    if c.problems or questions is None or minutes is None:
        raise InvalidInput(c.problems or [Problem(str(path), None, msg.missing("questions"))])
    return Exam(exam_id, title, questions, minutes, tuple(domains), scale, pass_score, unscored, types)


def exam_files() -> dict[str, Path]:
    """Bundled exam files by exam id (the file name)."""
    folder = bundled_exams_dir()
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


def find_exam(exam_id: str) -> Exam:
    """The bundled exam with this id, or NotFound listing the known ones."""
    files = exam_files()
    exam_id = exam_id.strip().lower()  # `--exam AIF-C01` is aif-c01
    if exam_id not in files:
        raise NotFound(msg.unknown_exam(exam_id, sorted(files)))
    return load_exam(files[exam_id])


def questions_per_domain(exam: Exam) -> dict[str, int]:
    """Split the exam's question count across domains by weight (largest remainder)."""
    total = sum(d.weight for d in exam.domains) or 1
    raw = {d.topic: exam.questions * d.weight / total for d in exam.domains}
    out = {t: int(v) for t, v in raw.items()}
    left = exam.questions - sum(out.values())
    for t in sorted(raw, key=lambda t: raw[t] - out[t], reverse=True)[:left]:
        out[t] += 1
    return out
