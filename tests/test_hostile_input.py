"""Reliability 2: odd but valid input never crashes or hangs; it gets one `file:line` error, exit 1.

Each case here was a traceback, a hang or a silent acceptance before (issue 16).
"""

from __future__ import annotations

import json
import sqlite3
import zipfile

import pytest

from genai_cards.importers.html import html_to_text

HEAD = "deck: d\ntitle: T\ncards:\n"
HUGE = "9" * 5000


@pytest.mark.parametrize("value", ["0x1F", "0b101", "1:30", "1_000", "0o17", HUGE, "-1", "1000001"])
def test_order_in_yaml_1_1_integer_forms_is_one_error(cli, write, value) -> None:
    path = write("d.yaml", f"deck: d\ntitle: T\norder: {value}\ncards:\n  - {{id: a, front: f, back: b}}\n")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == f"{path}:3: `order` must be a whole number from 0 to 1000000, in plain digits\n"


def test_order_in_plain_digits_is_accepted(cli, write) -> None:
    path = write("d.yaml", "deck: d\ntitle: T\norder: 0031\ncards:\n  - {id: a, front: f, back: b}\n")
    assert cli("validate", str(path)).exit_code == 0


@pytest.mark.parametrize("text,message", [
    (f"x {{{{c{HUGE}::y}}}}", "cloze deletions are numbered from c1 to c999"),
    ("x {{c1000::y}}", "cloze deletions are numbered from c1 to c999"),
    ("x {{c1::Bedrock {{c2::Titan}}}}", "a cloze deletion is nested inside another ({{c1::… {{c2::…}} …}})"),
    ("x {{c1::Bedrock}} e {{c2::Titan", "a cloze deletion is never closed (missing }})"),
    ("x {{c2::Bedrock y", "a cloze deletion is never closed (missing }})"),
])
def test_malformed_cloze_is_refused_with_its_line(cli, write, text, message) -> None:
    path = write("d.yaml", HEAD + f"  - id: a\n    type: cloze\n    text: {json.dumps(text)}\n")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == f"{path}:6: {message}\n"


def test_cloze_c999_and_repeated_numbers_still_validate(cli, write) -> None:
    path = write("d.yaml", HEAD + '  - {id: a, type: cloze, text: "{{c999::a}} {{c1::b}} {{c1::c}}"}\n')
    assert cli("validate", str(path)).exit_code == 0


@pytest.mark.parametrize("field,value", [("deck", '"rag\\n"'), ("id", '"a\\n"')])
def test_slugs_with_a_trailing_newline_are_refused(cli, write, field, value) -> None:
    deck = value if field == "deck" else "d"
    card = value if field == "id" else "a"
    path = write("d.yaml", f"deck: {deck}\ntitle: T\ncards:\n  - id: {card}\n    front: f\n    back: b\n")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert f"`{field}` must be a lowercase slug" in result.stdout


def test_topic_and_lang_with_a_trailing_newline_are_refused(cli, write) -> None:
    path = write("d.yaml", 'deck: d\ntitle: T\nlang: "pt\\n"\ntopics: ["rag\\n"]\ncards:\n  - {id: a, front: f, back: b}\n')
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert "bad language tag" in result.stdout and "bad topic" in result.stdout


def test_deck_id_with_newline_creates_no_second_deck_on_import(cli, write, home) -> None:
    path = write("d.yaml", 'deck: "rag\\n"\ntitle: T\ncards:\n  - {id: a, front: f, back: b}\n')
    assert cli("import", str(path)).exit_code == 1
    assert not (home / "decks").exists() or list((home / "decks").iterdir()) == []


def test_broken_deck_in_the_home_warns_and_the_rest_works(cli, home) -> None:
    decks = home / "decks"
    decks.mkdir(exist_ok=True)
    (decks / "quebrado.yaml").write_text("deck: quebrado\ntitle: T\norder: 0x1F\ncards:\n  - {id: a, front: f, back: b}\n",
                                         encoding="utf-8")
    result = cli("due", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["new_today"] == 20
    assert f"{decks / 'quebrado.yaml'}:3: `order` must be" in result.stderr


def test_two_home_decks_with_one_id_warn_and_the_first_file_wins_every_time(cli, home) -> None:
    decks = home / "decks"
    decks.mkdir(exist_ok=True)
    (decks / "a.yaml").write_text("deck: meu\ntitle: A\ncards:\n  - {id: um, front: frente A, back: b}\n", encoding="utf-8")
    (decks / "b.yaml").write_text("deck: meu\ntitle: B\ncards:\n  - {id: dois, front: frente B, back: b}\n", encoding="utf-8")
    for _ in range(3):
        result = cli("decks", "--json")
        assert result.exit_code == 0
        mine = [d for d in json.loads(result.stdout) if d["deck"] == "meu"]
        assert [(d["title"], d["cards"]) for d in mine] == [("A", 1)]
        assert f"two deck files declare deck 'meu': using {decks / 'a.yaml'}, ignoring {decks / 'b.yaml'}" in result.stderr
    shown = cli("card", "show", "meu/um", "--json")
    assert shown.exit_code == 0
    assert cli("card", "show", "meu/dois").exit_code == 1


def test_csv_header_longer_than_the_csv_limit_is_one_error(cli, tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("front,back," + "a" * 200_000 + "\nx,y\n", encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"{path}:1: CSV syntax error: field larger than field limit (131072)\n"


def test_csv_field_longer_than_the_csv_limit_is_one_error(cli, tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("front,back\nx,y\n" + "a" * 200_000 + ",b\n", encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"{path}:3: CSV syntax error: field larger than field limit (131072)\n"


def test_anki_note_types_nested_very_deep_are_refused(cli, tmp_path) -> None:
    col = tmp_path / "col.sqlite3"
    db = sqlite3.connect(col)
    db.executescript("""
        CREATE TABLE col (id integer PRIMARY KEY, models text, decks text);
        CREATE TABLE notes (id integer PRIMARY KEY, guid text, mid integer, tags text, flds text);
        CREATE TABLE cards (id integer PRIMARY KEY, nid integer, did integer, ord integer);
    """)
    db.execute("INSERT INTO col VALUES (1, ?, '{}')", ("[" * 200_000 + "]" * 200_000,))
    db.execute("INSERT INTO notes VALUES (1, 'g', 1, '', 'a\x1fb')")
    db.execute("INSERT INTO cards VALUES (1, 1, 1, 0)")
    db.commit()
    db.close()
    path = tmp_path / "deep.apkg"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("collection.anki2", col.read_bytes())
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr and "nested too deep" in result.stderr


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00"])
def test_a_clock_at_the_ends_of_the_calendar_is_one_error(cli, moment) -> None:
    for command in (["due"], ["stats", "--json"], ["review"]):
        result = cli(*command, now=moment)
        assert result.exit_code == 1, command
        assert result.stderr == f"Error: GENAI_CARDS_NOW={moment!r} is outside the years 1970-2200\n"


def test_unclosed_bold_before_thousands_of_line_breaks_converts_in_linear_time() -> None:
    # the old regex backtracked for minutes here; a linear pass takes milliseconds
    assert html_to_text("Pergunta<b>" + "<br>" * 50_000) == "Pergunta"
    assert html_to_text("<b>" * 30_000 + "x") == "x"


@pytest.mark.parametrize("html,text", [
    ("a <b>negrito</b> b", "a **negrito** b"),
    ("<b></b>c", "c"),
    ("<b>um</b> <b>dois</b>", "**um** **dois**"),
    ("<b> x </b>", "**x**"),
    ("antes<b>sem fim", "antessem fim"),
])
def test_bold_conversion_keeps_its_meaning(html, text) -> None:
    assert html_to_text(html) == text


def test_home_file_path_is_untouched_by_refused_import(cli, write, home) -> None:
    before = sorted(p.name for p in home.rglob("*") if p.is_file() and "backups" not in p.parts)
    path = write("d.yaml", HEAD + '  - {id: a, type: cloze, text: "{{c1::a {{c2::b}}}}"}\n')
    assert cli("import", str(path)).exit_code == 1
    after = sorted(p.name for p in home.rglob("*") if p.is_file() and "backups" not in p.parts)
    assert after == before


@pytest.mark.parametrize("field,value,line", [
    ("front", r'"x \e]52;c;aGk=\a y"', 5),   # OSC 52: writes the clipboard
    ("back", r'"b \x9b1m"', 6),               # 8-bit CSI
    ("front", r'"\e[2J limpa a tela"', 5),
    ("back", r'"\u202eevil"', 6),             # right-to-left override
])
def test_deck_text_with_terminal_controls_is_refused(cli, write, field, value, line) -> None:
    front = value if field == "front" else "f"
    back = value if field == "back" else "b"
    path = write("d.yaml", HEAD + f"  - id: a\n    front: {front}\n    back: {back}\n")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:{line}: `{field}` holds a control character (U+")
    assert result.stdout.count("\n") == 1


def test_tabs_newlines_and_accents_are_not_controls(cli, write) -> None:
    path = write("d.yaml", HEAD + '  - id: a\n    front: "Çedilha\\tTab"\n    back: "linha 1\\nlinha 2 — ã"\n')
    assert cli("validate", str(path)).exit_code == 0


def test_csv_cell_with_an_escape_sequence_is_refused_with_its_line(cli, tmp_path, home) -> None:
    path = tmp_path / "c.csv"
    path.write_text('front,back\nok,fine\n"a\x1b[2J",b\n', encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (f"{path}:3: `front` holds a control character (U+001B); terminal escape "
                             "sequences are not allowed in decks\n")


def test_csv_export_guards_formulas_and_imports_back_the_same(cli, write, tmp_path, home) -> None:
    deck = write("f.yaml", HEAD.replace("deck: d", "deck: formulas") +
                 '  - {id: a, front: "=1+1", back: "+55 11"}\n  - {id: b, front: "@home", back: "-x"}\n'
                 '  - {id: c, front: "\'=literal", back: "normal"}\n')
    assert cli("import", str(deck)).exit_code == 0
    out = tmp_path / "f.csv"
    assert cli("export", "--format", "csv", "--deck", "formulas", "-o", str(out)).exit_code == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[1:4] == ["'=1+1,'+55 11,,a", "'@home,'-x,,b", "''=literal,normal,,c"]
    other = tmp_path / "other"
    result = cli("--home", str(other), "import", str(out), "--deck", "formulas")
    assert result.exit_code == 0, result.output
    shown = json.loads(cli("--home", str(other), "card", "show", "formulas/a", "--json").stdout)
    assert (shown["content"]["front"], shown["content"]["back"]) == ("=1+1", "+55 11")
    shown = json.loads(cli("--home", str(other), "card", "show", "formulas/c", "--json").stdout)
    assert shown["content"]["front"] == "'=literal"


def test_a_deck_of_millions_of_empty_lists_is_refused_before_it_is_composed(cli, tmp_path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(HEAD + "  - {id: a, front: f, back: b}\nx: [" + "[]," * 2_000_000 + "]\n", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == f"{path}: refused: the file holds more than 1,500,000 YAML values (lists, maps and items)\n"


NOT_UTF8 = b"ba\xffd"


@pytest.mark.parametrize("args", [
    ["due", "-t", NOT_UTF8], ["due", "--json", "--topic", NOT_UTF8], ["quiz", "-t", NOT_UTF8],
    ["card", "show", NOT_UTF8], ["review", "--deck", NOT_UTF8],
    ["stats", "--exam", NOT_UTF8], ["decks", "suspend", NOT_UTF8],
])
def test_an_argument_that_is_not_utf8_is_one_error_line_and_changes_nothing(home, args) -> None:
    import subprocess
    import sys

    db = home / "genai-cards.sqlite3"
    before = db.read_bytes()
    result = subprocess.run([sys.executable, "-m", "genai_cards", *args], capture_output=True, timeout=120,
                            stdin=subprocess.DEVNULL)
    err = result.stderr.decode("utf-8")
    assert result.returncode in (1, 2) and "Traceback" not in err, err
    assert err.startswith("Error:") and len(err.strip().splitlines()) == 1, err
    if result.returncode == 2:  # the text as it came, its stray byte written out
        assert "'ba\\xffd' is not UTF-8 text" in err
    assert result.stdout == b""
    assert db.read_bytes() == before
