"""Where exports go: a file written atomically (a temporary name, then renamed), or stdout for '-'."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


@contextmanager
def open_text(output: str, stdout: IO[str] | None = None) -> Iterator[IO[str]]:
    """A text stream for `output` ('-': `stdout`, default the process's); the file appears only once complete."""
    if output == "-":
        yield stdout if stdout is not None else sys.stdout
        return
    path = Path(output)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            yield fh
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()

