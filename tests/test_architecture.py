"""The seams other work builds on: the store's own errors, the store closed and backed up by every
command, one injected streams object, and one home for each third-party library."""

from __future__ import annotations

import ast
import io
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from genai_cards.cli import app
from genai_cards.commands.base import Env
from genai_cards.errors import StoreError
from genai_cards.store import open_store
from genai_cards.streams import Streams

SRC = Path(__file__).resolve().parent.parent / "src" / "genai_cards"


def test_a_database_error_leaves_the_store_as_a_store_error(home) -> None:
    with open_store(home) as store:
        with pytest.raises(StoreError):
            store.db.execute("SELECT * FROM no_such_table")
        with pytest.raises(StoreError):
            list(store.db.execute("SELECT 1 UNION SELECT * FROM no_such_table"))


def test_every_command_makes_the_daily_backup_even_when_it_fails(cli, home) -> None:
    for old in (home / "backups").glob("*"):
        old.unlink()
    assert cli("card", "show", "no-such-card").exit_code == 1
    assert len(list((home / "backups").glob("daily-*.sqlite3"))) == 1
    assert cli("due").exit_code == 0
    assert len(list((home / "backups").glob("daily-*.sqlite3"))) == 1  # once a day


def test_commands_read_and_write_through_the_injected_streams(home, small_deck) -> None:
    out, err = io.StringIO(), io.StringIO()
    streams = Streams(stdin=io.StringIO(""), stdout=out, stderr=err)
    result = CliRunner().invoke(app, ["due", "--json"], obj=Env(streams=streams))
    assert result.exit_code == 0, result.output
    assert "today" in json.loads(out.getvalue()) and result.stdout == ""
    result = CliRunner().invoke(app, ["card", "show", "no-such-card"], obj=Env(streams=Streams(stdout=out, stderr=err)))
    assert result.exit_code == 1 and "no-such-card" in err.getvalue()
    err.truncate(0)
    piped = Streams(stdin=io.StringIO("y\n"), stdout=out, stderr=err)  # not a terminal: no question asked
    result = CliRunner().invoke(app, ["decks", "remove", "teste"], obj=Env(streams=piped))
    assert result.exit_code == 1 and "--yes" in err.getvalue()


def _third_party_imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        module = path.relative_to(SRC).with_suffix("").as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            for name in names:
                top = name.split(".")[0]
                if top and top not in sys.stdlib_module_names and top not in ("__future__", "genai_cards"):
                    found.setdefault(top, set()).add(module)
    return found


def test_each_third_party_library_has_one_home() -> None:
    found = _third_party_imports()
    assert found.pop("fsrs") == {"scheduler"}
    assert found.pop("fsrs_rs_python") == {"optimizer"}
    assert found.pop("yaml") == {"yamlio"}
    assert found.pop("platformdirs") == {"paths"}
    assert found.pop("genanki") == {"exporters/apkg"}
    assert found.pop("zstandard") == {"importers/anki"}
    assert all(m == "ui/__init__" or m.startswith("ui/") for m in found.pop("rich"))
    assert all(m == "cli" or m.startswith("commands/") for m in found.pop("typer"))
    assert found == {}


def test_only_the_store_and_the_anki_formats_use_sqlite() -> None:
    users = set()
    for path in SRC.rglob("*.py"):
        if "import sqlite3" in path.read_text(encoding="utf-8"):
            users.add(path.relative_to(SRC).as_posix())
    assert {u for u in users if not u.startswith("store/")} == {"importers/anki.py", "exporters/apkg.py"}
