"""The interface in Brazilian Portuguese and English: the catalog is complete and compiled, the
language comes from GENAI_CARDS_LANG, the `ui_lang` setting and the locale in that order, plural
forms and the learner's number and date formats, and the screens word for word in both languages.
What is typed, command names, options and JSON keys never change with the language."""

from __future__ import annotations

import ast
import importlib.util
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from genai_cards import i18n
from genai_cards import messages as msg

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-03-10T10:00:00-03:00"


def _tool():  # scripts/i18n.py, the catalog's own checker
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "scripts" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_tool"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return _tool()


@pytest.fixture
def pt(monkeypatch):
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")


# --- the catalog -------------------------------------------------------------------------------
def test_every_message_has_a_portuguese_translation_and_the_shipped_mo_is_compiled_from_the_po(tool) -> None:
    assert tool.problems() == []


def test_a_message_without_translation_or_a_stale_mo_fails_the_check(tool, tmp_path) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(tool.LOCALE, locale)
    po = locale / "pt_BR" / "LC_MESSAGES" / "genai_cards.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Escolha uma letra."', 'msgstr ""'), encoding="utf-8")
    found = tool.problems(locale)
    assert [p for p in found if "no translation" in p] == [
        "pt_BR/genai_cards.po: no translation for 'Pick one letter.' (genai_cards/messages.py:%d)"
        % next(i for i, line in enumerate((ROOT / "src/genai_cards/messages.py").read_text().splitlines(), 1)
               if '"Pick one letter."' in line)]
    assert "pt_BR/genai_cards.mo is stale; run scripts/i18n.py compile" in found
    po.write_text(text.replace('msgstr "Escolha uma letra."', 'msgstr "Escolha uma letra só."'), encoding="utf-8")
    assert tool.problems(locale) == ["pt_BR/genai_cards.mo is stale; run scripts/i18n.py compile"]


def test_a_translation_that_loses_a_placeholder_fails_the_check(tool, tmp_path) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(tool.LOCALE, locale)
    po = locale / "pt_BR" / "LC_MESSAGES" / "genai_cards.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Desfeito: {card}"', 'msgstr "Desfeito: {cartao}"'), encoding="utf-8")
    assert any("'Undone: {card}' has placeholders ['cartao'], not ['card']" in p for p in tool.problems(locale))


def test_a_new_message_not_yet_in_the_catalog_is_reported(tool, monkeypatch) -> None:
    monkeypatch.setattr(msg, "BRAND_NEW_MESSAGE", "A brand new message.", raising=False)
    assert any("missing 'A brand new message.'" in p for p in tool.problems())


def test_no_message_function_builds_words_with_an_f_string() -> None:
    """Words in an f-string never reach gettext; a message function must use _() or ngettext()."""
    tree = ast.parse((ROOT / "src" / "genai_cards" / "messages.py").read_text(encoding="utf-8"))
    offenders = []
    for fn in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        specs = {id(n.format_spec) for n in ast.walk(fn) if isinstance(n, ast.FormattedValue) and n.format_spec}
        for node in ast.walk(fn):
            if isinstance(node, ast.JoinedStr) and id(node) not in specs:
                words = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                if any(ch.isalpha() for ch in words):
                    offenders.append(f"{fn.name}:{node.lineno}")
    assert offenders == []


def test_the_compiled_catalog_loads_without_any_system_locale() -> None:
    translation = i18n.catalog("pt-BR")
    assert translation.gettext("Pick one letter.") == "Escolha uma letra."
    assert translation.ngettext("{notes} card", "{notes} cards", 2) == "{notes} cartões"


# --- which language ----------------------------------------------------------------------------
@pytest.mark.parametrize(("environ", "setting", "expected"), [
    ({}, "", "en"),
    ({"LANG": "pt_BR.UTF-8"}, "", "pt-BR"),
    ({"LANG": "pt_PT.UTF-8"}, "", "pt-BR"),  # any pt
    ({"LANG": "fr_FR.UTF-8"}, "", "en"),
    ({"LANG": "C.UTF-8"}, "", "en"),
    ({"LC_MESSAGES": "pt_BR", "LANG": "en_US"}, "", "pt-BR"),
    ({"LC_MESSAGES": "en_US", "LANG": "pt_BR"}, "", "en"),
    ({"LC_ALL": "pt_BR", "LC_MESSAGES": "en_US"}, "", "pt-BR"),
    ({"LC_ALL": "en_US", "LC_MESSAGES": "pt_BR"}, "", "en"),
    ({"LANGUAGE": "pt_BR", "LC_ALL": "en_US"}, "", "pt-BR"),
    ({"LANGUAGE": "en", "LC_ALL": "pt_BR"}, "", "en"),
    ({"LANGUAGE": "fr:pt_BR:en", "LANG": "en_US"}, "", "pt-BR"),  # the first listed language we have
    ({"LANGUAGE": "", "LANG": "pt_BR"}, "", "pt-BR"),  # set but empty: ignored
    ({"LANG": "pt_BR"}, "en", "en"),  # ui_lang over the locale
    ({"LANG": "en_US"}, "pt-BR", "pt-BR"),
    ({"LANG": "en_US", "GENAI_CARDS_LANG": "pt-BR"}, "en", "pt-BR"),  # GENAI_CARDS_LANG over ui_lang
    ({"LANG": "pt_BR", "GENAI_CARDS_LANG": "en"}, "pt-BR", "en"),
    ({"LANG": "pt_BR", "GENAI_CARDS_LANG": "klingon"}, "", "pt-BR"),  # a value it cannot mean: ignored
])
def test_language_precedence(environ, setting, expected) -> None:
    assert i18n.choose(environ, setting) == expected


def test_ui_lang_setting_switches_the_interface_and_genai_cards_lang_overrides_it(cli, monkeypatch) -> None:
    assert cli("due", now=NOW).output.startswith("Due today:")
    assert cli("config", "set", "ui_lang", "pt-BR").exit_code == 0
    assert cli("due", now=NOW).output.startswith("Para hoje:")
    monkeypatch.setenv("GENAI_CARDS_LANG", "en")
    assert cli("due", now=NOW).output.startswith("Due today:")
    monkeypatch.delenv("GENAI_CARDS_LANG")
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    assert cli("config", "set", "ui_lang", "en").exit_code == 0
    assert cli("due", now=NOW).output.startswith("Due today:")


def test_ui_lang_refuses_a_language_it_has_no_catalog_for(cli) -> None:
    result = cli("config", "set", "ui_lang", "fr")
    assert result.exit_code == 1
    assert result.output == "Error: bad value 'fr' for ui_lang: expected pt-BR or en (or empty: from the locale)\n"


def test_a_real_process_under_a_pt_locale_speaks_portuguese_without_that_locale_installed(home) -> None:
    env = {"PATH": "/usr/bin:/bin", "GENAI_CARDS_HOME": str(home), "GENAI_CARDS_NOW": NOW, "LANG": "pt_BR.UTF-8",
           "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    out = subprocess.run([sys.executable, "-m", "genai_cards", "card", "show", "nada"], env=env,
                         capture_output=True, text=True)
    assert (out.returncode, out.stderr) == (1, "Erro: nenhum cartão 'nada' (use deck/cartão, ex.: rag/rag-definicao)\n")


# --- plural forms, numbers and dates --------------------------------------------------------------
@pytest.mark.parametrize(("lang", "n", "expected"), [
    ("en", 0, "Reviewed 0 cards in 0m05s."), ("en", 1, "Reviewed 1 card in 0m05s."),
    ("en", 2, "Reviewed 2 cards in 0m05s."),
    ("pt-BR", 0, "0 cartão revisado em 0m05s."), ("pt-BR", 1, "1 cartão revisado em 0m05s."),
    ("pt-BR", 2, "2 cartões revisados em 0m05s."), ("pt-BR", 1234, "1.234 cartões revisados em 0m05s."),
])
def test_plural_forms(lang, n, expected) -> None:
    i18n.set_language(lang)
    assert msg.session_summary(n, 5) == expected


def test_plural_forms_of_counts_inside_a_line() -> None:
    i18n.set_language("pt-BR")
    assert msg.due_line(1, 1, 2) == "Para hoje: 1 (+ 1 novo)   amanhã: 2"
    assert msg.due_line(3, 2, 0) == "Para hoje: 3 (+ 2 novos)   amanhã: 0"
    assert msg.exported_decks(1, 1, ["a.yaml"]) == "Exportados 1 cartão de 1 deck para a.yaml."
    assert msg.exported_decks(2, 5, ["a", "b"]) == "Exportados 5 cartões de 2 decks para 2 arquivos."
    i18n.set_language("en")
    assert msg.due_line(1, 1, 2) == "Due today: 1 (+ 1 new)   tomorrow: 2"
    assert msg.exported_decks(1, 1, ["a.yaml"]) == "Exported 1 card from 1 deck to a.yaml."


def test_numbers_and_dates_in_the_learners_format() -> None:
    i18n.set_language("pt-BR")
    assert (i18n.integer(1234567), i18n.decimal(0.9), i18n.decimal(1234.56, 2), i18n.percent(0.125, 1)) == \
        ("1.234.567", "0,9", "1.234,56", "12,5%")
    assert (i18n.short_date(date(2026, 12, 1)), i18n.short_date(date(2026, 5, 31))) == ("1 de dez.", "31 de mai.")
    i18n.set_language("en")
    assert (i18n.integer(1234567), i18n.decimal(0.9), i18n.percent(0.125, 1)) == ("1,234,567", "0.9", "12.5%")
    assert i18n.short_date(date(2026, 12, 1)) == "Dec 1"


def test_constants_and_their_dicts_follow_the_language_but_keys_do_not() -> None:
    i18n.set_language("pt-BR")
    assert msg.pick_hint("mcq") == "Escolha uma letra." and msg.NOTHING_TO_UNDO == "Nada a desfazer."
    assert msg.RATING_LABELS == {1: "De novo", 2: "Difícil", 3: "Bom", 4: "Fácil"}
    assert list(msg.STATS_PERIODS) == ["today", "yesterday", "last_7_days", "last_30_days"]
    assert msg.STATS_PERIODS["today"] == "hoje"
    i18n.set_language("en")
    assert msg.RATING_LABELS == {1: "again", 2: "hard", 3: "good", 4: "easy"}


# --- the screens, word for word ------------------------------------------------------------------
def test_review_screen_in_portuguese(cli, small_deck, pt) -> None:
    result = cli("review", "--topic", "teste", "--seed", "1", "--limit", "1", input="\n3\n", now=NOW)
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.output.splitlines()]
    assert "1 novo · 0 aprendendo · 0 revisão" in lines  # no card id before the answer
    assert "│ Cartão: teste/um" in [line.rstrip(" │") for line in lines]
    assert "Enter: mostrar resposta · u: desfazer · s: suspender · q: sair" in lines
    assert "│ Resposta: Resposta um" in [line.rstrip(" │") for line in lines]
    assert "1 De novo (1m)  2 Difícil (6m)  3 Bom (10m)  4 Fácil (7d)   Enter = Bom" in lines
    assert lines[-4:-2] == ["1 cartão revisado em 0m00s.", "Respostas: De novo 0 · Difícil 0 · Bom 1 · Fácil 0"]


def test_review_screen_in_english(cli, small_deck) -> None:
    result = cli("review", "--topic", "teste", "--seed", "1", "--limit", "1", input="\n3\n", now=NOW)
    lines = [line.rstrip() for line in result.output.splitlines()]
    assert "1 new · 0 learning · 0 review" in lines
    assert "│ Card: teste/um" in [line.rstrip(" │") for line in lines]
    assert "Enter: show answer · u: undo · s: suspend · q: quit" in lines
    assert "1 again (1m)  2 hard (6m)  3 good (10m)  4 easy (7d)   Enter = good" in lines
    assert lines[-4:-2] == ["Reviewed 1 card in 0m00s.", "Answers: again 0 · hard 0 · good 1 · easy 0"]


@pytest.mark.parametrize("rating", ["3", "good"])
def test_ratings_are_typed_the_same_in_portuguese(cli, small_deck, pt, rating) -> None:
    result = cli("review", "--topic", "teste", "--seed", "1", "--limit", "1", input=f"\n{rating}\n", now=NOW)
    assert "Responda 1-4" not in result.output
    rows = [json.loads(x) for x in cli("log", "export", "--format", "jsonl").output.splitlines() if x]
    assert [r["rating"] for r in rows] == [3]


def test_a_portuguese_word_is_not_a_rating(cli, small_deck, pt) -> None:
    result = cli("review", "--topic", "teste", "--seed", "1", "--limit", "1", input="\nbom\n3\n", now=NOW)
    assert "Responda 1-4, again/hard/good/easy, ou Enter." in result.output


QUIZ_DECK = """
deck: formatos
title: Formatos de prova
topics: [formatos]
cards:
  - id: escolha
    type: mcq
    front: Qual serviço converte texto em fala?
    choices: [Amazon Polly, Amazon Transcribe, Amazon Translate, Amazon Lex]
    answer: Amazon Polly
"""


def test_quiz_screen_in_both_languages(cli, write, monkeypatch) -> None:
    assert cli("import", str(write("formatos.yaml", QUIZ_DECK))).exit_code == 0
    args = ("quiz", "--topic", "formatos", "--count", "1", "--seed", "4", "--no-record")
    english = [line.rstrip() for line in cli(*args, input="a\n\n", now=NOW).output.splitlines()]
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    portuguese = [line.rstrip() for line in cli(*args, input="a\n\n", now=NOW).output.splitlines()]
    for en, pt_ in [("Question 1/1", "Questão 1/1"),
                    ("Pick one letter. Empty line: I don't know, show the answer · q: quit",
                     "Escolha uma letra. Linha vazia: não sei, mostrar a resposta · q: sair"),
                    ("│ Card: formatos/escolha", "│ Cartão: formatos/escolha"),
                    ("Score: 0/1 right (0%), 0 partly right, in 0m00s", "Acertos: 0/1 (0%), parcialmente certas: 0, em 0m00s"),
                    ("topic    ┃ right ┃ partial ┃ wrong", "tópico   ┃ acertos ┃ parciais ┃ erros"),
                    ("Missed:", "Erradas:"),
                    ("    Answer: Amazon Polly   (your answer: a)", "    Resposta: Amazon Polly   (sua resposta: a)")]:
        assert en in [line.rstrip(" │") for line in english] and pt_ in [line.rstrip(" │") for line in portuguese], \
            (en, pt_)
    assert "│   ✗ a) Amazon Translate  ← você" in [line.rstrip(" │") for line in portuguese]


def test_stats_screen_in_portuguese(cli, small_deck, pt) -> None:
    cli("review", "--topic", "teste", "--seed", "1", "--limit", "2", input="\n1\n\n3\n", now=NOW)
    lines = [line.rstrip() for line in cli("stats", "--topic", "teste", now=NOW).output.splitlines()]
    assert "Hoje 10 de mar.: 2 revisões em 0m00s · de novo 1 (50,0%) · 2 novos · 0 em quizzes" in lines
    assert "Sequência: 1 dia (a maior: 1)" in lines
    assert "Cartões: 6 · novos 4 · aprendendo 2 · revisão 0 · reaprendendo 0 · suspensos 0 · sanguessugas 0" in lines
    assert "Para revisar nos próximos 30 dias: 2 cartões (atrasados: 0, contados hoje)" in lines
    assert "hoje 2 · amanhã 0 · próximos 7 dias 2 · 0,1 por dia em média" in lines
    assert "seg. · · · · · · · · · · · · · · · ·" in lines


def test_stats_json_keys_are_the_same_in_both_languages(cli, small_deck, monkeypatch) -> None:
    english = json.loads(cli("stats", "--json", now=NOW).output)
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    portuguese = json.loads(cli("stats", "--json", now=NOW).output)

    def keys(x):
        if isinstance(x, dict):
            return {k: keys(v) for k, v in x.items()}
        return [keys(v) for v in x[:1]] if isinstance(x, list) else None

    assert keys(english) == keys(portuguese)
    assert english["cards"] == portuguese["cards"]


def test_errors_in_both_languages(cli, monkeypatch) -> None:
    assert cli("card", "show", "nada").output == "Error: no card 'nada' (use deck/card, e.g. rag/rag-definicao)\n"
    assert cli("config", "set", "new_per_day", "abc").output == \
        "Error: bad value 'abc' for new_per_day: expected a whole number from 0 to 9999\n"
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    assert cli("card", "show", "nada").output == "Erro: nenhum cartão 'nada' (use deck/cartão, ex.: rag/rag-definicao)\n"
    assert cli("config", "set", "new_per_day", "abc").output == \
        "Erro: valor inválido 'abc' para new_per_day: esperado um número inteiro de 0 a 9999\n"
    assert cli("review", "--topic", "rag-x", now=NOW).output.startswith("Erro: nenhum cartão com o tópico 'rag-x'")


def test_help_texts_follow_the_locale(cli, pt) -> None:
    out = cli("review", "--help").output
    assert "A sessão de hoje: cartões para revisar" in out
    assert "--limit" in out and "Mostra no máximo N cartões da fila de hoje." in out


def test_help_texts_in_english_by_default(cli) -> None:
    assert "Today's session: due cards, most at risk first" in cli("review", "--help").output


def test_english_counts_stay_as_they_were_written_and_portuguese_groups_them() -> None:
    i18n.set_language("en")
    assert msg.session_summary(1234, 0) == "Reviewed 1234 cards in 0m00s."
    assert msg.validated(2, 1234) == "OK: 2 decks, 1234 cards."
    assert msg.too_many_nodes(100000) == "refused: the file holds more than 100,000 YAML values (lists, maps and items)"
    assert msg.stats_forecast_summary(1, 2, 3, 1234.5, 1) == \
        "today 1 · tomorrow 2 · next 7 days 3 · 1234.5 a day on average"
    i18n.set_language("pt-BR")
    assert msg.validated(2, 1234) == "OK: 2 decks, 1.234 cartões."
    assert msg.stats_forecast_summary(1, 2, 3, 0.25, 1) == "hoje 1 · amanhã 2 · próximos 7 dias 3 · 0,2 por dia em média"


# --- the mock exam in Portuguese -----------------------------------------------------------------
def _mock_exam_in_portuguese(cli, write, home, answers: str) -> str:
    """A four-question mock exam (the third unscored) run through the real loop and report, in pt-BR."""
    import io
    import random
    from datetime import datetime, timedelta, timezone

    from genai_cards.exams import Domain, Exam
    from genai_cards.grading import make_question
    from genai_cards.mockexam import ExamQuestion, MockExam
    from genai_cards.quiz import run_mock_exam
    from genai_cards.store import open_store
    from genai_cards.streams import Streams
    from genai_cards.ui import TerminalIO, render_exam_report
    from test_mock_exam import FORMATS

    assert cli("import", str(write("formatos.yaml", FORMATS))).exit_code == 0
    start = datetime(2026, 3, 10, 13, 0, tzinfo=timezone.utc)
    store = open_store(home)
    try:
        rng = random.Random(3)
        keys = ("formatos/escolha", "formatos/varias", "formatos/ordem", "formatos/pares")
        questions = [ExamQuestion(store.card(k), "formatos", make_question(store.card(k).content, rng), scored=i != 2)
                     for i, k in enumerate(keys)]
        mock = MockExam(Exam("formatos-exam", "Formatos", 4, 30, (Domain("formatos", "Formatos", 100),),
                             (100, 1000), 700), questions, start)
        i18n.set_language("pt-BR")
        out = io.StringIO()
        terminal = TerminalIO(Streams(stdin=io.StringIO(answers), stdout=out), mode="quiz")
        run_mock_exam(mock, terminal, lambda: start + timedelta(minutes=2))
        render_exam_report(terminal.out, mock, mock.score())
    finally:
        store.close()
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines())


def test_a_mock_exam_question_screen_in_portuguese(cli, write, home) -> None:
    text = _mock_exam_in_portuguese(cli, write, home, "a\nf\n\ndcba\nabc\ns\ny\n")
    first = text[:text.index("Questão 2/4")]
    assert first == """
Questão 1/4   ⏱ faltam 28:00
╭─ mcq ────────────────────────────────────────────────────────────────────────────────────────────╮
│ Qual serviço converte texto em fala?                                                             │
│                                                                                                  │
│   a) Amazon Lex                                                                                  │
│   b) Amazon Polly                                                                                │
│   c) Amazon Translate                                                                            │
│   d) Amazon Transcribe                                                                           │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯
Escolha uma letra.
Responda com as letras · Enter: próxima · f: marcar para revisão · p: anterior · um número: ir para
essa questão · r: tela de revisão · s: entregar · q: sair

"""
    assert "A questão 2 está marcada para revisão." in text
    review = text[text.index("╭─ Revisão"):text.index("Pontuação escalonada")]
    assert review == """╭─ Revisão antes de entregar · ⏱ faltam 28:00 ─────────────────────────────────────────────────────╮
│ Respondidas: 1 3 4                                                                               │
│ Marcadas para revisão: 2                                                                         │
│ Não respondidas (contam como erradas): 2                                                         │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯
O número de uma questão: voltar a ela · f: primeira marcada para revisão · u: primeira não
respondida · s: entregar
Entregar o exame agora? Não respondidas: 1; marcadas para revisão: 1. (y/N)

"""


def test_a_mock_exam_report_in_portuguese(cli, write, home) -> None:
    text = _mock_exam_in_portuguese(cli, write, home, "a\nf\n\ndcba\nabc\ns\ny\n")
    assert text[text.index("Pontuação escalonada"):] == """Pontuação escalonada: 100 em 100–1000 (aprovação: 700) — REPROVADO
Questões pontuadas inteiramente certas: 0/3 · respondidas 3 de 4.
domínio           ┃ peso ┃ questões ┃ acertos ┃ %
━━━━━━━━━━━━━━━━━━╇━━━━━━╇━━━━━━━━━━╇━━━━━━━━━╇━━
formatos Formatos │ 100% │        3 │       0 │ 0
Por domínio: só as questões pontuadas. A pontuação escalonada é a fração de questões pontuadas
inteiramente certas.
Não pontuada (não conta, como no exame real): questão 3.

Questões a rever (erradas, parcialmente certas ou não respondidas), com a resposta certa e cada
porquê:

1. formatos/escolha
Qual serviço converte texto em fala?
  Sua resposta: a
  ✗ a) Amazon Lex  ← você
      Lex faz chatbots.
  ✓ b) Amazon Polly
      Polly sintetiza fala.
    c) Amazon Translate
      Translate traduz.
    d) Amazon Transcribe
      Transcribe transcreve fala em texto.

2. formatos/varias
Quais serviços trabalham com áudio? (escolha 2)
  não respondida
  ✓ a) Amazon Transcribe
  ✓ b) Amazon Polly
    c) Amazon Macie
    d) Amazon Kendra
    e) Amazon Textract

4. formatos/pares
Associe serviço e uso
  Sua resposta: abc
  ✗ 1. Amazon Transcribe → fala em texto  (você: a)
  ✓ 2. Amazon Polly → texto em fala
  ✗ 3. Amazon Translate → tradução  (você: c)"""


def test_the_mock_exam_intro_and_warnings_in_portuguese() -> None:
    i18n.set_language("pt-BR")
    assert msg.exam_intro_full("AIF-C01", 65, 15, 90) == \
        "AIF-C01: 65 questões (não pontuadas: 15, identificadas só no fim), 90 min. Sem correção até o fim."
    assert msg.exam_intro_all_scored("Formatos", 1, 2) == "Formatos: 1 questão, 2 min. Sem correção até o fim."
    assert msg.exam_warning(5) == "⚠ Tempo restante: 5 min."
    i18n.set_language("en")
    assert msg.exam_warning(5) == "⚠ 5 minutes left."


def test_plan_optimize_and_sync_messages_in_portuguese() -> None:
    i18n.set_language("pt-BR")
    assert msg.plan_summary("2026-12-08", 7, 1230, 1230, 200) == \
        "Exame em 2026-12-08: faltam 7 dias, 1.230 cartões para estudar, 1.230 ainda não apresentados, " \
        "200 cartões novos por dia."
    assert msg.pace_line("2026-12-08", 1, 5, 3).startswith("Exame em 2026-12-08, falta 1 dia: ")
    assert msg.plan_day(200, 0, 0) == "(200 novos, 0 revisão)"  # pt-BR's rule: 0 and 1 are singular
    assert msg.plan_day(1, 1, 1) == "(1 novo, 1 revisão, 1 acumulada)"
    assert msg.plan_day(30, 200, 356) == "(30 novos, 200 revisões, 356 acumuladas)"
    assert msg.plan_recall(95.5, 95.0, "default") == \
        "Fração lembrada prevista no dia: 95,5% (meta 95,0%; parâmetros do FSRS: padrão)."
    assert msg.optimize_fit(msg.OPTIMIZE_AFTER, 0.31234, 0.05) == "Ajustados ao seu histórico: log loss 0,3123, RMSE 0,0500"
    assert msg.decks_suspended("nvidia-aiio", 1) == \
        "1 cartão de nvidia-aiio suspenso; o histórico é mantido (decks unsuspend o traz de volta)."
    assert msg.sync_bad_line("log.jsonl", 3, msg.SYNC_NOT_JSON) == \
        "Aviso: log.jsonl:3: ignorada, não é um registro de sincronização (não é JSON); será lida de novo na próxima sincronização"
    i18n.set_language("en")
    assert msg.plan_day(30, 200, 356) == "(30 new, 200 reviews, 356 left over)"  # as the chart always read
    assert msg.plan_recall(95.5, 95.0, "default") == \
        "Predicted share recalled on the day: 95.5% (goal 95.0%; default FSRS parameters)."
    assert msg.optimize_fit("Fitted to your log", 0.31234, 0.05) == "Fitted to your log: log loss 0.3123, RMSE 0.0500"
