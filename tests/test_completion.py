"""Shell completion (typer's): `--show-completion` and `--install-completion` for the genai-cards
command, and completing through the environment-variable protocol click documents
(`_GENAI_CARDS_COMPLETE=complete_bash` with COMP_WORDS and COMP_CWORD), in real processes with a
temporary HOME so no real shell start-up file is touched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# the `genai-cards` console script, as pip writes it: argv[0] is the script, then run()
AS_SCRIPT = [sys.executable, "-c", "import sys; sys.argv[0] = 'genai-cards'; from genai_cards.start import run; run()"]


def _run(args: list[str], home: Path, shell_home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "HOME": str(shell_home), "GENAI_CARDS_HOME": str(home), **env}
    return subprocess.run([*AS_SCRIPT, *args], capture_output=True, text=True, env=environ, timeout=120)


def _complete(words: str, cword: int, home: Path, shell_home: Path) -> list[str]:
    result = _run([], home, shell_home, _GENAI_CARDS_COMPLETE="complete_bash", COMP_WORDS=words,
                  COMP_CWORD=str(cword))
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_show_completion_bash_prints_a_script_for_genai_cards_and_writes_nothing(tmp_path) -> None:
    shell_home = tmp_path / "shell-home"
    shell_home.mkdir()
    result = _run(["--show-completion", "bash"], tmp_path / "fresh-home", shell_home)
    assert result.returncode == 0, result.stderr
    assert "complete -o default -F _genai_cards_completion genai-cards\n" in result.stdout
    assert "_GENAI_CARDS_COMPLETE=complete_bash $1" in result.stdout
    assert list(shell_home.iterdir()) == [] and not (tmp_path / "fresh-home").exists()


def test_show_completion_follows_the_shell_named_not_the_one_running(tmp_path) -> None:
    zsh = _run(["--show-completion", "zsh"], tmp_path / "fresh-home", tmp_path)
    assert zsh.returncode == 0 and zsh.stdout.startswith("#compdef genai-cards\n")
    fish = _run(["--show-completion", "fish"], tmp_path / "fresh-home", tmp_path)
    assert fish.returncode == 0 and fish.stdout.startswith("complete --command genai-cards ")
    assert "_genai_cards_completion()" not in fish.stdout  # not bash's script


def test_python_dash_m_shows_the_script_of_the_genai_cards_command(tmp_path) -> None:
    result = subprocess.run([sys.executable, "-m", "genai_cards", "--show-completion", "bash"], capture_output=True,
                            text=True, env={**os.environ, "HOME": str(tmp_path)}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "complete -o default -F _genai_cards_completion genai-cards\n" in result.stdout
    assert "python -m" not in result.stdout


def test_install_completion_writes_only_inside_the_given_home(tmp_path) -> None:
    shell_home = tmp_path / "shell-home"
    shell_home.mkdir()
    (shell_home / ".bashrc").write_text("# mine\nalias ll='ls -l'\n")
    result = _run(["--install-completion", "bash"], tmp_path / "fresh-home", shell_home)
    assert result.returncode == 0, result.stderr
    script = shell_home / ".bash_completions" / "genai-cards.sh"
    assert result.stdout == f"bash completion installed in {script}; it works in the terminals you open from now on.\n"
    assert "complete -o default -F _genai_cards_completion genai-cards" in script.read_text()
    rc = (shell_home / ".bashrc").read_text()
    assert rc.startswith("# mine\nalias ll='ls -l'\n") and f"source '{script}'" in rc
    again = _run(["--install-completion", "bash"], tmp_path / "fresh-home", shell_home)
    assert again.returncode == 0 and (shell_home / ".bashrc").read_text().count("source ") == 1


def test_install_completion_speaks_portuguese(tmp_path) -> None:
    result = _run(["--install-completion", "bash"], tmp_path / "fresh-home", tmp_path, LANG="pt_BR.UTF-8")
    script = tmp_path / ".bash_completions" / "genai-cards.sh"
    assert result.stdout == (f"Autocompletar do bash instalado em {script}; ele funciona nos terminais que você "
                             "abrir daqui em diante.\n")


def test_completing_a_command_name_through_the_environment_protocol(tmp_path) -> None:
    home = tmp_path / "fresh-home"
    assert _complete("genai-cards rev", 1, home, tmp_path) == ["review"]
    assert _complete("genai-cards config s", 2, home, tmp_path) == ["show", "set"]
    assert _complete("genai-cards review --to", 2, home, tmp_path) == ["--topic"]
    assert _complete("genai-cards zz", 1, home, tmp_path) == []  # the nearest wrong answer: no such command
    assert "quiz" in _complete("genai-cards ", 1, home, tmp_path)
    assert not home.exists()  # completing opens no store


def test_python_dash_m_completes_through_the_same_variable(tmp_path) -> None:
    result = subprocess.run([sys.executable, "-m", "genai_cards"], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "HOME": str(tmp_path), "_GENAI_CARDS_COMPLETE": "complete_bash",
                                 "COMP_WORDS": "genai-cards sta", "COMP_CWORD": "1"})
    assert (result.returncode, result.stdout.split()) == (0, ["stats"])


def test_without_the_completion_variable_the_program_runs_as_usual(tmp_path) -> None:
    result = _run(["due", "--json"], tmp_path / "fresh-home", tmp_path, COMP_WORDS="genai-cards rev", COMP_CWORD="1")
    assert result.returncode == 0 and result.stdout.startswith("{")


def test_zsh_completion_describes_commands_in_the_learners_language(tmp_path) -> None:
    def described(**env: str) -> str:
        result = _run([], tmp_path / "fresh-home", tmp_path, _GENAI_CARDS_COMPLETE="complete_zsh",
                      _TYPER_COMPLETE_ARGS="genai-cards re", **env)
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert described(LANG="C.UTF-8") == \
        """_arguments '*: :(("review":"Today''s session\\\\: due cards, most at risk..."))'\n"""
    assert described(LANG="pt_BR.UTF-8") == \
        """_arguments '*: :(("review":"A sessão de hoje\\\\: cartões para revisar, os..."))'\n"""


def test_completion_descriptions_follow_the_ui_lang_setting(cli, home, tmp_path) -> None:
    assert cli("config", "set", "ui_lang", "pt-BR").exit_code == 0
    result = _run([], home, tmp_path, LANG="C.UTF-8", _GENAI_CARDS_COMPLETE="complete_zsh",
                  _TYPER_COMPLETE_ARGS="genai-cards sta")
    assert result.returncode == 0 and '"stats":"Retenção' in result.stdout, result.stdout
