"""Regenerate the exam tables of decks/COVERAGE.md from the decks' topics.

Usage: python tools/coverage.py   (run after editing decks; tests check the file stays true)

The seed-heading table is written by hand (it says *why* a heading has no card); the tables of
AIF-C01 task statements and NVIDIA domains are derived from each card's `aif-c01/dN/tN-M` and
`nca-aiio/dN` topics, so they cannot drift from the decks.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from genai_cards.decks import validate_paths  # noqa: E402

TASKS = {
    "aif-c01/d1/t1-1": "1.1 Explicar conceitos e terminologia básicos de IA",
    "aif-c01/d1/t1-2": "1.2 Identificar casos de uso práticos de IA",
    "aif-c01/d1/t1-3": "1.3 Descrever o ciclo de vida de desenvolvimento de IA/ML",
    "aif-c01/d2/t2-1": "2.1 Explicar os conceitos básicos de IA generativa",
    "aif-c01/d2/t2-2": "2.2 Capacidades e limitações da IA generativa para problemas de negócio",
    "aif-c01/d2/t2-3": "2.3 Infraestrutura e tecnologias da AWS para aplicações de IA generativa",
    "aif-c01/d3/t3-1": "3.1 Considerações de design para aplicações com modelos de fundação",
    "aif-c01/d3/t3-2": "3.2 Escolher técnicas eficazes de engenharia de prompt",
    "aif-c01/d3/t3-3": "3.3 Processo de treinamento e fine-tuning de modelos de fundação",
    "aif-c01/d3/t3-4": "3.4 Métodos para avaliar o desempenho de modelos de fundação",
    "aif-c01/d4/t4-1": "4.1 Desenvolvimento de sistemas de IA responsáveis",
    "aif-c01/d4/t4-2": "4.2 Importância de modelos transparentes e explicáveis",
    "aif-c01/d5/t5-1": "5.1 Métodos para proteger sistemas de IA",
    "aif-c01/d5/t5-2": "5.2 Governança e regulamentações de conformidade para sistemas de IA",
}
NVIDIA = {
    "nca-aiio/d1": "Essential AI Knowledge",
    "nca-aiio/d2": "AI Infrastructure",
    "nca-aiio/d3": "AI Operations",
}


def cards_by_topic() -> dict[str, list[str]]:
    """Topic (as written on cards or decks) -> `deck/id` of every bundled card carrying it."""
    decks, problems = validate_paths([ROOT / "decks"])
    if problems:
        raise SystemExit("\n".join(str(p) for p in problems))
    out: dict[str, list[str]] = {}
    for deck in decks:
        for card in deck.cards:
            for topic in set(deck.topics + card.topics):
                out.setdefault(topic, []).append(f"{deck.deck}/{card.id}")
    return out


def tables() -> str:
    by_topic = cards_by_topic()
    lines = ["| task statement | cards | card ids |", "| --- | --- | --- |"]
    for topic, name in TASKS.items():
        ids = sorted(by_topic.get(topic, []))
        lines.append(f"| {name} (`{topic}`) | {len(ids)} | {', '.join(ids)} |")
    lines += ["", "| NVIDIA NCA-AIIO domain | cards | card ids |", "| --- | --- | --- |"]
    for topic, name in NVIDIA.items():
        ids = sorted(set(by_topic.get(topic, [])) | {i for t, v in by_topic.items() if t.startswith(topic + "/")
                                                        for i in v})
        lines.append(f"| {name} (`{topic}`) | {len(ids)} | {', '.join(ids)} |")
    return "\n".join(lines)


def main() -> None:
    """Rewrite the exam tables; with --check, only exit 1 if they are out of date."""
    path = ROOT / "decks" / "COVERAGE.md"
    text = path.read_text(encoding="utf-8")
    new = re.sub(r"(<!-- exam-tables:begin -->\n).*?(<!-- exam-tables:end -->)",
                 lambda m: m.group(1) + tables() + "\n" + m.group(2), text, flags=re.DOTALL)
    if "--check" in sys.argv:
        if new != text:
            raise SystemExit("decks/COVERAGE.md is out of date: run python tools/coverage.py")
        return
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
