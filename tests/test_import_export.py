"""Import (YAML, CSV/TSV, Anki packages in both collection formats) and export (YAML, CSV, .apkg, the log).

Anki packages are built here: legacy ones with genanki (the collection format Anki 2.1 reads and
writes as collection.anki2 / collection.anki21), current ones (collection.anki21b: zstd-compressed
SQLite, schema 18) by hand, laid out like the packages Anki 2.1.50+ writes, with the dummy
collection.anki2 that tells old versions to update.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from genai_cards.store import open_store

DATA = Path(__file__).parent / "data" / "import"
NOW = "2026-03-10T10:00:00-03:00"

RICH_DECK = """
deck: rico
title: {pt-BR: Deck rico, en: Rich deck}
lang: pt-BR
topics: [rico]
source: notas.txt § Início
order: 5
cards:
  - id: basico
    front: Pergunta **um**
    back: "Resposta: um"
    reverse: true
    topics: [rico/sub]
    explain: Porque sim.
  - id: lacuna
    type: cloze
    text: "O {{c1::Bedrock}} usa {{c2::API::interface}}."
    back: Extra
    source: outra.txt § Fim
  - id: digitada
    type: typed
    front: Serviço de TTS?
    answer: [Amazon Polly, Polly]
  - id: escolha
    type: mcq
    front: Qual é RAG?
    choices:
      - {text: Busca + geração, why: Recupera trechos e gera com eles.}
      - {text: Só geração, why: Sem busca não há recuperação.}
      - Só busca
    answer: Busca + geração
    explain: {pt-BR: Explicação, en: Explanation}
  - id: varias
    type: multi
    front: Quais são da AWS? (escolha 2)
    choices: [Bedrock, SageMaker, Vertex]
    answers: [Bedrock, SageMaker]
  - id: ordem
    type: order
    front: Ordene
    items: [primeiro, segundo, terceiro]
  - id: pares
    type: match
    front: Associe
    pairs: [[Polly, voz], [Textract, documentos]]
"""


# --- helpers -------------------------------------------------------------------------------------
def cards_of(home: Path, deck: str) -> dict[str, tuple[str, dict[str, Any], list[str]]]:
    """key -> (type, content, topics) of the active cards of a deck, read from the database."""
    store = open_store(home)
    try:
        rows = store.db.execute(
            "SELECT key, type, content FROM cards WHERE deck = ? AND retired = 0 ORDER BY position", (deck,)
        ).fetchall()
        topics = store.topics_of([r[0] for r in rows])
    finally:
        store.close()
    return {k: (t, json.loads(c), sorted(topics[k])) for k, t, c in rows}


def notes_of(home: Path, deck: str) -> dict[str, dict[str, Any]]:
    """note id (without the deck) -> content of its first study card."""
    out: dict[str, dict[str, Any]] = {}
    for key, (_, content, topics) in cards_of(home, deck).items():
        note = key.split("/", 1)[1].split(":")[0]
        out.setdefault(note, {**content, "topics": topics})
    return out


def deck_ids(cli: Any, *home: str) -> set[str]:
    return {d["deck"] for d in json.loads(cli(*home, "decks", "--json").stdout)}


@pytest.fixture
def other_home(tmp_path: Path, template_home: Path) -> Path:
    """A second home with the bundled decks only."""
    h = tmp_path / "other-home"
    shutil.copytree(template_home, h)
    return h


@pytest.fixture
def rich(write: Any, cli: Any) -> Path:
    path = write("rico.yaml", RICH_DECK)
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    return path


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _pb_text(field: int, text: str) -> bytes:
    data = text.encode()
    return bytes([field << 3 | 2]) + _varint(len(data)) + data


def legacy_collection(path: Path, notes: list[tuple[str, list[str], list[str], str]]) -> None:
    """A schema-11 collection (what genanki writes): notes as (model, fields, tags, deck name)."""
    import genanki

    models = {"basic": genanki.BASIC_MODEL, "reversed": genanki.BASIC_AND_REVERSED_CARD_MODEL,
              "cloze": genanki.CLOZE_MODEL, "typed": genanki.BASIC_TYPE_IN_THE_ANSWER_MODEL}
    decks: dict[str, Any] = {}
    for i, (model, fields, tags, deck) in enumerate(notes):
        if deck not in decks:
            decks[deck] = genanki.Deck(2059400110 + len(decks), deck)
        decks[deck].add_note(genanki.Note(model=models[model], fields=fields, tags=tags, guid=f"guid-{i}"))
    db = sqlite3.connect(path)
    genanki.Package(list(decks.values())).write_to_db(db.cursor(), 1_700_000_000.0, itertools.count(1_700_000_000_000))
    db.commit()
    db.close()


DUMMY = [("basic", ["Please update to the latest Anki version, then import the .colpkg/.apkg file again.", ""],
          [], "Default")]

SCHEMA18 = """
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
  ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
  models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
  usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL,
  ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL, lapses integer NOT NULL,
  left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase,
  config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL);
"""

# note types of a fresh Anki profile: id -> (name, cloze, fields, [(question, answer)])
NOTETYPES18 = {
    1001: ("Basic", False, ["Front", "Back"], [("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}")]),
    1002: ("Basic (and reversed card)", False, ["Front", "Back"],
           [("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"), ("{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}")]),
    1003: ("Basic (type in the answer)", False, ["Front", "Back"],
           [("{{Front}}\n\n{{type:Back}}", "{{Front}}<hr id=answer>{{type:Back}}")]),
    1004: ("Cloze", True, ["Text", "Back Extra"], [("{{cloze:Text}}", "{{cloze:Text}}<br>{{Back Extra}}")]),
}


def current_collection(notes: list[tuple[int, str, list[str], str, str, list[int]]]) -> bytes:
    """A schema-18 collection: notes as (notetype id, guid, fields, tags, deck name, card ords)."""
    db = sqlite3.connect(":memory:")
    db.create_collation("unicase", lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower()))
    db.executescript(SCHEMA18)
    db.execute("INSERT INTO col VALUES (1, 0, 0, 0, 18, 0, 0, 0, '', '', '', '', '')")
    for ntid, (name, cloze, fields, templates) in NOTETYPES18.items():
        config = (b"\x08\x01" if cloze else b"") + _pb_text(3, ".card { color: black; }")
        db.execute("INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)", (ntid, name, config))
        for i, f in enumerate(fields):
            db.execute("INSERT INTO fields VALUES (?, ?, ?, ?)", (ntid, i, f, b""))
        for i, (q, a) in enumerate(templates):
            db.execute("INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)",
                       (ntid, i, f"Card {i + 1}", _pb_text(1, q) + _pb_text(2, a)))
    deck_ids: dict[str, int] = {"Default": 1}
    db.execute("INSERT INTO decks VALUES (1, 'Default', 0, 0, x'', x'')")
    card_id = itertools.count(1)
    for nid, (ntid, guid, fields, tags, deck, ords) in enumerate(notes, start=1_700_000_000_000):
        if deck not in deck_ids:
            deck_ids[deck] = len(deck_ids) + 1
            db.execute("INSERT INTO decks VALUES (?, ?, 0, 0, x'', x'')", (deck_ids[deck], deck.replace("::", "\x1f")))
        db.execute("INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, ?, 0, 0, '')",
                   (nid, guid, ntid, f" {tags} ", "\x1f".join(fields), fields[0]))
        for o in ords:
            db.execute("INSERT INTO cards VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                       (next(card_id), nid, deck_ids[deck], o))
    db.commit()
    data = db.serialize()
    db.close()
    return data


def zstd(data: bytes) -> bytes:
    """zstd frames as Anki writes them: streamed, without a declared content size."""
    import zstandard

    compressor = zstandard.ZstdCompressor().compressobj()
    return compressor.compress(data) + compressor.flush()


def write_zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def legacy_package(tmp_path: Path, name: str, notes: list[tuple[str, list[str], list[str], str]],
                   anki21: bool = False) -> Path:
    """A legacy package: genanki's collection.anki2, or (anki21) Anki's collection.anki21 + a dummy."""
    col = tmp_path / f"{name}.sqlite3"
    legacy_collection(col, notes)
    members = {"collection.anki21" if anki21 else "collection.anki2": col.read_bytes(),
               "media": json.dumps({"0": "picture.png"}).encode(), "0": b"\x89PNG fake"}
    if anki21:
        dummy = tmp_path / f"{name}-dummy.sqlite3"
        legacy_collection(dummy, DUMMY)
        members["collection.anki2"] = dummy.read_bytes()
        members["meta"] = b"\x08\x02"
    return write_zip(tmp_path / f"{name}.apkg", members, zipfile.ZIP_DEFLATED)


ANKI_NOTES = [
    ("basic", ["O que é o <b>Amazon Bedrock</b>?",
               "Serviço gerenciado<br>de modelos<ul><li>API única</li><li>vários provedores</li></ul>"],
     ["AWS::Bedrock", "leech"], "AWS::Bedrock"),
    ("reversed", ["Guardrails", "Filtros do Bedrock &amp; PII"], ["AWS::Bedrock"], "AWS::Bedrock"),
    ("cloze", ["O {{c1::SageMaker}} treina e {{c2::implanta}} modelos <img src=\"picture.png\">", "<i>ML</i>"],
     [], "AWS::SageMaker"),
    ("typed", ["Serviço de texto para fala?", "Amazon Polly"], ["voz"], "AWS::SageMaker"),
    ("basic", ["<img src=\"picture.png\">", "só imagem"], [], "AWS::Bedrock"),
]


def current_package(tmp_path: Path, name: str = "current") -> Path:
    """A package as Anki 2.1.50+ writes it: meta, collection.anki21b (zstd), a dummy collection.anki2, media."""
    ntids = {"basic": 1001, "reversed": 1002, "typed": 1003, "cloze": 1004}
    ords = {"basic": [0], "reversed": [0, 1], "typed": [0], "cloze": [0, 1]}
    notes = [(ntids[m], f"guid-{i}", fields, " ".join(tags), deck, ords[m])
             for i, (m, fields, tags, deck) in enumerate(ANKI_NOTES)]
    dummy = tmp_path / f"{name}-dummy.sqlite3"
    legacy_collection(dummy, DUMMY)
    return write_zip(tmp_path / f"{name}.apkg", {
        "meta": b"\x08\x03",
        "collection.anki21b": zstd(current_collection(notes)),
        "collection.anki2": dummy.read_bytes(),
        "0": zstd(b"\x89PNG fake"),
        "media": zstd(b"\n\x0f\n\x0bpicture.png\x10\x09"),
    })


def expected_anki_cards() -> dict[str, dict[str, Any]]:
    from genai_cards.importers.anki import card_id_for

    return {
        card_id_for("guid-0"): {"type": "basic", "front": "O que é o **Amazon Bedrock**?",
                                "back": "Serviço gerenciado\nde modelos\n- API única\n- vários provedores",
                                "reverse": False, "topics": ["aws/bedrock"]},
        card_id_for("guid-1"): {"type": "basic", "front": "Guardrails", "back": "Filtros do Bedrock & PII",
                                "reverse": True, "topics": ["aws/bedrock"]},
        card_id_for("guid-2"): {"type": "cloze", "text": "O {{c1::SageMaker}} treina e {{c2::implanta}} modelos",
                                "back": "ML", "topics": ["aws/sagemaker"]},
        card_id_for("guid-3"): {"type": "typed", "front": "Serviço de texto para fala?", "answer": ["Amazon Polly"],
                                "topics": ["aws/sagemaker", "voz"]},
    }


def assert_anki_import(home: Path, deck: str) -> None:
    got = notes_of(home, deck)
    want = expected_anki_cards()
    assert set(got) == set(want)
    for note, fields in want.items():
        for key, value in fields.items():
            assert got[note][key] == value, (note, key)


# --- YAML --------------------------------------------------------------------------------------------
def test_yaml_export_round_trips_into_another_home(cli, rich, home, other_home, tmp_path) -> None:
    out = tmp_path / "out" / "rico.yaml"
    out.parent.mkdir()
    result = cli("export", "--format", "yaml", "--deck", "rico", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Exported 7 cards from 1 deck" in result.output
    result = cli("--home", str(other_home), "import", str(out))
    assert result.exit_code == 0, result.output
    assert cards_of(other_home, "rico") == cards_of(home, "rico")
    assert len(cards_of(home, "rico")) == 9  # 7 notes, a reversed card and a second cloze deletion
    from genai_cards.decks import load_deck

    before, after = load_deck(rich), load_deck(out)
    assert [(c.id, c.type, dict(c.fields), c.topics, c.source, c.explain) for c in before.cards] == \
           [(c.id, c.type, dict(c.fields), c.topics, c.source, c.explain) for c in after.cards]
    assert (after.title, after.topics, after.source, after.order) == (before.title, before.topics, before.source, 5)


def test_yaml_export_of_several_decks_needs_a_folder(cli, rich, small_deck, tmp_path) -> None:
    result = cli("export", "--format", "yaml", "--deck", "rico", "--deck", "teste", "-o", str(tmp_path / "x.yaml"))
    assert result.exit_code == 1
    assert "2 decks selected: give a folder with -o" in result.output
    folder = tmp_path / "decks-out"
    result = cli("export", "--format", "yaml", "--deck", "rico", "--deck", "teste", "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["rico.yaml", "teste.yaml"]


def test_export_by_topic_keeps_only_matching_cards(cli, rich, tmp_path) -> None:
    out = tmp_path / "sub.yaml"
    assert cli("export", "--format", "yaml", "--topic", "rico/sub", "-o", str(out)).exit_code == 0
    from genai_cards.decks import load_deck

    assert [c.id for c in load_deck(out).cards] == ["basico"]
    result = cli("export", "--format", "yaml", "--topic", "ricco", "-o", str(out))
    assert result.exit_code == 1 and "no cards with topic 'ricco'; did you mean rico" in result.output
    assert cli("export", "--format", "pdf", "-o", str(out)).exit_code == 2


# --- CSV -------------------------------------------------------------------------------------------
def test_csv_export_round_trips_basic_cards(cli, small_deck, home, other_home, tmp_path) -> None:
    out = tmp_path / "teste.csv"
    assert cli("export", "--format", "csv", "--deck", "teste", "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["front", "back", "tags", "id"]
    assert rows[0] == {"front": "Pergunta um", "back": "Resposta um", "tags": "teste", "id": "um"}
    cloze = next(r for r in rows if r["id"] == "tres")
    assert cloze["front"] == "O [...] usa [...]." and cloze["back"] == "O Amazon Bedrock usa API."
    result = cli("--home", str(other_home), "import", str(out), "--json")
    assert result.exit_code == 0, result.output
    again = notes_of(other_home, "teste")
    assert again["um"]["front"] == "Pergunta um" and again["um"]["back"] == "Resposta um"
    assert again["um"]["topics"] == ["teste"] and set(again) == {"um", "dois", "tres", "quatro"}


def test_csv_renders_exam_formats_readably(cli, rich, tmp_path) -> None:
    out = tmp_path / "rico.csv"
    assert cli("export", "--format", "csv", "--deck", "rico", "-o", str(out)).exit_code == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    mcq = rows["escolha"]
    assert mcq["front"].startswith("Qual é RAG?\n\na) ") and "Busca + geração" in mcq["front"]
    letter = next(line[0] for line in mcq["front"].splitlines() if line.endswith("Busca + geração"))
    assert mcq["back"] == f"{letter}) Busca + geração\n\nExplicação"
    assert rows["digitada"]["back"] == "Amazon Polly / Polly"
    assert rows["basico"]["tags"] == "rico rico/sub"
    order = rows["ordem"]
    assert order["back"].endswith("1. primeiro\n2. segundo\n3. terceiro")
    assert "1. Polly" in rows["pares"]["front"] and "Polly → voz" in rows["pares"]["back"]


def test_csv_with_quotes_commas_bom_and_windows_line_endings(cli, home) -> None:
    path = DATA / "quirky.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    result = cli("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 3
    notes = list(notes_of(home, "quirky").values())
    assert notes[0]["front"] == "What is RAG, exactly?" and notes[0]["back"] == 'Retrieval "augmented" generation'
    assert notes[0]["topics"] == ["aws/bedrock", "rag"]
    assert notes[1]["back"] == "Amazon Polly, o TTS"
    assert notes[2]["front"] == "Duas\nlinhas"
    assert list(notes_of(home, "quirky"))[0].startswith("what-is-rag-exactly-")


def test_tsv_with_an_id_column(cli, home) -> None:
    result = cli("import", str(DATA / "cards.tsv"), "--deck", "tabs")
    assert result.exit_code == 0, result.output
    notes = notes_of(home, "tabs")
    assert set(notes) == {"tsv-one", "tsv-two"}
    assert notes["tsv-one"]["front"] == "Pergunta, com vírgula"
    assert notes["tsv-two"]["front"] == "Aspas" and notes["tsv-two"]["topics"] == ["teste", "teste/sub"]


def test_edited_csv_updates_in_place_and_keeps_history(cli, write, home) -> None:
    path = write("minhas.csv", "front,back,tags\nPergunta A,Resposta A,minhas\nPergunta B,Resposta B,minhas\n")
    assert cli("import", str(path)).exit_code == 0
    key = next(k for k, v in cards_of(home, "minhas").items() if v[1]["front"] == "Pergunta A")
    assert cli("review", "--topic", "minhas", input="\n3\n", now=NOW).exit_code == 0
    again = json.loads(cli("import", str(path), "--json").stdout)
    assert (again["added"], again["updated"], again["unchanged"], again["retired"]) == (0, 0, 2, 0)
    path.write_text("front,back,tags\nPergunta A,Resposta A reescrita,minhas\n", encoding="utf-8")
    result = json.loads(cli("import", str(path), "--json").stdout)
    assert (result["added"], result["updated"], result["retired"]) == (0, 1, 1)
    card = json.loads(cli("card", "show", key, "--json").stdout)
    assert card["content"]["back"] == "Resposta A reescrita"
    assert len(card["history"]) == 1 and card["state"] == "learning"


def test_csv_problems_name_file_and_line(cli, write) -> None:
    dup = write("dup.csv", "front,back\nSame,one\nSame,two\n")
    result = cli("import", str(dup))
    assert result.exit_code == 1
    assert f"{dup}:3: same front as line 2" in result.output
    cols = write("cols.csv", "front,back,notes\na,b,c\n")
    assert f"{cols}:1: unknown column 'notes'" in cli("import", str(cols)).output
    nohead = write("nohead.csv", "a,b\nc,d\n")
    assert f"{nohead}:1: the first line must be a header" in cli("import", str(nohead)).output
    quote = write("quote.csv", 'front,back\n"open,b\n')
    assert f"{quote}:" in cli("import", str(quote)).output


# --- all or nothing, dry run ----------------------------------------------------------------------------
def test_one_bad_file_imports_nothing_and_lists_every_problem(cli, home) -> None:
    before = deck_ids(cli)
    result = cli("import", str(DATA / "good.yaml"), str(DATA / "quirky.csv"), str(DATA / "bad.csv"), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"] == [f"{DATA / 'bad.csv'}:3: `back` is empty",
                                                   f"{DATA / 'bad.csv'}:5: `front` is empty"]
    assert f"{DATA / 'bad.csv'}:3: `back` is empty" in result.stderr
    assert deck_ids(cli) == before
    assert not (home / "decks").exists() or not list((home / "decks").iterdir())


def test_dry_run_reports_and_stores_nothing(cli, home) -> None:
    before = deck_ids(cli)
    result = cli("import", str(DATA / "good.yaml"), str(DATA / "quirky.csv"), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would import: 4 added, 0 updated, 0 unchanged, 0 retired" in result.output
    assert "fixture-yaml: 1 added" in result.output
    assert deck_ids(cli) == before
    assert not (home / "decks" / "quirky.yaml").exists()


def test_bundled_deck_id_and_bad_inputs_are_refused(cli, write, tmp_path) -> None:
    result = cli("import", str(DATA / "good.yaml"), "--deck", "rag")
    assert result.exit_code == 1 and "belongs to a bundled deck" in result.output
    assert "unsupported file type" in cli("import", str(write("notes.md", "# hi"))).output
    fake = tmp_path / "deck.yaml"
    fake.write_bytes(b"PK\x03\x04\x00\x00 a zip, not YAML")
    assert "binary data" in cli("import", str(fake)).output
    result = cli("import", str(DATA / "good.yaml"), str(DATA / "cards.tsv"), "--deck", "um-so")
    assert result.exit_code == 1 and "--deck names one deck" in result.output


# --- Anki packages ---------------------------------------------------------------------------------
def test_apkg_export_opens_as_anki_notes_and_round_trips(cli, rich, other_home, tmp_path) -> None:
    out = tmp_path / "rico.apkg"
    result = cli("export", "--format", "apkg", "--deck", "rico", "-o", str(out))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as z:
        assert set(z.namelist()) == {"collection.anki2", "media"}
        col = tmp_path / "col.sqlite3"
        col.write_bytes(z.read("collection.anki2"))
    db = sqlite3.connect(col)
    models = {int(k): v for k, v in json.loads(db.execute("SELECT models FROM col").fetchone()[0]).items()}
    names = sorted(models[mid]["name"] for (mid,) in db.execute("SELECT mid FROM notes"))
    assert names == ["Basic (and reversed card) (genai-cards)", "Basic (genanki)", "Basic (genanki)",
                     "Basic (genanki)", "Basic (genanki)", "Basic (type in the answer) (genai-cards)", "Cloze (genanki)"]
    decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    assert "Deck rico" in {d["name"] for d in decks.values()}
    tags = {t for (row,) in db.execute("SELECT tags FROM notes") for t in row.split()}
    assert tags == {"rico", "rico::sub"}
    db.close()

    result = cli("--home", str(other_home), "import", str(out), "--deck", "rico-anki")
    assert result.exit_code == 0, result.output
    notes = list(notes_of(other_home, "rico-anki").values())
    basic, cloze, typed, mcq = notes[0], notes[1], notes[2], notes[3]
    assert (basic["type"], basic["front"], basic["back"], basic["reverse"], basic["explain"]) == \
           ("basic", "Pergunta **um**", "Resposta: um", True, "Porque sim.")
    assert basic["topics"] == ["rico", "rico/sub"]
    assert (cloze["type"], cloze["text"], cloze["back"]) == ("cloze", "O {{c1::Bedrock}} usa {{c2::API::interface}}.",
                                                            "Extra")
    # the interface speaks English here; the words written into the card are in the deck's language (pt-BR)
    assert (typed["type"], typed["answer"], typed["explain"]) == ("typed", ["Amazon Polly"], "Também aceito: Polly")
    assert mcq["type"] == "basic" and "a) " in mcq["front"] and mcq["back"].endswith("Busca + geração\n\nExplicação")
    assert len(notes) == 7

    # a later export has new Anki note ids but the same guids: importing it changes nothing
    assert cli("export", "--format", "apkg", "--deck", "rico", "-o", str(out)).exit_code == 0
    again = json.loads(cli("--home", str(other_home), "import", str(out), "--deck", "rico-anki", "--json").stdout)
    assert (again["added"], again["updated"], again["retired"]) == (0, 0, 0)


def test_legacy_package_from_genanki(cli, home, tmp_path) -> None:
    path = legacy_package(tmp_path, "legado", ANKI_NOTES)
    result = cli("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert_anki_import(home, "legado")
    assert "skipped 1 media file" in result.stderr and "skipped 1 note without usable text" in result.stderr
    title = next(d["title"] for d in json.loads(cli("decks", "--json").stdout) if d["deck"] == "legado")
    assert title == "AWS"
    again = json.loads(cli("import", str(path), "--json").stdout)
    assert (again["added"], again["updated"], again["retired"], again["unchanged"]) == (0, 0, 0, 6)


def test_legacy_anki21_package_wins_over_its_dummy(cli, home, tmp_path) -> None:
    path = legacy_package(tmp_path, "anki21", ANKI_NOTES, anki21=True)
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    assert_anki_import(home, "anki21")


def test_current_anki21b_package(cli, home, tmp_path) -> None:
    path = current_package(tmp_path)
    result = cli("import", str(path), "--deck", "atual", "--json")
    assert result.exit_code == 0, result.output
    assert_anki_import(home, "atual")
    assert "skipped 1 media file" in result.stderr
    assert not any("Please update" in str(c) for c in cards_of(home, "atual").values())


def test_edited_anki_note_updates_in_place_and_keeps_history(cli, home, tmp_path) -> None:
    first = [("basic", ["Pergunta editada?", "Resposta antiga"], ["edtest"], "Ed"),
             ("basic", ["Outra pergunta?", "Outra resposta"], ["edtest"], "Ed")]
    assert cli("import", str(legacy_package(tmp_path, "ed", first))).exit_code == 0
    assert cli("review", "--topic", "edtest", input="\n3\n", now=NOW).exit_code == 0
    second = [("basic", ["Pergunta editada?", "Resposta nova"], ["edtest"], "Ed"), first[1]]
    path = legacy_package(tmp_path, "ed-v2", second)
    result = json.loads(cli("import", str(path), "--deck", "ed", "--json").stdout)
    assert (result["added"], result["updated"], result["retired"]) == (0, 1, 0)
    from genai_cards.importers.anki import card_id_for

    card = json.loads(cli("card", "show", f"ed/{card_id_for('guid-0')}", "--json").stdout)
    assert card["content"]["back"] == "Resposta nova" and len(card["history"]) == 1


# --- hostile packages ------------------------------------------------------------------------------
def test_zip_slip_is_refused(cli, tmp_path) -> None:
    col = tmp_path / "c.sqlite3"
    legacy_collection(col, ANKI_NOTES[:1])
    path = write_zip(tmp_path / "slip.apkg", {"collection.anki2": col.read_bytes(), "../../evil.txt": b"x"})
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert f"{path}: refused: the archive holds an unsafe path '../../evil.txt'" in result.output
    assert not (tmp_path.parent / "evil.txt").exists()
    absolute = write_zip(tmp_path / "abs.apkg", {"collection.anki2": col.read_bytes(), "/etc/evil": b"x"})
    assert "unsafe path '/etc/evil'" in cli("import", str(absolute)).output


def test_oversized_archives_are_refused(cli, tmp_path, monkeypatch) -> None:
    bomb = write_zip(tmp_path / "bomb.apkg", {"collection.anki2": b"\0" * (8 * 1024 * 1024)}, zipfile.ZIP_DEFLATED)
    result = cli("import", str(bomb))
    assert result.exit_code == 1 and "times its compressed size" in result.output
    zbomb = write_zip(tmp_path / "zbomb.apkg", {"meta": b"\x08\x03", "collection.anki21b": zstd(b"\0" * (8 << 20))})
    result = cli("import", str(zbomb))
    assert result.exit_code == 1 and "times its compressed size" in result.output
    import genai_cards.importers.anki as anki

    monkeypatch.setattr(anki, "MAX_COLLECTION_BYTES", 4096)
    result = cli("import", str(legacy_package(tmp_path, "big", ANKI_NOTES)))
    assert result.exit_code == 1 and "refused: the collection expands to over" in result.output


def test_files_that_are_not_what_they_say_are_refused(cli, tmp_path) -> None:
    not_zip = tmp_path / "text.apkg"
    not_zip.write_text("front,back\n", encoding="utf-8")
    assert f"{not_zip}: not an Anki package: the file is not a zip archive" in cli("import", str(not_zip)).output
    empty = write_zip(tmp_path / "empty.apkg", {"media": b"{}"})
    assert f"{empty}: not an Anki package: no collection" in cli("import", str(empty)).output
    junk = write_zip(tmp_path / "junk.apkg", {"collection.anki2": b"definitely not sqlite" * 10})
    assert f"{junk}: not an Anki package: the collection is not an SQLite database" in cli("import", str(junk)).output
    other_db = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other_db)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    plain = write_zip(tmp_path / "plain.apkg", {"collection.anki2": other_db.read_bytes()})
    assert "no Anki notes and cards tables" in cli("import", str(plain)).output
    bad_zstd = write_zip(tmp_path / "zstd.apkg", {"meta": b"\x08\x03", "collection.anki21b": b"not zstd at all"})
    assert "not valid zstd data" in cli("import", str(bad_zstd)).output


def test_a_broken_install_without_the_anki_packages_names_the_missing_one(cli, rich, tmp_path, monkeypatch) -> None:
    import sys

    package = current_package(tmp_path, "nozstd")
    monkeypatch.setitem(sys.modules, "genanki", None)
    result = cli("export", "--format", "apkg", "-o", str(tmp_path / "x.apkg"))
    assert result.exit_code == 1
    assert result.output == ("Error: writing .apkg files needs the package genanki, which every install of "
                             "genai-cards brings; it is missing here: pip install genanki\n")
    monkeypatch.setitem(sys.modules, "zstandard", None)
    result = cli("import", str(package))
    assert result.exit_code == 1 and "it is missing here: pip install zstandard" in result.output


# --- decks remove -------------------------------------------------------------------------------------
def test_decks_remove_with_yes_keeps_history(cli, small_deck, home, tmp_path) -> None:
    assert cli("review", "--topic", "teste", input="\n3\n", now=NOW).exit_code == 0
    result = cli("decks", "remove", "teste", "--yes")
    assert result.exit_code == 0, result.output
    assert "Removed deck teste: 6 cards retired" in result.output
    assert "teste" not in deck_ids(cli)
    assert not (home / "decks" / "teste.yaml").exists()
    card = json.loads(cli("card", "show", "teste/um", "--json").stdout)
    assert card["retired"] is True and len(card["history"]) == 1
    assert len(cli("log", "export", "--format", "jsonl").stdout.splitlines()) == 1
    result = json.loads(cli("import", str(small_deck), "--json").stdout)  # it can come back, with its history
    assert result["updated"] == 6 and "teste" in deck_ids(cli)


def test_decks_remove_refuses_without_yes_and_bundled_decks(cli, small_deck) -> None:
    result = cli("decks", "remove", "teste", input="")
    assert result.exit_code == 1
    assert "pass --yes" in result.output and "teste" in deck_ids(cli)
    result = cli("decks", "remove", "rag", "--yes")
    assert result.exit_code == 1 and "bundled" in result.output
    result = cli("decks", "remove", "nenhum", "--yes")
    assert result.exit_code == 1 and "no deck 'nenhum'" in result.output


# --- the review log --------------------------------------------------------------------------------
def test_log_export_fsrs_columns(cli, small_deck, tmp_path) -> None:
    assert cli("review", "--topic", "teste", input="\n3\n", now=NOW).exit_code == 0
    out = tmp_path / "revlog.csv"
    result = cli("log", "export", "--format", "fsrs", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["card_id", "review_time", "review_rating", "review_state", "review_duration"]
    from genai_cards.exporters import fsrs_card_id
    from genai_cards.model import to_ms
    from datetime import datetime

    row = rows[0]
    assert int(row["card_id"]) == fsrs_card_id("teste/um") and fsrs_card_id("teste/um") == fsrs_card_id("teste/um")
    assert int(row["review_time"]) == to_ms(datetime.fromisoformat(NOW))
    assert (row["review_rating"], row["review_state"]) == ("3", "0") and int(row["review_duration"]) >= 0


def test_anki_html_becomes_readable_text() -> None:
    from genai_cards.importers.html import html_to_text

    assert html_to_text("<div><b><b>Título</b></b></div><ol><li>um</li><li>dois</li></ol>fim [sound:a.mp3]") == \
        "**Título**\n1. um\n2. dois\nfim"
    assert html_to_text("a&nbsp;&lt;b&gt;<br><br><br><br>c<script>x()</script><style>p{}</style>") == "a <b>\n\nc"


def test_import_deck_option_renames_a_yaml_deck_by_its_key_not_its_layout(cli, write, home) -> None:
    path = write("quoted.yaml", """
        "deck": original
        title: Um deck
        topics: [teste]
        cards:
          - id: um
            front: "deck: not this line"
            back: Resposta
        """)
    result = cli("import", str(path), "--deck", "novo", "--json")
    assert result.exit_code == 0, result.output
    assert "novo" in json.loads(result.output)["decks"]
    decks = {d["deck"] for d in json.loads(cli("decks", "--json").output)}
    assert "novo" in decks and "original" not in decks
    shown = json.loads(cli("card", "show", "novo/um", "--json").output)
    assert shown["content"]["front"] == "deck: not this line"


def test_apkg_words_follow_the_decks_language_not_the_interfaces(cli, write, tmp_path, monkeypatch) -> None:
    deck = write("english.yaml", """
        deck: english
        title: English deck
        lang: en
        topics: [english]
        cards:
          - id: voice
            type: typed
            front: Text to speech service?
            answer: [Amazon Polly, Polly]
        """)
    assert cli("import", str(deck)).exit_code == 0
    monkeypatch.setenv("GENAI_CARDS_LANG", "pt-BR")  # a Portuguese interface exporting an English deck
    out = tmp_path / "english.apkg"
    assert cli("export", "--format", "apkg", "--deck", "english", "-o", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as z:
        col = tmp_path / "english.sqlite3"
        col.write_bytes(z.read("collection.anki2"))
    db = sqlite3.connect(col)
    (fields,) = db.execute("SELECT flds FROM notes").fetchone()
    db.close()
    assert "Also accepted: Polly" in fields and "Também" not in fields


TOPIC_DECK = """
deck: temas
title: Temas
cards:
  - id: um
    front: Pergunta um
    back: Resposta um
    topics: [{topics}]
  - id: dois
    front: Pergunta dois
    back: Resposta dois
    topics: [fixo]
"""


def test_a_card_whose_topics_alone_changed_is_updated_and_found_under_its_new_topics(cli, write) -> None:
    path = write("temas.yaml", TOPIC_DECK.format(topics="antigo"))
    assert cli("import", str(path)).exit_code == 0
    path.write_text(TOPIC_DECK.format(topics="novo"), encoding="utf-8")
    planned = json.loads(cli("import", str(path), "--dry-run", "--json").stdout)
    assert (planned["added"], planned["updated"], planned["unchanged"]) == (0, 1, 1)
    done = json.loads(cli("import", str(path), "--json").stdout)
    assert (done["added"], done["updated"], done["unchanged"]) == (0, 1, 1)
    assert json.loads(cli("due", "--json", "-t", "novo").stdout)["new_today"] == 1
    assert cli("due", "--json", "-t", "antigo").exit_code == 1  # no card has the old topic any more
    mastery = json.loads(cli("stats", "--json", "-t", "novo").stdout)["mastery"]["topics"]
    assert [(m["topic"], m["cards"]) for m in mastery] == [("novo", 1)]
    again = json.loads(cli("import", str(path), "--json").stdout)
    assert (again["updated"], again["unchanged"]) == (0, 2)
