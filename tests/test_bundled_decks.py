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
# an exam domain, or `legado/aif-c01-v1-0` for true cards of objectives that guide v1.1 dropped
DOMAIN_RE = re.compile(r"^(aif-c01/d[1-5]|nca-aiio/d[1-3]|legado/aif-c01-v1-0)(/|$)")
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
    for objective, terms in _v1_1_objective_rows():
        for part in terms.split(";"):
            term, arrow, cards = part.partition("→")
            names = [n.strip() for n in cards.split(",") if n.strip()]
            if not arrow or not names:
                unknown.append(f"{objective}: malformed entry {part.strip()!r}")
            unknown += [f"{objective}: {n}" for n in names if n != "**sem card**" and n not in ids]
    assert unknown == []


def _v1_1_objective_rows() -> list[tuple[str, str]]:
    """(objective, `term → deck/id, …; …`) of the hand-written table of v1.1 objectives."""
    return [(r[0], r[1]) for r in _coverage_rows("## AIF-C01 v1.1 objectives") if re.match(r"[1-5]\.\d\.\d+ ", r[0])]


def test_coverage_has_one_row_per_v1_1_objective_and_each_names_a_card() -> None:
    rows = _v1_1_objective_rows()
    numbers = [objective.split(" ", 1)[0] for objective, _ in rows]
    # objectives per v1.1 task statement (summary of the v1.1 guide, issue 13): D1 17, D2 14, D3 19, D4 11, D5 8 = 69
    per_task = {"1.1": 5, "1.2": 6, "1.3": 6, "2.1": 6, "2.2": 4, "2.3": 4, "3.1": 6, "3.2": 5, "3.3": 3, "3.4": 5,
                "4.1": 7, "4.2": 4, "5.1": 5, "5.2": 3}
    assert numbers == [f"{t}.{i}" for t, n in per_task.items() for i in range(1, n + 1)]
    assert [o for o, terms in rows if not re.search(r"→ [a-z0-9-]+/", terms)] == []


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


# --- issue 13: exam-guide v1.1, feedback on every choice, no test-wise cues ------------------------
def _lint():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import deck_lint
    finally:
        sys.path.pop(0)
    return deck_lint


def test_every_mcq_and_multi_choice_has_a_why(decks) -> None:
    missing = [f"{d.deck}/{c.id}: {text_in(ch, d.lang)}" for d in decks for c in d.cards if c.type in ("mcq", "multi")
               for ch, why in zip(c.fields["choices"], c.fields.get("whys") or [None] * len(c.fields["choices"]))
               if why is None]
    assert missing == []


def test_right_choice_stands_out_neither_by_length_nor_by_shared_words(decks) -> None:
    lint = _lint()
    findings, longest, total = lint.check(decks)
    cues = [str(f) for f in findings if "longest distractor" in f.message or "shares a word" in f.message]
    assert cues == []
    assert total > 300 and longest / total <= lint.LONGEST_SHARE_LIMIT


def test_length_cue_rule_catches_a_longest_right_choice() -> None:
    """The cue checker itself: a right choice 1.5x the longest distractor, or the only one echoing the question."""
    from genai_cards.model import CardSpec, Deck

    lint = _lint()
    long_right = CardSpec("d", "x", "mcq", 1, {"front": "Qual serviço?", "answer": "Amazon Comprehend para análise de texto",
                                             "choices": ["Amazon Polly", "Amazon Comprehend para análise de texto",
                                                         "Amazon Lex"]})
    echo = CardSpec("d", "y", "mcq", 2, {"front": "Qual serviço roda Kubernetes gerenciado?",
                                        "answer": "Amazon EKS (Kubernetes)",
                                        "choices": ["Amazon ECS com Fargate", "Amazon EKS (Kubernetes)", "AWS Batch jobs"]})
    fair = CardSpec("d", "z", "mcq", 3, {"front": "Qual serviço converte texto em fala?", "answer": "Amazon Polly",
                                        "choices": ["Amazon Polly", "Amazon Lex", "Amazon Transcribe"]})
    findings, longest, total = lint.check([Deck("d", "T", "pt-BR", (), "s", (long_right, echo, fair), "d.yaml")])
    assert [(f.card, "1.5×" in f.message, "shares a word" in f.message) for f in findings
            if "why" not in f.message] == [("x", True, False), ("y", False, True)]
    assert (longest, total) == (2, 3)  # x and y are strictly the longest; z is not


def test_order_and_match_cards_have_exam_sizes(decks) -> None:
    bad = [f"{d.deck}/{c.id}" for d in decks for c in d.cards
           if (c.type == "order" and not 3 <= len(c.fields["items"]) <= 5)
           or (c.type == "match" and not 3 <= len(c.fields["pairs"]) <= 7)]
    assert bad == []


def test_every_aif_c01_card_names_a_v1_1_task_statement(decks) -> None:
    lint = _lint()
    bad = []
    for d in decks:
        for c in d.cards:
            aif = [t for t in d.topics + c.topics if t == "aif-c01" or t.startswith("aif-c01/")]
            if aif and not any(t in lint.TASK_STATEMENTS for t in aif):
                bad.append(f"{d.deck}/{c.id}")
            bad += [f"{d.deck}/{c.id}: {t}" for t in aif if t.count("/") == 2 and t not in lint.TASK_STATEMENTS]
    assert bad == []


def test_dropped_objectives_leave_the_exam_domains(decks) -> None:
    """Cards of objectives that v1.1 dropped stay (they are true) but count toward no v1.1 domain."""
    legacy = {f"{d.deck}/{c.id}": d.topics + c.topics for d in decks for c in d.cards
              if "legado/aif-c01-v1-0" in d.topics + c.topics}
    assert {"aif-c01-d1-extra/d1x-auc", "aif-c01-d3-extra/d3x-vetor-documentdb",
            "aif-c01-d5-extra/d5x-audit-manager-genai"} <= set(legacy)
    assert [k for k, topics in legacy.items() if any(t.startswith("aif-c01") for t in topics)] == []


def test_bundle_is_large_enough_and_mostly_in_exam_formats(decks) -> None:
    cards = [c for d in decks for c in d.cards]
    assert len(cards) >= 1100
    assert sum(c.type in EXAM_TYPES for c in cards) / len(cards) >= 0.35
    assert {d.lang for d in decks} == {"pt-BR"}
