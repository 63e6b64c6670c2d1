"""Text from decks and packages is shown as text: control characters never reach the terminal."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls (0x80-0x9f: CSI, OSC… in 8-bit form), and the
# bidirectional overrides that can make a line read differently from what it holds.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def first_control(text: str) -> str | None:
    """The first control character in `text` (as `U+XXXX`), or None."""
    m = CONTROL_RE.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def printable(text: str) -> str:
    """`text` with every control character replaced by U+FFFD, safe to print on a terminal."""
    return CONTROL_RE.sub("\ufffd", text)


FORMULA_START = ("=", "+", "-", "@")


def _needs_guard(cell: str) -> bool:
    """Would a spreadsheet run it as a formula, or would `unguard_cell` strip its own apostrophe?"""
    stripped = cell.lstrip("'")
    return stripped.startswith(FORMULA_START)


def guard_cell(cell: str) -> str:
    """A CSV cell that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe."""
    return "'" + cell if _needs_guard(cell) else cell


def unguard_cell(cell: str) -> str:
    """The inverse of `guard_cell`, so an exported file imports back as the same cards."""
    return cell[1:] if cell.startswith("'") and _needs_guard(cell[1:]) else cell
