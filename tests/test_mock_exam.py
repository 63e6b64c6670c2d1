"""The faithful mock exam (issue 12): 65 questions, 15 unscored and not identified, drawn by domain
weight; multiple response, ordering and matching all-or-nothing; unanswered wrong; flag / review /
submit; the time limit with an injected clock; the report; --count; --missed; the exam files."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from genai_cards.errors import InvalidInput
from genai_cards.exams import Domain, Exam, find_exam, load_exam, questions_per_domain
from genai_cards.grading import make_question
from genai_cards.mockexam import ExamOver, ExamQuestion, MockExam
from genai_cards.model import EXAM_TYPES
from genai_cards.quiz import draw_exam, finish_exam
from genai_cards.store import open_store

NOW = "2026-03-10T10:00:00-03:00"
START = datetime(2026, 3, 10, 13, 0, tzinfo=timezone.utc)

FORMATS = """
deck: formatos
title: Formatos de prova
topics: [formatos]
cards:
  - id: escolha
    type: mcq
    front: Qual serviço converte texto em fala?
    choices:
      - {text: Amazon Polly, why: Polly sintetiza fala.}
      - {text: Amazon Transcribe, why: Transcribe transcreve fala em texto.}
      - {text: Amazon Translate, why: Translate traduz.}
      - {text: Amazon Lex, why: Lex faz chatbots.}
    answer: Amazon Polly
  - id: varias
    type: multi
    front: Quais serviços trabalham com áudio? (escolha 2)
    choices: [Amazon Polly, Amazon Transcribe, Amazon Textract, Amazon Kendra, Amazon Macie]
    answers: [Amazon Polly, Amazon Transcribe]
  - id: ordem
    type: order
    front: Ordene as etapas do RAG
    items: [Criar dados externos, Recuperar informações, Aumentar o prompt, Gerar a resposta]
  - id: pares
    type: match
    front: Associe serviço e uso
    pairs: [[Amazon Polly, texto em fala], [Amazon Transcribe, fala em texto], [Amazon Translate, tradução]]
"""
ONE_DOMAIN = Exam("formatos-exam", "Formatos", 4, 30, (Domain("formatos", "Formatos", 100),), (100, 1000), 700)


@pytest.fixture
def store(write, cli, home):
    assert cli("import", str(write("formatos.yaml", FORMATS))).exit_code == 0
    s = open_store(home)
    yield s
    s.close()


def mock_of(store, exam: Exam = ONE_DOMAIN, unscored: tuple[int, ...] = ()) -> MockExam:
    rng = random.Random(3)
    questions = []
    for i, key in enumerate(("formatos/escolha", "formatos/varias", "formatos/ordem", "formatos/pares")):
        card = store.card(key)
        questions.append(ExamQuestion(card, "formatos", make_question(card.content, rng), scored=i not in unscored))
    return MockExam(exam, questions, START)


def right_answer(q: ExamQuestion) -> str:
    return "".join(q.question.expected)


def partly_right(q: ExamQuestion) -> str:
    """The nearest wrong answer: one position (or choice) off."""
    want = list(q.question.expected)
    if q.question.type == "multi":
        other = next(label for label in q.question.labels if label not in want)
        return want[0] + other
    want[0], want[1] = want[1], want[0]
    return "".join(want)


# --- the draw ------------------------------------------------------------------------------------
def test_the_full_aif_exam_has_65_questions_15_unscored_drawn_by_domain_weight(home) -> None:
    with open_store(home) as s:
        mock = draw_exam(s, "aif-c01", random.Random(1), START).mock
    assert len(mock.questions) == 65
    assert sum(not q.scored for q in mock.questions) == 15
    assert Counter(q.domain for q in mock.questions) == {"aif-c01/d1": 13, "aif-c01/d2": 16, "aif-c01/d3": 18,
                                                          "aif-c01/d4": 9, "aif-c01/d5": 9}
    assert all(q.question.type in EXAM_TYPES for q in mock.questions)  # the exam's four formats only
    assert len({q.card.note for q in mock.questions}) == 65
    assert mock.deadline == START + timedelta(minutes=90)


def test_the_exam_file_holds_the_exam_guide_facts() -> None:
    exam = find_exam("aif-c01")
    assert (exam.questions, exam.unscored, exam.scored, exam.minutes) == (65, 15, 50, 90)
    assert (exam.scale, exam.pass_score, exam.types) == ((100, 1000), 700, ("mcq", "multi", "order", "match"))
    nca = find_exam("nca-aiio")
    assert (nca.questions, nca.unscored, nca.minutes, nca.types) == (50, 0, 60, ("mcq", "multi"))


def test_count_gives_a_short_exam_with_the_same_weights_unscored_share_and_pace(home) -> None:
    exam = find_exam("aif-c01")
    short = exam.shortened(10)
    assert (short.questions, short.unscored, short.minutes) == (10, 2, 14)
    assert questions_per_domain(short) == {"aif-c01/d1": 2, "aif-c01/d2": 3, "aif-c01/d3": 3,
                                           "aif-c01/d4": 1, "aif-c01/d5": 1}
    with open_store(home) as s:
        mock = draw_exam(s, "aif-c01", random.Random(1), START, 10).mock
    assert Counter(q.domain for q in mock.questions) == questions_per_domain(short)
    assert sum(not q.scored for q in mock.questions) == 2
    assert exam.shortened(1).unscored == 0  # one question is always scored
    assert exam.shortened(65) == exam


def test_count_with_exam_is_obeyed_on_the_command_line(cli) -> None:
    out = re.sub(r"\s+", " ", cli("quiz", "--exam", "aif-c01", "--count", "10", "--seed", "1", "--no-record",
                                  input="", now=NOW).output)
    assert "10 questions (2 of them unscored, not identified until the end), 14 minutes." in out
    assert "Question 1/10" in out and "⏱ 14:00 left" in out
    full = cli("quiz", "--exam", "aif-c01", "--count", "65", "--seed", "1", "--no-record", input="", now=NOW)
    assert "65 questions (15 of them unscored, not identified until the end), 90 minutes." in re.sub(
        r"\s+", " ", full.output)
    over = cli("quiz", "--exam", "aif-c01", "--count", "66", input="", now=NOW)
    assert over.exit_code == 2
    assert "--count 66 is more than the 65 questions of aif-c01" in over.output


def test_nca_aiio_has_its_own_exam(cli) -> None:
    out = cli("quiz", "--exam", "nca-aiio", "--count", "3", "--seed", "1", "--no-record", input="", now=NOW).output
    assert "NVIDIA-Certified Associate — AI Infrastructure and Operations: 3 questions, 4 minutes." in out
    assert "Scaled score: 0 on 0–100 (pass: 70) — FAIL" in out


# --- scoring -------------------------------------------------------------------------------------
def test_multi_order_and_match_score_only_when_entirely_right(store) -> None:
    mock = mock_of(store)
    for i, q in enumerate(mock.questions):
        mock.go(START, i)
        mock.answer(START, right_answer(q) if q.question.type == "mcq" else partly_right(q))
    assert [q.right for q in mock.questions] == [True, False, False, False]
    assert [q.result for q in mock.questions][:3] == ["right", "partial", "partial"]  # partly right: no credit
    score = mock.score()
    assert (score["right"], score["scored"]) == (1, 4)
    assert score["score"] == 325  # 100 + 900 * 1/4: a partly right answer earns nothing
    for i, q in enumerate(mock.questions):
        mock.go(START, i)
        mock.answer(START, right_answer(q))
    assert mock.score()["score"] == 1000 and mock.score()["passed"] is True


def test_unanswered_questions_count_as_wrong(store) -> None:
    mock = mock_of(store)
    mock.answer(START, right_answer(mock.questions[0]))
    score = mock.score()
    assert (score["answered"], score["right"], score["score"]) == (1, 1, 325)


def test_unscored_questions_are_left_out_of_the_score(store) -> None:
    mock = mock_of(store, unscored=(0,))
    mock.answer(START, right_answer(mock.questions[0]))  # right, but unscored: earns nothing
    assert mock.score()["score"] == 100 and mock.score()["scored"] == 3
    for i in (1, 2, 3):
        mock.go(START, i)
        mock.answer(START, right_answer(mock.questions[i]))
    mock.go(START, 0)
    mock.answer(START, partly_right(mock.questions[0]) if mock.questions[0].question.type != "mcq" else
                next(x for x in "abcd" if x != right_answer(mock.questions[0])))  # wrong, unscored: costs nothing
    assert mock.score()["score"] == 1000
    assert mock.score()["unscored"] == [1]


# --- flag, review, submit; the clock ----------------------------------------------------------------
def test_flag_move_on_come_back_and_the_review_screen(store) -> None:
    mock = mock_of(store)
    t = START + timedelta(minutes=1)
    assert mock.toggle_flag(t) is True
    assert mock.next(t) and mock.current == 1
    mock.answer(t, right_answer(mock.questions[1]))
    mock.next(t)
    mock.next(t)
    assert mock.next(t) is False  # the last question: the review screen comes next
    status = mock.status()
    assert (status.answered, status.flagged, status.unanswered) == ((2,), (1,), (1, 3, 4))
    mock.go(t, status.flagged[0] - 1)
    mock.answer(t, right_answer(mock.questions[0]))
    assert mock.toggle_flag(t) is False
    assert mock.status().flagged == () and mock.status().answered == (1, 2)
    with pytest.raises(IndexError):
        mock.go(t, 4)
    mock.submit(t)
    assert mock.over and not mock.timed_out and mock.submitted_at == t
    with pytest.raises(ExamOver):
        mock.answer(t, "a")


def test_an_answer_after_the_time_limit_does_not_count_and_submits_the_exam(store) -> None:
    mock = mock_of(store)
    last_second = mock.deadline - timedelta(seconds=1)
    mock.answer(last_second, right_answer(mock.questions[0]))  # the nearest: just in time, it counts
    mock.go(last_second, 1)
    with pytest.raises(ExamOver):
        mock.answer(mock.deadline, right_answer(mock.questions[1]))
    assert mock.questions[1].grade is None
    assert mock.timed_out and mock.submitted_at == mock.deadline
    assert mock.score()["answered"] == 1


def test_warnings_at_15_and_5_minutes_come_once_each(store) -> None:
    mock = mock_of(store)  # 30 minutes
    at = lambda left: mock.deadline - timedelta(minutes=left)  # noqa: E731
    assert mock.warning(at(16)) is None
    assert mock.warning(at(15)) == 15
    assert mock.warning(at(14)) is None
    assert mock.warning(at(5)) == 5 and mock.warning(at(1)) is None
    late = mock_of(store)
    assert late.warning(late.deadline - timedelta(minutes=3)) == 5  # both due at once: the nearer one
    short = mock_of(store, Exam("s", "S", 4, 7, ONE_DOMAIN.domains))
    assert short.warning(START) is None  # a 7-minute exam is not warned at 15
    assert short.warning(short.deadline - timedelta(minutes=5)) == 5


class Ticking:
    """A clock that moves on by `step` at every reading (the command reads it at each move)."""

    def __init__(self, step: timedelta) -> None:
        self.t = START
        self.step = step

    def __call__(self) -> datetime:
        now = self.t
        self.t += self.step
        return now


def valid_answer(screen: str) -> str:
    """Some well-formed answer to the question on screen (right or wrong does not matter here)."""
    panel = screen.split("╰")[0]
    kind = re.search(r"╭─ (\w+) ", panel).group(1)
    labels = "".join(re.findall(r"│\s+([a-z])\) ", panel))
    if kind == "mcq":
        return "a"
    if kind == "multi":
        return labels[:int(re.search(r"Pick (\d+) letters", screen).group(1))]
    return labels


@pytest.mark.parametrize("step,counted", [(timedelta(minutes=46), False), (timedelta(minutes=44), True)])
def test_when_time_is_up_the_exam_is_submitted_and_a_late_answer_does_not_count(cli, monkeypatch, step,
                                                                               counted) -> None:
    import genai_cards.commands.study as command

    args = ("quiz", "--exam", "aif-c01", "--seed", "4", "--no-record")
    answer = valid_answer(cli(*args, input="", now=NOW).output)
    # the command reads the clock at the start, before showing question 1, and when the answer comes in:
    # the answer is typed 2 steps after the start (92 minutes: too late; 88: in time)
    monkeypatch.setattr(command, "now", Ticking(step))
    out = cli(*args, input=f"{answer}\n" * 3, now=NOW).output
    assert "Time is up: the exam was submitted at the time limit" in out
    assert ("answered 1 of 65" if counted else "answered 0 of 65") in out


# --- the terminal loop ------------------------------------------------------------------------------
def test_q_asks_for_confirmation_before_ending_the_exam(cli) -> None:
    out = cli("quiz", "--exam", "aif-c01", "--count", "3", "--seed", "2", "--no-record", input="q\nn\nq\ny\n",
              now=NOW).output
    assert out.count("Quit now? The exam is submitted and scored as it is (3 unanswered count as wrong).") == 2
    assert out.count("Scaled score:") == 1
    assert out.index("Scaled score:") > out.rindex("Quit now?")


def test_flagged_and_unanswered_questions_show_on_the_review_screen_before_submitting(cli) -> None:
    # flag 1, skip to the end; review screen; f goes back to the flagged one; s, no; s, yes
    out = cli("quiz", "--exam", "aif-c01", "--count", "3", "--seed", "2", "--no-record",
              input="f\n\n\n\nf\ns\ns\nn\ns\ny\n", now=NOW).output
    assert "Question 1 is flagged for review." in out
    screens = out.split("Review before submitting")
    assert len(screens) == 4  # at the end, after `s` at question 1, again after declining to submit
    assert "Flagged: 1" in screens[1] and "Unanswered (they count as wrong): 1 2 3" in screens[1]
    assert "Question 1/3   ⏱ 05:00 left   ⚑ flagged" in screens[1]
    assert "Submit the exam now, with 3 unanswered and 1 flagged? (y/N)" in out
    assert out.count("Scaled score:") == 1


def test_end_of_input_submits_the_exam_with_the_answers_so_far(cli) -> None:
    out = cli("quiz", "--exam", "aif-c01", "--count", "3", "--seed", "2", input="", now=NOW)
    assert out.exit_code == 0
    assert "answered 0 of 3" in out.output


def test_the_report_names_the_unscored_and_shows_every_missed_question_with_its_whys(cli, store) -> None:
    # the report's whys: a mock exam over the formats deck, through the same report
    from genai_cards.ui import make_console, render_exam_report
    import io

    mock = mock_of(store, unscored=(2,))
    mock.answer(START, next(x for x in "abcd" if x != right_answer(mock.questions[0])))
    mock.submit(START)
    buf = io.StringIO()
    render_exam_report(make_console(buf), mock, mock.score())
    text = buf.getvalue()
    assert "Unscored (not counted, as on the real exam): question 3." in text  # one: singular
    for why in ("Polly sintetiza fala.", "Transcribe transcreve fala em texto.", "Translate traduz.", "Lex faz chatbots."):
        assert why in text
    for n in (1, 2, 3, 4):
        assert re.search(rf"^{n}\. formatos/", text, flags=re.M)
    assert "3. formatos/ordem (unscored)" in text
    assert text.count("not answered") == 3
    assert "1. Criar dados externos" in text  # the right order of the unanswered order question


def test_unscored_questions_are_not_identified_until_the_report(cli) -> None:
    out = cli("quiz", "--exam", "aif-c01", "--seed", "3", "--no-record", input="\n" * 65 + "s\ny\n", now=NOW).output
    before, report = out.split("Scaled score:")
    assert "(unscored)" not in before and "Unscored" not in before
    numbers = re.search(r"Unscored \(not counted, as on the real exam\): questions ([\d ]+)\.", report).group(1)
    assert len(numbers.split()) == 15
    assert report.count("(unscored)") == 15


# --- --missed ---------------------------------------------------------------------------------------
def test_missed_drills_what_the_last_mock_exams_missed(cli, home) -> None:
    assert cli("quiz", "--exam", "aif-c01", "--missed", input="", now=NOW).exit_code == 1
    out = cli("quiz", "--exam", "aif-c01", "--count", "4", "--seed", "6", input="\n\n\n\ns\ny\n", now=NOW).output
    missed = set(re.findall(r"^\d+\. (\S+/\S+)", out.split("Scaled score:")[1], flags=re.M))
    assert len(missed) == 4
    drill = cli("quiz", "--exam", "aif-c01", "--missed", "--no-record", input="\n\n" * 4, now=NOW)
    assert drill.exit_code == 0, drill.output
    assert set(re.findall(r"Card: (\S+/[^\s│]+)", drill.output)) == missed


def test_a_question_answered_right_is_not_drilled_again(store) -> None:
    from genai_cards.config import Config
    from genai_cards.scheduler import Scheduler

    mock = mock_of(store, Exam("aif-c01", "X", 4, 90, ONE_DOMAIN.domains, (100, 1000), 700))
    mock.answer(START, right_answer(mock.questions[0]))
    mock.next(START)
    mock.answer(START, partly_right(mock.questions[1]))
    mock.submit(START)
    config = Config.from_raw(store.config_raw())
    finish_exam(mock, store, Scheduler(config), config)
    assert [k for k, _ in store.missed_in_last_exams("aif-c01", 3)] == ["formatos/varias", "formatos/ordem",
                                                                        "formatos/pares"]
    assert store.missed_in_last_exams("nca-aiio", 3) == []


# --- the exam file's checks ---------------------------------------------------------------------------
def exam_file(tmp_path: Path, extra: str) -> Path:
    p = tmp_path / "x.yaml"
    p.write_text("exam: x\ntitle: X\nquestions: 10\nminutes: 20\n" + extra +
                 "domains:\n  - {topic: x/d1, name: D1, weight: 100}\n", encoding="utf-8")
    return p


@pytest.mark.parametrize("extra,line,text", [
    ("unscored: 10\n", 5, "bad value '10' for unscored"),  # all unscored: the nearest wrong value
    ("unscored: -1\n", 5, "bad value '-1' for unscored"),
    ("types: [mcq, essay]\n", 5, "`essay` is not a question type an exam can ask"),
    ("types: mcq\n", 5, "`types` must be a list"),
])
def test_a_bad_exam_file_names_the_file_and_line(tmp_path, extra, line, text) -> None:
    with pytest.raises(InvalidInput) as e:
        load_exam(exam_file(tmp_path, extra))
    assert f"{tmp_path / 'x.yaml'}:{line}: " in str(e.value) and text in str(e.value)


def test_a_good_exam_file_with_unscored_and_types_loads(tmp_path) -> None:
    exam = load_exam(exam_file(tmp_path, "unscored: 9\ntypes: [mcq, order]\n"))
    assert (exam.unscored, exam.scored, exam.types) == (9, 1, ("mcq", "order"))


@pytest.mark.parametrize("extra,text", [
    (("--topic", "rag"), "--topic and --exam do not go together"),
    (("--type", "mcq"), "--type does not apply to --exam"),
])
def test_options_a_mock_exam_cannot_honour_are_refused_not_ignored(cli, extra, text) -> None:
    result = cli("quiz", "--exam", "aif-c01", *extra, input="", now=NOW)
    assert result.exit_code == 2 and text in result.output
    assert cli("quiz", "--topic", "rag", "--type", "mcq", "--count", "1", "--no-record", input="",
               now=NOW).exit_code == 0  # the same options on a topic quiz are fine


def test_missed_needs_an_exam(cli) -> None:
    result = cli("quiz", "--missed", input="", now=NOW)
    assert result.exit_code == 2 and "give the exam with --exam E" in result.output


def test_a_choice_letter_is_an_answer_never_a_navigation_command() -> None:
    from genai_cards.grading import Question
    from genai_cards.quiz import exam_command

    six = Question("mcq", "?", tuple("uvwxyz"), expected=("f",))
    four = Question("mcq", "?", tuple("wxyz"), expected=("a",))
    match = Question("match", "?", tuple("xyz"), rows=tuple("123"), expected=("a", "b", "c"))
    assert exam_command("f", six) is None  # the sixth choice, not a flag
    assert exam_command("f", four) == ("flag", 0)  # the nearest: four choices, so `f` flags
    assert exam_command("flag", six) == ("flag", 0)  # the word always flags
    assert exam_command("1b 2c 3a", match) is None  # a matching answer, not "go to 1"
    assert exam_command("12", match) == ("go", 12) and exam_command("go 3", four) == ("go", 3)
    assert exam_command("  ", four) == ("next", 0)
    assert exam_command("Q", four) == ("quit", 0)


class Interrupting:
    """An exam terminal that answers the first question right, then is interrupted (Ctrl-C; the
    command turns SIGTERM and SIGHUP into the same KeyboardInterrupt)."""

    def __init__(self) -> None:
        self.asked = 0

    def show_exam_question(self, eq, number, total, left) -> None:  # type: ignore[no-untyped-def]
        self.eq = eq

    def ask_exam(self, q, left):  # type: ignore[no-untyped-def]
        self.asked += 1
        if self.asked == 1:
            return "".join(q.expected)
        raise KeyboardInterrupt

    def show_exam_review(self, status, left) -> None:  # type: ignore[no-untyped-def]
        pass

    def ask_exam_review(self, left):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    def confirm(self, kind, status):  # type: ignore[no-untyped-def]
        return True

    def exam_notice(self, kind, **values) -> None:  # type: ignore[no-untyped-def]
        pass

    def invalid(self, reason) -> None:  # type: ignore[no-untyped-def]
        pass


def test_an_interrupted_exam_is_submitted_with_the_answers_given_and_logs_them(store, cli) -> None:
    from genai_cards.config import Config
    from genai_cards.quiz import run_mock_exam
    from genai_cards.scheduler import Scheduler

    mock = mock_of(store)
    done = run_mock_exam(mock, Interrupting(), lambda: START + timedelta(minutes=1))
    assert done.over and done.submitted_at == START + timedelta(minutes=1)
    config = Config.from_raw(store.config_raw())
    score = finish_exam(done, store, Scheduler(config), config)
    assert (score["right"], score["answered"]) == (1, 1)
    logged = store.db.execute("SELECT card, mode FROM reviews ORDER BY id").fetchall()
    assert [tuple(r) for r in logged] == [("formatos/escolha", "quiz")]
    assert store.db.execute("SELECT COUNT(*) FROM mock_exams").fetchone()[0] == 1


def test_the_exam_command_turns_sigterm_and_sighup_into_an_interrupt() -> None:
    import os
    import signal

    from genai_cards.commands.study import _signals_interrupt

    for signum in (signal.SIGTERM, signal.SIGHUP):
        with pytest.raises(KeyboardInterrupt):
            with _signals_interrupt():
                os.kill(os.getpid(), signum)
        assert signal.getsignal(signum) is signal.SIG_DFL  # put back as it was
