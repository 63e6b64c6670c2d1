"""Deck files (YAML, format v1) -> validated `Deck` values, with every problem as `path:line: message`.

The YAML is composed safely by `yamlio` (nodes, never objects; no anchors, aliases or foreign
tags); this module reads the nodes as the deck format (SPEC §2) and checks every rule of it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Iterator

from . import cloze, yamlio
from . import messages as msg
from .errors import InvalidInput, Problem
from .paths import deck_files
from .model import CARD_TYPES, LANG_RE, MAX_LABELS, SLUG_RE, YAML_NS, CardSpec, Deck, text_in
from .yamlio import Checker

MAX_DECK_BYTES = 64 * 1024 * 1024  # a deck file, read as it streams: about 180,000 cards of the benchmark's size
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024  # YAML read whole: a deck rewritten by `import --deck`, one made from CSV/Anki
DIGITS_RE = re.compile(r"\A[0-9]{1,7}\Z")

DECK_KEYS = {"deck", "title", "lang", "topics", "source", "cards", "version", "description", "order"}
COMMON_CARD_KEYS = {"id", "type", "topics", "source", "explain"}
TYPE_KEYS: dict[str, set[str]] = {
    "basic": {"front", "back", "reverse"},
    "cloze": {"text", "back", "reject"},
    "typed": {"front", "answer", "reject"},
    "mcq": {"front", "choices", "answer"},
    "multi": {"front", "choices", "answers"},
    "order": {"front", "items"},
    "match": {"front", "pairs"},
}


def load_deck_text(text: str, path: str) -> Deck:
    """Parse and validate one deck given its text; raise InvalidInput listing every problem."""
    scan = yamlio.Scan(path)
    scan.feed(text, 1)
    scan.check()
    reader = DeckReader(lambda: text, path, scan)
    cards = tuple(reader.cards())
    if reader.problems or reader.header is None:
        raise InvalidInput(reader.problems or [Problem(path, None, msg.EMPTY_FILE)])
    return reader.header._replace(cards=cards)


def open_deck(path: Path, limit: int | None = None) -> DeckReader:
    """A deck file checked as text (a megabyte at a time) and its fields but `cards` read and
    validated; its cards are read by `DeckReader.cards`, one at a time, whatever the file's length."""
    limit = MAX_DECK_BYTES if limit is None else limit
    scan, digest, size = yamlio.scan_file(path, "cards", limit)
    return DeckReader(lambda: open(path, "rb"), str(path), scan, digest, size)


class DeckReader:
    """A deck read as it streams: the fields but `cards` first (`header`: a Deck without cards, None
    when they have problems), then `cards()` reads and validates the cards one at a time.

    The cards are read last: when the text shows no top-level key after `cards:` (the usual layout),
    reading the header stops at `cards`; otherwise the header is read to the end of the file first
    (the cards are parsed, not kept), and `cards()` reads the file again. Every problem is kept in
    `problems`, as `path:line: message`.
    """

    def __init__(self, open_source: Callable[[], Any], path: str, scan: yamlio.Scan, digest: str = "",
                 size: int = 0) -> None:
        self.open_source = open_source
        self.path = path
        self.scan = scan
        self.digest = digest
        self.size = size
        self.checker = Checker(path)
        self.header: Deck | None = None
        self.count = 0  # cards read so far
        self._lang = "pt-BR"
        self._deck_id: str | None = None
        self._cards_at: tuple[int, int] | None = None  # (line, column) of the `cards` key whose items are read
        self._read_header()

    @property
    def problems(self) -> list[Problem]:
        return self.checker.problems

    def _document(self) -> yamlio.Document:
        source = self.open_source()
        try:
            return yamlio.Document(source, self.path)
        except BaseException:
            if hasattr(source, "close"):
                source.close()
            raise

    def _read_header(self) -> None:
        c = self.checker
        doc = self._document()
        try:
            root = doc.start()
            if not isinstance(root, yamlio.MappingNode):
                for _ in doc.entries():
                    pass
                c.mapping(root, msg.MAPPING_WHAT["deck"])
                return
            pairs: list[tuple[Any, Any]] = []
            for key, value in doc.entries():
                if isinstance(value, yamlio.Items):
                    pairs.append((key, value.node))
                    if self._cards_at is None and key.value == "cards":
                        self._cards_at = (key.start_mark.line, key.start_mark.column)
                        if self._last_key(root, key):
                            break
                    value.skip()
                else:
                    pairs.append((key, value))
            root.value = pairs
            self.header = _read_header(c, root, self.path)
            self._lang = self.header.lang if self.header else _lang_of(root)
            self._deck_id = self.header.deck if self.header else None
        finally:
            doc.close()

    def _last_key(self, root: Any, key: Any) -> bool:
        """True when the text guarantees that no top-level key follows this `cards` key."""
        return (not self.scan.after_key and self.scan.key_line == key.start_mark.line + 1
                and key.start_mark.column == 0 and not root.flow_style and root.start_mark.column == 0)

    def cards(self) -> Iterator[CardSpec]:
        """The valid cards, in order, read one at a time (invalid ones and repeated ids are problems)."""
        if self._cards_at is None:
            return
        c = self.checker
        deck_id, lang = self._deck_id or "?", self._lang
        ids: dict[str, int] = {}
        doc = self._document()
        try:
            doc.start()
            for key, value in doc.entries():
                if not isinstance(value, yamlio.Items) or (key.start_mark.line, key.start_mark.column) != self._cards_at:
                    continue
                for node in value:
                    spec = _read_card(c, node, deck_id, lang)
                    if spec is None:
                        continue
                    if spec.id in ids:
                        c.add(node, msg.duplicate_id(spec.id, ids[spec.id]))
                        continue
                    ids[spec.id] = spec.line
                    self.count += 1
                    yield spec
                if not value.count:
                    c.add(value.node, msg.NO_CARDS)
        finally:
            doc.close()


def _lang_of(root: Any) -> str:
    for k, v in root.value:
        if getattr(k, "value", None) == "lang" and isinstance(v, yamlio.ScalarNode) and LANG_RE.match(str(v.value)):
            return str(v.value)
    return "pt-BR"


def _read_header(c: Checker, root: Any, path: str) -> Deck | None:
    """The deck's fields but its cards (`cards` must be there, a list)."""
    top = c.mapping(root, msg.MAPPING_WHAT["deck"])
    if top is None:
        return None
    for key, (kn, _) in top.items():
        if key not in DECK_KEYS:
            c.add(kn, msg.unknown_key(key))
    deck_id = _required_slug(c, top, root, "deck")
    title = c.text(top["title"][1], "title") if "title" in top else c.missing(root, "title")
    lang = "pt-BR"
    if "lang" in top:
        ln = top["lang"][1]
        if isinstance(ln, yamlio.ScalarNode) and LANG_RE.match(str(ln.value)):
            lang = str(ln.value)
        else:
            c.add(ln, msg.bad_lang(str(getattr(ln, "value", "?"))))
    if "version" in top and str(top["version"][1].value) != "1":
        c.add(top["version"][1], msg.BAD_VERSION)
    order = 1000
    if "order" in top:
        on = top["order"][1]
        # YAML 1.1 also reads 0x1F, 0b101, 1:30 and 1_000 as ints: accept plain digits only
        if on.tag != YAML_NS + "int" or not DIGITS_RE.match(str(on.value)) or int(on.value) > 1_000_000:
            c.add(on, msg.BAD_ORDER)
        else:
            order = int(on.value)
    topics = c.slug_list(top["topics"][1], "topics") if "topics" in top else ()
    source = c.text(top["source"][1], "source") if "source" in top else None
    if "cards" not in top:
        c.add(root, msg.missing("cards"))
        return None
    cards_node = top["cards"][1]
    if not isinstance(cards_node, yamlio.SequenceNode):
        c.add(cards_node, msg.must_be_list("cards"))
        return None
    if deck_id is None or title is None:
        return None
    return Deck(deck_id, title, lang, topics, source, (), path, order)


def _required_slug(c: Checker, m: dict[str, tuple[Any, Any]], parent: Any, name: str) -> str | None:
    if name not in m:
        c.add(parent, msg.missing(name))
        return None
    node = m[name][1]
    value = str(node.value) if isinstance(node, yamlio.ScalarNode) else ""
    if not SLUG_RE.match(value):
        c.add(node, msg.bad_slug(name, value))
        return None
    return value


def _read_card(c: Checker, node: Any, deck_id: str, lang: str) -> CardSpec | None:
    m = c.mapping(node, msg.MAPPING_WHAT["card"])
    if m is None:
        return None
    before = len(c.problems)
    card_id = _required_slug(c, m, node, "id")
    ctype = "basic"
    if "type" in m:
        tn = m["type"][1]
        ctype = str(getattr(tn, "value", ""))
        if ctype not in CARD_TYPES:
            c.add(tn, msg.unknown_type(ctype))
            return None
    allowed = COMMON_CARD_KEYS | TYPE_KEYS[ctype]
    for key, (kn, _) in m.items():
        if key not in allowed:
            c.add(kn, msg.unknown_card_key(key, ctype))
    fields = READERS[ctype](c, m, node, lang)
    topics = c.slug_list(m["topics"][1], "topics") if "topics" in m else ()
    source = c.text(m["source"][1], "source") if "source" in m else None
    explain = c.text(m["explain"][1], "explain") if "explain" in m else None
    if card_id is None or fields is None or len(c.problems) > before:
        return None
    line = node.start_mark.line + 1
    return CardSpec(deck_id, card_id, ctype, line, fields, topics, source, explain)


def _need(c: Checker, m: dict[str, tuple[Any, Any]], parent: Any, name: str) -> Any:
    if name not in m:
        c.add(parent, msg.missing(name))
        return None
    return c.text(m[name][1], name)


def _basic(c: Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
    front, back = _need(c, m, node, "front"), _need(c, m, node, "back")
    reverse = False
    if "reverse" in m:
        rn = m["reverse"][1]
        if rn.tag != YAML_NS + "bool":
            c.add(rn, msg.MUST_BE_BOOL)
        else:
            reverse = str(rn.value).lower() in ("true", "yes", "on")
    if front is None or back is None:
        return None
    return {"front": front, "back": back, "reverse": reverse}


def _cloze(c: Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
    text = _need(c, m, node, "text")
    if text is None:
        return None
    tnode = m["text"][1]
    for variant in [text] if isinstance(text, str) else list(text.values()):
        wrong = cloze.problem(variant)
        if wrong is not None:
            c.add(tnode, msg.CLOZE_PROBLEMS[wrong])
            return None
    out: dict[str, Any] = {"text": text}
    if "back" in m:
        out["back"] = c.text(m["back"][1], "back")
    return _with_rejects(c, m, out, [])


def _typed(c: Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
    front = _need(c, m, node, "front")
    if "answer" not in m:
        c.add(node, msg.missing("answer"))
        return None
    an = m["answer"][1]
    if isinstance(an, yamlio.SequenceNode):
        answers = c.text_list(an, "answer", 1)
    else:
        one = c.text(an, "answer")
        answers = None if one is None else [one]
    if front is None or answers is None:
        return None
    return _with_rejects(c, m, {"front": front, "answer": answers}, answers, lang)


def _with_rejects(c: Checker, m: dict[str, tuple[Any, Any]], fields: dict[str, Any] | None,
                  answers: list[Any], lang: str = "") -> dict[str, Any] | None:
    """`reject:` (typed, cloze): a text or list of texts, known near-misses graded wrong; never an answer."""
    if "reject" not in m or fields is None:
        return fields
    rn = m["reject"][1]
    rejects = c.text_list(rn, "reject", 1) if isinstance(rn, yamlio.SequenceNode) else [c.text(rn, "reject")]
    if rejects is None or any(r is None for r in rejects):
        return None
    accepted = set(_keyed(answers, lang))
    for r in _keyed(rejects, lang):
        if r in accepted:
            c.add(rn, msg.reject_is_answer(r))
            return None
    fields["reject"] = rejects
    return fields


def _keyed(items: list[Any], lang: str) -> list[str]:
    return [text_in(i, lang).strip() for i in items]


def _unique(c: Checker, node: Any, items: list[Any], name: str, lang: str) -> bool:
    seen: set[str] = set()
    for item in _keyed(items, lang):
        if item in seen:
            c.add(node, msg.duplicate_item(name, item))
            return False
        seen.add(item)
    return True


def _mcq(c: Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
    front = _need(c, m, node, "front")
    parsed = c.choice_list(m["choices"][1], 2) if "choices" in m else c.missing(node, "choices")
    answer = _need(c, m, node, "answer")
    if front is None or parsed is None or answer is None:
        return None
    choices, whys = parsed
    if not _unique(c, m["choices"][1], choices, "choices", lang):
        return None
    if text_in(answer, lang).strip() not in _keyed(choices, lang):
        c.add(m["answer"][1], msg.answer_not_in_choices(text_in(answer, lang)))
        return None
    return _with_whys({"front": front, "choices": choices, "answer": answer}, whys)


def _multi(c: Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
    front = _need(c, m, node, "front")
    parsed = c.choice_list(m["choices"][1], 3) if "choices" in m else c.missing(node, "choices")
    answers = c.text_list(m["answers"][1], "answers", 2) if "answers" in m else c.missing(node, "answers")
    if front is None or parsed is None or answers is None:
        return None
    choices, whys = parsed
    if not _unique(c, m["choices"][1], choices, "choices", lang):
        return None
    if not _unique(c, m["answers"][1], answers, "answers", lang):
        return None
    keyed = _keyed(choices, lang)
    for a in _keyed(answers, lang):
        if a not in keyed:
            c.add(m["answers"][1], msg.answer_not_in_choices(a))
            return None
    if len(answers) >= len(choices):
        c.add(m["answers"][1], msg.MULTI_ALL_RIGHT)
        return None
    return _with_whys({"front": front, "choices": choices, "answers": answers}, whys)


def _with_whys(fields: dict[str, Any], whys: list[Any]) -> dict[str, Any]:
    """Add `whys` (parallel to `choices`) only when some choice has one, so old decks keep their fields."""
    if any(w is not None for w in whys):
        fields["whys"] = whys
    return fields


def _order(c: Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
    front = _need(c, m, node, "front")
    items = c.text_list(m["items"][1], "items", 2) if "items" in m else c.missing(node, "items")
    if front is None or items is None:
        return None
    if not _unique(c, m["items"][1], items, "items", lang):
        return None
    return {"front": front, "items": items}


def _match(c: Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
    front = _need(c, m, node, "front")
    if "pairs" not in m:
        c.add(node, msg.missing("pairs"))
        return None
    pn = m["pairs"][1]
    if not isinstance(pn, yamlio.SequenceNode):
        c.add(pn, msg.must_be_list("pairs"))
        return None
    pairs: list[list[Any]] = []
    for p in pn.value:
        if not isinstance(p, yamlio.SequenceNode) or len(p.value) != 2:
            c.add(p, msg.BAD_PAIR)
            return None
        left, right = c.text(p.value[0], "pairs"), c.text(p.value[1], "pairs")
        if left is None or right is None:
            return None
        pairs.append([left, right])
    if len(pairs) < 2:
        c.add(pn, msg.too_few("pairs", 2))
        return None
    if len(pairs) > MAX_LABELS:
        c.add(pn, msg.too_many("pairs", MAX_LABELS))
        return None
    if not _unique(c, pn, [p[0] for p in pairs], "pairs (left)", lang):
        return None
    if not _unique(c, pn, [p[1] for p in pairs], "pairs (right)", lang):
        return None
    if front is None:
        return None
    return {"front": front, "pairs": pairs}


READERS: dict[str, Callable[[Checker, dict[str, tuple[Any, Any]], Any, str], dict[str, Any] | None]] = {
    "basic": _basic,
    "cloze": _cloze,
    "typed": _typed,
    "mcq": _mcq,
    "multi": _multi,
    "order": _order,
    "match": _match,
}


def read_text(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """A YAML file's whole text, refusing files that are too large or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InvalidInput([Problem(str(path), None, msg.file_too_large(limit))])
        data = path.read_bytes()
    except IsADirectoryError:
        raise InvalidInput([Problem(str(path), None, msg.IS_A_DIRECTORY)]) from None
    except OSError as exc:
        raise InvalidInput([Problem(str(path), None, msg.cannot_read(exc.strerror or str(exc)))]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput([Problem(str(path), line, msg.NOT_UTF8)]) from None
    if "\x00" in text:
        raise InvalidInput([Problem(str(path), None, msg.BINARY_FILE)])
    return text


def load_deck(path: Path) -> Deck:
    """Read, parse and validate one deck file (held whole once read: its cards are in the Deck)."""
    reader = open_deck(path)
    cards = tuple(reader.cards())
    if reader.problems or reader.header is None:
        raise InvalidInput(reader.problems or [Problem(str(path), None, msg.EMPTY_FILE)])
    return reader.header._replace(cards=cards)


class DeckOwners:
    """Which file declared each deck id; a second file that declares one again is a problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.owners: dict[str, str] = {}

    def claim(self, deck_id: str, f: Path) -> bool:
        """True when `f` may provide `deck_id` (the first file to declare it)."""
        if deck_id in self.owners:
            self.problems.append(Problem(str(f), None, msg.duplicate_deck(deck_id, self.owners[deck_id])))
            return False
        self.owners[deck_id] = str(f)
        return True


def validate_paths(paths: list[Path]) -> tuple[list[Deck], list[Problem]]:
    """Load every deck under `paths`; return the good decks and every problem (duplicates across files too)."""
    decks: list[Deck] = []
    problems: list[Problem] = []
    owners = DeckOwners(problems)
    for f in deck_files(paths):
        if not f.exists():
            problems.append(Problem(str(f), None, msg.NO_SUCH_FILE))
            continue
        try:
            deck = load_deck(f)
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        if owners.claim(deck.deck, f):
            decks.append(deck)
    return decks, problems
