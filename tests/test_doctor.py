"""`doctor`: integrity, rebuild from the log, daily backups, restore."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

from genai_cards.store import open_store

NOW = "2026-03-10T10:00:00-03:00"


def test_doctor_on_a_sound_home_says_all_is_well(cli) -> None:
    result = cli("doctor")
    assert result.exit_code == 0
    assert "Integrity: ok" in result.output and "Card states match the review log." in result.output


def test_doctor_rebuilds_a_damaged_state_cache_from_the_log(cli, home, small_deck) -> None:
    cli("review", "--topic", "teste", input="\n3\n", now=NOW)
    good = json.loads(cli("card", "show", "teste/um", "--json").output)
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    db.execute("UPDATE cards SET state = 2, stability = 99, due = 0 WHERE key = 'teste/um'")
    db.commit()
    report = json.loads(cli("doctor", "--json").output)
    assert report["ok"] is True and report["cards_repaired"] == ["teste/um"]
    fixed = json.loads(cli("card", "show", "teste/um", "--json").output)
    assert (fixed["state"], fixed["stability"], fixed["due"]) == (good["state"], good["stability"], good["due"])


def test_a_backup_is_made_once_a_day_and_the_last_seven_are_kept(home) -> None:
    store = open_store(home)
    for old in (home / "backups").glob("*"):
        old.unlink()
    start = date(2026, 3, 1)
    made = [store.daily_backup(start + timedelta(days=i)) for i in range(10)]
    assert all(made)
    assert store.daily_backup(start + timedelta(days=9)) is None  # same day: no second copy
    dailies = sorted(p.name for p in (home / "backups").glob("daily-*.sqlite3"))
    assert len(dailies) == 7 and dailies[0].startswith("daily-20260304")


def history(cli, key: str) -> list:
    shown = json.loads(cli("card", "show", key, "--json").output)
    cards = shown if isinstance(shown, list) else [shown]
    return next(c for c in cards if c["card_id"] == key)["history"]


def test_restore_brings_a_backup_back_and_keeps_a_safety_copy(cli, home, small_deck) -> None:
    cli("review", "--topic", "teste", input="\n3\n", now=NOW)
    store = open_store(home)
    saved = store.backup("manual")
    store.close()
    cli("review", "--topic", "teste", input="\n3\n", now="2026-03-10T10:05:00-03:00")
    assert len(history(cli, "teste/dois")) == 1
    result = cli("doctor", "--restore", saved.name)
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output
    assert history(cli, "teste/dois") == []
    assert len(history(cli, "teste/um")) == 1
    assert list((home / "backups").glob("before-restore-*.sqlite3"))


def test_restore_refuses_a_file_that_is_not_a_backup(cli, home, tmp_path) -> None:
    bogus = tmp_path / "x.sqlite3"
    bogus.write_text("não sou um banco")
    result = cli("doctor", "--restore", str(bogus))
    assert result.exit_code == 1 and "not a genai-cards database" in result.output
    newer = tmp_path / "newer.sqlite3"
    db = sqlite3.connect(newer)
    db.execute("CREATE TABLE reviews (x)")
    db.execute("PRAGMA user_version = 77")
    db.commit()
    result = cli("doctor", "--restore", str(newer))
    assert result.exit_code == 1 and "newer than this program knows" in result.output
    assert cli("doctor").exit_code == 0
