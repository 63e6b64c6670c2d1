"""The Portuguese a Brazilian learner reads, word for word, where the first translation slipped: plural
forms of counts inside longer lines (the plan's chart, the pacing lines, exports, the mock exam's
unscored note), column headers and labels that agree with what they count, English left inside a
Portuguese line, and the rating labels as Anki's own Brazilian translation says them. Each case in
both languages (the English as it reads, or as it now reads where it had the same slip)."""

from __future__ import annotations

import pytest

from genai_cards import i18n
from genai_cards import messages as msg

NOW = "2026-03-10T10:00:00-03:00"


@pytest.fixture
def en():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def pt():
    i18n.set_language("pt-BR")
    yield
    i18n.set_language("en")


PLAN_DAYS = [  # new, reviews, backlog → English, Portuguese
    ((1, 1, 1), "(1 new, 1 review, 1 left over)", "(1 novo, 1 revisão, 1 acumulada)"),
    ((1, 1, 0), "(1 new, 1 review)", "(1 novo, 1 revisão)"),
    ((90, 2, 0), "(90 new, 2 reviews)", "(90 novos, 2 revisões)"),
    ((42, 200, 32), "(42 new, 200 reviews, 32 left over)", "(42 novos, 200 revisões, 32 acumuladas)"),
]


@pytest.mark.parametrize("args,english,portuguese", PLAN_DAYS)
def test_each_count_of_a_plan_day_takes_its_own_plural(en, args, english, portuguese) -> None:
    assert msg.plan_day(*args) == english
    i18n.set_language("pt-BR")
    assert msg.plan_day(*args) == portuguese
    assert "1 novos" not in portuguese and "1 revisões" not in portuguese  # the slip it had


def test_pacing_lines_count_the_new_cards_of_today_in_both_languages(en) -> None:
    assert msg.pace_line("2026-12-20", 1, 1, 7) == \
        "Exam on 2026-12-20, 1 day left: 1 new card today; 7 cards not yet introduced."
    assert msg.pace_line("2026-12-20", 19, 95, 1225) == \
        "Exam on 2026-12-20, 19 days left: 95 new cards today; 1225 cards not yet introduced."
    assert msg.pace_override("2026-12-20", 19, 1, 1, 20) == (
        "Exam on 2026-12-20, 19 days left: 1 new card today instead of new_per_day 20, so that the 1 card not yet "
        "introduced is met in time.")
    i18n.set_language("pt-BR")
    assert msg.pace_line("2026-12-20", 1, 1, 7) == \
        "Exame em 2026-12-20, falta 1 dia: 1 cartão novo hoje; 7 cartões ainda não apresentados."
    assert msg.pace_line("2026-12-20", 19, 95, 1225) == \
        "Exame em 2026-12-20, faltam 19 dias: 95 cartões novos hoje; 1.225 cartões ainda não apresentados."
    assert msg.pace_override("2026-12-20", 19, 1, 1, 20) == (
        "Exame em 2026-12-20, faltam 19 dias: 1 cartão novo hoje em vez de new_per_day 20, para que o 1 cartão "
        "ainda não apresentado seja visto a tempo.")
    assert msg.pace_override("2026-12-20", 19, 95, 1225, 20).endswith(
        "para que os 1.225 cartões ainda não apresentados sejam vistos a tempo.")


def test_the_plan_summary_and_its_suggestions_count_cards_right(en) -> None:
    assert msg.plan_summary("2026-12-20", 1, 1230, 1217, 1) == \
        "Exam on 2026-12-20: 1 day left, 1230 cards to study, 1217 not yet introduced, 1 new card a day."
    assert msg.plan_suggestions(129, 641, 605, 1, ["nca-aiio"], "Jan 28") == (
        "What would reach it (estimates, each one alone): about 129 minutes a day (641 answers on the busiest day: "
        "config set exam_answers_per_day 641 and max_reviews_per_day 605), or 1 card fewer (decks suspend "
        "nca-aiio), or an exam date on or after Jan 28.")
    i18n.set_language("pt-BR")
    assert msg.plan_summary("2026-12-20", 1, 1230, 1217, 1) == (
        "Exame em 2026-12-20: falta 1 dia, 1.230 cartões para estudar, 1.217 ainda não apresentados, "
        "1 cartão novo por dia.")
    assert msg.plan_summary("2026-12-20", 19, 1230, 1225, 95).endswith(", 95 cartões novos por dia.")
    assert msg.plan_suggestions(129, 641, 605, 1, [], "28 de jan.") == (
        "O que alcançaria a meta (estimativas, cada uma sozinha): cerca de 129 minutos por dia (641 respostas no "
        "dia mais cheio: config set exam_answers_per_day 641 e max_reviews_per_day 605), ou 1 cartão a menos "
        "(decks suspend DECK), ou uma data de exame em 28 de jan. ou depois.")
    assert ", ou 824 cartões a menos (" in msg.plan_suggestions(129, 641, 605, 824, [], "28 de jan.")


def test_exports_and_the_mock_exams_notes_count_in_both_languages(en) -> None:
    assert msg.exported(1, "log.csv") == "Exported 1 row to log.csv."
    assert msg.exported(11, "log.csv") == "Exported 11 rows to log.csv."
    assert msg.exam_unscored_note([4]) == "Unscored (not counted, as on the real exam): question 4."
    assert msg.exam_unscored_note([2, 5]) == "Unscored (not counted, as on the real exam): questions 2 5."
    assert msg.exam_shortage("aif-c01/d1", 5, 1) == \
        "Note: domain aif-c01/d1 has only 1 suitable card for 5 questions; using what there is."
    i18n.set_language("pt-BR")
    assert msg.exported(1, "log.csv") == "1 linha exportada para log.csv."
    assert msg.exported(11, "log.csv") == "11 linhas exportadas para log.csv."
    assert msg.exam_unscored_note([4]) == "Não pontuada (não conta, como no exame real): questão 4."
    assert msg.exam_unscored_note([2, 5]) == "Não pontuadas (não contam, como no exame real): questões 2 5."
    assert msg.exam_shortage("aif-c01/d1", 5, 1) == \
        "Nota: o domínio aif-c01/d1 tem só 1 cartão adequado para 5 questões; usando o que há."
    assert msg.exam_shortage("aif-c01/d1", 5, 3) == \
        "Nota: o domínio aif-c01/d1 tem só 3 cartões adequados para 5 questões; usando o que há."


def test_scores_and_headers_say_acertos_and_agree_with_questions(pt) -> None:
    assert msg.quiz_score(1, 1, 3, 65) == "Acertos: 1/3 (33%), parcialmente certas: 1, em 1m05s"
    assert msg.quiz_score_early(1, 0, 2, 5, 65) == (
        "Encerrado antes — acertos: 1/2 respondidas (50%), parcialmente certas: 0, sem resposta: 3 de 5, em 1m05s")
    assert (msg.COLUMNS["right"], msg.COLUMNS["partial"], msg.COLUMNS["wrong"]) == ("acertos", "parciais", "erros")
    assert msg.MISSED == "Erradas:"
    assert msg.EXAM_MISSED_TITLE.startswith("Questões a rever (erradas, parcialmente certas ou não respondidas)")
    assert msg.STATS_MASTERY_TITLE == "Progresso por tópico (mais fraco primeiro)"  # not "Domínio": exam domains
    i18n.set_language("en")
    assert msg.quiz_score(1, 1, 3, 65) == "Score: 1/3 right (33%), 1 partly right, in 1m05s"
    assert (msg.COLUMNS["right"], msg.MISSED, msg.STATS_MASTERY_TITLE) == (
        "right", "Missed:", "Mastery by topic (weakest first)")


def test_import_summaries_read_as_labelled_counts_in_portuguese(cli, write, monkeypatch) -> None:
    deck = write("um.csv", "front,back\nOi,Olá\n")
    assert cli("import", str(deck), "--dry-run").output == \
        "Would import: 1 added, 0 updated, 0 unchanged, 0 retired\n"
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    assert cli("import", str(deck), "--dry-run").output == \
        "Importaria — novos: 1, atualizados: 0, sem mudança: 0, retirados: 0\n"
    assert cli("import", str(deck)).output == "Importado — novos: 1, atualizados: 0, sem mudança: 0, retirados: 0\n"
    assert "1 novos" not in cli("import", str(deck)).output


def test_a_deck_that_is_not_a_mapping_is_named_in_portuguese(cli, write, monkeypatch) -> None:
    bad = write("lista.yaml", "- a\n- b\n")
    assert cli("validate", str(bad)).output.splitlines()[0] == \
        f"{bad}:1: a deck file (top level) must be a mapping of keys to values"
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    assert cli("validate", str(bad)).output.splitlines()[0] == \
        f"{bad}:1: o arquivo de deck (no nível de cima) deve ser um mapa de chaves para valores"


def test_the_sync_summary_labels_each_count_in_portuguese(pt) -> None:
    assert msg.sync_summary("/sync", 1, 0, 1, 2, 1) == (
        "Sincronizado com /sync — respostas enviadas: 1, eventos de cartão enviados: 0, respostas recebidas: 1, "
        "eventos de cartão recebidos: 2; cartões atualizados: 1.")


def test_rating_labels_are_ankis_brazilian_ones(pt) -> None:
    assert msg.RATING_LABELS == {1: "De novo", 2: "Difícil", 3: "Bom", 4: "Fácil"}


def test_rating_labels_match_ankis_own_catalog_where_anki_is_installed(pt) -> None:
    pytest.importorskip("anki", reason="Anki's library (pip install anki) is not installed here")
    import anki.lang

    anki.lang.set_lang("pt_BR")
    try:
        tr = anki.lang.tr_legacyglobal
        assert list(msg.RATING_LABELS.values()) == [
            tr.studying_again(), tr.studying_hard(), tr.studying_good(), tr.studying_easy()]
    finally:
        anki.lang.set_lang("en")


def test_validation_and_forecast_titles_count_one_card_right(en) -> None:
    assert (msg.validated(1, 1), msg.validated(2, 1234)) == ("OK: 1 deck, 1 card.", "OK: 2 decks, 1234 cards.")
    assert msg.stats_forecast_title(30, 1, 1) == "Due in the next 30 days: 1 card (1 overdue, counted today)"
    i18n.set_language("pt-BR")
    assert (msg.validated(1, 1), msg.validated(2, 1234)) == ("OK: 1 deck, 1 cartão.", "OK: 2 decks, 1.234 cartões.")
    assert msg.stats_forecast_title(30, 1, 1) == \
        "Para revisar nos próximos 30 dias: 1 cartão (atrasados: 1, contados hoje)"  # not "1 atrasados"


def test_the_known_formats_read_as_a_list_in_both_languages(cli, monkeypatch, tmp_path) -> None:
    out = tmp_path / "x.pdf"
    assert cli("export", "--format", "pdf", "-o", str(out)).output == \
        "Error: unknown format 'pdf' (yaml, csv or apkg)\n"
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    assert cli("export", "--format", "pdf", "-o", str(out)).output == \
        "Erro: formato desconhecido 'pdf' (yaml, csv ou apkg)\n"  # not "yaml ou csv ou apkg"


def test_the_exam_date_reads_as_a_portuguese_date_on_the_review_and_plan_screens(cli, monkeypatch) -> None:
    now = "2026-12-01T10:00:00-03:00"
    cli("config", "set", "exam_date", "2026-12-31", now=now)
    english = " ".join(cli("review", input="", now=now).output.split())
    assert "Exam on 2026-12-31, 30 days left: " in english  # English keeps the ISO date it always showed
    monkeypatch.setenv("GENAI_CARDS_LANG", "pt-BR")
    review = " ".join(cli("review", input="", now=now).output.split())
    assert "Exame em 31 de dez. de 2026, faltam 30 dias: " in review
    assert "2026-12-31" not in review
    plan = " ".join(cli("plan", now=now).output.split())
    assert "Exame em 31 de dez. de 2026: faltam 30 dias, " in plan
    assert "1 de dez. " in plan and "31 de dez. " in plan and "2026-12-" not in plan  # the chart's days too
    cli("config", "set", "exam_date", "2026-11-20", now=now)
    past = " ".join(cli("plan", now=now).output.split())
    assert "A data do exame 20 de nov. de 2026 já passou" in past, past
