"""The program's entry point builds only the command asked for (typer's conversion of every command
costs more than `due` itself), with the same options, help and errors as the whole app."""

from __future__ import annotations

import json
import subprocess
import sys

from genai_cards.cli import COMMANDS, app, command_asked


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "genai_cards", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)


def test_the_command_asked_is_found_after_the_global_options() -> None:
    assert command_asked(["due", "--json"]) == "due"
    assert command_asked(["--home", "due", "review"]) == "review"  # `due` here is --home's value
    assert command_asked(["config", "set", "new_per_day", "10"]) == "config"
    assert command_asked([]) is None
    assert command_asked(["--help"]) is None and command_asked(["due", "--help"]) is None
    assert command_asked(["revew"]) is None  # the whole app: it suggests `review`


def test_every_command_of_the_app_can_be_built_alone() -> None:
    import typer

    from genai_cards.cli import _new_app

    full = typer.main.get_command(app)
    assert set(full.commands) == set(COMMANDS)  # type: ignore[attr-defined]
    for name, add in COMMANDS.items():
        lean = _new_app()
        add(lean)
        group = typer.main.get_command(lean)
        assert list(group.commands) == [name]  # type: ignore[attr-defined]
        assert [p.name for p in group.commands[name].params] == [p.name for p in full.commands[name].params]  # type: ignore[attr-defined]


def test_a_lean_start_runs_the_command_and_reports_errors_as_the_whole_app(home, small_deck) -> None:
    due = run("--home", str(home), "due", "--json")
    assert due.returncode == 0, due.stderr
    assert set(json.loads(due.stdout)) == {"today", "tomorrow", "new_today", "topics"}
    bad = run("due", "--bogus")
    assert bad.returncode == 2 and "No such option: --bogus" in bad.stderr
    typo = run("revew")
    assert typo.returncode == 2 and "Did you mean 'review'?" in typo.stderr
    group = run("card")
    assert "search" in group.stdout + group.stderr and "show" in group.stdout + group.stderr
