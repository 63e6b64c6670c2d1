"""Text from decks, files and packages is shown as text: no rich markup, no emoji codes, no terminal
control sequences, on every screen (card show, review, quiz, due, decks, stats)."""

from __future__ import annotations

import json

from genai_cards.model import StudyCard
from genai_cards.store import open_store

NOW = "2026-03-10T10:00:00-03:00"
HOSTILE = "[red]x[/red] :skull: \x1b[2J\x9b31m\x07"
SHOWN = "[red]x[/red] :skull: \ufffd[2J\ufffd31m\ufffd"
ALLOWED = "[bold]negrito[/bold] :skull: [link=http://x]l[/link]"


def old_deck(cli, write, home) -> None:
    """A deck stored before control characters were refused: written through the store itself."""
    path = write("velho.yaml", "deck: velho\ntitle: Velho\ntopics: [velho]\ncards:\n"
                 "  - {id: um, front: limpa, back: limpo}\n")
    assert cli("import", str(path)).exit_code == 0
    with open_store(home) as store:
        row = next(d for d in store.decks() if d.deck == "velho")
        content = {"type": "basic", "lang": "pt-BR", "front": HOSTILE, "back": "verso " + HOSTILE,
                   "explain": "porque " + HOSTILE, "reverse": False, "source": None}
        store.save_deck(row._replace(title="Velho " + HOSTILE),
                        [StudyCard("velho/um", "velho/um", "velho", 0, "basic", ("velho",), content)])


def assert_clean(output: str) -> None:
    assert "\x1b" not in output and "\x9b" not in output and "\x07" not in output
    assert "💀" not in output


def test_card_show_prints_old_stored_controls_and_markup_as_text(cli, write, home) -> None:
    old_deck(cli, write, home)
    result = cli("card", "show", "velho/um")
    assert result.exit_code == 0, result.output
    assert_clean(result.output)
    assert f"front: {SHOWN}" in result.output and f"back: verso {SHOWN}" in result.output


def test_review_and_quiz_print_old_stored_controls_and_markup_as_text(cli, write, home) -> None:
    old_deck(cli, write, home)
    review = cli("review", "--topic", "velho", input="\n1\n", now=NOW)
    assert review.exit_code == 0, review.output
    assert_clean(review.output)
    assert SHOWN in review.output and f"verso {SHOWN}" in review.output and f"porque {SHOWN}" in review.output
    quiz = cli("quiz", "--topic", "velho", "--count", "1", input="\n1\n", now=NOW)
    assert quiz.exit_code == 0, quiz.output
    assert_clean(quiz.output)
    missed = quiz.output.split("velho/um: ")[-1]  # the summary's list of missed cards
    assert missed.startswith(SHOWN) and f"verso {SHOWN}" in missed


def test_imported_markup_and_emoji_codes_are_shown_as_written(cli, write) -> None:
    path = write("marcas.yaml", "deck: marcas\ntitle: \"[bold]T[/bold] :skull:\"\ntopics: [marcas]\ncards:\n"
                 f"  - {{id: um, front: \"{ALLOWED}\", back: \":skull: [/]\"}}\n")
    assert cli("import", str(path)).exit_code == 0
    shown = cli("card", "show", "marcas/um")
    assert shown.exit_code == 0, shown.output
    assert f"front: {ALLOWED}" in shown.output and "back: :skull: [/]" in shown.output
    review = cli("review", "--topic", "marcas", input="\n3\n", now=NOW)
    assert review.exit_code == 0, review.output
    assert ALLOWED in review.output and ":skull: [/]" in review.output and "💀" not in review.output
    assert json.loads(cli("card", "show", "marcas/um", "--json").output)["content"]["front"] == ALLOWED


def test_own_emphasis_still_shows_where_the_text_is_ours(cli, small_deck) -> None:
    result = cli("card", "show", "teste/um")
    assert result.exit_code == 0
    assert result.output.startswith("teste/um (basic)  topics: teste")  # not "[bold]teste/um[/bold]"
