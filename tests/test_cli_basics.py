"""The program as a new user meets it: help texts, the installed package, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from genai_cards.cli import app
from genai_cards.errors import ExitCode
from genai_cards.paths import bundled_decks_dir

def all_commands() -> list[list[str]]:
    """Every command and subcommand of the real app, found by walking it (none can be forgotten)."""
    import typer.main

    out: list[list[str]] = []

    def walk(group, path: list[str]) -> None:  # type: ignore[no-untyped-def]
        for name, command in getattr(group, "commands", {}).items():
            out.append(path + [name])
            walk(command, path + [name])

    walk(typer.main.get_command(app), [])
    return out


COMMANDS = all_commands()


def test_bundled_decks_are_found_from_the_installed_package() -> None:
    decks = bundled_decks_dir()
    assert decks.is_dir()
    assert len(list(decks.glob("*.yaml"))) >= 10


def test_program_runs_as_python_module() -> None:
    out = subprocess.run([sys.executable, "-m", "genai_cards", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    assert "Example" in out.stdout


def test_all_documented_commands_exist() -> None:
    names = {" ".join(c) for c in COMMANDS}
    assert {"review", "quiz", "due", "stats", "decks", "decks remove", "topics", "import", "export", "validate",
            "log export", "config set", "card show", "doctor"} <= names


def _command(path: list[str]):  # type: ignore[no-untyped-def]
    import typer.main

    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_and_option_has_help_with_an_example(cli, command: list[str]) -> None:
    result = cli(*command, "--help")
    assert result.exit_code == 0, result.output
    found = _command(command)
    assert "Example:" in (found.help or ""), f"{' '.join(command)}: no example in its help"
    for param in found.params:
        if param.name != "help":
            assert "Example" in (getattr(param, "help", None) or ""), f"{' '.join(command)} {param.name}: no example"


@pytest.mark.parametrize("args,code", [
    (["due", "--json"], ExitCode.OK),
    (["card", "show", "no-such-card"], ExitCode.FAILED),
    (["validate", "no-such-file.yaml"], ExitCode.FAILED),
    (["due", "--nope"], ExitCode.USAGE),
    (["quiz", "--missed"], ExitCode.USAGE),
    (["export", "--format", "pdf", "-o", "x"], ExitCode.USAGE),
])
def test_commands_exit_with_the_documented_codes(cli, args: list[str], code: ExitCode) -> None:
    assert cli(*args).exit_code == code
    assert (ExitCode.OK, ExitCode.FAILED, ExitCode.USAGE) == (0, 1, 2)  # SPEC §3: 0 success, 1 failed, 2 usage


def test_unknown_option_is_a_usage_error(cli) -> None:
    assert cli("due", "--nope").exit_code == 2


def test_unknown_topic_fails_with_suggestions(cli) -> None:
    result = cli("due", "--topic", "bedrok")
    assert result.exit_code == 1
    assert "no cards with topic 'bedrok'; did you mean bedrock" in result.output


def test_decks_json_lists_bundled_decks_with_counts(cli) -> None:
    result = cli("decks", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert {"deck", "title", "cards", "new", "learning", "review", "due", "suspended"} <= set(rows[0])
    rag = next(r for r in rows if r["deck"] == "rag")
    assert rag["cards"] == rag["new"] > 0 and rag["due"] == 0


def test_home_option_overrides_environment(cli, tmp_path: Path) -> None:
    other = tmp_path / "other-home"
    result = cli("--home", str(other), "config", "set", "new_per_day", "5")
    assert result.exit_code == 0
    assert (other / "genai-cards.sqlite3").exists()
    assert cli("config", "get", "new_per_day").output.strip() == "20"
