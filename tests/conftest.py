"""Every test gets its own home (GENAI_CARDS_HOME) holding a copy of a database already synced with
the bundled decks, a fixed time zone, and a `cli` helper that drives the real command line."""

from __future__ import annotations

import os
import shutil
import textwrap
import time
from pathlib import Path
from typing import Any, Callable

import pytest
import typer
import typer.main
import typer.testing
from typer.testing import CliRunner

from genai_cards.cli import app
from genai_cards.i18n import set_language

TZ = "America/Sao_Paulo"


def _built_once(app: typer.Typer, _built: dict[int, Any] = {}) -> Any:
    """`app` as the command typer builds from it, built once per app: typer builds it anew at every
    `CliRunner().invoke(app)`, which costs more than most commands take. The same command runs in
    any language (`cli.translate_help` keeps the English originals)."""
    if id(app) not in _built:
        _built[id(app)] = typer.main.get_command(app)
    return _built[id(app)]


typer.testing._get_command = _built_once  # type: ignore[attr-defined]
SRC = Path(__file__).resolve().parent.parent / "src"  # what `pythonpath` in pyproject.toml puts first


@pytest.fixture(scope="session")
def template_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home synced once with the bundled decks, copied into each test's home."""
    home = tmp_path_factory.mktemp("template-home")
    old = os.environ.get("GENAI_CARDS_HOME")
    os.environ["GENAI_CARDS_HOME"] = str(home)
    try:
        result = CliRunner().invoke(app, ["decks", "--json"])
        assert result.exit_code == 0, result.output
    finally:
        if old is None:
            os.environ.pop("GENAI_CARDS_HOME", None)
        else:
            os.environ["GENAI_CARDS_HOME"] = old
    return home


@pytest.fixture(autouse=True)
def home(tmp_path: Path, template_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's home folder, with the bundled decks already loaded."""
    h = tmp_path / "home"
    shutil.copytree(template_home, h)
    monkeypatch.setenv("GENAI_CARDS_HOME", str(h))
    monkeypatch.delenv("GENAI_CARDS_NOW", raising=False)
    monkeypatch.setenv("TZ", TZ)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    # English unless a test asks for Portuguese: the interface follows these (see genai_cards.i18n)
    for var in ("GENAI_CARDS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language("en")
    # programs the tests start (`python -m genai_cards`) run this source tree too, installed or not
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH")) if p))
    time.tzset()
    return h


class Cli:
    """Runs the real CLI in-process; `now` fixes the clock for the call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, now: str | None = None):  # type: ignore[no-untyped-def]
        if now is not None:
            self.monkeypatch.setenv("GENAI_CARDS_NOW", now)
        return self.runner.invoke(app, list(args), input=input)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(monkeypatch)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a file (dedented) under the test's temp folder and return its path."""

    def _write(name: str, text: str) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return p

    return _write


SMALL_DECK = """
deck: teste
title: Deck de teste
topics: [teste]
cards:
  - id: um
    front: Pergunta um
    back: Resposta um
  - id: dois
    front: Pergunta dois
    back: Resposta dois
    reverse: true
  - id: tres
    type: cloze
    text: "O {{c1::Amazon Bedrock}} usa {{c2::API}}."
  - id: quatro
    type: typed
    front: Serviço de texto para fala?
    answer: [Amazon Polly, Polly]
"""


@pytest.fixture
def small_deck(write: Callable[[str, str], Path], cli: Cli) -> Path:
    """A four-note deck (topic `teste`) imported into the home."""
    path = write("teste.yaml", SMALL_DECK)
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    return path


def stored_and_logged_intervals(home: Path) -> tuple[list[tuple[int, Any]], list[tuple[int, Any]]]:
    """Each answer's stored `prev_ivl` beside what the log implies (the plain way, row by row): the due
    minus the time of the card's nearest earlier answer in id order that is not undone; None without one."""
    import sqlite3

    db = sqlite3.connect(home / "genai-cards.sqlite3")
    try:
        undone = {r for (r,) in db.execute("SELECT review FROM undone")}
        rows = db.execute("SELECT id, card, reviewed_at, due, prev_ivl FROM reviews ORDER BY id").fetchall()
    finally:
        db.close()
    last: dict[str, int] = {}
    stored, logged = [], []
    for rid, card, at, due, prev in rows:
        stored.append((rid, prev))
        logged.append((rid, last.get(card)))
        if rid not in undone:
            last[card] = due - at
    return stored, logged
