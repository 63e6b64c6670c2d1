"""A YAML deck is read as it streams (issue 17): its cards are parsed, validated and stored a batch at
a time, so a deck of any length is held one card at a time; still all or nothing, with every
problem as `file:line: message`."""

from __future__ import annotations

import json
from pathlib import Path

from genai_cards.decks import open_deck

HEAD = "deck: fluxo\ntitle: Fluxo\ntopics: [fluxo]\ncards:\n"
FIRST_CARD_LINE = 5


def card_lines(i: int, back: str | None = None) -> str:
    return f"  - id: c{i}\n    front: pergunta {i}\n    back: {back or f'resposta {i}'}\n"


def deck_text(n: int, head: str = HEAD, **overrides: str | None) -> str:
    out = [head]
    for i in range(n):
        if f"c{i}" in overrides:
            replacement = overrides[f"c{i}"]
            if replacement is not None:
                out.append(replacement)
        else:
            out.append(card_lines(i))
    return "".join(out)


def line_of(i: int) -> int:
    """The line of card `i` in `deck_text` when every card before it has three lines."""
    return FIRST_CARD_LINE + 3 * i


def stored(cli, key: str) -> dict:  # type: ignore[type-arg]
    result = cli("card", "show", key, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_bad_card_after_many_batches_stores_nothing_and_names_its_line(cli, tmp_path, home) -> None:
    path = tmp_path / "fluxo.yaml"
    path.write_text(deck_text(1500), encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    stored_file = (home / "decks" / "fluxo.yaml").read_bytes()
    before = cli("decks", "--json").stdout
    # an edit of the first card, then card 1234 without its back: nothing of the edit may be stored
    path.write_text(deck_text(1400, c0=card_lines(0, "editada"), c1234="  - id: c1234\n    front: f\n  - id: c9999\n"
                              "    front: g\n    back: h\n"), encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"{path}:{line_of(1234)}: missing required field `back`\n"
    assert stored(cli, "fluxo/c0")["content"]["back"] == "resposta 0"
    assert cli("decks", "--json").stdout == before  # no card added or retired
    assert (home / "decks" / "fluxo.yaml").read_bytes() == stored_file
    assert not list((home / "decks").glob("*.tmp"))


def test_an_id_used_again_far_down_the_stream_is_caught(cli, tmp_path, home) -> None:
    path = tmp_path / "fluxo.yaml"
    path.write_text(deck_text(1300, c1250=card_lines(3)), encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"{path}:{line_of(1250)}: duplicate card id `c3` (first used on line {line_of(3)})\n"
    assert not (home / "decks").exists()
    assert "fluxo" not in cli("decks", "--json").stdout


def test_every_problem_of_every_file_is_listed_before_anything_is_stored(cli, tmp_path, home) -> None:
    a = tmp_path / "a.yaml"
    a.write_text(deck_text(700, c650="  - id: c650\n    front: f\n    back: b\n    extra: x\n"), encoding="utf-8")
    b = tmp_path / "b.yaml"
    b.write_text("deck: Ruim\ntitle: T\ncards:\n  - {id: a, front: f, back: b}\n", encoding="utf-8")
    result = cli("import", str(a), str(b))
    assert result.exit_code == 1
    assert f"{a}:{line_of(650) + 3}: unknown field `extra` for a basic card" in result.stderr
    assert f"{b}:1: `deck` must be a lowercase slug" in result.stderr
    assert result.stderr.count("\n") == 2
    assert not (home / "decks").exists()


def test_deck_fields_after_the_cards_still_apply_to_every_card(cli, tmp_path) -> None:
    path = tmp_path / "depois.yaml"
    path.write_text("deck: depois\ntitle: Depois\ncards:\n" + "".join(card_lines(i) for i in range(3))
                    + "lang: en\ntopics: [tarde]\n", encoding="utf-8")
    result = cli("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    card = stored(cli, "depois/c2")
    assert card["content"]["lang"] == "en" and "tarde" in card["topics"]


def test_a_key_at_column_zero_inside_a_quoted_text_after_the_cards_is_only_text(cli, tmp_path) -> None:
    path = tmp_path / "aspas.yaml"
    path.write_text('deck: aspas\ntitle: T\nlang: en\ncards:\n  - id: a\n    front: "uma linha\nlang: pt-BR"\n'
                    "    back: b\n", encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    card = stored(cli, "aspas/a")
    assert card["content"]["lang"] == "en" and card["content"]["front"] == "uma linha lang: pt-BR"


def test_the_cards_are_read_while_the_file_is_still_being_read(tmp_path) -> None:
    path = tmp_path / "longo.yaml"
    path.write_text(deck_text(5000), encoding="utf-8")
    files = []

    def source():  # type: ignore[no-untyped-def]
        files.append(open(path, "rb"))
        return files[-1]

    reader = open_deck(path)
    reader.open_source = source
    cards = reader.cards()
    first = next(cards)
    assert first.id == "c0"
    assert files[-1].tell() < path.stat().st_size / 4  # the parser has read only the start of the file
    assert sum(1 for _ in cards) == 4999 and reader.problems == []


def test_dry_run_of_a_streamed_deck_counts_and_checks_every_card(cli, tmp_path) -> None:
    path = tmp_path / "fluxo.yaml"
    path.write_text(deck_text(1200), encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    path.write_text(deck_text(1100, c7=card_lines(7, "mudou")), encoding="utf-8")
    result = cli("import", str(path), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["added"], report["updated"], report["unchanged"], report["retired"]) == (0, 1, 1099, 100)
    path.write_text(deck_text(1100, c1050="  - id: c1050\n    front: f\n"), encoding="utf-8")
    result = cli("import", str(path), "--dry-run")
    assert result.exit_code == 1 and result.stderr == f"{path}:{line_of(1050)}: missing required field `back`\n"
    assert stored(cli, "fluxo/c7")["content"]["back"] == "resposta 7"


def test_an_imported_deck_edited_in_the_home_is_read_as_it_streams_and_a_bad_card_keeps_the_old_cards(
        cli, tmp_path, home) -> None:
    path = tmp_path / "fluxo.yaml"
    path.write_text(deck_text(800), encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    in_home = home / "decks" / "fluxo.yaml"
    in_home.write_text(deck_text(800, c600="  - id: c600\n    front: f\n", c1=card_lines(1, "nova")), encoding="utf-8")
    result = cli("decks")
    assert result.exit_code == 0
    assert f"{in_home}:{line_of(600)}: missing required field `back`" in result.stderr
    assert stored(cli, "fluxo/c1")["content"]["back"] == "resposta 1"
    in_home.write_text(deck_text(800, c1=card_lines(1, "nova")), encoding="utf-8")
    assert cli("decks").exit_code == 0
    assert stored(cli, "fluxo/c1")["content"]["back"] == "nova"


def test_a_deck_file_is_stored_as_the_bytes_it_was_read_from(cli, tmp_path, home) -> None:
    path = Path(tmp_path / "fluxo.yaml")
    path.write_bytes(b"\xef\xbb\xbf" + deck_text(600).encode("utf-8"))  # with a BOM
    assert cli("import", str(path)).exit_code == 0
    assert (home / "decks" / "fluxo.yaml").read_bytes() == path.read_bytes()
    result = cli("import", str(path), "--json")
    assert json.loads(result.stdout)["unchanged"] == 600


def test_a_header_problem_and_a_card_problem_of_one_file_are_both_listed(cli, tmp_path) -> None:
    path = tmp_path / "fluxo.yaml"
    path.write_text(deck_text(600, head=HEAD.replace("title: Fluxo\n", ""), c555="  - id: c555\n    front: f\n"),
                    encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (f"{path}:1: missing required field `title`\n"
                             f"{path}:{line_of(555) - 1}: missing required field `back`\n")


def test_a_syntax_error_far_down_the_stream_stores_nothing(cli, tmp_path, home) -> None:
    path = tmp_path / "fluxo.yaml"
    path.write_text(deck_text(1200, c1100="  - id: c1100\n    front: [aberto\n    back: b\n"), encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:") and "YAML syntax error" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (home / "decks").exists() and "fluxo" not in cli("decks", "--json").stdout


def test_a_deck_file_edited_while_it_is_imported_imports_nothing(cli, tmp_path, home, monkeypatch) -> None:
    import genai_cards.importers as importers

    path = tmp_path / "fluxo.yaml"
    path.write_text(deck_text(600), encoding="utf-8")
    real = importers.open_deck

    def checked_then_edited(p: Path):  # type: ignore[no-untyped-def]
        reader = real(p)
        with open(p, "a", encoding="utf-8") as fh:  # the editor saves once the file was checked
            fh.write(card_lines(600))
        return reader

    monkeypatch.setattr(importers, "open_deck", checked_then_edited)
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"{path}: the file changed while it was being imported; nothing was imported, try again\n"
    assert not (home / "decks").exists() and "fluxo" not in cli("decks", "--json").stdout
    monkeypatch.setattr(importers, "open_deck", real)
    result = cli("import", str(path), "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["added"] == 601
