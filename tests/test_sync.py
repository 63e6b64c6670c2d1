"""`sync`: two homes (two computers) and one folder, studied apart with injected clocks, synced in both
orders; the logs and every card's state must agree, nothing counted twice, nothing lost."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import SMALL_DECK

T1 = "2026-12-01T10:00:00-03:00"
T2 = "2026-12-01T10:05:00-03:00"
T3 = "2026-12-02T09:00:00-03:00"


@pytest.fixture
def homes(tmp_path: Path, template_home: Path, cli) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """A laptop and a desktop: two copies of the same home, which is what a learner who copies their
    home to a second computer has. Their first sync gives the copy a device id of its own."""
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    shutil.copytree(template_home, laptop)
    shutil.copytree(template_home, desktop)
    first = tmp_path / "first"
    assert cli("--home", str(laptop), "sync", str(first), now=T1).exit_code == 0
    result = cli("--home", str(desktop), "sync", str(first), now=T1)
    assert result.exit_code == 0, result.output
    assert "looks like a copy" in result.stderr
    assert _device(laptop) != _device(desktop)
    return laptop, desktop


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "Dropbox" / "cards"


def _db(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "genai-cards.sqlite3")


def _device(home: Path) -> str:
    with _db(home) as db:
        return str(db.execute("SELECT value FROM sync_meta WHERE key = 'device'").fetchone()[0])


def _states(home: Path) -> list[tuple[Any, ...]]:
    with _db(home) as db:
        return db.execute(
            "SELECT key, state, step, stability, difficulty, due, last_review, reps, lapses, suspended, leech, "
            "first_review FROM cards WHERE reps > 0 OR suspended = 1 OR leech = 1 ORDER BY key").fetchall()


def _log(cli, home: Path) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    result = cli("--home", str(home), "log", "export", "--format", "jsonl", "-o", "-")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    for r in rows:
        r.pop("review_id")  # the local row number
    return rows


def _study(cli, home: Path, now: str, ratings: str, topic: str = "teste") -> None:  # type: ignore[no-untyped-def]
    """Answer the first cards of today's session: Enter to see the answer, then each rating."""
    lines = "".join(f"\n{r}\n" for r in ratings)
    result = cli("--home", str(home), "review", "--topic", topic, "--seed", "1", input=lines, now=now)
    assert result.exit_code == 0, result.output


def _import(cli, home: Path, deck: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("--home", str(home), "import", str(deck))
    assert result.exit_code == 0, result.output


def _sync(cli, home: Path, folder: Path, now: str = T3, *extra: str):  # type: ignore[no-untyped-def]
    result = cli("--home", str(home), "sync", str(folder), *extra, now=now)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def deck(write):  # type: ignore[no-untyped-def]
    return write("teste.yaml", SMALL_DECK)


@pytest.mark.parametrize("first", ["laptop", "desktop"])
def test_two_computers_that_studied_apart_agree_on_every_answer_and_card_after_syncing(
        cli, homes, folder, deck, first) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    _study(cli, laptop, T1, "3311")
    _study(cli, desktop, T2, "1333")  # the same first cards, five minutes later, without knowing
    alone = {h: _log(cli, h) for h in homes}
    a, b = (laptop, desktop) if first == "laptop" else (desktop, laptop)
    _sync(cli, a, folder)
    _sync(cli, b, folder)
    _sync(cli, a, folder)
    merged = _log(cli, laptop)
    assert merged == _log(cli, desktop)
    assert len(merged) == len(alone[laptop]) + len(alone[desktop])  # nothing lost, nothing twice
    assert _states(laptop) == _states(desktop)
    times = [r["reviewed_at"] for r in merged]
    assert times == sorted(times)  # one log, in time order


def test_the_same_card_answered_on_both_computers_is_replayed_in_time_order(cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from genai_cards.config import Config
    from genai_cards.model import CardState, to_ms
    from genai_cards.scheduler import Scheduler

    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    _study(cli, laptop, T1, "3")  # teste/um: Good at 10:00 on the laptop
    _study(cli, desktop, T2, "1")  # teste/um: Again at 10:05 on the desktop, which still thought it new
    desktop_alone = [s for s in _states(desktop) if s[0] == "teste/um"][0]
    _sync(cli, desktop, folder)
    _sync(cli, laptop, folder)
    _sync(cli, desktop, folder)
    scheduler = Scheduler(Config.from_raw({}))
    after_good = scheduler.review("teste/um", CardState(), 3, datetime.fromisoformat(T1))
    expected = scheduler.review("teste/um", after_good, 1, datetime.fromisoformat(T2))
    for home in homes:
        card = [s for s in _states(home) if s[0] == "teste/um"][0]
        assert card[1:9] == (expected.state, expected.step, expected.stability, expected.difficulty,
                             expected.due, to_ms(datetime.fromisoformat(T2)), 2, 0)
        assert card[11] == to_ms(datetime.fromisoformat(T1))  # first seen on the laptop
    assert desktop_alone[3] != expected.stability  # the desktop's own answer alone is not the merged state
    with _db(laptop) as db:  # the log rows hold the replayed states: doctor finds nothing to repair
        assert db.execute("SELECT state_before FROM reviews WHERE card = 'teste/um' "
                          "ORDER BY reviewed_at").fetchall() == [(0,), (after_good.state,)]
    for home in homes:
        result = cli("--home", str(home), "doctor", "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["cards_repaired"] == []


def test_a_second_sync_with_nothing_new_changes_nothing(cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _study(cli, laptop, T1, "3311")
    _sync(cli, laptop, folder)
    _sync(cli, desktop, folder)
    files = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    before = [_states(h) for h in homes], [_log(cli, h) for h in homes]
    for home in homes:
        result = _sync(cli, home, folder, "2026-12-03T09:00:00-03:00")
        assert "sent 0 answers and 0 card events, received 0 answers and 0 card events; 0 cards" in result.stdout
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == files
    assert ([_states(h) for h in homes], [_log(cli, h) for h in homes]) == before
    result = _sync(cli, laptop, folder, "2026-12-03T09:00:00-03:00", "--json")
    report = json.loads(result.stdout)
    assert (report["sent"], report["received"], report["cards"], report["device"]) == (0, 0, 0, _device(laptop))


def test_a_partial_line_is_skipped_with_a_warning_and_read_at_the_next_sync(cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    _study(cli, laptop, T1, "3311")
    _sync(cli, laptop, folder)
    log_file = folder / "genai-cards" / _device(laptop) / "log-0001.jsonl"
    whole = log_file.read_bytes()
    lines = whole.splitlines(keepends=True)
    cut = len(whole) - len(lines[-1]) // 2
    log_file.write_bytes(whole[:cut])  # the syncer has copied half of the last line so far
    result = _sync(cli, desktop, folder)
    assert f"{log_file}:{len(lines)}: the last line is not complete yet" in result.stderr
    assert len(_log(cli, desktop)) == len(_log(cli, laptop)) - 1
    log_file.write_bytes(whole)  # the rest arrives
    result = _sync(cli, desktop, folder)
    assert "not complete" not in result.stderr
    assert _log(cli, desktop) == _log(cli, laptop)
    assert _states(desktop) == _states(laptop)


def test_a_corrupt_line_is_skipped_with_a_warning_nothing_else_is_lost_and_it_is_read_again(
        cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    _study(cli, laptop, T1, "3311")
    _sync(cli, laptop, folder)
    log_file = folder / "genai-cards" / _device(laptop) / "log-0001.jsonl"
    good = log_file.read_bytes().splitlines(keepends=True)
    broken = good[:2] + [b'{"t":"review","uid":"x","rating":9}\n', b"\x00\x00\x00\n"] + good[2:]
    log_file.write_bytes(b"".join(broken))
    result = _sync(cli, desktop, folder)
    assert f"{log_file}:3: skipped, not a sync record (field device)" in result.stderr
    assert f"{log_file}:4: skipped, not a sync record (not JSON)" in result.stderr
    assert _log(cli, desktop) == _log(cli, laptop)  # every good line, the ones after the bad lines too
    result = _sync(cli, desktop, folder)
    assert f"{log_file}:3:" in result.stderr  # still read (and reported) until it is repaired
    assert _log(cli, desktop) == _log(cli, laptop)  # and nothing counted twice
    log_file.write_bytes(b"".join(good))
    result = _sync(cli, desktop, folder)
    assert "skipped" not in result.stderr


def test_a_syncers_conflict_copies_are_read_and_merge_like_the_rest(cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    _study(cli, laptop, T1, "33")
    _sync(cli, laptop, folder)
    own = folder / "genai-cards" / _device(laptop)
    first = (own / "log-0001.jsonl").read_bytes()
    _study(cli, laptop, T2, "11")
    _sync(cli, laptop, folder)
    both = (own / "log-0001.jsonl").read_bytes()
    # Dropbox kept the newer file as a conflict copy and put the older one back; Syncthing made another
    (own / "log-0001.jsonl").write_bytes(first)
    (own / "log-0001 (Desktop's conflicted copy 2026-12-01).jsonl").write_bytes(both)
    (own / "log-0001.sync-conflict-20261201-101500-ABCDEFG.jsonl").write_bytes(both)
    _sync(cli, desktop, folder)
    assert _log(cli, desktop) == _log(cli, laptop)
    assert len(_log(cli, desktop)) == 4
    assert _states(desktop) == _states(laptop)


def test_undo_suspend_and_reset_on_one_computer_reach_the_other(cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    lines = "\n3\n" "\n3\n" "u\n" "\n1\n"  # two answers, undo the second, answer it again
    assert cli("--home", str(laptop), "review", "--topic", "teste", "--seed", "1", input=lines,
               now=T1).exit_code == 0
    _sync(cli, laptop, folder)
    _sync(cli, desktop, folder)
    assert _states(desktop) == _states(laptop)
    assert cli("--home", str(laptop), "card", "suspend", "teste/quatro", now=T2).exit_code == 0
    assert cli("--home", str(laptop), "card", "reset", "teste/um", now=T2).exit_code == 0
    _sync(cli, laptop, folder)
    _sync(cli, desktop, folder)
    states = {s[0]: s for s in _states(desktop)}
    assert states["teste/quatro"][9] == 1  # suspended
    assert "teste/um" not in states  # new again
    assert _states(desktop) == _states(laptop)
    assert _log(cli, desktop) == _log(cli, laptop)
    assert cli("--home", str(desktop), "card", "unsuspend", "teste/quatro", now=T3).exit_code == 0
    _sync(cli, desktop, folder)
    _sync(cli, laptop, folder)
    assert _states(desktop) == _states(laptop)
    assert {s[0]: s for s in _states(laptop)}.get("teste/quatro", (0,) * 10)[9] in (0, None)


def test_a_deck_imported_on_one_computer_reaches_the_other_with_its_answers(cli, homes, folder, deck, write) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _study(cli, laptop, T1, "3311")
    _sync(cli, laptop, folder)
    result = _sync(cli, desktop, folder)
    assert "The deck teste arrived from another computer." in result.stdout
    assert (desktop / "decks" / "teste.yaml").read_bytes() == deck.read_bytes()
    assert _states(desktop) == _states(laptop)
    edited = write("teste2.yaml", SMALL_DECK.replace("Pergunta um", "Pergunta um, revista"))
    _import(cli, desktop, edited)  # edited on the desktop: the newer version reaches the laptop
    _sync(cli, desktop, folder, "2026-12-02T10:00:00-03:00")
    _sync(cli, laptop, folder, "2026-12-02T11:00:00-03:00")
    assert (laptop / "decks" / "teste.yaml").read_bytes() == edited.read_bytes()
    assert _states(desktop) == _states(laptop)  # the edit kept the history


def test_a_deck_removed_on_a_computer_does_not_come_back_until_it_changes(cli, homes, folder, deck, write) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _sync(cli, laptop, folder)
    _sync(cli, desktop, folder)
    for home in homes:
        assert cli("--home", str(home), "decks", "remove", "teste", "--yes").exit_code == 0
    for home in homes:
        result = _sync(cli, home, folder)
        assert "arrived" not in result.stdout and not (home / "decks" / "teste.yaml").exists()
    edited = write("teste2.yaml", SMALL_DECK.replace("Pergunta um", "Pergunta um, revista"))
    _import(cli, desktop, edited)  # a new version, made later: it reaches the laptop
    _sync(cli, desktop, folder, "2026-12-03T09:00:00-03:00")
    assert "The deck teste arrived" in _sync(cli, laptop, folder, "2026-12-03T09:00:00-03:00").stdout


def test_a_deck_whose_copy_has_not_fully_arrived_waits_for_the_next_sync(cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _sync(cli, laptop, folder)
    copy = next((folder / "genai-cards" / _device(laptop) / "decks").glob("teste-*.yaml"))
    data = copy.read_bytes()
    copy.write_bytes(data[: len(data) // 2])
    result = _sync(cli, desktop, folder)
    assert "is not complete" in result.stderr and not (desktop / "decks" / "teste.yaml").exists()
    copy.write_bytes(data)
    result = _sync(cli, desktop, folder)
    assert "The deck teste arrived" in result.stdout


def test_settings_stay_on_each_computer_and_fitted_fsrs_parameters_travel(cli, homes, folder) -> None:  # type: ignore[no-untyped-def]
    from genai_cards.store import open_store

    laptop, desktop = homes
    assert cli("--home", str(laptop), "config", "set", "desired_retention", "0.85").exit_code == 0
    params = "0.2, 1.2, 3.1, 15.0, 7.2, 0.5, 1.5, 0.005, 1.5, 0.1, 1.0, 1.9, 0.1, 0.3, 2.2, 0.2, 3.0, 0.5, 0.6, 0.1, 0.2"
    with open_store(laptop) as store:  # what `optimize` stores when the fit is better
        store.set_config("fsrs_parameters", params)
    _sync(cli, laptop, folder)
    result = _sync(cli, desktop, folder)
    assert "The setting fsrs_parameters arrived from another computer." in result.stdout
    with open_store(desktop) as store:
        raw = store.config_raw()
    assert raw.get("fsrs_parameters") == params
    assert "desired_retention" not in raw  # a setting stays on its computer
    result = _sync(cli, desktop, folder)
    assert "arrived" not in result.stdout


def test_a_computer_whose_clock_is_hours_wrong_still_merges_in_the_order_of_its_clock(
        cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    _study(cli, laptop, T1, "33")
    _study(cli, desktop, "2026-12-01T05:00:00-03:00", "11")  # really later, but its clock is 5 hours behind
    _sync(cli, laptop, folder)
    _sync(cli, desktop, folder)
    _sync(cli, laptop, folder)
    merged = _log(cli, laptop)
    assert merged == _log(cli, desktop) and len(merged) == 4
    assert [r["rating"] for r in merged if r["card_id"] == "teste/um"] == [1, 3]  # the desktop's came first
    assert _states(laptop) == _states(desktop)


def test_sync_alone_uses_the_sync_dir_setting_and_a_session_can_end_with_a_sync(cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    result = cli("--home", str(laptop), "sync")
    assert result.exit_code == 1 and "config set sync_dir" in result.stderr
    assert cli("--home", str(laptop), "config", "set", "sync_after_session", "maybe").exit_code == 1
    result = cli("--home", str(laptop), "config", "set", "sync_dir", "relative/cards")
    assert result.exit_code == 1 and "absolute folder path" in result.stderr
    not_a_folder = folder.parent / "file.txt"
    not_a_folder.parent.mkdir(parents=True, exist_ok=True)
    not_a_folder.write_text("x")
    result = cli("--home", str(laptop), "sync", str(not_a_folder))
    assert result.exit_code == 1 and f"cannot use the sync folder {not_a_folder}" in result.stderr
    for home in homes:
        assert cli("--home", str(home), "config", "set", "sync_dir", str(folder)).exit_code == 0
    _import(cli, laptop, deck)
    _study(cli, laptop, T1, "33")
    assert not (folder / "genai-cards" / _device(laptop) / "log-0001.jsonl").exists()  # off by default
    assert cli("--home", str(laptop), "config", "set", "sync_after_session", "on").exit_code == 0
    _study(cli, laptop, T2, "1")
    assert (folder / "genai-cards" / _device(laptop) / "log-0001.jsonl").exists()
    result = cli("--home", str(desktop), "sync", now=T3)
    assert result.exit_code == 0, result.output
    assert "received 3 answers" in result.stdout
    assert _log(cli, desktop) == _log(cli, laptop)


def test_a_second_sync_of_the_same_home_at_the_same_moment_is_refused(cli, home, folder) -> None:  # type: ignore[no-untyped-def]
    fcntl = pytest.importorskip("fcntl")
    with open(home / "sync.lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = cli("sync", str(folder))
    assert result.exit_code == 1 and "another sync of the home" in result.stderr
    assert cli("sync", str(folder)).exit_code == 0


def test_a_folder_that_lost_this_computers_files_gets_them_all_again(cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _study(cli, laptop, T1, "3311")
    _sync(cli, laptop, folder)
    shutil.rmtree(folder)
    _sync(cli, laptop, folder)
    _sync(cli, desktop, folder)
    assert _log(cli, desktop) == _log(cli, laptop) and len(_log(cli, desktop)) == 4


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env_args = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"]
    return subprocess.run(["git", *env_args, *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_sync_git_commits_pulls_and_pushes_and_a_failed_push_loses_nothing(cli, homes, tmp_path, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    bare = tmp_path / "remote.git"
    assert _git(tmp_path, "init", "--bare", str(bare)).returncode == 0
    seed = tmp_path / "seed"
    assert _git(tmp_path, "clone", str(bare), str(seed)).returncode == 0
    (seed / "README").write_text("cards\n")
    assert _git(seed, "add", "README").returncode == 0
    assert _git(seed, "commit", "-m", "start").returncode == 0
    assert _git(seed, "push", "origin", "HEAD").returncode == 0
    on_laptop, on_desktop = tmp_path / "repo-laptop", tmp_path / "repo-desktop"
    for clone in (on_laptop, on_desktop):
        assert _git(tmp_path, "clone", str(bare), str(clone)).returncode == 0
    _import(cli, laptop, deck)
    _study(cli, laptop, T1, "3311")
    _sync(cli, laptop, on_laptop, T3, "--git")
    _sync(cli, desktop, on_desktop, T3, "--git")
    assert _log(cli, desktop) == _log(cli, laptop) and len(_log(cli, laptop)) == 4
    _study(cli, desktop, T3, "1")
    # the remote goes away: the pull fails, this computer's files are committed, nothing is lost
    assert _git(on_desktop, "remote", "set-url", "origin", str(tmp_path / "gone.git")).returncode == 0
    result = cli("--home", str(desktop), "sync", str(on_desktop), "--git", now=T3)
    assert result.exit_code == 1
    assert "git pull --rebase failed" in result.stderr and "nothing is lost" in result.stderr
    assert _git(on_desktop, "status", "--porcelain").stdout == ""
    assert _git(on_desktop, "remote", "set-url", "origin", str(bare)).returncode == 0
    _sync(cli, desktop, on_desktop, T3, "--git")
    _sync(cli, laptop, on_laptop, T3, "--git")
    assert _log(cli, desktop) == _log(cli, laptop) and len(_log(cli, laptop)) == 5
    assert _states(desktop) == _states(laptop)
    result = cli("--home", str(laptop), "sync", str(tmp_path / "not-a-repo"), "--git", now=T3)
    assert result.exit_code == 1 and "not in a git repository" in result.stderr


def _old_home(home: Path) -> None:
    """A home at the schema before m005, with answers, an undo and card events, as that version wrote them."""
    from genai_cards.store import migrations

    home.mkdir(parents=True)
    db = sqlite3.connect(home / "genai-cards.sqlite3", isolation_level=None)
    migrations.apply(db, migrations.MIGRATIONS[:3])
    db.execute("INSERT INTO decks(deck, title, lang, origin, path, mtime_ns, size, digest) "
               "VALUES ('velho', 'Velho', 'pt-BR', 'user', '/nowhere/velho.yaml', 1, 1, 'x')")
    db.execute("INSERT INTO cards(key, note, deck, position, type, content, state, step, stability, difficulty, "
               "due, last_review, reps, lapses, first_review, leech, suspended) VALUES ('velho/a', 'velho/a', 'velho', 0, "
               "'basic', '{}', 2, NULL, 3.5, 5.0, 1796400000000, 1796130600000, 2, 0, 1796130000000, 1, 1)")
    for i, (at, rating, before, state, step) in enumerate([(1796130000000, 3, 0, 1, 1), (1796130600000, 3, 1, 2, None),
                                                           (1796131200000, 1, 2, 3, 0)], start=1):
        db.execute("INSERT INTO reviews(card, reviewed_at, rating, duration_ms, mode, answer, state_before, state, "
                   "step, stability, difficulty, due) VALUES ('velho/a', ?, ?, 1000, 'review', NULL, ?, ?, ?, "
                   "3.5, 5.0, ?)", (at, rating, before, state, step, 1796400000000 if i == 2 else at + 600000))
    db.execute("INSERT INTO undone(review, at) VALUES (3, 1796131300000)")
    db.execute("INSERT INTO card_events(card, at, kind, review) VALUES ('velho/a', 1796130600000, 'leech', 2)")
    db.execute("INSERT INTO card_events(card, at, kind) VALUES ('velho/a', 1796131400000, 'suspend')")
    db.close()


def test_the_migration_gives_existing_answers_and_events_unique_ids_and_changes_nothing_else(tmp_path, cli) -> None:  # type: ignore[no-untyped-def]
    from genai_cards.store import open_store

    homes = [tmp_path / "one", tmp_path / "two"]
    old_columns = {"reviews": "id, card, reviewed_at, rating, duration_ms, mode, answer, state_before, state, step, "
                              "stability, difficulty, due",
                   "card_events": "id, card, at, kind, review", "undone": "review, at",
                   "cards": "key, state, step, stability, difficulty, due, last_review, reps, lapses, suspended, leech",
                   "decks": "deck, title, digest", "config": "key, value"}
    uids: list[list[str]] = []
    devices: list[str] = []
    for home in homes:
        _old_home(home)
        with sqlite3.connect(home / "genai-cards.sqlite3") as db:
            before = {t: db.execute(f"SELECT {c} FROM {t} ORDER BY 1").fetchall() for t, c in old_columns.items()}
        with open_store(home) as store:
            after = {t: store.db.execute(f"SELECT {c} FROM {t} ORDER BY 1").fetchall() for t, c in old_columns.items()}
            assert after == before
            device = store.db.execute("SELECT value FROM sync_meta WHERE key = 'device'").fetchone()[0]
            devices.append(device)
            home_uids: list[str] = []
            for table in ("reviews", "card_events"):
                rows = store.db.execute(f"SELECT id, uid, device, seq FROM {table} ORDER BY id").fetchall()
                assert all(len(uid) == 32 and dev == device and seq == rid for rid, uid, dev, seq in rows)
                home_uids += [r[1] for r in rows]
            assert len(set(home_uids)) == len(home_uids) == 5
            uids.append(home_uids)
            assert store.rebuild_all() == []  # the cached states are what the log says, as before
        assert list((home / "backups").glob("before-migration-v3-*.sqlite3"))
    assert devices[0] != devices[1]
    # two copies of one home: the same answers get the same ids (synced later, they are not counted twice)
    assert uids[0] == uids[1]
    folder = tmp_path / "folder"
    for home in homes + homes:
        assert cli("--home", str(home), "sync", str(folder), now=T3).exit_code == 0
    for home in homes:
        with _db(home) as db:
            assert db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 3


def test_a_computer_whose_clock_jumped_back_keeps_its_own_answers_to_a_card_in_the_order_it_gave_them(
        cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)

    def quiz(home: Path, now: str, rating: str) -> None:  # teste/quatro is the deck's only typed card
        result = cli("--home", str(home), "quiz", "--topic", "teste", "--type", "typed", "--count", "1",
                     input=f"\n{rating}\n", now=now)
        assert result.exit_code == 0, result.output

    quiz(desktop, "2026-12-01T10:05:00-03:00", "4")
    quiz(desktop, "2026-12-01T09:00:00-03:00", "1")  # its clock jumped back an hour
    quiz(laptop, "2026-12-01T09:30:00-03:00", "2")
    _sync(cli, desktop, folder)
    _sync(cli, laptop, folder)
    _sync(cli, desktop, folder)
    merged = _log(cli, laptop)
    assert merged == _log(cli, desktop)
    assert [r["rating"] for r in merged if r["card_id"] == "teste/quatro"] == [2, 4, 1]  # not [1, 2, 4]
    assert _states(laptop) == _states(desktop)


def test_a_long_log_is_split_in_files_that_may_arrive_in_any_order(cli, homes, folder, deck, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import genai_cards.sync

    monkeypatch.setattr(genai_cards.sync, "ROTATE_BYTES", 600)
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    lines = "\n3\n" "\n3\n" "\n1\n" "u\n" "\n4\n" "\n3\n"  # five answers, one of them undone
    assert cli("--home", str(laptop), "review", "--topic", "teste", "--seed", "1", input=lines,
               now=T1).exit_code == 0
    _sync(cli, laptop, folder)
    own = folder / "genai-cards" / _device(laptop)
    files = sorted(own.glob("log-*.jsonl"))
    assert len(files) >= 3 and all(f.read_bytes().endswith(b"\n") for f in files)
    held = {f: f.read_bytes() for f in files[:-1]}
    undo = [json.loads(x) for x in files[-1].read_text().splitlines() if '"t":"undo"' in x][0]
    assert files[-1].read_text().count(undo["review"]) == 1  # the answer it takes back is in an earlier file
    for f in held:
        f.unlink()  # only the last file has arrived so far (its undo names an answer not here yet)
    _sync(cli, desktop, folder)
    for f, data in held.items():
        f.write_bytes(data)
    _sync(cli, desktop, folder)
    assert _log(cli, desktop) == _log(cli, laptop) and len(_log(cli, laptop)) == 4
    assert _states(desktop) == _states(laptop)


def test_two_computers_syncing_at_the_same_moment_are_safe(cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    import os
    import sys

    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    _study(cli, laptop, T1, "3311")
    _study(cli, desktop, T2, "1333")
    env = {**os.environ, "GENAI_CARDS_NOW": T3}
    runs = [subprocess.Popen([sys.executable, "-m", "genai_cards", "--home", str(h), "sync", str(folder)],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for h in homes]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    for home in (laptop, desktop, laptop):
        _sync(cli, home, folder)
    assert _log(cli, laptop) == _log(cli, desktop) and len(_log(cli, laptop)) == 8
    assert _states(laptop) == _states(desktop)


def test_a_home_restored_from_a_backup_after_syncing_loses_nothing_and_counts_nothing_twice(
        cli, homes, folder, deck, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    _study(cli, laptop, T1, "33")
    _sync(cli, laptop, folder)
    saved = tmp_path / "saved.sqlite3"
    with _db(laptop) as db, sqlite3.connect(saved) as copy:
        db.backup(copy)
    _study(cli, laptop, T2, "11")
    _sync(cli, laptop, folder)  # these two answers reach the folder, then the home goes back in time
    result = cli("--home", str(laptop), "doctor", "--restore", str(saved), now=T3)
    assert result.exit_code == 0, result.output
    assert len(_log(cli, laptop)) == 2
    _study(cli, laptop, "2026-12-01T11:00:00-03:00", "3")
    log_file = folder / "genai-cards" / _device(laptop) / "log-0001.jsonl"
    _sync(cli, laptop, folder, "2026-12-02T09:00:00-03:00")
    _sync(cli, desktop, folder, "2026-12-02T09:00:00-03:00")
    assert all(json.loads(line) for line in log_file.read_text().splitlines())  # every line whole
    assert _log(cli, laptop) == _log(cli, desktop) and len(_log(cli, desktop)) == 5
    assert _states(laptop) == _states(desktop)


def test_a_sync_at_the_end_of_a_session_that_cannot_happen_is_a_warning_not_a_failed_session(
        cli, home, tmp_path, small_deck) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert cli("config", "set", "sync_dir", str(blocker)).exit_code == 0
    assert cli("config", "set", "sync_after_session", "on").exit_code == 0
    result = cli("review", "--topic", "teste", input="\n3\n", now=T1)
    assert result.exit_code == 0, result.output
    assert "the sync at the end of the session did not happen" in result.stderr
    assert len(_log(cli, home)) == 1  # the answer is saved


def test_a_reset_on_one_computer_keeps_the_answers_it_did_not_know_about(cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    _study(cli, desktop, "2026-12-01T09:00:00-03:00", "3")  # teste/um on the desktop
    _study(cli, laptop, "2026-12-01T10:00:00-03:00", "13")  # teste/um and one more card, not synced yet
    other = [r["card_id"] for r in _log(cli, laptop) if r["card_id"] != "teste/um"][0]
    for card in ("teste/um", other):  # the desktop saw one answer of teste/um and none of the other card
        assert cli("--home", str(desktop), "card", "reset", card, now="2026-12-01T11:00:00-03:00").exit_code == 0
    _sync(cli, desktop, folder)
    _sync(cli, laptop, folder)
    _sync(cli, desktop, folder)
    for home in homes:
        states = {s[0]: s for s in _states(home)}
        for card in ("teste/um", other):  # only the laptop's 10:00 answer counts (not none: it was not known)
            assert states[card][7] == 1 and states[card][6] == 1796130000000
    assert _states(laptop) == _states(desktop)


def test_a_reset_after_a_sync_takes_back_every_answer_known_even_one_that_arrived_later(cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    _study(cli, laptop, "2026-12-01T12:00:00-03:00", "3")  # teste/um at noon on the laptop
    _study(cli, desktop, "2026-12-01T09:00:00-03:00", "3")  # and at nine on the desktop
    _sync(cli, desktop, folder)
    _sync(cli, laptop, folder)  # the desktop's earlier answer arrives after the laptop's own
    assert cli("--home", str(laptop), "card", "reset", "teste/um", now="2026-12-01T13:00:00-03:00").exit_code == 0
    assert "teste/um" not in {s[0] for s in _states(laptop)}  # new again: both answers taken back
    _sync(cli, laptop, folder)
    _sync(cli, desktop, folder)
    assert _states(laptop) == _states(desktop)


def test_computers_with_different_scheduling_settings_still_agree_on_every_card(cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = homes
    for key, value in (("desired_retention", "0.8"), ("exam_date", "2026-12-04"), ("learning_steps", "5m")):
        assert cli("--home", str(laptop), "config", "set", key, value).exit_code == 0
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    _study(cli, laptop, T1, "3344")
    _study(cli, desktop, T2, "3131")
    for home in (laptop, desktop, laptop):
        _sync(cli, home, folder)
    assert _log(cli, laptop) == _log(cli, desktop)
    assert _states(laptop) == _states(desktop)  # each answer replayed with its own computer's settings


def test_every_answers_stored_interval_follows_the_merged_and_replayed_log(cli, homes, folder, deck) -> None:  # type: ignore[no-untyped-def]
    from conftest import stored_and_logged_intervals

    laptop, desktop = homes
    _import(cli, laptop, deck)
    _import(cli, desktop, deck)
    lines = "\n3\n" "\n3\n" "u\n" "\n1\n"  # two answers, undo the second, answer it again
    assert cli("--home", str(laptop), "review", "--topic", "teste", "--seed", "1", input=lines,
               now=T1).exit_code == 0
    _study(cli, desktop, T2, "44")  # the same cards five minutes later, Easy: the replay rewrites their dues
    _sync(cli, laptop, folder)
    _sync(cli, desktop, folder)
    _sync(cli, laptop, folder)
    for home in homes:
        stored, logged = stored_and_logged_intervals(home)
        assert stored == logged
    with _db(desktop) as db:  # the laptop's answers came after the desktop's own in id order, before in time
        rows = db.execute("SELECT card, device, prev_ivl FROM reviews ORDER BY id").fetchall()
    laptop_device = _device(laptop)
    assert [prev is not None and prev > 3_600_000 for card, device, prev in rows if device == laptop_device] == [
        True, True, True]  # each follows the desktop's Easy answer to its card (undone or not), as replayed
    assert _states(laptop) == _states(desktop)
