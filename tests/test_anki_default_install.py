"""Anki packages on a default install: genanki and zstandard are ordinary dependencies, a current
(zstd) package imports and an .apkg exports with nothing extra, and the exported package opens in
Anki's own library where that library (`pip install anki`) is installed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from test_import_export import RICH_DECK, current_package

ROOT = Path(__file__).resolve().parent.parent


def test_genanki_and_zstandard_are_ordinary_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {d.split(">")[0].split("=")[0].split("<")[0].strip() for d in project["dependencies"]}
    assert {"genanki", "zstandard"} <= names
    assert project["optional-dependencies"]["anki"] == []  # the old extra, kept as an empty alias


def test_a_default_install_imports_a_zstd_package_and_exports_an_apkg(cli, write, tmp_path) -> None:
    package = current_package(tmp_path)
    result = cli("import", str(package), "--deck", "do-anki")
    assert result.exit_code == 0, result.output
    assert "Imported: 6 added, 0 updated, 0 unchanged, 0 retired" in result.output
    assert cli("import", str(write("rico.yaml", RICH_DECK))).exit_code == 0
    out = tmp_path / "rico.apkg"
    result = cli("export", "--format", "apkg", "--deck", "rico", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_an_exported_package_opens_in_ankis_own_library_with_every_card_as_exported(cli, write, tmp_path) -> None:
    pytest.importorskip("anki", reason="Anki's library (pip install anki) is not installed here")
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    assert cli("import", str(write("rico.yaml", RICH_DECK))).exit_code == 0
    out = tmp_path / "rico.apkg"
    assert cli("export", "--format", "apkg", "--deck", "rico", "-o", str(out)).exit_code == 0
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(out), options=ImportAnkiPackageOptions()))
        assert sorted(d.name for d in col.decks.all_names_and_ids()) == ["Deck rico", "Default"]
        # 7 notes; the reversed basic card and the two cloze deletions make 9 cards, all in our deck
        assert (col.note_count(), col.card_count()) == (7, 9)
        cards = [col.get_card(cid) for cid in col.find_cards("")]
        assert {col.decks.name(c.did) for c in cards} == {"Deck rico"}
        notes = {col.get_note(nid).fields[0]: col.get_note(nid) for nid in col.find_notes("")}

        basic = notes["Pergunta <b>um</b>"]  # markdown bold became HTML, the explanation its own field
        assert basic.note_type()["name"] == "Basic (and reversed card) (genai-cards)"
        assert basic.fields == ["Pergunta <b>um</b>", "Resposta: um", "Porque sim."]
        assert sorted(basic.tags) == ["rico", "rico::sub"]  # topics as Anki's hierarchical tags
        two = sorted((c.question(), c.answer()) for c in basic.cards())
        assert [q.endswith("</style>Pergunta <b>um</b>") for q, _ in two].count(True) == 1
        assert [q.endswith("</style>Resposta: um") for q, _ in two].count(True) == 1
        assert all(a.endswith("<br><br>Porque sim.") for _, a in two)

        cloze = notes["O {{c1::Bedrock}} usa {{c2::API::interface}}."]
        assert cloze.note_type()["type"] == 1 and cloze.fields[1] == "Extra"  # Anki's cloze kind
        by_ord = {c.ord: c for c in cloze.cards()}
        assert sorted(by_ord) == [0, 1]
        assert '<span class="cloze" data-cloze="Bedrock" data-ordinal="1">[...]</span>' in by_ord[0].question()
        assert '<span class="cloze" data-cloze="API" data-ordinal="2">[interface]</span>' in by_ord[1].question()
        assert '<span class="cloze" data-ordinal="1">Bedrock</span>' in by_ord[0].answer()

        typed = notes["Serviço de TTS?"]
        assert typed.note_type()["name"] == "Basic (type in the answer) (genai-cards)"
        assert typed.fields[:2] == ["Serviço de TTS?", "Amazon Polly"] and "Polly" in typed.fields[2]
        assert "[[type:Back]]" in typed.cards()[0].question()  # Anki asks for the answer to be typed

        mcq = next(n for front, n in notes.items() if front.startswith("Qual é RAG?"))
        shown = mcq.fields[0].split("<br>")[2:]
        assert sorted(line[3:] for line in shown) == ["Busca + geração", "Só busca", "Só geração"]
        right = next(line for line in shown if line.endswith("Busca + geração"))
        assert mcq.fields[1] == f"{right}<br><br>Explicação"  # the right letter, then the explanation
        order = next(n for front, n in notes.items() if front.startswith("Ordene"))
        assert order.fields[1].endswith("<br><br>1. primeiro<br>2. segundo<br>3. terceiro")
        pairs = next(n for front, n in notes.items() if front.startswith("Associe"))
        assert "Polly → voz" in pairs.fields[1] and "Textract → documentos" in pairs.fields[1]
    finally:
        col.close()
