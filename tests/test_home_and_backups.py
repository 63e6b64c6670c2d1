"""The home and its backups on the paths less travelled: connections closed on every way out, a failing
daily backup said once, restore from any file name, backup names as the help shows them, no SQLite
side files beside backups, and a home that is a file."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from genai_cards.store import open_store

NOW = "2026-03-10T10:00:00-03:00"


def open_files(name: str) -> int:
    """How many of this process's file descriptors are open on files whose name contains `name`."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if name in os.readlink(f"/proc/self/fd/{fd}"):
                count += 1
        except OSError:
            pass
    return count


@pytest.mark.slow
def test_fifty_commands_in_process_leave_no_database_open(cli, home) -> None:
    results = [cli("due", "--json", now=NOW) for _ in range(50)]  # kept, as a test runner keeps them
    assert all(r.exit_code == 0 for r in results)
    assert open_files("genai-cards.sqlite3") == 0


@pytest.mark.slow
def test_fifty_failing_commands_in_process_leave_no_database_open(cli, tmp_path, monkeypatch) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "genai-cards.sqlite3").write_bytes(b"not a database at all" * 100)
    monkeypatch.setenv("GENAI_CARDS_HOME", str(broken))
    results = [cli("due", now=NOW) for _ in range(50)]
    assert all(r.exit_code == 1 for r in results)
    assert "cannot use the database" in results[0].output
    assert open_files(str(broken)) == 0


def test_a_failing_daily_backup_is_said_once_and_again_after_a_backup_was_made(cli, home) -> None:
    backups = home / "backups"
    for f in backups.iterdir():
        f.unlink()
    backups.rmdir()
    backups.write_text("a file where the backups folder should be")  # every backup fails
    first = cli("due", now=NOW)
    assert first.exit_code == 0  # the command itself did its work
    assert first.stderr.count("warning: the daily backup could not be made") == 1
    assert str(backups) in first.stderr
    later = [cli("due", now=NOW) for _ in range(3)]
    assert all(r.exit_code == 0 and "backup" not in r.stderr for r in later)  # not on every command
    backups.unlink()
    assert "backup" not in cli("due", now=NOW).stderr  # a backup is made again
    assert any(backups.glob("daily-*.sqlite3"))
    for f in backups.iterdir():
        f.unlink()
    backups.rmdir()
    backups.write_text("broken again")
    assert "warning: the daily backup could not be made" in cli("due", now=NOW).stderr  # a new failure is said


def test_backup_names_carry_the_date_once_as_the_help_shows(cli, home) -> None:
    for f in (home / "backups").iterdir():
        f.unlink()
    with open_store(home) as store:
        daily = store.daily_backup(date(2026, 12, 1))
        manual = store.backup("manual")
    assert daily is not None and re.fullmatch(r"daily-20261201-\d{6}\.sqlite3", daily.name)
    assert re.fullmatch(r"manual-\d{8}-\d{6}\.sqlite3", manual.name)
    help_text = cli("doctor", "--help").output
    example = re.search(r"daily-\d{8}-\d{6}\.sqlite3", help_text)
    assert example is not None  # the help's example has the same shape


def side_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(("-wal", "-shm", "-journal", ".tmp")))


def test_no_wal_or_shm_files_beside_backups_after_backup_check_and_restore(cli, home, small_deck) -> None:
    cli("review", "--topic", "teste", input="\n3\n", now=NOW)
    with open_store(home) as store:
        saved = store.backup("manual")
    assert side_files(home / "backups") == []
    assert cli("doctor", now=NOW).exit_code == 0
    result = cli("doctor", "--restore", saved.name, now=NOW)
    assert result.exit_code == 0, result.output
    assert side_files(home / "backups") == []
    assert sqlite3.connect(saved).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_restore_from_a_path_with_hash_percent_and_question_mark(cli, home, small_deck, tmp_path) -> None:
    cli("review", "--topic", "teste", input="\n3\n", now=NOW)
    with open_store(home) as store:
        saved = store.backup("manual")
    odd = tmp_path / "cópia #1 100% ?x=1.sqlite3"
    odd.write_bytes(saved.read_bytes())
    cli("review", "--topic", "teste", input="\n3\n", now="2026-03-10T10:05:00-03:00")
    result = cli("doctor", "--restore", str(odd), now=NOW)
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 1
    db.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("cópia")) == [odd.name]


def test_a_home_that_is_a_file_is_refused_with_a_clear_message(cli, tmp_path, monkeypatch) -> None:
    file_home = tmp_path / "casa"
    file_home.write_text("not a folder")
    monkeypatch.setenv("GENAI_CARDS_HOME", str(file_home))
    result = cli("due", now=NOW)
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {file_home}: the home is a file, not a folder; genai-cards keeps its "
                                     "database and decks in a folder: choose one with --home or GENAI_CARDS_HOME")
    assert "File exists" not in result.output
    assert file_home.read_text() == "not a folder"
