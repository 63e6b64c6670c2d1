"""Deck files (YAML, format v1) -> validated `Deck` values, with every problem as `path:line: message`.

Only safe loading: the YAML is composed into nodes (never constructed into objects), every tag
outside plain YAML types is refused, and anchors and aliases are refused before they can expand.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Callable

from . import messages as msg
from .cloze import deletions, structure_problem
from .errors import InvalidInput, Problem
from .safetext import first_control
from .model import CARD_TYPES, CardSpec, Deck, text_in

MAX_DECK_BYTES = 8 * 1024 * 1024
MAX_LABELS = 26

# \Z, not $: `$` also matches before a trailing newline, which let "rag\n" pass as a slug.
SLUG_RE = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
TOPIC_RE = re.compile(r"\A[a-z0-9]+(?:[-.][a-z0-9]+)*(?:/[a-z0-9]+(?:[-.][a-z0-9]+)*)*\Z")
LANG_RE = re.compile(r"\A[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")
DIGITS_RE = re.compile(r"\A[0-9]{1,7}\Z")

YAML_NS = "tag:yaml.org,2002:"
PLAIN_TAGS = {YAML_NS + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}

DECK_KEYS = {"deck", "title", "lang", "topics", "source", "cards", "version", "description", "order"}
COMMON_CARD_KEYS = {"id", "type", "topics", "source", "explain"}
TYPE_KEYS: dict[str, set[str]] = {
    "basic": {"front", "back", "reverse"},
    "cloze": {"text", "back"},
    "typed": {"front", "answer"},
    "mcq": {"front", "choices", "answer"},
    "multi": {"front", "choices", "answers"},
    "order": {"front", "items"},
    "match": {"front", "pairs"},
}


def _yaml() -> Any:
    import yaml

    return yaml


class _Checker:
    """Walks composed YAML nodes of one file, collecting problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def add(self, node: Any, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(Problem(self.path, line, message))

    def check_tree(self, node: Any) -> bool:
        """Refuse aliases (a node reached twice) and foreign tags anywhere in the tree."""
        yaml = _yaml()
        stack = [node]
        ok = True
        while stack:
            n = stack.pop()
            if id(n) in self.seen:
                self.add(n, msg.YAML_ALIAS)
                return False
            self.seen.add(id(n))
            if n.tag not in PLAIN_TAGS:
                self.add(n, msg.yaml_tag(n.tag))
                ok = False
            if isinstance(n, yaml.MappingNode):
                for k, v in n.value:
                    stack.extend((k, v))
            elif isinstance(n, yaml.SequenceNode):
                stack.extend(n.value)
        return ok

    def missing(self, node: Any, name: str) -> Any:
        """Report a missing required field; returns None so it can stand in for the value."""
        self.add(node, msg.missing(name))
        return None

    # --- node readers ---------------------------------------------------------------------
    def mapping(self, node: Any, what: str) -> dict[str, tuple[Any, Any]] | None:
        """A mapping node as {key: (key_node, value_node)}, reporting duplicate keys."""
        if not isinstance(node, _yaml().MappingNode):
            self.add(node, msg.must_be_mapping(what))
            return None
        out: dict[str, tuple[Any, Any]] = {}
        for k, v in node.value:
            key = str(k.value) if isinstance(k, _yaml().ScalarNode) else "?"
            if key in out:
                self.add(k, msg.duplicate_key(key))
                continue
            out[key] = (k, v)
        return out

    def text(self, node: Any, name: str, langs: set[str] | None = None) -> Any:
        """A text field: a non-empty scalar, or a map of language -> non-empty string."""
        yaml = _yaml()
        if isinstance(node, yaml.ScalarNode):
            if node.tag == YAML_NS + "null" or not str(node.value).strip():
                self.add(node, msg.empty_field(name))
                return None
            return self._no_controls(node, name, str(node.value))
        if isinstance(node, yaml.MappingNode):
            m = self.mapping(node, name)
            if m is None:
                return None
            out: dict[str, str] = {}
            before = len(self.problems)
            for lang, (kn, vn) in m.items():
                if not LANG_RE.match(lang):
                    self.add(kn, msg.bad_lang(lang))
                elif not isinstance(vn, yaml.ScalarNode) or not str(vn.value).strip():
                    self.add(vn, msg.empty_field(f"{name}.{lang}"))
                elif self._no_controls(vn, f"{name}.{lang}", str(vn.value)) is not None:
                    out[lang] = str(vn.value)
            if len(self.problems) > before:
                return None
            if not out:
                self.add(node, msg.empty_field(name))
                return None
            return out
        self.add(node, msg.must_be_text(name))
        return None

    def _no_controls(self, node: Any, name: str, value: str) -> str | None:
        """`value`, or None (and a problem) when it holds a terminal control character."""
        bad = first_control(value)
        if bad:
            self.add(node, msg.control_character(name, bad))
            return None
        return value

    def text_list(self, node: Any, name: str, min_len: int) -> list[Any] | None:
        """A list of text fields, of at least `min_len` items and at most MAX_LABELS."""
        if not isinstance(node, _yaml().SequenceNode):
            self.add(node, msg.must_be_list(name))
            return None
        items = [self.text(n, name) for n in node.value]
        if any(i is None for i in items):
            return None
        if len(items) < min_len:
            self.add(node, msg.too_few(name, min_len))
            return None
        if len(items) > MAX_LABELS:
            self.add(node, msg.too_many(name, MAX_LABELS))
            return None
        return items

    def choice_list(self, node: Any, min_len: int) -> tuple[list[Any], list[Any]] | None:
        """`choices`: each a text, or a map `{text: ..., why: ...}`. Returns (texts, whys); a why may be None."""
        yaml = _yaml()
        if not isinstance(node, yaml.SequenceNode):
            self.add(node, msg.must_be_list("choices"))
            return None
        texts: list[Any] = []
        whys: list[Any] = []
        for n in node.value:
            why = None
            if isinstance(n, yaml.MappingNode) and any(
                    isinstance(k, yaml.ScalarNode) and k.value == "text" for k, _ in n.value):
                m = self.mapping(n, "a choice")
                if m is None:
                    return None
                for key, (kn, _) in m.items():
                    if key not in ("text", "why"):
                        self.add(kn, msg.unknown_choice_key(key))
                text = self.text(m["text"][1], "text")
                if "why" in m:
                    why = self.text(m["why"][1], "why")
                    if why is None:
                        return None
            else:
                text = self.text(n, "choices")
            if text is None:
                return None
            texts.append(text)
            whys.append(why)
        if len(texts) < min_len:
            self.add(node, msg.too_few("choices", min_len))
            return None
        if len(texts) > MAX_LABELS:
            self.add(node, msg.too_many("choices", MAX_LABELS))
            return None
        return texts, whys

    def slug_list(self, node: Any, name: str) -> tuple[str, ...]:
        """A list of topic slugs."""
        yaml = _yaml()
        if isinstance(node, yaml.ScalarNode) and node.tag != YAML_NS + "null":
            nodes = [node]
        elif isinstance(node, yaml.SequenceNode):
            nodes = node.value
        else:
            self.add(node, msg.must_be_list(name))
            return ()
        out = []
        for n in nodes:
            if not isinstance(n, yaml.ScalarNode) or not TOPIC_RE.match(str(n.value)):
                self.add(n, msg.bad_topic(str(getattr(n, "value", "?"))))
            else:
                out.append(str(n.value))
        return tuple(out)


def load_deck_text(text: str, path: str) -> Deck:
    """Parse and validate one deck given its text; raise InvalidInput listing every problem."""
    yaml = _yaml()
    checker = _Checker(path)
    if not text.strip():
        raise InvalidInput([Problem(path, None, msg.EMPTY_FILE)])
    if _node_estimate(text) > MAX_NODES:
        raise InvalidInput([Problem(path, None, msg.too_many_nodes(MAX_NODES))])
    deep = _too_deep(text)
    if deep:
        raise InvalidInput([Problem(path, deep, msg.TOO_DEEP)])
    if "&" in text and _has_anchor(text):
        raise InvalidInput([Problem(path, _has_anchor(text), msg.YAML_ALIAS)])
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_cls(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or str(exc).splitlines()[0]
        if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
            problem = f"{problem} ({exc.context} started on line {exc.context_mark.line + 1})"
        raise InvalidInput([Problem(path, line, msg.yaml_syntax(problem))]) from None
    except RecursionError:
        raise InvalidInput([Problem(path, None, msg.TOO_DEEP)]) from None
    except yaml.YAMLError as exc:
        raise InvalidInput([Problem(path, None, msg.yaml_syntax(str(exc).splitlines()[0]))]) from None
    if root is None:
        raise InvalidInput([Problem(path, None, msg.EMPTY_FILE)])
    if not checker.check_tree(root):
        raise InvalidInput(checker.problems)
    deck = _read_deck(checker, root, path)
    if checker.problems or deck is None:
        raise InvalidInput(checker.problems or [Problem(path, None, msg.EMPTY_FILE)])
    return deck


MAX_DEPTH = 1000
MAX_NODES = 1_500_000  # a 100,000-card deck has about 600,000; composing 2 million nodes takes a minute and GBs
NODE_MARKS = ("[", "{", "- ", "-\n", ": ")


def _node_estimate(text: str) -> int:
    """An upper-side estimate of the YAML nodes in `text`, from the characters that open them (cheap)."""
    return sum(text.count(mark) for mark in NODE_MARKS)
DASH_CHAIN_RE = re.compile(r"(?m)^[ \t]*+(?:-[ \t]++){200,}")
BRACKET_RE = re.compile(r"[\[\]{}]")


def _too_deep(text: str) -> int:
    """Line of nesting deep enough to crash libyaml's composer (0 if none); an upper bound, cheap.

    Flow brackets are counted without regard to quotes, so the estimate only errs on the deep side,
    and only files with more than MAX_DEPTH openers are scanned at all.
    """
    m = DASH_CHAIN_RE.search(text) if "- -" in text else None
    if m:
        return text.count("\n", 0, m.start()) + 1
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0
    depth = 0
    for b in BRACKET_RE.finditer(text):
        depth += 1 if b.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return text.count("\n", 0, b.start()) + 1
        depth = max(depth, 0)
    return 0


def _has_anchor(text: str) -> int:
    """Line of the first anchor or alias in the text (0 if none); only called when '&' appears."""
    yaml = _yaml()
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return int(event.start_mark.line) + 1
    except yaml.YAMLError:
        return 0
    return 0


def _read_deck(c: _Checker, root: Any, path: str) -> Deck | None:
    top = c.mapping(root, "a deck file (top level)")
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
        if isinstance(ln, _yaml().ScalarNode) and LANG_RE.match(str(ln.value)):
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
    if not isinstance(cards_node, _yaml().SequenceNode):
        c.add(cards_node, msg.must_be_list("cards"))
        return None
    if not cards_node.value:
        c.add(cards_node, msg.NO_CARDS)
    cards: list[CardSpec] = []
    ids: dict[str, int] = {}
    for node in cards_node.value:
        spec = _read_card(c, node, deck_id or "?", lang)
        if spec is None:
            continue
        if spec.id in ids:
            c.add(node, msg.duplicate_id(spec.id, ids[spec.id]))
            continue
        ids[spec.id] = spec.line
        cards.append(spec)
    if deck_id is None or title is None:
        return None
    return Deck(deck_id, title, lang, topics, source, tuple(cards), path, order)


def _required_slug(c: _Checker, m: dict[str, tuple[Any, Any]], parent: Any, name: str) -> str | None:
    if name not in m:
        c.add(parent, msg.missing(name))
        return None
    node = m[name][1]
    value = str(node.value) if isinstance(node, _yaml().ScalarNode) else ""
    if not SLUG_RE.match(value):
        c.add(node, msg.bad_slug(name, value))
        return None
    return value


def _read_card(c: _Checker, node: Any, deck_id: str, lang: str) -> CardSpec | None:
    m = c.mapping(node, "a card")
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


def _need(c: _Checker, m: dict[str, tuple[Any, Any]], parent: Any, name: str) -> Any:
    if name not in m:
        c.add(parent, msg.missing(name))
        return None
    return c.text(m[name][1], name)


def _basic(c: _Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
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


def _cloze(c: _Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
    text = _need(c, m, node, "text")
    if text is None:
        return None
    tnode = m["text"][1]
    for variant in [text] if isinstance(text, str) else list(text.values()):
        broken = structure_problem(variant)
        if broken:
            c.add(tnode, msg.CLOZE_STRUCTURE[broken])
            return None
        found = deletions(variant)
        if not found:
            c.add(tnode, msg.CLOZE_NONE)
            return None
        if any(not d.answer.strip() for d in found):
            c.add(tnode, msg.CLOZE_EMPTY)
            return None
        if min(d.number for d in found) < 1:
            c.add(tnode, msg.CLOZE_NUMBER)
            return None
    out: dict[str, Any] = {"text": text}
    if "back" in m:
        out["back"] = c.text(m["back"][1], "back")
    return out


def _typed(c: _Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
    front = _need(c, m, node, "front")
    if "answer" not in m:
        c.add(node, msg.missing("answer"))
        return None
    an = m["answer"][1]
    if isinstance(an, _yaml().SequenceNode):
        answers = c.text_list(an, "answer", 1)
    else:
        one = c.text(an, "answer")
        answers = None if one is None else [one]
    if front is None or answers is None:
        return None
    return {"front": front, "answer": answers}


def _keyed(items: list[Any], lang: str) -> list[str]:
    return [text_in(i, lang).strip() for i in items]


def _unique(c: _Checker, node: Any, items: list[Any], name: str, lang: str) -> bool:
    seen: set[str] = set()
    for item in _keyed(items, lang):
        if item in seen:
            c.add(node, msg.duplicate_item(name, item))
            return False
        seen.add(item)
    return True


def _mcq(c: _Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
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


def _multi(c: _Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
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


def _order(c: _Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
    front = _need(c, m, node, "front")
    items = c.text_list(m["items"][1], "items", 2) if "items" in m else c.missing(node, "items")
    if front is None or items is None:
        return None
    if not _unique(c, m["items"][1], items, "items", lang):
        return None
    return {"front": front, "items": items}


def _match(c: _Checker, m: dict[str, tuple[Any, Any]], node: Any, lang: str) -> dict[str, Any] | None:
    yaml = _yaml()
    front = _need(c, m, node, "front")
    if "pairs" not in m:
        c.add(node, msg.missing("pairs"))
        return None
    pn = m["pairs"][1]
    if not isinstance(pn, yaml.SequenceNode):
        c.add(pn, msg.must_be_list("pairs"))
        return None
    pairs: list[list[Any]] = []
    for p in pn.value:
        if not isinstance(p, yaml.SequenceNode) or len(p.value) != 2:
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


READERS: dict[str, Callable[[_Checker, dict[str, tuple[Any, Any]], Any, str], dict[str, Any] | None]] = {
    "basic": _basic,
    "cloze": _cloze,
    "typed": _typed,
    "mcq": _mcq,
    "multi": _multi,
    "order": _order,
    "match": _match,
}


def read_text(path: Path) -> str:
    """A deck file's text, refusing files that are too large or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > MAX_DECK_BYTES:
            raise InvalidInput([Problem(str(path), None, msg.file_too_large(MAX_DECK_BYTES))])
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
    """Read, parse and validate one deck file."""
    return load_deck_text(read_text(path), str(path))


def deck_files(paths: list[Path]) -> list[Path]:
    """The deck files named by `paths`: files as given, folders searched for *.yaml / *.yml (not exams/)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(_yaml_files(p))
        else:
            out.append(p)
    return out


def _yaml_files(folder: Path) -> list[Path]:
    """*.yaml and *.yml under `folder`, sorted, skipping exams/ (os.scandir: this runs on every start)."""
    found: list[Path] = []
    stack = [str(folder)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for e in entries:
                if e.is_dir():
                    if e.name != "exams":
                        stack.append(e.path)
                elif e.name.endswith((".yaml", ".yml")):
                    found.append(Path(e.path))
    return sorted(found)


def validate_paths(paths: list[Path]) -> tuple[list[Deck], list[Problem]]:
    """Load every deck under `paths`; return the good decks and every problem (duplicates across files too)."""
    decks: list[Deck] = []
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for f in deck_files(paths):
        if not f.exists():
            problems.append(Problem(str(f), None, msg.NO_SUCH_FILE))
            continue
        try:
            deck = load_deck(f)
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        if deck.deck in owners:
            problems.append(Problem(str(f), None, msg.duplicate_deck(deck.deck, owners[deck.deck])))
            continue
        owners[deck.deck] = str(f)
        decks.append(deck)
    return decks, problems
