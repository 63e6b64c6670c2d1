"""Storage: migrations, history that survives edits, retired cards, the log as the truth."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

import pytest

from genai_cards.store import migrations
from genai_cards.errors import StoreError
from genai_cards.store import open_store

NOW = "2026-03-10T10:00:00-03:00"


def test_blank_database_migrates_to_latest(tmp_path) -> None:
    store = open_store(tmp_path / "fresh")
    assert migrations.current_version(store.db.raw) == len(migrations.MIGRATIONS)
    names = [r[0] for r in store.db.execute("SELECT name FROM migrations")]
    assert names == [m.__name__ for m in migrations.MIGRATIONS]


def test_older_schema_migrates_forward_keeping_data_after_a_backup(cli, small_deck, home, monkeypatch) -> None:
    cli("review", "--topic", "teste", input="\n3\n", now=NOW)

    def m_next(conn) -> None:
        conn.execute("ALTER TABLE reviews ADD COLUMN example TEXT")

    shipped = len(migrations.MIGRATIONS)
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS + [m_next])
    store = open_store(home)  # this database is one version behind the program now
    assert migrations.current_version(store.db.raw) == len(migrations.MIGRATIONS)
    assert store.db.execute("SELECT COUNT(*), MIN(example) FROM reviews").fetchone() == (1, None)
    backups = list((home / "backups").glob(f"before-migration-v{shipped}-*.sqlite3"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == shipped
    assert old.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 1


def test_failing_migration_rolls_back_and_keeps_old_schema(tmp_path) -> None:
    store = open_store(tmp_path / "h")

    def m_broken(conn) -> None:
        conn.execute("CREATE TABLE half (x)")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        migrations.apply(store.db.raw, migrations.MIGRATIONS + [m_broken])
    assert migrations.current_version(store.db.raw) == len(migrations.MIGRATIONS)
    assert store.db.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None


def test_database_from_a_newer_version_is_refused_unchanged(tmp_path, cli, home) -> None:
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    result = cli("decks")
    assert result.exit_code == 1
    assert "schema version 99, newer than this program knows" in result.output
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 99


def test_editing_a_card_keeps_its_history(cli, small_deck, write) -> None:
    cli("review", "--topic", "teste", input="\n3\n", now=NOW)
    edited = small_deck.read_text(encoding="utf-8").replace("Resposta um", "Resposta um, reescrita")
    small_deck.write_text(edited, encoding="utf-8")
    result = cli("import", str(small_deck), "--json")
    assert json.loads(result.output)["updated"] == 1
    card = json.loads(cli("card", "show", "teste/um", "--json").output)
    assert card["content"]["back"] == "Resposta um, reescrita"
    assert len(card["history"]) == 1 and card["state"] == "learning"


def test_reimporting_the_same_deck_changes_nothing(cli, small_deck) -> None:
    result = json.loads(cli("import", str(small_deck), "--json").output)
    assert (result["added"], result["updated"], result["retired"]) == (0, 0, 0)
    assert result["unchanged"] == 6


def test_card_removed_from_its_deck_is_retired_not_deleted(cli, small_deck) -> None:
    cli("review", "--topic", "teste", input="\n3\n", now=NOW)
    text = small_deck.read_text(encoding="utf-8")
    small_deck.write_text(text.replace("  - id: um\n    front: Pergunta um\n    back: Resposta um\n", ""),
                          encoding="utf-8")
    assert json.loads(cli("import", str(small_deck), "--json").output)["retired"] == 1
    card = json.loads(cli("card", "show", "teste/um", "--json").output)
    assert card["retired"] is True and len(card["history"]) == 1
    deck = next(d for d in json.loads(cli("decks", "--json").output) if d["deck"] == "teste")
    assert deck["cards"] == 5
    assert len([r for r in cli("log", "export", "--format", "jsonl").output.splitlines() if r]) == 1


def test_card_state_is_rebuilt_from_the_log(cli, small_deck, home) -> None:
    cli("review", "--topic", "teste", input="\n3\n\n4\n", now=NOW)
    store = open_store(home)
    before = store.card("teste/um").state
    store.db.execute("UPDATE cards SET state = 0, stability = NULL, due = NULL, reps = 0")
    assert store.rebuild_card("teste/um") == before
    assert store.rebuild_all() == ["teste/dois"]  # the other damaged card, repaired
    assert store.rebuild_all() == []


def test_reset_makes_a_card_new_and_keeps_its_history(cli, small_deck) -> None:
    cli("review", "--topic", "teste", input="\n3\n", now=NOW)
    result = cli("card", "reset", "teste/um", now="2026-03-10T11:00:00-03:00")
    assert result.exit_code == 0
    card = json.loads(cli("card", "show", "teste/um", "--json").output)
    assert card["state"] == "new" and len(card["history"]) == 1


def test_reset_in_the_same_millisecond_as_the_last_answer_makes_the_card_new(cli, small_deck) -> None:
    cli("review", "--topic", "teste", input="\n3\n", now=NOW)
    assert cli("card", "reset", "teste/um", now=NOW).exit_code == 0  # the clock has not moved
    card = json.loads(cli("card", "show", "teste/um", "--json").output)
    assert (card["state"], card["reps"], len(card["history"])) == ("new", 0, 1)
    assert json.loads(cli("doctor", "--json").output)["cards_repaired"] == []


def test_an_answer_after_a_reset_counts_even_when_the_clock_stepped_back(cli, small_deck) -> None:
    cli("review", "--topic", "teste", input="\n3\n", now=NOW)
    cli("card", "reset", "teste/um", now=NOW)
    earlier = "2026-03-10T09:00:00-03:00"  # the clock was set back an hour
    result = cli("quiz", "--topic", "teste", "--type", "basic", "--count", "1", input="\n4\n", now=earlier)
    assert result.exit_code == 0, result.output
    card = json.loads(cli("card", "show", "teste/um", "--json").output)
    assert card["reps"] == 1 and card["state"] != "new"
    assert json.loads(cli("doctor", "--json").output)["cards_repaired"] == []  # the rebuild keeps it too
    assert json.loads(cli("card", "show", "teste/um", "--json").output)["reps"] == 1


def make_leech(cli, action: str) -> dict:
    cli("config", "set", "leech_threshold", "1")
    cli("config", "set", "leech_action", action)
    cli("review", "--topic", "teste", "--limit", "1", input="\n4\n", now=NOW)  # easy: a review card
    cli("config", "set", "new_per_day", "0")
    later = "2026-04-20T10:00:00-03:00"
    cli("review", "--topic", "teste", "--limit", "1", input="\n1\nq\n", now=later)  # a lapse: a leech
    card = json.loads(cli("card", "show", "teste/um", "--json").output)
    assert card["leech"] is True and card["lapses"] == 1
    assert cli("card", "reset", "teste/um", now=later).exit_code == 0
    return json.loads(cli("card", "show", "teste/um", "--json").output)


def test_reset_of_a_tagged_leech_does_not_suspend_it(cli, small_deck) -> None:
    card = make_leech(cli, "tag")
    assert (card["state"], card["leech"], card["suspended"]) == ("new", False, False)
    assert json.loads(cli("doctor", "--json").output)["cards_repaired"] == []


def test_reset_of_a_suspended_leech_keeps_it_suspended(cli, small_deck) -> None:
    card = make_leech(cli, "suspend")
    assert (card["state"], card["leech"], card["suspended"]) == ("new", False, True)


def test_unknown_card_fails_clearly(cli) -> None:
    result = cli("card", "show", "nada/nenhum")
    assert result.exit_code == 1
    assert "no card 'nada/nenhum'" in result.output


def test_bad_config_value_is_refused_and_changes_nothing(cli) -> None:
    result = cli("config", "set", "desired_retention", "1.5")
    assert result.exit_code == 1
    assert "bad value '1.5' for desired_retention: expected a number from 0.7 to 0.99" in result.output
    assert cli("config", "get", "desired_retention").output.strip() == "0.9"
    result = cli("config", "set", "exam_date", "31/12/2026")
    assert result.exit_code == 1 and "expected a date YYYY-MM-DD" in result.output
    assert cli("config", "set", "colour", "x").exit_code == 1


def test_config_show_json_lists_every_setting(cli) -> None:
    cli("config", "set", "learning_steps", "1m 5m 20m")
    shown = json.loads(cli("config", "show", "--json").output)
    assert shown["learning_steps"] == "1m 5m 20m" and shown["new_per_day"] == 20


def test_log_export_csv_has_the_jsonl_columns(cli, small_deck, tmp_path) -> None:
    cli("review", "--topic", "teste", input="\n3\n", now=NOW)
    out = tmp_path / "log.csv"
    result = cli("log", "export", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0
    header, row = out.read_text(encoding="utf-8").splitlines()[:2]
    assert header.split(",")[:4] == ["review_id", "card_id", "reviewed_at", "rating"]
    assert "teste/um" in row


def test_locked_database_gives_a_clear_message(cli, home, monkeypatch) -> None:
    import genai_cards.store.connection as store_mod

    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_S", 0.1)
    blocker = sqlite3.connect(home / "genai-cards.sqlite3", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        result = cli("config", "set", "new_per_day", "3")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert result.exit_code == 1
    assert "busy" in result.output


def test_store_error_is_a_one_line_message(tmp_path) -> None:
    target = tmp_path / "file"
    target.write_text("not a folder")
    with pytest.raises(StoreError):
        open_store(target / "home")


def test_deck_file_deleted_from_the_home_retires_its_cards(cli, small_deck, home) -> None:
    cli("review", "--topic", "teste", input="\n3\n", now=NOW)
    (home / "decks" / "teste.yaml").unlink()
    decks = {d["deck"] for d in json.loads(cli("decks", "--json").output)}
    assert "teste" not in decks
    card = json.loads(cli("card", "show", "teste/um", "--json").output)
    assert card["retired"] is True and len(card["history"]) == 1
    assert json.loads(cli("import", str(small_deck), "--json").output)["added"] == 0  # comes back, same ids
    assert json.loads(cli("card", "show", "teste/um", "--json").output)["retired"] is False


def test_reimporting_an_unchanged_deck_does_not_parse_it(cli, small_deck, monkeypatch) -> None:
    import genai_cards.importers as importers

    monkeypatch.setattr(importers, "load_deck_text", lambda *a: (_ for _ in ()).throw(AssertionError("parsed")))
    result = json.loads(cli("import", str(small_deck), "--json").output)
    assert (result["added"], result["updated"], result["unchanged"]) == (0, 0, 6)


def test_a_failed_write_inside_a_transaction_is_undone_alone_and_the_rest_commits_together(home) -> None:
    from genai_cards.errors import NotFound
    from genai_cards.store import open_store

    with open_store(home) as store:
        with store.transaction():
            store.begin_exam("aif-c01", datetime(2026, 3, 10, 13, tzinfo=timezone.utc), 90, 1, "here",
                             [("x/y", "d", True)])
            with pytest.raises(NotFound):
                with store.transaction():  # a savepoint: what it wrote before failing is undone
                    store.db.execute("UPDATE exams_in_progress SET minutes = 5")
                    raise NotFound("gone")
        assert [(e.exam, e.minutes) for e in store.exams_in_progress()] == [("aif-c01", 90)]
        with pytest.raises(RuntimeError):
            with store.transaction():  # the outer one failing takes every write in it along
                store.drop_exam_in_progress(store.exams_in_progress()[0].uid)
                raise RuntimeError("power cut")
        assert len(store.exams_in_progress()) == 1
