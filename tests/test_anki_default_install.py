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


def test_an_exported_package_opens_in_ankis_own_library(cli, write, tmp_path) -> None:
    pytest.importorskip("anki", reason="Anki's library (pip install anki) is not installed here")
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    assert cli("import", str(write("rico.yaml", RICH_DECK))).exit_code == 0
    out = tmp_path / "rico.apkg"
    assert cli("export", "--format", "apkg", "--deck", "rico", "-o", str(out)).exit_code == 0
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(out), options=ImportAnkiPackageOptions()))
        assert col.note_count() > 0
        fields = [f for nid in col.find_notes("") for f in col.get_note(nid).fields]
        assert any(f.strip() for f in fields)
        assert any(d.name != "Default" for d in col.decks.all_names_and_ids())
    finally:
        col.close()
