"""`import a.yaml b.yaml` is all or nothing, also when a deck file cannot be written into the home."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path


def deck(name: str, text: str) -> str:
    return f"deck: {name}\ntitle: {name}\ntopics: [{name}]\ncards:\n  - {{id: um, front: {text}, back: verso}}\n"


def fronts(home: Path) -> dict[str, str]:
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    try:
        rows = db.execute("SELECT key, content FROM cards WHERE deck IN ('aa', 'bb') AND retired = 0").fetchall()
    finally:
        db.close()
    return {k: json.loads(c)["front"] for k, c in rows}


def leftovers(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "decks").iterdir() if not p.name.endswith(".yaml"))


def test_import_of_two_decks_stores_neither_when_the_second_cannot_be_written(cli, home, write) -> None:
    a, b = write("aa.yaml", deck("aa", "primeira")), write("bb.yaml", deck("bb", "segunda"))
    (home / "decks" / "bb.yaml").mkdir(parents=True)  # the second deck's place in the home is taken
    result = cli("import", str(a), str(b))
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"Error: {home / 'decks' / 'bb.yaml'}: cannot write: Is a directory"]
    assert "Traceback" not in result.output
    assert fronts(home) == {}
    assert not (home / "decks" / "aa.yaml").exists() and leftovers(home) == []
    assert "aa" not in {d["deck"] for d in json.loads(cli("decks", "--json").output)}  # nor on the next start


def test_reimport_keeps_both_old_decks_when_the_second_cannot_be_put_in_place(cli, home, write) -> None:
    a, b = write("aa.yaml", deck("aa", "primeira")), write("bb.yaml", deck("bb", "segunda"))
    assert cli("import", str(a), str(b)).exit_code == 0
    old_a = (home / "decks" / "aa.yaml").read_bytes()
    a.write_text(deck("aa", "primeira editada"), encoding="utf-8")
    b.write_text(deck("bb", "segunda editada"), encoding="utf-8")
    blocker = home / "decks" / "bb.yaml.old"  # where the old bb.yaml would be moved aside: taken
    blocker.mkdir()
    (blocker / "x").write_text("x")
    result = cli("import", str(a), str(b))
    assert result.exit_code == 1 and "cannot write" in result.output and "Traceback" not in result.output
    assert (home / "decks" / "aa.yaml").read_bytes() == old_a  # the first deck's file is put back
    assert fronts(home) == {"aa/um": "primeira", "bb/um": "segunda"}
    assert leftovers(home) == ["bb.yaml.old"]
    cli("decks", "--json")
    assert fronts(home) == {"aa/um": "primeira", "bb/um": "segunda"}  # the next start finds nothing new


def test_import_of_two_decks_that_can_be_written_stores_both(cli, home, write) -> None:
    a, b = write("aa.yaml", deck("aa", "primeira")), write("bb.yaml", deck("bb", "segunda"))
    result = cli("import", str(a), str(b), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [(d["deck"], d["added"]) for d in report["per_deck"]] == [("aa", 1), ("bb", 1)]
    assert fronts(home) == {"aa/um": "primeira", "bb/um": "segunda"}
    assert leftovers(home) == []
    db = sqlite3.connect(home / "genai-cards.sqlite3")
    stat = db.execute("SELECT mtime_ns, size FROM decks WHERE deck = 'aa'").fetchone()
    db.close()
    st = (home / "decks" / "aa.yaml").stat()
    assert stat == (st.st_mtime_ns, st.st_size)  # the next start does not parse it again
