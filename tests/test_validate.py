"""Deck format v1: every rule, each problem reported as `path:line: message`, nothing stored."""

from __future__ import annotations

import pytest

HEAD = "deck: d\ntitle: T\ncards:\n"

CASES = [
    # (name, yaml text, expected line, expected message)
    ("empty file", "", None, "the file is empty"),
    ("top-level list", "- a\n- b\n", 1, "a deck file (top level) must be a mapping of keys to values"),
    ("syntax error", "deck: d\ntitle: [unclosed\n", 3, "YAML syntax error"),
    ("missing deck", "title: T\ncards:\n  - id: a\n    front: f\n    back: b\n", 1, "missing required field `deck`"),
    ("bad deck slug", "deck: Meu Deck\ntitle: T\ncards:\n  - {id: a, front: f, back: b}\n", 1,
     "`deck` must be a lowercase slug like `rag-etapas`, not 'Meu Deck'"),
    ("missing cards", "deck: d\ntitle: T\n", 1, "missing required field `cards`"),
    ("no cards", "deck: d\ntitle: T\ncards: []\n", 3, "the deck has no cards"),
    ("unknown deck key", "deck: d\ntitle: T\nfoo: 1\ncards:\n  - {id: a, front: f, back: b}\n", 3,
     "unknown deck field `foo`"),
    ("bad lang", "deck: d\ntitle: T\nlang: Portuguese\ncards:\n  - {id: a, front: f, back: b}\n", 3,
     "bad language tag 'Portuguese' (e.g. pt-BR, en)"),
    ("bad topic", "deck: d\ntitle: T\ntopics: [Bedrock Guardrails]\ncards:\n  - {id: a, front: f, back: b}\n", 3,
     "bad topic 'Bedrock Guardrails'"),
    ("missing id", HEAD + "  - front: f\n    back: b\n", 4, "missing required field `id`"),
    ("bad id", HEAD + "  - id: Card_1\n    front: f\n    back: b\n", 4, "`id` must be a lowercase slug"),
    ("duplicate id", HEAD + "  - {id: a, front: f, back: b}\n  - {id: a, front: g, back: c}\n", 5,
     "duplicate card id `a` (first used on line 4)"),
    ("unknown type", HEAD + "  - {id: a, type: essay, front: f}\n", 4, "unknown card type 'essay'"),
    ("unknown card key", HEAD + "  - {id: a, front: f, back: b, choices: [x]}\n", 4,
     "unknown field `choices` for a basic card"),
    ("basic without back", HEAD + "  - id: a\n    front: f\n", 4, "missing required field `back`"),
    ("empty front", HEAD + "  - id: a\n    front: ''\n    back: b\n", 5, "`front` is empty"),
    ("reverse not bool", HEAD + "  - {id: a, front: f, back: b, reverse: sim}\n", 4,
     "`reverse` must be true or false"),
    ("cloze without deletion", HEAD + "  - {id: a, type: cloze, text: sem lacunas}\n", 4,
     "cloze text has no deletion like {{c1::answer}}"),
    ("cloze numbered from zero", HEAD + "  - {id: a, type: cloze, text: 'x {{c0::y}}'}\n", 4,
     "cloze deletions are numbered from c1"),
    ("typed without answer", HEAD + "  - {id: a, type: typed, front: f}\n", 4, "missing required field `answer`"),
    ("mcq answer not among choices", HEAD + "  - {id: a, type: mcq, front: f, choices: [x, y, z], answer: w}\n", 4,
     "answer 'w' is not one of the choices"),
    ("mcq duplicate choice", HEAD + "  - {id: a, type: mcq, front: f, choices: [x, x, z], answer: x}\n", 4,
     "`choices` has 'x' twice"),
    ("mcq choices not a list", HEAD + "  - {id: a, type: mcq, front: f, choices: x, answer: x}\n", 4,
     "`choices` must be a list"),
    ("multi with one answer", HEAD + "  - {id: a, type: multi, front: f, choices: [x, y, z], answers: [x]}\n", 4,
     "`answers` needs at least 2 entries"),
    ("multi all right", HEAD + "  - {id: a, type: multi, front: f, choices: [x, y, z], answers: [x, y, z]}\n", 4,
     "a multi card needs at least one wrong choice"),
    ("order with one item", HEAD + "  - {id: a, type: order, front: f, items: [x]}\n", 4,
     "`items` needs at least 2 entries"),
    ("malformed pair", HEAD + "  - {id: a, type: match, front: f, pairs: [[x, y], [z]]}\n", 4,
     "each pair must be a list of two texts: [left, right]"),
    ("match duplicate right", HEAD + "  - {id: a, type: match, front: f, pairs: [[x, y], [z, y]]}\n", 4,
     "`pairs (right)` has 'y' twice"),
    ("unknown choice key", HEAD + "  - {id: a, type: mcq, front: f, choices: [{text: x, porque: y}, z], answer: x}\n", 4,
     "unknown field `porque` for a choice (text, why)"),
    ("empty why", HEAD + "  - {id: a, type: mcq, front: f, choices: [{text: x, why: ''}, z], answer: x}\n", 4,
     "`why` is empty"),
    ("answer names a choice by its text", HEAD + "  - {id: a, type: mcq, front: f, choices: [{text: x, why: w}, z], answer: w}\n", 4,
     "answer 'w' is not one of the choices"),
    ("python tag", HEAD + "  - id: a\n    front: !!python/object/apply:os.system [ls]\n    back: b\n", 5,
     "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    ("custom tag", HEAD + "  - {id: a, front: !segredo f, back: b}\n", 4, "YAML tag '!segredo' is not allowed"),
    ("anchor and alias", HEAD + "  - id: a\n    front: &x f\n    back: *x\n", 5,
     "YAML anchors and aliases (& and *) are not allowed in decks"),
    ("duplicate key", HEAD + "  - id: a\n    front: f\n    front: g\n    back: b\n", 6, "duplicate key `front`"),
]


@pytest.mark.parametrize("name,text,line,message", CASES, ids=[c[0] for c in CASES])
def test_validate_reports_each_rule_with_file_and_line(cli, write, name, text, line, message) -> None:
    path = write("bad.yaml", "")
    path.write_text(text, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert where + message in result.output, result.output


def test_validate_lists_every_problem_not_only_the_first(cli, write) -> None:
    path = write("bad.yaml", HEAD + "  - {id: a, front: f}\n  - {id: B, front: f, back: b}\n")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:4: missing required field `back`" in result.output
    assert f"{path}:5: `id` must be a lowercase slug" in result.output
    assert "2 problems found." in result.output


def test_alias_bomb_is_refused_quickly(cli, write) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    path = write("bomb.yaml", bomb)
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert "anchors and aliases" in result.output


def test_non_utf8_file_is_refused_with_its_line(cli, tmp_path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"deck: d\ntitle: Se\xe7\xe3o\ncards: []\n")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:2: not valid UTF-8 text" in result.output


def test_oversized_file_is_refused(cli, tmp_path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as fh:  # sparse: refused by its size before a byte is read
        fh.truncate(64 * 1024 * 1024 + 1)
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}: file too large (over 64 MB)" in result.output


def test_a_deck_read_whole_to_be_renamed_keeps_the_8_mb_limit(cli, tmp_path) -> None:
    path = tmp_path / "big.yaml"
    with open(path, "wb") as fh:
        fh.truncate(8 * 1024 * 1024 + 1)
    result = cli("import", str(path), "--deck", "outro")
    assert result.exit_code == 1
    assert result.stderr == f"{path}: file too large (over 8 MB)\n"


def test_same_deck_id_in_two_files_is_a_problem(cli, write) -> None:
    a = write("a.yaml", HEAD + "  - {id: a, front: f, back: b}\n")
    b = write("b.yaml", HEAD + "  - {id: a, front: f, back: b}\n")
    result = cli("validate", str(a), str(b))
    assert result.exit_code == 1
    assert f"{b}: deck id `d` is already used by {a}" in result.output


def test_all_seven_card_types_validate(cli, write) -> None:
    path = write("ok.yaml", """
        deck: tipos
        title: {pt-BR: Tipos, en: Types}
        lang: pt-BR
        topics: [teste/tipos]
        cards:
          - {id: b, front: f, back: b, reverse: true}
          - {id: c, type: cloze, text: "a {{c1::b}} {{c2::c::dica}}"}
          - {id: t, type: typed, front: f, answer: [x, y]}
          - {id: m, type: mcq, front: f, choices: [x, y, z], answer: y}
          - {id: mu, type: multi, front: f, choices: [v, w, x, y, z], answers: [v, x]}
          - {id: o, type: order, front: f, items: [x, y, z]}
          - {id: ma, type: match, front: f, pairs: [[a, x], [b, y], [c, z]], explain: porque}
    """)
    result = cli("validate", str(path))
    assert result.exit_code == 0, result.output
    assert "OK: 1 deck, 7 cards." in result.output


def test_bad_deck_import_stores_nothing(cli, write, home) -> None:
    good = write("good.yaml", "deck: bom\ntitle: T\ncards:\n  - {id: a, front: f, back: b}\n")
    bad = write("bad.yaml", "deck: ruim\ntitle: T\ncards:\n  - {id: a, front: f}\n")
    result = cli("import", str(good), str(bad))
    assert result.exit_code == 1
    assert f"{bad}:4: missing required field `back`" in result.output
    decks = cli("decks", "--json").output
    assert '"bom"' not in decks and '"ruim"' not in decks
    assert not (home / "decks").exists()
