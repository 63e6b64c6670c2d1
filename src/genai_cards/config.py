"""Settings: their defaults, how a value is parsed and checked, and what each one means."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, NamedTuple

from . import messages as msg
from .errors import ConfigError
from .i18n import _

STEP_RE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)([smhd])$")  # ASCII digits only: \d would take ١ and １
PLAIN_INT = re.compile(r"[+-]?[0-9]+")
PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _float_between(lo: float, hi: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        if not PLAIN_DECIMAL.fullmatch(text.strip()):
            raise ValueError
        value = float(text)
        if not lo <= value <= hi:
            raise ValueError
        return value

    parse.__doc__ = f"a number from {lo} to {hi}"
    return parse


def _int_between(lo: int, hi: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not PLAIN_INT.fullmatch(text.strip()):
            raise ValueError
        value = int(text)
        if not lo <= value <= hi:
            raise ValueError
        return value

    parse.__doc__ = f"a whole number from {lo} to {hi}"
    return parse


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """space-separated steps like `1m 10m` (s, m, h or d; may be empty)"""
    steps = []
    for part in text.replace(",", " ").split():
        m = STEP_RE.match(part)
        if not m:
            raise ValueError
        seconds = float(m.group(1)) * UNIT_SECONDS[m.group(2)]
        if seconds <= 0 or seconds > 30 * 86400:
            raise ValueError
        steps.append(timedelta(seconds=seconds))
    return tuple(steps)


def parse_hour(text: str) -> int:
    """an hour of the day, 0-23 (or HH:00)"""
    t = text.strip()
    if ":" in t:
        h, _, mins = t.partition(":")
        if mins not in ("00", "0"):
            raise ValueError
        t = h
    if not PLAIN_INT.fullmatch(t):
        raise ValueError
    value = int(t)
    if not 0 <= value <= 23:
        raise ValueError
    return value


def parse_parameters(text: str) -> tuple[float, ...]:
    """21 FSRS parameters separated by commas or spaces (or empty for the fsrs defaults)"""
    parts = text.replace(",", " ").split()
    if not parts:
        return ()
    values = tuple(float(p) for p in parts)
    if len(values) != 21 or not all(v == v and abs(v) < 1e6 for v in values):
        raise ValueError
    from .scheduler import check_parameters  # fsrs knows each parameter's bounds

    check_parameters(values)
    return values


def parse_date(text: str) -> date | None:
    """a date YYYY-MM-DD (or empty for none)"""
    if not text.strip():
        return None
    return date.fromisoformat(text.strip())


def parse_ui_lang(text: str) -> str:
    """pt-BR or en (or empty: from the locale)"""
    t = text.strip()
    if t not in ("", "pt-BR", "en"):
        raise ValueError
    return t


def parse_folder(text: str) -> str:
    """an absolute folder path, or one starting with ~ (or empty for none)"""
    t = text.strip()
    if "\0" in t or "\n" in t or (t and not Path(t).expanduser().is_absolute()):
        raise ValueError
    return t


def parse_switch(text: str) -> bool:
    """on or off"""
    t = text.strip().lower()
    if t in ("on", "true", "yes", "1"):
        return True
    if t in ("off", "false", "no", "0"):
        return False
    raise ValueError


class Setting(NamedTuple):
    """One setting: default value as text, its parser, and its help."""

    default: str
    parse: Callable[[str], Any]
    help: str


SETTINGS: dict[str, Setting] = {
    "desired_retention": Setting("0.9", _float_between(0.7, 0.99), "FSRS target recall probability"),
    "new_per_day": Setting("20", _int_between(0, 9999), "new cards introduced per day"),
    "max_reviews_per_day": Setting("200", _int_between(0, 99999), "reviews shown per day at most"),
    "learning_steps": Setting("1m 10m", parse_steps, "steps for new cards"),
    "relearning_steps": Setting("10m", parse_steps, "steps after a lapse"),
    "day_starts_at": Setting("4", parse_hour, "local hour when a study day begins"),
    "exam_date": Setting("", parse_date, "date of your exam: review paces for it (see `plan`)"),
    "exam_retention": Setting("0.95", _float_between(0.7, 0.99),
                              "recall probability to reach on the exam date, for each card"),
    "exam_answers_per_day": Setting("250", _int_between(1, 99999),
                                    "answers a day at most while review paces for exam_date: new cards stop before it"),
    "leech_threshold": Setting("8", _int_between(0, 999), "lapses that make a card a leech (0: never)"),
    "leech_action": Setting("suspend", lambda t: _choice(t, ("suspend", "tag")), "suspend or only tag leeches"),
    "ui_lang": Setting("", parse_ui_lang, "language of the interface: pt-BR or en (empty: from the locale)"),
    "fsrs_parameters": Setting("", parse_parameters, "FSRS parameters (set by `optimize`; empty: fsrs defaults)"),
    "sync_dir": Setting("", parse_folder, "folder shared with your other computers, for `sync` alone"),
    "sync_after_session": Setting("off", parse_switch, "sync with sync_dir at the end of each review or quiz"),
}


def _choice(text: str, options: tuple[str, ...]) -> str:
    if text not in options:
        raise ValueError
    return text


def expected(key: str) -> str:
    """What a value of `key` must look like, for error messages."""
    return _(expected_en(key))


def expected_en(key: str) -> str:
    """What a value of `key` must look like, in English (the msgid of its translation)."""
    doc = SETTINGS[key].parse.__doc__
    if key == "leech_action":
        return "suspend or tag"
    return (doc or "a valid value").strip().splitlines()[0]


def check(key: str, value: str) -> Any:
    """Parse `value` for `key`, raising ConfigError with a clear message when it is wrong."""
    if key not in SETTINGS:
        raise ConfigError(msg.unknown_config_key(key, sorted(SETTINGS)))
    if any(ch.isdigit() and ch not in "0123456789" for ch in value) or re.search(r"[0-9]_[0-9]", value):
        raise ConfigError(msg.lookalike_digits(key, value))
    if key in NUMBERS and NUMBERS[key] is float and re.fullmatch(r"\s*[0-9]+,[0-9]+\s*", value):
        raise ConfigError(msg.decimal_comma(key, value, value.strip().replace(",", ".")))
    try:
        return SETTINGS[key].parse(value)
    except (ValueError, TypeError):
        raise ConfigError(msg.bad_config_value(key, value, expected(key))) from None


class Config(NamedTuple):
    """The settings in force, parsed."""

    desired_retention: float
    new_per_day: int
    max_reviews_per_day: int
    learning_steps: tuple[timedelta, ...]
    relearning_steps: tuple[timedelta, ...]
    day_starts_at: int
    exam_date: date | None
    leech_threshold: int
    leech_action: str
    exam_retention: float = 0.95
    exam_answers_per_day: int = 250
    fsrs_parameters: tuple[float, ...] = ()
    sync_dir: str = ""
    sync_after_session: bool = False
    ui_lang: str = ""

    @classmethod
    def from_raw(cls, raw: dict[str, str]) -> "Config":
        """Parse stored values over the defaults; a bad stored value is reported, never guessed."""
        values: dict[str, Any] = {}
        for key, setting in SETTINGS.items():
            text = raw.get(key, setting.default)
            try:
                values[key] = setting.parse(text)
            except (ValueError, TypeError):
                raise ConfigError(msg.bad_stored_config(key, text)) from None
        return cls(**values)


NUMBERS: dict[str, type] = {"desired_retention": float, "new_per_day": int, "max_reviews_per_day": int,
                            "day_starts_at": int, "leech_threshold": int, "exam_retention": float,
                            "exam_answers_per_day": int}


def typed_values(raw: dict[str, str]) -> dict[str, Any]:
    """Every setting for a script: numbers as numbers, an unset date or language as null, steps as text
    (`1m 10m`, what `config set` takes back)."""
    config = Config.from_raw(raw)
    out: dict[str, Any] = {}
    for key, text in stored_values(raw).items():
        value = getattr(config, key)
        if key in NUMBERS or key == "sync_after_session":  # numbers as numbers, the switch as true/false
            out[key] = value
        elif key in ("exam_date", "ui_lang", "sync_dir", "fsrs_parameters") and not value:
            out[key] = None
        elif key in ("exam_date", "ui_lang", "sync_dir"):  # a folder keeps its spaces and commas
            out[key] = str(value)
        else:
            out[key] = " ".join(text.replace(",", " ").split())
    return out


def stored_values(raw: dict[str, str]) -> dict[str, str]:
    """Every setting as stored (or its default), after checking that all of them parse."""
    Config.from_raw(raw)
    return {k: raw.get(k, s.default) for k, s in SETTINGS.items()}


def stored_value(raw: dict[str, str], key: str) -> str:
    """One setting as stored (or its default); an unknown key is refused."""
    check(key, SETTINGS[key].default if key in SETTINGS else "")
    return raw.get(key, SETTINGS[key].default)
