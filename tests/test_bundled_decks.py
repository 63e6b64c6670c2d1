"""The bundled decks are part of the product: valid, traceable, in exam formats, and covering the notes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from genai_cards.decks import validate_paths
from genai_cards.exams import load_exam
from genai_cards.model import EXAM_TYPES, text_in

ROOT = Path(__file__).resolve().parents[1]
DECKS = ROOT / "decks"
SEEDS = ROOT.parent / "shared" / "seeds"
COVERAGE = DECKS / "COVERAGE.md"
DOMAIN_RE = re.compile(r"^(aif-c01/d[1-5]|nca-aiio/d[1-3])(/|$)")
SLIPS = ["Amazonas ", "Transcrição da Amazon", "Mestrado em Direito", "Engenharia rápida", "Consultor confiável",
         "Esclarecer", "Guarda-corpos", "170 trilhões"]


@pytest.fixture(scope="module")
def decks():
    good, problems = validate_paths([DECKS])
    assert not problems, "\n".join(map(str, problems))
    return good


def test_validate_passes_on_bundled_decks(cli) -> None:
    result = cli("validate", str(DECKS))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")


def test_every_card_has_a_source_and_an_exam_domain_topic(decks) -> None:
    missing = []
    for deck in decks:
        for card in deck.cards:
            topics = deck.topics + card.topics
            if not card.source or not any(DOMAIN_RE.match(t) for t in topics):
                missing.append(f"{deck.deck}/{card.id}")
    assert missing == []


def test_notes_decks_are_large_enough_and_in_exam_formats(decks) -> None:
    from_notes = [c for d in decks for c in d.cards if text_in(c.source, d.lang)[:3].isdigit()]
    beyond = [c for d in decks for c in d.cards if not text_in(c.source, d.lang)[:3].isdigit()]
    assert len(from_notes) >= 350
    assert len(beyond) >= 250
    for group in (from_notes, beyond):
        assert sum(c.type in EXAM_TYPES for c in group) / len(group) >= 0.30


def test_sources_name_a_real_seed_file(decks) -> None:
    seeds = {p.name for p in SEEDS.glob("*.txt")} if SEEDS.is_dir() else set()
    if not seeds:
        pytest.skip("shared/seeds not beside the checkout")
    bad = [f"{d.deck}/{c.id}" for d in decks for c in d.cards
           if text_in(c.source, d.lang)[:3].isdigit() and text_in(c.source, d.lang).split(" ")[0] not in seeds]
    assert bad == []


def test_known_slips_of_the_notes_are_not_taught_as_facts(decks) -> None:
    """What a card asserts (answers, backs, items, pairs, cloze text) never repeats a slip of the notes;
    a front may quote one to ask about it, and `explain` names it."""
    asserted = ("back", "answer", "answers", "items", "pairs", "text")
    found = []
    for d in decks:
        for c in d.cards:
            values = [c.fields[k] for k in asserted if k in c.fields]
            flat = []
            for v in values:
                items = v if isinstance(v, list) else [v]
                for x in items:
                    flat.extend(x if isinstance(x, list) else [x])
            shown = " ".join(text_in(x, d.lang) for x in flat)
            found += [f"{d.deck}/{c.id}: {s}" for s in SLIPS if s in shown]
    assert found == []


def _coverage_rows(section: str) -> list[list[str]]:
    text = COVERAGE.read_text(encoding="utf-8").split(section, 1)[1].split("\n## ", 1)[0]
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines()
            if line.startswith("|") and not re.match(r"\|\s*-", line) and not line.startswith("| seed file")
            and not line.startswith("| task statement") and not line.startswith("| NVIDIA")]


def _norm(heading: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*#•]", "", heading).strip().strip("-:").strip()).lower()


def test_coverage_names_only_card_ids_that_exist(decks) -> None:
    ids = {f"{d.deck}/{c.id}" for d in decks for c in d.cards}
    by_deck = {d.deck: {c.id for c in d.cards} for d in decks}
    prefixes = {i.split("/")[1].split("-")[0] for i in ids}
    unknown = []
    for row in _coverage_rows("## Seed headings"):
        _, _, deck_cell, cards_cell = row[:4]
        names = [n for n in re.findall(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b", cards_cell) if n.split("-")[0] in prefixes]
        pool = set().union(*by_deck.values())  # a row may point to a card of another deck
        unknown += [f"{deck_cell}/{n}" for n in names if n not in pool and n not in by_deck]
    for row in _coverage_rows("## Exam task"):
        unknown += [i.strip() for i in row[2].split(",") if i.strip() and i.strip() not in ids]
    assert unknown == []


def test_every_seed_heading_is_in_coverage() -> None:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds not beside the checkout")
    covered = {(r[0], _norm(r[1])) for r in _coverage_rows("## Seed headings")}
    covered_prefix = {(f, h.split(" (")[0]) for f, h in covered}
    missing = []
    for seed in sorted(SEEDS.glob("*.txt")):
        for line in seed.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                key = (seed.name, _norm(line))
                if key not in covered and key not in covered_prefix:
                    missing.append(f"{seed.name}: {line}")
    assert missing == []


def test_every_aif_c01_task_statement_has_at_least_8_cards_and_table_is_current() -> None:
    rows = _coverage_rows("## Exam task")
    tasks = [r for r in rows if "`aif-c01/" in r[0]]
    assert len(tasks) == 14
    assert all(int(r[1]) >= 8 for r in tasks), [r[0] for r in tasks if int(r[1]) < 8]
    fresh = subprocess.run([sys.executable, str(ROOT / "tools" / "coverage.py"), "--check"], capture_output=True,
                           text=True)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr


@pytest.mark.parametrize("exam", sorted(p.name for p in (DECKS / "exams").glob("*.yaml")))
def test_exam_files_are_valid_and_weights_add_up(exam: str) -> None:
    definition = load_exam(DECKS / "exams" / exam)
    assert sum(d.weight for d in definition.domains) == 100
    assert definition.questions > 0 and definition.minutes > 0
