"""The command line's own words (click's and typer's: "Usage:", "Options", "[required]", "Show this
message and exit.", usage errors) in the learner's language, following the locale, GENAI_CARDS_LANG
and the `ui_lang` setting, word for word in both languages; English exactly as click writes it."""

from __future__ import annotations

import gettext
import os
import subprocess
import sys

import pytest

CONFIG_SET_HELP_EN = """\
Usage: genai-cards config set [OPTIONS] {key} {VALUE...}

  Change one setting (checked before it is stored). Example: genai-cards config
  set desired_retention 0.85

Arguments:
  key       Setting name. Example: new_per_day  [required]
  VALUE...  New value; several words are joined with spaces. Example:
            learning_steps 1m 10m 1h  [required]

Options:
  --help  Show this message and exit.
"""

CONFIG_SET_HELP_PT = """\
Uso: genai-cards config set [OPTIONS] {key} {VALUE...}

  Muda uma configuração (verificada antes de ser salva). Exemplo: genai-cards
  config set desired_retention 0.85

Argumentos:
  key       Nome da configuração. Exemplo: new_per_day  [obrigatório]
  VALUE...  Novo valor; várias palavras são unidas com espaços. Exemplo:
            learning_steps 1m 10m 1h  [obrigatório]

Opções:
  --help  Mostra esta ajuda e sai.
"""


@pytest.fixture
def pt(monkeypatch):
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")


def test_help_in_english_word_for_word(cli) -> None:
    assert cli("config", "set", "--help").output == CONFIG_SET_HELP_EN


def test_help_in_portuguese_word_for_word(cli, pt) -> None:
    assert cli("config", "set", "--help").output == CONFIG_SET_HELP_PT


def test_the_root_help_names_its_sections_and_commands_in_portuguese(cli, pt) -> None:
    out = cli("--help").output
    assert out.startswith("Uso: genai-cards [OPTIONS] COMMAND [ARGS]...\n")
    assert "\nOpções:\n" in out and "\nComandos:\n" in out and "  --help                Mostra esta ajuda e sai.\n" in out
    assert "  --install-completion  Instala o autocompletar no shell indicado, ou no atual.\n" in out
    assert "Usage" not in out and "Options" not in out and "Commands" not in out and "Show this" not in out
    # command names and options never change with the language
    assert "\n  review    " in out and "--home <path>" in out


def test_a_group_without_its_command_shows_its_help_in_portuguese(cli, pt) -> None:
    out = cli("config").output
    assert out.startswith("Uso: genai-cards config [OPTIONS] COMMAND [ARGS]...\n")
    assert "\nComandos:\n  show  Todas as configurações e seus valores.\n" in out


USAGE_ERRORS = [  # args, English (as click writes it), Portuguese
    (["review", "--bogus"],
     "Usage: genai-cards review [OPTIONS]\nTry 'genai-cards review --help' for help.\n\n"
     "Error: No such option: --bogus\n",
     "Uso: genai-cards review [OPTIONS]\nUse 'genai-cards review --help' para ver a ajuda.\n\n"
     "Erro: Não existe a opção --bogus\n"),
    (["review", "--topi", "rag"],
     "Usage: genai-cards review [OPTIONS]\nTry 'genai-cards review --help' for help.\n\n"
     "Error: No such option: --topi (Possible options: --topic)\n",
     "Uso: genai-cards review [OPTIONS]\nUse 'genai-cards review --help' para ver a ajuda.\n\n"
     "Erro: Não existe a opção --topi (opções parecidas: --topic)\n"),
    (["quiz", "--count", "abc"],
     "Usage: genai-cards quiz [OPTIONS]\nTry 'genai-cards quiz --help' for help.\n\n"
     "Error: Invalid value for '--count': 'abc' is not a valid int range.\n",
     "Uso: genai-cards quiz [OPTIONS]\nUse 'genai-cards quiz --help' para ver a ajuda.\n\n"
     "Erro: Valor inválido para '--count': 'abc' não é um número inteiro.\n"),
    (["stats", "--days", "0"],
     "Usage: genai-cards stats [OPTIONS]\nTry 'genai-cards stats --help' for help.\n\n"
     "Error: Invalid value for '--days': 0 is not in the range 1<=x<=365.\n",
     "Uso: genai-cards stats [OPTIONS]\nUse 'genai-cards stats --help' para ver a ajuda.\n\n"
     "Erro: Valor inválido para '--days': 0 está fora do intervalo 1<=x<=365.\n"),
    (["due", "extra"],
     "Usage: genai-cards due [OPTIONS]\nTry 'genai-cards due --help' for help.\n\n"
     "Error: Got unexpected extra argument(s) (extra)\n",
     "Uso: genai-cards due [OPTIONS]\nUse 'genai-cards due --help' para ver a ajuda.\n\n"
     "Erro: Argumento a mais, inesperado (extra)\n"),
    (["due", "extra", "more"],
     "Usage: genai-cards due [OPTIONS]\nTry 'genai-cards due --help' for help.\n\n"
     "Error: Got unexpected extra argument(s) (extra more)\n",
     "Uso: genai-cards due [OPTIONS]\nUse 'genai-cards due --help' para ver a ajuda.\n\n"
     "Erro: Argumentos a mais, inesperados (extra more)\n"),
    (["nosuch"],
     "Usage: genai-cards [OPTIONS] COMMAND [ARGS]...\nTry 'genai-cards --help' for help.\n\n"
     "Error: No such command 'nosuch'.\n",
     "Uso: genai-cards [OPTIONS] COMMAND [ARGS]...\nUse 'genai-cards --help' para ver a ajuda.\n\n"
     "Erro: Não existe o comando 'nosuch'.\n"),
    (["--bogus", "due"],
     "Usage: genai-cards [OPTIONS] COMMAND [ARGS]...\nTry 'genai-cards --help' for help.\n\n"
     "Error: No such option: --bogus\n",
     "Uso: genai-cards [OPTIONS] COMMAND [ARGS]...\nUse 'genai-cards --help' para ver a ajuda.\n\n"
     "Erro: Não existe a opção --bogus\n"),
    (["config", "set"],
     "Usage: genai-cards config set [OPTIONS] {key} {VALUE...}\nTry 'genai-cards config set --help' for help.\n\n"
     "Error: Missing argument 'key'.\n",
     "Uso: genai-cards config set [OPTIONS] {key} {VALUE...}\nUse 'genai-cards config set --help' para ver a ajuda."
     "\n\nErro: Falta o argumento 'key'.\n"),
    (["export", "-o", "x.csv"],
     "Usage: genai-cards export [OPTIONS]\nTry 'genai-cards export --help' for help.\n\n"
     "Error: Missing option '--format' / '-f'.\n",
     "Uso: genai-cards export [OPTIONS]\nUse 'genai-cards export --help' para ver a ajuda.\n\n"
     "Erro: Falta a opção '--format' / '-f'.\n"),
    (["review", "--topic"],
     "Error: Option '--topic' requires an argument.\n",
     "Erro: A opção '--topic' precisa de um valor.\n"),
]


@pytest.mark.parametrize("args,english,portuguese", USAGE_ERRORS, ids=[" ".join(a) for a, _, _ in USAGE_ERRORS])
def test_a_usage_error_word_for_word_in_both_languages(cli, monkeypatch, args, english, portuguese) -> None:
    result = cli(*args)
    assert (result.exit_code, result.output) == (2, english)
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    result = cli(*args)
    assert (result.exit_code, result.output) == (2, portuguese)


def test_a_message_of_ours_inside_a_usage_error_is_not_translated_twice(cli, pt) -> None:
    # our own BadParameter texts arrive translated; click's frame around them is translated once
    result = cli("export", "--format", "pdf", "-o", "x.pdf")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].startswith("Erro: ") and "Error" not in result.output


# --- the `ui_lang` setting reaches the help --------------------------------------------------------
def test_help_follows_the_ui_lang_setting(cli) -> None:
    assert cli("config", "set", "ui_lang", "pt-BR").exit_code == 0
    assert cli("config", "set", "--help").output == CONFIG_SET_HELP_PT
    result = cli("due", "--bogus")
    assert (result.exit_code, result.output.splitlines()[-1]) == (2, "Erro: Não existe a opção --bogus")


def test_genai_cards_lang_overrides_the_setting_in_the_help(cli, monkeypatch) -> None:
    assert cli("config", "set", "ui_lang", "pt-BR").exit_code == 0
    monkeypatch.setenv("GENAI_CARDS_LANG", "en")
    assert cli("config", "set", "--help").output == CONFIG_SET_HELP_EN


def test_an_english_setting_under_a_portuguese_locale_gives_english_help(cli, pt) -> None:
    assert cli("config", "set", "ui_lang", "en").exit_code == 0
    assert cli("config", "set", "--help").output == CONFIG_SET_HELP_EN


def test_help_reads_the_setting_of_the_home_named_by_home(cli, tmp_path) -> None:
    other = tmp_path / "other-home"
    assert cli("--home", str(other), "config", "set", "ui_lang", "pt-BR").exit_code == 0
    assert cli("config", "set", "--help").output == CONFIG_SET_HELP_EN  # this test's own home: no setting
    assert cli("--home", str(other), "config", "set", "--help").output == CONFIG_SET_HELP_PT
    assert cli(f"--home={other}", "--help").output.startswith("Uso: ")


def test_help_in_a_home_without_a_database_creates_nothing(cli, tmp_path) -> None:
    empty = tmp_path / "never-used"
    assert cli("--home", str(empty), "--help").output.startswith("Usage: ")
    assert not empty.exists()


def test_a_real_process_shows_portuguese_help_after_config_set_ui_lang(home) -> None:
    env = {**os.environ, "LANG": "C.UTF-8"}
    run = [sys.executable, "-m", "genai_cards"]
    subprocess.run([*run, "config", "set", "ui_lang", "pt-BR"], env=env, check=True, capture_output=True)
    out = subprocess.run([*run, "review", "--help"], env=env, capture_output=True, text=True).stdout
    assert out.startswith("Uso: python -m genai_cards review [OPTIONS]\n")
    assert "  --help               Mostra esta ajuda e sai.\n" in out


def test_the_gettext_module_is_left_as_it_was_after_a_command(cli, pt) -> None:
    before = gettext.textdomain()
    assert cli("config", "set", "--help").output == CONFIG_SET_HELP_PT
    assert gettext.textdomain() == before and "LANGUAGE" not in os.environ
    assert gettext.gettext("Options") == "Options"


def test_due_json_loads_nothing_for_the_command_lines_words(home) -> None:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "genai_cards", "due", "--json"],
                            capture_output=True, text=True, env={**os.environ, "LANG": "pt_BR.UTF-8"})
    assert result.returncode == 0, result.stderr
    assert "genai_cards.commands.clickwords" not in result.stderr
    assert "genai_cards.commands.clickwords" in subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "genai_cards", "due", "--help"],
        capture_output=True, text=True).stderr  # the nearest wrong answer: a help text does load it


def test_help_reads_the_homes_copy_of_the_setting_without_opening_the_store(cli, home) -> None:
    assert cli("config", "set", "ui_lang", "pt-BR").exit_code == 0
    assert (home / "ui_lang").read_text(encoding="utf-8") == "pt-BR"  # kept by the command that set it
    env = {**os.environ, "LANG": "C.UTF-8"}
    run = [sys.executable, "-X", "importtime", "-m", "genai_cards", "review", "--help"]
    result = subprocess.run(run, env=env, capture_output=True, text=True)
    assert result.stdout.startswith("Uso: ") and "genai_cards.store" not in result.stderr
    # a home made before the copy existed: the setting is read from the database, the answer the same
    (home / "ui_lang").unlink()
    result = subprocess.run(run, env=env, capture_output=True, text=True)
    assert result.stdout.startswith("Uso: ") and "genai_cards.store" in result.stderr


def test_the_homes_copy_follows_the_setting_back_to_empty(cli, home) -> None:
    assert cli("config", "set", "ui_lang", "pt-BR").exit_code == 0
    assert cli("config", "set", "ui_lang", "").exit_code == 0
    assert (home / "ui_lang").read_text(encoding="utf-8") == ""
    assert cli("config", "set", "--help").output == CONFIG_SET_HELP_EN
