"""`due`, `review` and `quiz` start without typer (start.py): the same output, answers recorded,
messages and exit codes as the whole app, and any command line it does not take goes to the app
untouched."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from genai_cards.cli import app
from genai_cards.commands.base import Env
from genai_cards.start import parse_line, quick
from genai_cards.streams import Streams

NOW = "2026-12-01T10:00:00-03:00"


def quick_run(*args: str, input: str = "") -> tuple[int | None, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = quick(list(args), Streams(stdin=io.StringIO(input), stdout=out, stderr=err))
    return code, out.getvalue(), err.getvalue()


def app_run(*args: str, input: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def answers_logged(home: Path) -> list[tuple[str, int, str]]:
    import sqlite3

    db = sqlite3.connect(home / "genai-cards.sqlite3")
    try:
        return db.execute("SELECT card, rating, mode FROM reviews ORDER BY id").fetchall()
    finally:
        db.close()


def twin_homes(home: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of `home`: one for the start path, one for the app."""
    a, b = tmp_path / "quick-home", tmp_path / "app-home"
    shutil.copytree(home, a)
    shutil.copytree(home, b)
    return a, b


@pytest.fixture
def studied(cli, small_deck, monkeypatch) -> None:
    """A home with the small deck imported and some answers, so that due counts are not all zero."""
    monkeypatch.setenv("GENAI_CARDS_NOW", NOW)
    assert cli("review", "--limit", "3", input="\n3\n\n3\n\n3\n").exit_code == 0
    monkeypatch.setenv("GENAI_CARDS_NOW", "2026-12-04T10:00:00-03:00")


@pytest.mark.parametrize("args", [
    ["due"],
    ["due", "--json"],
    ["due", "--all"],
    ["due", "--json", "--all", "--json"],
    ["due", "-t", "teste"],
    ["due", "--topic", "TESTE/", "--json"],
    ["due", "--topic=teste", "--all"],
    ["due", "-tteste", "--topic", "bedrock", "--json"],
])
def test_a_due_line_prints_exactly_what_the_app_prints(studied, args) -> None:
    code, out, err = quick_run(*args)
    assert (code, out, err) == app_run(*args)
    assert code == 0 and out


def test_due_json_counts_the_imported_deck_and_its_topic(studied) -> None:
    _, out, _ = quick_run("due", "--json", "-t", "teste")
    summary = json.loads(out)
    assert summary["topics"].get("teste", 0) + summary["new_today"] > 0
    assert set(summary["topics"]) <= {"teste"}


def test_an_unknown_topic_is_the_apps_one_line_error_and_exit_1(studied) -> None:
    code, out, err = quick_run("due", "--json", "-t", "bedrok")
    assert (code, out, err) == app_run("due", "--json", "-t", "bedrok")
    assert code == 1 and out == "" and "bedrok" in err and "bedrock" in err and len(err.splitlines()) == 1


def test_a_damaged_database_is_the_apps_error_and_exit_1(home, tmp_path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(home, broken)
    (broken / "genai-cards.sqlite3").write_bytes(b"not a database at all" * 100)
    code, out, err = quick_run("--home", str(broken), "due", "--json")
    assert (code, out, err) == app_run("--home", str(broken), "due", "--json")
    assert code == 1 and out == "" and err.startswith("Error:")


def test_home_names_the_home_before_due(studied, home, tmp_path, monkeypatch) -> None:
    other = tmp_path / "other"
    shutil.copytree(home, other)
    monkeypatch.setenv("GENAI_CARDS_HOME", str(tmp_path / "not-this-one"))
    for args in (["--home", str(other), "due", "--json"], [f"--home={other}", "due", "--json"]):
        code, out, err = quick_run(*args)
        assert (code, out, err) == app_run(*args)
        assert code == 0 and "teste" in json.loads(out)["topics"]
    assert not (tmp_path / "not-this-one").exists()


def test_due_speaks_the_learners_language_like_the_app(studied, monkeypatch) -> None:
    monkeypatch.setenv("GENAI_CARDS_LANG", "pt-BR")
    code, out, err = quick_run("due")
    assert (code, out, err) == app_run("due")
    assert "amanhã" in out.lower()


class ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_closed_the_pipe_ends_due_quietly_with_exit_0(studied) -> None:
    err = io.StringIO()
    assert quick(["due", "--json"], Streams(stdin=io.StringIO(), stdout=ClosedPipe(), stderr=err)) == 0
    assert err.getvalue() == ""
    result = CliRunner().invoke(app, ["due", "--json"], obj=Env(streams=Streams(stdout=ClosedPipe(), stderr=err)))
    assert result.exit_code == 0 and err.getvalue() == ""


SESSIONS = [
    (["review", "-t", "teste", "--seed", "3"], "\n3\n\n1\n" * 4),
    (["review", "--deck=teste", "--limit", "2", "--seed", "5"], "\n3\n" * 3),
    (["review", "-dteste", "--topic", "TESTE", "--limit", "03"], "q\n"),
    (["review", "--exam", "aif-c01", "--limit", "2", "--seed", "1"], "\n3\n\n3\n"),
    (["quiz", "--topic", "teste", "--count", "3", "--seed", "7"], "Amazon Polly\n\n3\nAmazon Bedrock\n\n2\n\n"),
    (["quiz", "-t", "teste", "--type", "typed", "--seed", "2", "--no-record"], "Polly\n\n"),
    (["quiz", "--deck", "teste", "--count", "2", "--seed", "4"], "\n\n\n\n\n\n"),
    (["quiz", "--exam", "aif-c01", "--count", "2", "--seed", "9"], "a\nn\na\nn\ns\ny\n"),
    (["quiz", "--seed", "1"], ""),
]


@pytest.mark.parametrize("args, answers", SESSIONS)
def test_a_session_shows_and_records_what_the_app_does(small_deck, home, tmp_path, monkeypatch, args, answers) -> None:
    monkeypatch.setenv("GENAI_CARDS_NOW", NOW)
    quick_home, app_home = twin_homes(home, tmp_path)
    monkeypatch.setenv("GENAI_CARDS_HOME", str(quick_home))
    by_quick = quick_run(*args, input=answers)
    monkeypatch.setenv("GENAI_CARDS_HOME", str(app_home))
    by_app = app_run(*args, input=answers)
    assert by_quick == by_app
    assert answers_logged(quick_home) == answers_logged(app_home)
    assert by_quick[0] == 0


@pytest.mark.parametrize("args", [
    ["stats", "--json"], ["stats"], ["stats", "-t", "teste", "--days", "7", "--json"], ["stats", "--days=365"],
    ["stats", "--exam", "aif-c01", "--json"], ["plan"], ["plan", "--json"],
])
@pytest.mark.parametrize("exam_date", ["", "2026-12-20"])
def test_stats_and_plan_print_what_the_app_prints(studied, cli, args, exam_date) -> None:
    if exam_date:
        assert cli("config", "set", "exam_date", exam_date).exit_code == 0
    by_quick = quick_run(*args)
    assert by_quick == app_run(*args)
    code, out, err = by_quick
    assert code == 0, err
    assert out or err
    if "--json" in args and code == 0:
        figures = json.loads(out)
        assert figures


@pytest.mark.parametrize("args", [
    ["stats", "--exam", "no-such-exam"], ["stats", "-t", "nope"],
    ["review", "--exam", "aif-c01", "--topic", "rag"],
    ["quiz", "--missed"],
    ["quiz", "--exam", "aif-c01", "--type", "mcq"],
    ["quiz", "--type", "essay", "-t", "teste"],
    ["quiz", "--exam", "aif-c01", "--count", "999"],
    ["quiz", "--exam", "no-such-exam"],
    ["review", "--deck", "no-such-deck"],
    ["quiz", "--topic", "no-such-topic"],
])
def test_a_refused_session_is_the_apps_error_and_exit_code_and_records_nothing(small_deck, home, args) -> None:
    before = answers_logged(home)
    by_quick = quick_run(*args, input="\n3\n")
    assert by_quick == app_run(*args, input="\n3\n")
    code, out, err = by_quick
    assert code in (1, 2) and err.startswith("Error:") and len(err.strip().splitlines()) == 1 and out == ""
    assert answers_logged(home) == before


@pytest.mark.parametrize("args", [
    [], ["due", "--help"], ["due", "-h"], ["revew"], ["--json", "due"], ["due", "extra"], ["due", "-x"],
    ["due", "--jsonx"], ["due", "--json=1"], ["due", "-t"], ["due", "--topic"], ["due", "--topic", ""],
    ["due", "--topic="], ["due", "--topic", "--json"], ["due", "-t", "-x"], ["due", "--topics", "rag"],
    ["--home"], ["--home", "h"], ["--home", "--json", "due"], ["--homes", "h", "due"], ["due", "--home", "h"],
    ["due", "--", "--json"], ["due", "--deck", "x"],
    ["review", "--limit", "0"], ["review", "--limit", "-1"], ["review", "--limit", "x"], ["review", "--limit", "２"],
    ["review", "--seed", "-3"], ["review", "--seed", "1.5"], ["review", "--json"], ["review", "--help"],
    ["quiz", "--count", "0"], ["quiz", "--missed=yes"], ["quiz", "--no-record", "x"], ["quiz", "--typ", "mcq"],
    ["quiz", "-x"], ["stats", "--days", "0"], ["stats", "--days", "366"], ["stats", "--json", "x"], ["plan", "-t", "x"],
    ["plan", "--json=1"], ["decks"], ["card", "show", "x"], ["review", "--limit", "9" * 20],
])
def test_any_other_line_is_left_to_the_app_untouched(args, home) -> None:
    before = sorted(p.name for p in home.iterdir())
    assert parse_line(args) is None
    assert quick_run(*args) == (None, "", "")
    assert sorted(p.name for p in home.iterdir()) == before


def test_the_line_parses_as_click_parses_it() -> None:
    line = parse_line(["--home", "h", "--home=k", "due", "-tA", "--topic=b", "--topic", "c", "--all", "-t", "d/"])
    assert line == (Path("k"), "due", {"topic": ["A", "b", "c", "d/"], "show_all": True})
    assert parse_line(["due"]) == (None, "due", {})
    assert parse_line(["review", "--limit", "5", "--limit=7", "--seed", "0", "-d", "x", "--exam", "aif-c01"]) == (
        None, "review", {"limit": 7, "seed": 0, "deck": ["x"], "exam": "aif-c01"})
    assert parse_line(["quiz", "--type", "mcq", "--type=multi", "--missed", "--no-record", "--count", "12"]) == (
        None, "quiz", {"card_type": ["mcq", "multi"], "missed": True, "no_record": True, "count": 12})


def test_the_shell_asking_for_completions_goes_to_the_app(monkeypatch) -> None:
    monkeypatch.setenv("_GENAI_CARDS_COMPLETE", "bash_complete")
    assert quick_run("due", "--json") == (None, "", "")


def run_module(*args: str, code: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code or "import runpy; runpy.run_module('genai_cards', run_name='__main__')",
                           *args], capture_output=True, text=True, timeout=120)


LOADED = ("import sys; from genai_cards.start import quick; code = quick(sys.argv[1:]); "
          "print(sorted(m for m in ('typer', 'dataclasses', 'rich', 'yaml', 'fsrs', 'inspect', 'hashlib', 'uuid') "
          "if m in sys.modules), file=sys.stderr); sys.exit(code)")


def test_due_json_starts_without_typer_dataclasses_or_the_heavy_libraries(studied) -> None:
    result = run_module("due", "--json", "-t", "teste", code=LOADED)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "[]"
    assert json.loads(result.stdout) == json.loads(app_run("due", "--json", "-t", "teste")[1])


def test_python_m_genai_cards_runs_due_and_still_gives_help_and_usage_errors(studied) -> None:
    result = run_module("due", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["tomorrow"] >= 0
    helped = run_module("due", "--help")
    assert helped.returncode == 0 and "--topic" in helped.stdout and "--json" in helped.stdout
    wrong = run_module("due", "--jsn")
    assert wrong.returncode == 2 and "--jsn" in wrong.stderr


def test_the_installed_script_runs_the_start_path() -> None:
    text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert 'genai-cards = "genai_cards.start:run"' in text


def test_the_start_path_knows_each_option_as_the_app_declares_it() -> None:
    import typer.main

    from genai_cards.start import FLAG, QUICK, TEXTS

    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for name, (options, _) in QUICK.items():
        declared = {opt: p for p in commands[name].params for opt in p.opts}
        for opt, (kind, param) in options.items():
            p = declared[opt]  # an option the app does not have would be a KeyError here
            assert p.name == param, (name, opt)
            assert p.is_flag == (kind == FLAG) and p.multiple == (kind == TEXTS), (name, opt)
            if isinstance(kind, range):
                low, high = getattr(p.type, "min", None), getattr(p.type, "max", None)
                assert kind.start == (0 if low is None else low), (name, opt)
                assert high is None or kind.stop == high + 1, (name, opt)


class Interrupting(io.StringIO):
    def readline(self, *args: object) -> str:
        raise KeyboardInterrupt


def test_ctrl_c_in_a_session_ends_it_with_exit_130_on_both_paths(small_deck, monkeypatch) -> None:
    monkeypatch.setenv("GENAI_CARDS_NOW", NOW)
    err = io.StringIO()
    assert quick(["review", "-t", "teste"], Streams(stdin=Interrupting(), stdout=io.StringIO(), stderr=err)) == 130
    assert err.getvalue() == "\n"
    result = CliRunner().invoke(app, ["review", "-t", "teste"],
                                obj=Env(streams=Streams(stdin=Interrupting(), stdout=io.StringIO(), stderr=io.StringIO())))
    assert result.exit_code == 130
