"""The terminal's streams in one object (stdin, stdout, stderr and the tty check), made once per
command and handed to everything that reads or writes the terminal, so tests can swap them."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO


class Streams:
    """stdin, stdout and stderr; `None` means the process's own (read when the object is made)."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None,
                 stderr: TextIO | None = None) -> None:
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self.console: Any = None  # the rich Console on stdout, made by ui.console() on first use

    def isatty(self) -> bool:
        """True when stdin is a terminal (single keys, confirmations), False for a script or a pipe."""
        try:
            return self.stdin.isatty()
        except (AttributeError, ValueError):
            return False

    def echo(self, text: object = "", err: bool = False) -> None:
        """One line on stdout (or stderr), control characters replaced (it may quote a file's text)."""
        from .safetext import printable

        out = self.stderr if err else self.stdout
        out.write(printable(f"{text}") + "\n")
        out.flush()

    def json(self, data: Any) -> None:
        """Machine-readable output: JSON on stdout and nothing else there."""
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        self.stdout.flush()

    def readline(self) -> str | None:
        """One line from stdin without its line end; None at end of input."""
        line = self.stdin.readline()
        return None if line == "" else line.rstrip("\r\n")
