"""A mock exam survives its process being killed outright: each answer and flag is written as it is
given, and the next `quiz` or `review` submits the exam with them, once, while an exam still running
in another process is left alone until its time is up."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_mock_exam import valid_answer  # some well-formed answer to the question on screen

NOW = "2026-03-10T10:00:00-03:00"
EXAM = ("quiz", "--exam", "aif-c01", "--count", "3", "--seed", "2")

pytestmark = pytest.mark.slow


def rows(home: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(home / "genai-cards.sqlite3") as db:
        return [tuple(r) for r in db.execute(sql).fetchall()]


def start_exam(cli, home: Path, lines: str) -> subprocess.Popen:
    """The exam in its own process, given `lines`, left running until question 2 is flagged."""
    env = {**os.environ, "GENAI_CARDS_NOW": NOW}
    proc = subprocess.Popen([sys.executable, "-m", "genai_cards", *EXAM], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, text=True)
    assert proc.stdin is not None
    proc.stdin.write(lines)
    proc.stdin.flush()  # stdin stays open: the exam waits for more
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if rows(home, "SELECT 1 FROM exam_progress_questions WHERE position = 2 AND flagged = 1"):
                return proc
        except sqlite3.OperationalError:
            pass  # the table does not exist until the process has migrated the home
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the exam never wrote its flag")


@pytest.fixture
def answer(cli) -> str:
    """A valid answer to question 1 of the exam (the draw is the same for the same seed and home)."""
    return valid_answer(cli(*EXAM, "--no-record", input="", now=NOW).output)


def test_an_exam_killed_outright_is_submitted_by_the_next_review_with_the_answer_and_flag_it_kept(
        cli, home, answer) -> None:
    proc = start_exam(cli, home, f"{answer}\nf\n")  # answer 1, then flag 2
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert rows(home, "SELECT COUNT(*) FROM mock_exams") == [(0,)]

    out = cli("review", input="", now=NOW)
    assert out.exit_code == 0, out.output
    assert re.search(r"The mock exam AWS Certified AI Practitioner \(AIF-C01\) begun today at 10:00 was interrupted "
                     r"before it was submitted: it is submitted now with the 1 answer given \(of 3 questions\)\. "
                     r"Score: \d+ \(pass: 700\)\.", out.output), out.output
    exams = rows(home, "SELECT exam, submitted_at - started_at FROM mock_exams")
    assert exams == [("aif-c01", 0)]  # submitted as of its last answer (the clock stood still)
    kept = rows(home, "SELECT position, answer IS NOT NULL, flagged FROM mock_exam_questions ORDER BY position")
    assert kept == [(1, 1, 0), (2, 0, 1), (3, 0, 0)]
    assert rows(home, "SELECT COUNT(*), MIN(mode) FROM reviews") == [(1, "quiz")]  # the answer reached the log
    assert rows(home, "SELECT COUNT(*) FROM exams_in_progress") == [(0,)]

    again = cli("review", input="", now=NOW)  # submitted once, not at every start
    assert "was interrupted" not in again.output
    assert rows(home, "SELECT COUNT(*) FROM mock_exams") == [(1,)]
    assert rows(home, "SELECT COUNT(*) FROM reviews") == [(1,)]


def test_an_exam_still_running_in_another_process_is_left_alone_until_its_process_is_gone(
        cli, home, answer) -> None:
    proc = start_exam(cli, home, f"{answer}\nf\n")
    try:
        out = cli("quiz", "--topic", "aif-c01", "--count", "1", input="", now=NOW)
        assert "was interrupted" not in out.output
        assert rows(home, "SELECT COUNT(*) FROM exams_in_progress") == [(1,)]
        assert rows(home, "SELECT COUNT(*) FROM mock_exams") == [(0,)]
    finally:
        proc.kill()
        proc.wait(10)
    out = cli("quiz", "--topic", "aif-c01", "--count", "1", input="", now=NOW)
    assert "it is submitted now with the 1 answer given (of 3 questions)" in out.output
    assert rows(home, "SELECT COUNT(*) FROM mock_exams") == [(1,)]


def test_a_running_exam_past_its_time_limit_is_submitted_once_even_when_its_process_answers_later(
        cli, home, answer) -> None:
    proc = start_exam(cli, home, f"{answer}\nf\n")
    try:
        # the 3-question exam has 5 minutes: an hour later it is over whether its process lives or not
        out = cli("review", input="", now="2026-03-10T11:00:00-03:00")
        assert "it is submitted now with the 1 answer given (of 3 questions)" in out.output
        assert proc.stdin is not None
        proc.stdin.close()  # end of input: the process submits what it has, too late to count twice
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert rows(home, "SELECT COUNT(*) FROM mock_exams") == [(1,)]
    assert rows(home, "SELECT COUNT(*) FROM reviews") == [(1,)]


def test_an_exam_submitted_normally_leaves_nothing_in_progress(cli, home, answer) -> None:
    out = cli(*EXAM, input=f"{answer}\n", now=NOW)  # end of input submits it
    assert out.exit_code == 0 and "answered 1 of 3" in out.output
    assert rows(home, "SELECT COUNT(*) FROM exams_in_progress") == [(0,)]
    assert rows(home, "SELECT COUNT(*) FROM exam_progress_questions") == [(0,)]
    assert rows(home, "SELECT COUNT(*) FROM mock_exams") == [(1,)]
    assert "was interrupted" not in cli("review", input="", now=NOW).output


def test_an_exam_not_recorded_keeps_no_record_in_progress(cli, home, answer) -> None:
    cli(*EXAM, "--no-record", input=f"{answer}\n", now=NOW)
    assert rows(home, "SELECT COUNT(*) FROM exams_in_progress") == [(0,)]
    assert rows(home, "SELECT COUNT(*) FROM mock_exams") == [(0,)]


def test_the_notice_is_in_portuguese_under_a_pt_locale(cli, home, answer, monkeypatch) -> None:
    proc = start_exam(cli, home, f"{answer}\nf\n")
    proc.kill()
    proc.wait(10)
    monkeypatch.setenv("GENAI_CARDS_LANG", "pt-BR")
    out = cli("review", input="", now=NOW)
    assert re.search(r"O simulado AWS Certified AI Practitioner \(AIF-C01\) iniciado hoje às 10:00 foi interrompido "
                     r"antes de ser entregue: ele é entregue agora com 1 resposta dada \(de 3 questões\)\. "
                     r"Pontuação: \d+ \(aprovação: 700\)\.", out.output), out.output
