"""YAML, in one place: safe composition (nodes, never objects) with guards against nesting deep
enough to crash libyaml and against anchors and aliases, the checker that walks composed nodes and
collects `path:line: message` problems, and the dumper for the deck files we write. The only
importer of `yaml` (imported on first use: starting does not need it).

Every tag outside plain YAML types is refused, and anchors and aliases are refused before they can
expand.
"""

from __future__ import annotations

import re
from typing import Any

from . import messages as msg
from .errors import InvalidInput, Problem
from .model import LANG_RE, MAX_LABELS, TOPIC_RE, YAML_NS
from .safetext import first_control

PLAIN_TAGS = {YAML_NS + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}


def _lib() -> Any:
    import yaml

    return yaml


def __getattr__(name: str) -> Any:
    """`yamlio.MappingNode`, `yamlio.SequenceNode`, `yamlio.ScalarNode`: the node classes, loaded lazily."""
    if name in ("MappingNode", "SequenceNode", "ScalarNode"):
        return getattr(_lib(), name)
    raise AttributeError(name)


class Checker:
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
        yaml = _lib()
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
        if not isinstance(node, _lib().MappingNode):
            self.add(node, msg.must_be_mapping(what))
            return None
        out: dict[str, tuple[Any, Any]] = {}
        for k, v in node.value:
            key = str(k.value) if isinstance(k, _lib().ScalarNode) else "?"
            if key in out:
                self.add(k, msg.duplicate_key(key))
                continue
            out[key] = (k, v)
        return out

    def text(self, node: Any, name: str, langs: set[str] | None = None) -> Any:
        """A text field: a non-empty scalar, or a map of language -> non-empty string."""
        yaml = _lib()
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
            controls = False
            for lang, (kn, vn) in m.items():
                if not LANG_RE.match(lang):
                    self.add(kn, msg.bad_lang(lang))
                elif not isinstance(vn, yaml.ScalarNode) or not str(vn.value).strip():
                    self.add(vn, msg.empty_field(f"{name}.{lang}"))
                elif self._no_controls(vn, f"{name}.{lang}", str(vn.value)) is not None:
                    out[lang] = str(vn.value)
                else:
                    controls = True
            if controls:
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
        if not isinstance(node, _lib().SequenceNode):
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
        yaml = _lib()
        if not isinstance(node, yaml.SequenceNode):
            self.add(node, msg.must_be_list("choices"))
            return None
        texts: list[Any] = []
        whys: list[Any] = []
        for n in node.value:
            why = None
            if isinstance(n, yaml.MappingNode) and any(
                    isinstance(k, yaml.ScalarNode) and k.value == "text" for k, _ in n.value):
                m = self.mapping(n, msg.MAPPING_WHAT["choice"])
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
        yaml = _lib()
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


def compose(text: str, path: str) -> tuple[Checker, Any]:
    """Compose one YAML document safely into nodes, with a checker for it; raise InvalidInput for an
    empty file, nesting too deep, anchors or aliases, a syntax error, or a foreign tag."""
    yaml = _lib()
    checker = Checker(path)
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
    return checker, root


def load_plain(text: str, path: str) -> Any:
    """Plain data (dicts, lists, strings, numbers) of a YAML document, composed and checked as
    `compose` does, then built with the safe constructor."""
    _, root = compose(text, path)
    yaml = _lib()
    constructor = yaml.SafeLoader("")
    try:
        return constructor.construct_document(root)
    finally:
        constructor.dispose()


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
    yaml = _lib()
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return int(event.start_mark.line) + 1
    except yaml.YAMLError:
        return 0
    return 0


class FlowList(list):  # type: ignore[type-arg]
    """A short list written on one line (`[a, b]`): topics and match pairs."""


def dump(doc: Any) -> str:
    """A document as YAML text: safe, UTF-8 kept, no anchors, multi-line text as `|` blocks."""
    yaml = _lib()

    class Dumper(yaml.SafeDumper):  # type: ignore[misc, name-defined]
        def ignore_aliases(self, data: Any) -> bool:
            return True

    def text(dumper: Any, data: str) -> Any:
        if "\n" in data:
            return dumper.represent_scalar(YAML_NS + "str", data, style="|")
        return dumper.represent_str(data)

    def flow(dumper: Any, data: FlowList) -> Any:
        return dumper.represent_sequence(YAML_NS + "seq", data, flow_style=True)

    Dumper.add_representer(str, text)
    Dumper.add_representer(FlowList, flow)
    return str(yaml.dump(doc, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100))
