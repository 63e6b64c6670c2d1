"""`card show` speaks the learner's local time (to the minute), never UTC with seconds; --json keeps UTC."""

from __future__ import annotations

import json

NOW = "2026-03-10T10:00:00-03:00"  # the tests' time zone is America/Sao_Paulo


def test_card_show_gives_due_and_history_in_local_time(cli, small_deck) -> None:
    cli("review", "--topic", "teste", "--seed", "1", "--limit", "1", input="\n3\n", now=NOW)  # good: due in 10 min
    text = cli("card", "show", "teste/um", now=NOW).output
    assert "due: 2026-03-10 10:10  " in text
    assert "2026-03-10 10:00" in text and "+00:00" not in text and "T13:" not in text
    data = json.loads(cli("card", "show", "teste/um", "--json", now=NOW).output)
    assert data["due"].startswith("2026-03-10T13:10:00") and data["due"].endswith("+00:00")


def test_card_show_in_portuguese_uses_decimal_commas(cli, small_deck, monkeypatch) -> None:
    cli("review", "--topic", "teste", "--seed", "1", "--limit", "1", input="\n3\n", now=NOW)
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    text = cli("card", "show", "teste/um", now=NOW).output
    assert "estado: aprendendo  próxima revisão: 10 de mar. de 2026 10:10  estabilidade: " in text
    assert "recuperabilidade: 1,00" in " ".join(text.split())  # the line wraps at 100 columns
