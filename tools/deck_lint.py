"""Test-wise cues and exam-format rules over bundled decks (beyond what `validate` checks).

Usage: python tools/deck_lint.py [DECK.yaml ...]   (default: every deck in decks/)

Prints one `file:line: card: problem` per problem, then the share of mcq cards whose right choice is
strictly the longest. Exit 1 if there is any problem or that share is above the limit. The test
suite runs the same checks (tests/test_bundled_decks.py), so decks cannot drift from them.

Rules (issue 13, SPEC §2):
- every mcq/multi choice carries a `why`;
- the right mcq choice is never 1.5 times as long as the longest distractor, and is strictly the
  longest in at most 30% of the mcq cards (counted over all decks checked);
- no mcq card where only the right choice shares a content word with the question;
- order cards have 3-5 items, match cards 3-7 pairs;
- every card with an `aif-c01/...` topic names a v1.1 task statement (`aif-c01/dN/tN-M`);
- every card has a `source`.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from genai_cards.decks import validate_paths  # noqa: E402
from genai_cards.model import Deck, text_in  # noqa: E402

LONGEST_SHARE_LIMIT = 0.30
LENGTH_RATIO_LIMIT = 1.5
ORDER_SIZES = range(3, 6)
MATCH_SIZES = range(3, 8)
TASK_STATEMENTS = {
    "aif-c01/d1/t1-1", "aif-c01/d1/t1-2", "aif-c01/d1/t1-3",
    "aif-c01/d2/t2-1", "aif-c01/d2/t2-2", "aif-c01/d2/t2-3",
    "aif-c01/d3/t3-1", "aif-c01/d3/t3-2", "aif-c01/d3/t3-3", "aif-c01/d3/t3-4",
    "aif-c01/d4/t4-1", "aif-c01/d4/t4-2",
    "aif-c01/d5/t5-1", "aif-c01/d5/t5-2",
}
STOPWORDS = set("""
a o as os um uma uns umas de da do das dos em na no nas nos por para pra com sem sob sobre entre
que qual quais quando onde como porque e ou mas se ao aos à às pelo pela pelos pelas seu sua seus suas
este esta isto esse essa isso aquele aquela mais menos muito muita cada todo toda todos todas outro outra
ser sao são é está estao estão foi ter tem têm pode podem deve devem usar usa usam uso serviço servico
servicos serviços amazon aws empresa equipe cliente clientes modelo modelos dados quer precisa opcao opção
melhor abordagem escolha escolher tipo forma maneira caso recurso recursos ferramenta ferramentas
""".split())


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    card: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.card}: {self.message}"


def _words(text: str) -> set[str]:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return {w for w in re.findall(r"[a-z0-9]+", plain) if len(w) >= 3 and w not in STOPWORDS}


def _shares(a: set[str], b: set[str]) -> bool:
    """Do two word sets share a word (or a 6-letter stem, so `treinar` ~ `treinamento`)?"""
    if a & b:
        return True
    stems = {w[:6] for w in a if len(w) >= 6}
    return any(len(w) >= 6 and w[:6] in stems for w in b)


def check(decks: list[Deck]) -> tuple[list[Finding], int, int]:
    """All findings, and (mcq cards whose right choice is strictly the longest, mcq cards)."""
    findings: list[Finding] = []
    longest = total_mcq = 0
    for deck in decks:
        lang = deck.lang

        def add(card_line: int, card_id: str, message: str) -> None:
            findings.append(Finding(deck.path, card_line, card_id, message))

        for card in deck.cards:
            f = card.fields
            topics = deck.topics + card.topics
            if card.source is None and deck.source is None:
                add(card.line, card.id, "no source")
            aif = [t for t in topics if t == "aif-c01" or t.startswith("aif-c01/")]
            if aif and not any(t in TASK_STATEMENTS for t in aif):
                add(card.line, card.id, f"aif-c01 topics {aif} name no v1.1 task statement (aif-c01/dN/tN-M)")
            for t in aif:
                if t.count("/") >= 2 and t not in TASK_STATEMENTS:
                    add(card.line, card.id, f"unknown task statement {t!r}")
            if card.type in ("mcq", "multi"):
                whys = f.get("whys") or [None] * len(f["choices"])
                missing = [text_in(c, lang) for c, w in zip(f["choices"], whys) if w is None]
                if missing:
                    add(card.line, card.id, f"{len(missing)} choice(s) without a why: {missing[0]!r}…")
            if card.type == "mcq":
                total_mcq += 1
                choices = [text_in(c, lang).strip() for c in f["choices"]]
                right = text_in(f["answer"], lang).strip()
                others = [c for c in choices if c != right]
                if len(right) > max(len(c) for c in others):
                    longest += 1
                if len(right) >= LENGTH_RATIO_LIMIT * max(len(c) for c in others):
                    add(card.line, card.id, f"right choice is {len(right)} chars, ≥1.5× the longest distractor "
                                            f"({max(len(c) for c in others)})")
                front = _words(text_in(f["front"], lang))
                if _shares(front, _words(right)) and not any(_shares(front, _words(c)) for c in others):
                    add(card.line, card.id, "only the right choice shares a word with the question")
            if card.type == "order" and len(f["items"]) not in ORDER_SIZES:
                add(card.line, card.id, f"order card with {len(f['items'])} items (3-5)")
            if card.type == "match" and len(f["pairs"]) not in MATCH_SIZES:
                add(card.line, card.id, f"match card with {len(f['pairs'])} pairs (3-7)")
    return findings, longest, total_mcq


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [ROOT / "decks"]
    decks, problems = validate_paths(paths)
    for p in problems:
        print(p)
    findings, longest, total = check(decks)
    for finding in findings:
        print(finding)
    share = longest / total if total else 0.0
    print(f"{len(findings)} finding(s); right mcq choice strictly longest in {longest}/{total} "
          f"({share:.0%}, limit {LONGEST_SHARE_LIMIT:.0%})")
    return 1 if problems or findings or share > LONGEST_SHARE_LIMIT else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
