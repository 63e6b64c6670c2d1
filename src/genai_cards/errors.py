"""Domain exceptions and exit codes. Core modules raise these; only the CLI turns them into exits."""

from __future__ import annotations

from typing import NamedTuple


class ExitCode:
    """Process exit codes promised by the command line contract (SPEC §3); plain ints (an enum class
    costs a start more than its three names are worth)."""

    OK = 0
    FAILED = 1
    USAGE = 2


class Problem(NamedTuple):
    """One problem found in an input file: where it is and what is wrong."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class GenaiCardsError(Exception):
    """Base class of every error the program reports to the user as a one-line message."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        return str(Problem(self.path, self.line, self.message))


class InvalidInput(GenaiCardsError):
    """An input file (deck, CSV, package) or a set of them was refused; lists every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0] if problems else Problem("?", None, "invalid input")
        super().__init__(first.message, first.path, first.line)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class UsageProblem(GenaiCardsError):
    """Options that cannot go together, or a value a command refuses: a usage error (exit 2)."""


class NotFound(GenaiCardsError):
    """A card, deck, topic or exam that the user named does not exist."""


class ConfigError(GenaiCardsError):
    """A configuration key or value was refused."""


class StoreError(GenaiCardsError):
    """The database could not be opened, is locked, or is of an unknown version."""
