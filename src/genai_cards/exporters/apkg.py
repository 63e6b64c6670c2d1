"""Decks as an Anki package (.apkg), built with genanki (a dependency of every install).

- basic cards become Basic notes; `reverse: true` ones "Basic (and reversed card)" notes;
- cloze cards become Cloze notes (same `{{c1::answer::hint}}` syntax);
- typed cards become "type in the answer" notes (the first accepted answer is the one Anki checks);
- the exam formats (mcq, multi, order, match) become Basic notes whose front lists the choices,
  items or pairs and whose back gives the answer and the explanation.

Topics become Anki tags (`bedrock/guardrails` -> `bedrock::guardrails`); each deck becomes an Anki
deck named after its title. Note guids come from our card ids, so importing a newer export into Anki
updates the notes instead of duplicating them. genanki writes the legacy collection format
(`collection.anki2`), which every Anki version opens.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import re
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from .. import messages as msg
from ..errors import GenaiCardsError
from ..i18n import in_language
from ..model import CardSpec, Deck, text_in
from .render import render

CSS = ".card {\n font-family: arial;\n font-size: 20px;\n text-align: center;\n color: black;\n background-color: white;\n}\n"
REVERSED_MODEL_ID = 1730466701
TYPED_MODEL_ID = 1730466702
EXTRA = "{{#Extra}}<br><br>{{Extra}}{{/Extra}}"


def to_html(text: str) -> str:
    """Plain text (with Markdown **bold**) as an Anki field: escaped, bold kept, line breaks as <br>."""
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped, flags=re.DOTALL)
    return escaped.replace("\n", "<br>")


def stable_id(*parts: str) -> int:
    """A stable positive 48-bit id for an Anki deck."""
    return int.from_bytes(hashlib.blake2b("\x1f".join(parts).encode(), digest_size=6).digest(), "big") | 1 << 47


def _genanki() -> Any:
    try:
        import genanki  # type: ignore[import-untyped]
    except ImportError:
        raise GenaiCardsError(msg.needs_anki_extra(msg.WRITING_APKG, "genanki")) from None
    return genanki


def _models(genanki: Any) -> dict[str, Any]:
    reversed_model = genanki.Model(
        REVERSED_MODEL_ID, "Basic (and reversed card) (genai-cards)",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Extra"}],
        templates=[
            {"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}" + EXTRA},
            {"name": "Card 2", "qfmt": "{{Back}}", "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}" + EXTRA},
        ],
        css=CSS,
    )
    typed_model = genanki.Model(
        TYPED_MODEL_ID, "Basic (type in the answer) (genai-cards)",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Extra"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}\n\n{{type:Back}}",
                    "afmt": "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}" + EXTRA}],
        css=CSS,
    )
    return {"basic": genanki.BASIC_MODEL, "reversed": reversed_model, "cloze": genanki.CLOZE_MODEL,
            "typed": typed_model}


def _note(genanki: Any, models: dict[str, Any], deck: Deck, spec: CardSpec) -> Any:
    lang = deck.lang
    explain = text_in(spec.explain, lang).strip() if spec.explain else ""
    tags = [t.replace("/", "::") for t in dict.fromkeys(deck.topics + spec.topics)]
    guid = genanki.guid_for("genai-cards", deck.deck, spec.id)
    f = spec.fields
    if spec.type == "basic" and f.get("reverse"):
        model = models["reversed"]
        fields = [text_in(f["front"], lang).strip(), text_in(f["back"], lang).strip(), explain]
    elif spec.type == "cloze":
        model = models["cloze"]
        extra = "\n\n".join(x for x in (text_in(f.get("back"), lang).strip(), explain) if x)
        fields = [text_in(f["text"], lang).strip(), extra]
    elif spec.type == "typed":
        model = models["typed"]
        answers = [text_in(a, lang).strip() for a in f["answer"]]
        with in_language(lang):  # written into the card, in the deck's language
            also = msg.also_accepted(answers[1:]) if len(answers) > 1 else ""
        fields = [text_in(f["front"], lang).strip(), answers[0], "\n\n".join(x for x in (also, explain) if x)]
    else:
        model = models["basic"]
        fields = list(render(spec, lang))
    return genanki.Note(model=model, fields=[to_html(x) for x in fields], tags=tags, guid=guid)


def write_apkg(decks: list[Deck], output: str) -> list[str]:
    """Write the decks as one .apkg; return the file written."""
    genanki = _genanki()
    if output == "-":
        raise GenaiCardsError(msg.APKG_NOT_TO_STDOUT)
    models = _models(genanki)
    anki_decks = []
    for deck in decks:
        anki_deck = genanki.Deck(stable_id("genai-cards deck", deck.deck), text_in(deck.title, deck.lang))
        for spec in deck.cards:
            anki_deck.add_note(_note(genanki, models, deck, spec))
        anki_decks.append(anki_deck)
    package = genanki.Package(anki_decks)
    target = Path(output)
    tmp_zip = target.with_name(target.name + ".tmp")
    with tempfile.TemporaryDirectory(prefix="genai-cards-apkg-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        db = sqlite3.connect(db_path)
        try:
            now = time.time()
            package.write_to_db(db.cursor(), now, itertools.count(int(now * 1000)))
            db.commit()
        finally:
            db.close()
        try:
            with zipfile.ZipFile(tmp_zip, "w", compression=zipfile.ZIP_DEFLATED) as out:
                out.write(db_path, "collection.anki2")
                out.writestr("media", json.dumps({}))
            tmp_zip.replace(target)
        finally:
            if tmp_zip.exists():
                tmp_zip.unlink()
    return [str(target)]
