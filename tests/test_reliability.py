"""SPEC §6: nothing lost on a kill, two sessions at once, hostile input refused cleanly, odd clocks."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "corpus" / "decks"
NOW = "2026-03-10T10:00:00-03:00"


def env_for(home: Path, now: str | None = NOW) -> dict[str, str]:
    env = {**os.environ, "GENAI_CARDS_HOME": str(home), "TZ": "America/Sao_Paulo", "NO_COLOR": "1",
           "COLUMNS": "100"}
    if now:
        env["GENAI_CARDS_NOW"] = now
    return env


def log_rows(home: Path) -> list[tuple]:
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    try:
        return db.execute("SELECT card, rating FROM reviews ORDER BY id").fetchall()
    finally:
        db.close()


class Pty:
    """A program on a pseudo-terminal: send keys, wait for text."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.buffer = ""

    def expect(self, text: str, timeout: float = 10.0) -> None:
        end = time.monotonic() + timeout
        while text not in self.buffer:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} not seen; screen:\n{self.buffer[-2000:]}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.buffer += os.read(self.master, 65536).decode(errors="replace")
                except OSError:
                    break
        self.buffer = self.buffer[self.buffer.index(text) + len(text):]

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        os.close(self.master)


@pytest.mark.slow
def test_sigkill_while_a_card_is_on_screen_keeps_every_earlier_answer(home, small_deck) -> None:
    term = Pty([sys.executable, "-m", "genai_cards", "review", "--topic", "teste"], env_for(home))
    term.expect("Pergunta um")
    term.send(" ")
    term.expect("Enter = good")
    term.send("3")
    term.expect("Pergunta dois")
    term.send(" ")
    term.expect("Enter = good")
    term.send("4")
    term.expect("[...]")  # the cloze card is on screen
    term.kill()
    assert log_rows(home) == [("teste/um", 3), ("teste/dois", 4)]
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def big_deck(path: Path, n: int) -> Path:
    lines = ["deck: grande", "title: Grande", "topics: [grande]", "cards:"]
    lines += [f"  - {{id: c{i}, front: pergunta {i}, back: resposta {i}}}" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.25, 0.45, 0.7])
def test_sigkill_during_import_leaves_nothing_half_imported(home, tmp_path, delay) -> None:
    deck = big_deck(tmp_path / "grande.yaml", 20000)
    proc = subprocess.Popen([sys.executable, "-m", "genai_cards", "import", str(deck)], env=env_for(home),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    count = db.execute("SELECT COUNT(*) FROM cards WHERE deck = 'grande'").fetchone()[0]
    assert count in (0, 20000)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    again = subprocess.run([sys.executable, "-m", "genai_cards", "decks", "--json"], env=env_for(home),
                           capture_output=True, text=True)
    assert again.returncode == 0
    rows = {d["deck"]: d["cards"] for d in json.loads(again.stdout)}
    assert rows.get("grande", 20000) == 20000


SLOW_MIGRATION = """
import sys, time
from genai_cards.store import migrations
from genai_cards.store import open_store
from pathlib import Path

def m_slow(db):
    db.execute("CREATE TABLE extra (n)")
    for i in range(200):
        db.execute("INSERT INTO extra VALUES (?)", (i,))
    print("started", flush=True)
    time.sleep(30)

migrations.MIGRATIONS = migrations.MIGRATIONS + [m_slow]
open_store(Path(sys.argv[1]))
"""


@pytest.mark.slow
def test_sigkill_during_a_migration_keeps_the_old_schema_intact(home, small_deck) -> None:
    shipped = sqlite3.connect(home / "genai-cards.sqlite3").execute("PRAGMA user_version").fetchone()[0]
    proc = subprocess.Popen([sys.executable, "-c", SLOW_MIGRATION, str(home)], stdout=subprocess.PIPE, text=True,
                            env=env_for(home))
    assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == shipped
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 'extra'").fetchone() is None
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT COUNT(*) FROM cards WHERE deck = 'teste'").fetchone()[0] == 6


@pytest.mark.slow
def test_two_sessions_at_once_neither_crash_nor_lose_a_review(home, small_deck, write, cli) -> None:
    other = write("outro.yaml", "deck: outro\ntitle: O\ntopics: [outro]\ncards:\n"
                  + "".join(f"  - {{id: o{i}, front: f{i}, back: b{i}}}\n" for i in range(6)))
    assert cli("import", str(other)).exit_code == 0
    answers = "\n3\n" * 30
    procs = [
        subprocess.Popen([sys.executable, "-m", "genai_cards", "review", "--topic", topic], env=env_for(home),
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for topic in ("teste", "outro", "teste")
    ]
    outs = [p.communicate(answers, timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs
    assert all("Traceback" not in o + e for o, e in outs)
    reviewed = sum(int(o.split("Reviewed ")[1].split(" ")[0]) if "Reviewed " in o else 0 for o, _ in outs)
    assert len(log_rows(home)) == reviewed > 12
    assert_states_follow_the_log(home)
    assert json.loads(cli("doctor", "--json").output)["cards_repaired"] == []


def assert_states_follow_the_log(home: Path) -> None:
    """Each answer was computed from the state the one before it left (not from a stale copy), and each
    card's cached state is its last answer's, with one rep per answer."""
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    try:
        answers: dict[str, list[tuple]] = {}
        for card, before, after, stability in db.execute(
            "SELECT card, state_before, state, stability FROM reviews "
            "WHERE id NOT IN (SELECT review FROM undone) ORDER BY id"
        ):
            answers.setdefault(card, []).append((before, after, stability))
        for card, chain in answers.items():
            befores = [b for b, _, _ in chain]
            assert befores == [0] + [a for _, a, _ in chain[:-1]], (card, chain)
            state, reps, stability = db.execute(
                "SELECT state, reps, stability FROM cards WHERE key = ?", (card,)).fetchone()
            assert (state, reps, stability) == (chain[-1][1], len(chain), chain[-1][2]), card
    finally:
        db.close()


@pytest.mark.slow
def test_two_sessions_answering_the_same_card_build_on_each_others_answers(home, small_deck, cli) -> None:
    first = Pty([sys.executable, "-m", "genai_cards", "review", "--topic", "teste"], env_for(home))
    second = Pty([sys.executable, "-m", "genai_cards", "review", "--topic", "teste"], env_for(home))
    try:
        first.expect("Pergunta um")
        second.expect("Pergunta um")  # both show the new card
        first.send(" ")
        first.expect("Enter = good")
        first.send("3")
        first.expect("Pergunta dois")  # the first answer is committed
        second.send(" ")
        second.expect("Enter = good")
        second.send("3")  # computed from the card as the first session left it, not as it was shown
        second.expect("Pergunta dois")
    finally:
        first.kill()
        second.kill()
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    states = db.execute("SELECT state_before, state FROM reviews WHERE card = 'teste/um' ORDER BY id").fetchall()
    db.close()
    assert len(states) == 2 and states[1][0] == states[0][1] != 0
    assert_states_follow_the_log(home)
    assert json.loads(cli("doctor", "--json").output)["cards_repaired"] == []


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.yaml")))
def test_hostile_or_malformed_deck_is_refused_in_one_line_and_changes_nothing(cli, home, name) -> None:
    before = cli("decks", "--json").output
    path = CORPUS / name
    for command in (["validate", str(path)], ["import", str(path)]):
        result = cli(*command)
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        first = result.output.splitlines()[0]
        assert first.startswith(f"{path}:") and len(first) < 300
    assert cli("decks", "--json").output == before
    assert not (home / "decks").exists()


def test_ten_megabyte_deck_is_read_as_it_streams_and_imported(cli, tmp_path) -> None:
    path = big_deck(tmp_path / "enorme.yaml", 10)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("# " + "x" * (10 * 1024 * 1024) + "\n")
    result = cli("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 10


def test_deck_over_64_megabytes_is_refused(cli, tmp_path, home) -> None:
    path = big_deck(tmp_path / "enorme.yaml", 10)
    with open(path, "r+b") as fh:
        fh.truncate(64 * 1024 * 1024 + 1)  # sparse: refused by its size, never read
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"{path}: file too large (over 64 MB)\n"
    assert not (home / "decks").exists()


@pytest.mark.parametrize("key,value", [
    ("desired_retention", "abc"), ("desired_retention", "0.2"), ("new_per_day", "-1"), ("new_per_day", "1e9"),
    ("max_reviews_per_day", "muitos"), ("learning_steps", "1 minuto"), ("learning_steps", "-5m"),
    ("relearning_steps", "10x"), ("day_starts_at", "25"), ("day_starts_at", "4:30"), ("exam_date", "2026-02-30"),
    ("exam_date", "amanhã"), ("leech_threshold", "-3"), ("leech_action", "delete"),
])
def test_bad_config_values_are_refused_with_one_line(cli, key, value) -> None:
    result = cli("config", "set", "--", key, value)  # `--` lets a value start with '-'
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and f"for {key}: expected" in result.output
    assert cli("config", "show", "--json").exit_code == 0


def test_bad_clock_override_is_a_clear_error(cli, monkeypatch) -> None:
    monkeypatch.setenv("GENAI_CARDS_NOW", "ontem")
    result = cli("due")
    assert result.exit_code == 1
    assert "GENAI_CARDS_NOW" in result.output and "Traceback" not in result.output


def test_database_newer_than_program_is_not_touched(cli, home) -> None:
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    db.execute("PRAGMA user_version = 42")
    db.commit()
    size = (home / "genai-cards.sqlite3").stat().st_size
    result = cli("review")
    assert result.exit_code == 1 and "newer than this program knows" in result.output
    assert db.execute("PRAGMA user_version").fetchone()[0] == 42
    assert (home / "genai-cards.sqlite3").stat().st_size == size


def test_disk_full_keeps_earlier_answers_and_says_so(cli, home, small_deck, monkeypatch) -> None:
    import genai_cards.store as store_mod

    real_record = store_mod.Store.record_review
    calls = {"n": 0}

    def record_then_fill(self, *args, **kwargs):  # the disk fills up after the first answer
        calls["n"] += 1
        if calls["n"] == 2:
            pages = self.db.execute("PRAGMA page_count").fetchone()[0]
            self.db.execute(f"PRAGMA max_page_count = {pages}")
        return real_record(self, *args, **kwargs)

    monkeypatch.setattr(store_mod.Store, "record_review", record_then_fill)
    long_answer = "x" * 200_000  # needs new pages: the full disk refuses it
    result = cli("review", "--topic", "teste", input=f"\n3\n\n3\n{long_answer}\n3\n", now=NOW)
    assert result.exit_code == 1
    assert "disk is full" in result.output and "Traceback" not in result.output
    assert [r[0] for r in log_rows(home)] == ["teste/um", "teste/dois"]


def test_a_clock_that_goes_backwards_is_handled(cli, small_deck) -> None:
    assert cli("review", "--topic", "teste", input="\n4\n", now=NOW).exit_code == 0
    earlier = "2026-03-09T10:00:00-03:00"
    result = cli("quiz", "--topic", "teste", "--type", "basic", "--count", "1", input="\n3\n", now=earlier)
    assert result.exit_code == 0, result.output
    card = json.loads(cli("card", "show", "teste/um", "--json").output)
    history = card["history"]
    assert [(h["mode"], h["rating"]) for h in history] == [("review", 4), ("quiz", 3)]  # both kept, in answer order
    assert history[1]["reviewed_at"] == "2026-03-09T13:00:00+00:00"  # the quiz answer keeps its (earlier) time
    assert card["reps"] == 2 and card["state"] == "review"
    assert card["due"] > history[0]["reviewed_at"]  # not due before the answer that came first in real time


def test_a_learner_who_changes_time_zone_keeps_studying(cli, small_deck, monkeypatch) -> None:
    cli("review", "--topic", "teste", input="\n4\n", now=NOW)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    result = cli("due", "--json", now="2026-03-11T09:00:00+09:00")
    assert result.exit_code == 0 and "today" in json.loads(result.output)
    assert cli("review", "--topic", "teste", input="\n3\nq\n", now="2026-03-11T09:00:00+09:00").exit_code == 0


def test_a_home_untouched_for_a_year_shows_overdue_cards_most_at_risk_first(cli, home, small_deck) -> None:
    cli("review", "--topic", "teste", input="\n4\n\n4\n\n3\n\n3\nx\n4\n", now=NOW)
    cli("config", "set", "new_per_day", "0")
    db = sqlite3.connect(home / "genai-cards.sqlite3")  # dois (second in deck order) is the one most forgotten
    db.execute("UPDATE cards SET stability = 2 WHERE key = 'teste/dois'")
    db.commit()
    db.close()
    later = "2027-03-15T10:00:00-03:00"
    result = cli("review", "--topic", "teste", input="q\n", now=later)
    assert result.exit_code == 0
    summary = json.loads(cli("due", "--topic", "teste", "--json", now=later).output)
    assert summary["today"] >= 2
    shown = [json.loads(cli("card", "show", k, "--json", now=later).output) for k in ("teste/um", "teste/dois")]
    cards = [c for s in shown for c in (s if isinstance(s, list) else [s])]
    risk = {c["card_id"]: c["retrievability"] for c in cards if c["state"] == "review"}
    assert len(risk) >= 2 and len(set(risk.values())) >= 2  # reviews that differ in how much is forgotten
    result = cli("review", "--topic", "teste", input="\n3\n" * 12, now=later)
    order = [k for k in re.findall(r"Card: (teste/[^\s│]+)", result.output) if k in risk]
    assert sorted(set(order)) == sorted(risk)
    firsts = list(dict.fromkeys(order))
    assert firsts == sorted(risk, key=lambda k: (risk[k], k))  # most at risk (lowest recall) first


@pytest.mark.parametrize("tz,day", [
    ("America/New_York", "2026-03-08"), ("America/New_York", "2026-11-01"), ("Europe/Berlin", "2026-03-29"),
    ("Europe/Berlin", "2026-10-25"), ("Australia/Sydney", "2026-04-05"), ("America/Sao_Paulo", "2026-03-10"),
])
def test_study_day_starts_at_0400_local_across_dst_changes(monkeypatch, tz, day) -> None:
    from datetime import date, datetime, timedelta

    from genai_cards.model import next_study_day, study_day_start

    monkeypatch.setenv("TZ", tz)
    time.tzset()
    d = date.fromisoformat(day)
    for hour in (1, 3, 5, 12, 23):
        moment = datetime(d.year, d.month, d.day, hour).astimezone()
        start = study_day_start(moment, 4)
        local = start.astimezone()
        assert (local.hour, local.minute) == (4, 0)
        assert local.date() == (d if hour >= 4 else d - timedelta(days=1))
        nxt = next_study_day(start, 4).astimezone()
        assert (nxt.hour, nxt.date()) == (4, local.date() + timedelta(days=1))


def test_import_and_review_open_no_socket(cli, write, monkeypatch) -> None:
    opened = []

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            opened.append(args)
            raise OSError("network access attempted")

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: opened.append(a) or NoSocket())
    path = write("rede.yaml", "deck: rede\ntitle: R\ntopics: [rede]\ncards:\n  - {id: a, front: f, back: b}\n")
    assert cli("import", str(path)).exit_code == 0
    assert cli("review", "--topic", "rede", input="\n3\n", now=NOW).exit_code == 0
    assert cli("quiz", "--topic", "rede", "--no-record", input="\n3\n", now=NOW).exit_code == 0
    assert opened == []


def test_read_only_home_is_refused_clearly_and_left_unchanged(home, small_deck) -> None:
    import shutil as sh

    if os.geteuid() != 0 or not sh.which("unshare"):
        pytest.skip("needs root and unshare to mount the home read-only")
    before = sorted(p.name for p in home.iterdir())
    script = (f"mount --bind {home} {home} && mount -o remount,bind,ro {home} && "
              f"{sys.executable} -m genai_cards review --topic teste")
    out = subprocess.run(["unshare", "-m", "sh", "-c", script], env=env_for(home), input="\n3\n",
                         capture_output=True, text=True)
    if "mount" in out.stderr and "permission denied" in out.stderr.lower():
        pytest.skip("mount namespaces are not allowed here")
    assert out.returncode == 1, out.stdout + out.stderr
    assert "the home folder is read-only" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in home.iterdir()) == before


@pytest.mark.parametrize("name,data", [
    ("unclosed-quote.csv", b'front,back\n"aberto,b\nc,d\n'),
    ("missing-column.csv", b"front\nso a frente\n"),
    ("binary.csv", b"front,back\n\x00\x01\x02\xff\xfe,\x00\n"),
    ("not-utf8.tsv", b"front\tback\nfun\xe7\xe3o\tx\n"),
    ("empty.csv", b""),
])
def test_bad_csv_is_refused_in_one_line_and_changes_nothing(cli, home, tmp_path, name, data) -> None:
    before = cli("decks", "--json").output
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("import", str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.splitlines()[0].startswith(f"{path}")
    assert cli("decks", "--json").output == before


@pytest.mark.parametrize("answer,removed", [("n", False), ("y", True)])
def test_decks_remove_asks_for_confirmation_on_a_terminal(cli, home, small_deck, answer, removed) -> None:
    term = Pty([sys.executable, "-m", "genai_cards", "decks", "remove", "teste"], env_for(home))
    term.expect("[y/N]")
    term.send(answer + "\n")
    assert term.proc.wait(timeout=10) == (0 if removed else 1)
    os.close(term.master)
    decks = {d["deck"] for d in json.loads(cli("decks", "--json").output)}
    assert ("teste" in decks) is not removed
