"""YAML, in one place: safe composition (nodes, never objects) with guards against nesting deep
enough to crash libyaml and against anchors and aliases, the checker that walks composed nodes and
collects `path:line: message` problems, a reader that composes a long document one item at a time
(`Document`: a deck's cards, as they stream from the file), and the dumper for the deck files we
write. The only importer of `yaml` (imported on first use: starting does not need it).

Every tag outside plain YAML types is refused, and anchors and aliases are refused before they can
expand.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import messages as msg
from .errors import InvalidInput, Problem
from .model import LANG_RE, MAX_LABELS, TOPIC_RE, YAML_NS
from .safetext import first_control

DEFAULT_STR = YAML_NS + "str"
PLAIN_TAGS = {YAML_NS + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}


_yaml: Any = None


def _lib() -> Any:
    global _yaml
    if _yaml is None:
        import yaml

        _yaml = yaml
    return _yaml


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
    scan = Scan(path)
    scan.feed(text, 1)
    scan.check()
    if "&" in text and _has_anchor(text):
        raise InvalidInput([Problem(path, _has_anchor(text), msg.YAML_ALIAS)])
    try:
        loader = _loader_class()(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except RecursionError:
        raise InvalidInput([Problem(path, None, msg.TOO_DEEP)]) from None
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, path) from None
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
# a 100,000-card deck has about 600,000: a file read whole (`compose`) holds them all, a deck read as it
# streams one card's; either way 2 million empty lists take a minute to go through
MAX_NODES = 1_500_000
NODE_MARKS = ("[", "{", "- ", "-\n", ": ")


DASH_CHAIN_RE = re.compile(r"(?m)^[ \t]*+(?:-[ \t]++){200,}")
BRACKET_RE = re.compile(r"[\[\]{}]")


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


# --- reading a document as it streams ---------------------------------------------------------
def _loader_class() -> Any:
    yaml = _lib()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _syntax_error(exc: Any, path: str) -> InvalidInput:
    """A YAML error as one `path:line: YAML syntax error: …` problem."""
    yaml = _lib()
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or str(exc).splitlines()[0]
        if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
            problem = f"{problem} ({exc.context} started on line {exc.context_mark.line + 1})"
        return InvalidInput([Problem(path, line, msg.yaml_syntax(problem))])
    return InvalidInput([Problem(path, None, msg.yaml_syntax(str(exc).splitlines()[0]))])


CHUNK_BYTES = 1 << 20
TOP_KEY_RE = re.compile(r"(?m)^([^ \t\r\n#-]|-[^ \t\r\n])")  # a line starting at column 0 that is not a `- ` item
KEY_LINE = r"(?m)^{key}[ \t]*:(?=[ \t\r]|$)"  # a top-level key at column 0


class Scan:
    """The text checks made before a document is parsed, fed the text a piece at a time (whole
    lines): an empty file, more nodes than MAX_NODES (estimated), nesting too deep for libyaml.

    It also notes the line of the top-level `key:` (at column 0) and whether any other line starts
    at column 0 after it: when none does, every other top-level key comes before it, so a reader
    knows them all once it reaches `key` (see `decks`: the cards are read last, as they stream).
    """

    def __init__(self, path: str, key: str = "cards") -> None:
        self.path = path
        self.key_re = re.compile(KEY_LINE.format(key=re.escape(key)))
        self.nodes = 0
        self.blank = True
        self.deep = 0  # line of the first nesting too deep (0: none)
        self.depth = 0
        self.key_line = 0  # line of the top-level `key:` (0: not seen)
        self.after_key = False  # a line starts at column 0 after it

    def feed(self, text: str, line: int) -> None:
        """Check `text`, whole lines starting at line number `line`."""
        if self.blank and text.strip():
            self.blank = False
        self.nodes += sum(text.count(mark) for mark in NODE_MARKS)
        if not self.deep:
            self._depth(text, line)
        start = 0
        if not self.key_line:
            m = self.key_re.search(text)
            if m is None:
                return
            self.key_line = line + text.count("\n", 0, m.start())
            start = text.find("\n", m.end()) + 1 or len(text)
        if not self.after_key and TOP_KEY_RE.search(text, start):
            self.after_key = True

    def _depth(self, text: str, line: int) -> None:
        m = DASH_CHAIN_RE.search(text) if "- -" in text else None
        if m:
            self.deep = line + text.count("\n", 0, m.start())
            return
        if "[" not in text and "{" not in text and not self.depth:
            return
        depth = self.depth
        for b in BRACKET_RE.finditer(text):
            depth += 1 if b.group() in "[{" else -1
            if depth > MAX_DEPTH:
                self.deep = line + text.count("\n", 0, b.start())
                return
            depth = max(depth, 0)
        self.depth = depth

    def check(self) -> None:
        """Raise InvalidInput for what the text showed, in the order `compose` always checked it."""
        if self.blank:
            raise InvalidInput([Problem(self.path, None, msg.EMPTY_FILE)])
        if self.nodes > MAX_NODES:
            raise InvalidInput([Problem(self.path, None, msg.too_many_nodes(MAX_NODES))])
        if self.deep:
            raise InvalidInput([Problem(self.path, self.deep, msg.TOO_DEEP)])


class Document:
    """One YAML document read event by event (libyaml's parser), its nodes composed a piece at a time.

    `entries()` gives the top-level mapping's entries as (key node, value node); the value of the key
    named `streamed` is not composed: it is an `Items` that gives its items one by one (and must be
    read or skipped before the next entry), so a document of any length is held one item at a time.
    Anchors, aliases and foreign tags are refused as soon as they are met, with their line.
    `source`: the text, or a binary file.
    """

    def __init__(self, source: Any, path: str, streamed: str = "cards") -> None:
        yaml = _lib()
        self.path = path
        self.streamed = streamed
        self.source = source
        self.loader = _loader_class()(source)
        self._resolve = self.loader.resolve
        self._scalar = yaml.ScalarNode
        self._sequence = yaml.SequenceNode
        self._mapping = yaml.MappingNode
        self._scalar_event = yaml.ScalarEvent
        self._seq_start = yaml.SequenceStartEvent
        self._map_start = yaml.MappingStartEvent
        self._end = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
        self._alias = yaml.AliasEvent
        resolvers = self.loader.yaml_implicit_resolvers
        self._implicit: dict[str, list[Any]] = {k: list(v) for k, v in resolvers.items() if k is not None}
        if resolvers.get(None) or self.loader.yaml_path_resolvers:  # pragma: no cover - not in the safe loader
            raise RuntimeError("unexpected YAML resolvers")
        self.root: Any = None  # the top-level node: a mapping whose value list stays empty, or any other node

    def close(self) -> None:
        self.loader.dispose()
        if hasattr(self.source, "close"):
            self.source.close()

    def _next(self) -> Any:
        try:
            return self.loader.get_event()
        except _lib().YAMLError as exc:
            raise _syntax_error(exc, self.path) from None

    def _peek(self) -> Any:
        try:
            return self.loader.peek_event()
        except _lib().YAMLError as exc:
            raise _syntax_error(exc, self.path) from None

    def start(self) -> Any:
        """Read up to the top-level node; return it (a mapping's entries come from `entries()`)."""
        yaml = _lib()
        self._next()  # stream start
        if isinstance(self._peek(), yaml.StreamEndEvent):
            raise InvalidInput([Problem(self.path, None, msg.EMPTY_FILE)])
        self._next()  # document start
        event = self._peek()
        if isinstance(event, self._map_start):
            self._refuse(event)
            self._next()
            self.root = self._mapping(self._tag(event, self._mapping), [], event.start_mark, None, event.flow_style)
        else:
            self.root = self.compose(self._next())
        return self.root

    def entries(self) -> Any:
        """(key node, value) of each top-level entry; then checks that the document is the only one."""
        if isinstance(self.root, self._mapping):
            while not isinstance(self._peek(), self._end):
                key = self.compose(self._next())
                event = self._peek()
                if (isinstance(key, self._scalar) and key.value == self.streamed
                        and isinstance(event, self._seq_start)):
                    self._refuse(event)
                    self._next()
                    items = Items(self, self._sequence(self._tag(event, self._sequence), [], event.start_mark,
                                                       None, event.flow_style))
                    yield key, items
                    items.skip()
                else:
                    yield key, self.compose(self._next())
            self.root.end_mark = self._next().end_mark
        self._finish()

    def _finish(self) -> None:
        yaml = _lib()
        end = self._next()  # document end
        event = self._next()
        if not isinstance(event, yaml.StreamEndEvent):
            raise _syntax_error(yaml.composer.ComposerError(
                "expected a single document in the stream", end.start_mark, "but found another document",
                event.start_mark), self.path)

    def _tag(self, event: Any, kind: Any) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self._resolve(kind, getattr(event, "value", None), event.implicit)
        if tag not in PLAIN_TAGS:
            raise InvalidInput([Problem(self.path, event.start_mark.line + 1, msg.yaml_tag(tag))])
        return str(tag)

    def _refuse(self, event: Any) -> None:
        if isinstance(event, self._alias) or event.anchor is not None:
            raise InvalidInput([Problem(self.path, event.start_mark.line + 1, msg.YAML_ALIAS)])

    def _scalar_tag(self, value: str, implicit: Any) -> str:
        """The tag of an untagged scalar, as the safe resolver gives it (its table looked up once)."""
        if implicit[0]:
            for tag, regexp in self._implicit.get(value[:1], ()):
                if regexp.match(value):
                    return str(tag)
        return DEFAULT_STR

    def compose(self, event: Any) -> Any:
        """The node that starts with `event`, read to its end (iteratively, to at most MAX_DEPTH levels)."""
        try:
            return self._compose(event)
        except _lib().YAMLError as exc:
            raise _syntax_error(exc, self.path) from None

    def _compose(self, event: Any) -> Any:
        get = self.loader.get_event
        scalar_event, seq_start, map_start = self._scalar_event, self._seq_start, self._map_start
        seq_end, map_end = self._end
        scalar, sequence, mapping = self._scalar, self._sequence, self._mapping
        scalar_tag, plain = self._scalar_tag, PLAIN_TAGS
        stack: list[list[Any]] = []  # [collection node, its pending mapping key]
        while True:
            kind = event.__class__
            if kind is scalar_event:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = scalar_tag(event.value, event.implicit)
                if event.anchor is not None or tag not in plain:
                    self._refuse(event)
                    raise InvalidInput([Problem(self.path, event.start_mark.line + 1, msg.yaml_tag(tag))])
                done = scalar(tag, event.value, event.start_mark, event.end_mark, event.style)
            elif kind is seq_end or kind is map_end:
                done = stack.pop()[0]
                done.end_mark = event.end_mark
            elif kind is seq_start or kind is map_start:
                self._refuse(event)
                node_kind = sequence if kind is seq_start else mapping
                node = node_kind(self._tag(event, node_kind), [], event.start_mark, None, event.flow_style)
                if len(stack) >= MAX_DEPTH:
                    raise InvalidInput([Problem(self.path, event.start_mark.line + 1, msg.TOO_DEEP)])
                stack.append([node, None])
                event = get()
                continue
            else:  # an alias (no other event comes inside a node)
                self._refuse(event)
                raise InvalidInput([Problem(self.path, event.start_mark.line + 1, msg.yaml_syntax(str(event)))])
            if not stack:
                return done
            top = stack[-1]
            if top[0].__class__ is sequence:
                top[0].value.append(done)
            elif top[1] is None:
                top[1] = done
            else:
                top[0].value.append((top[1], done))
                top[1] = None
            event = get()


class Items:
    """The items of a sequence that is being read (`Document.entries`): each composed when it is reached."""

    def __init__(self, doc: Document, node: Any) -> None:
        self.doc = doc
        self.node = node  # the sequence, its value list left empty
        self.count = 0
        self.done = False

    def __iter__(self) -> Any:
        doc = self.doc
        while not self.done:
            event = doc._next()
            if isinstance(event, doc._end):
                self.node.end_mark = event.end_mark
                self.done = True
                return
            self.count += 1
            yield doc.compose(event)


    def skip(self) -> None:
        """Read past the items not read yet, without composing them."""
        doc = self.doc
        starts = (doc._seq_start, doc._map_start)
        depth = 0
        while not self.done:
            event = doc._next()
            if isinstance(event, starts):
                depth += 1
            elif isinstance(event, doc._end):
                if not depth:
                    self.node.end_mark = event.end_mark
                    self.done = True
                    return
                depth -= 1
            if not depth:
                self.count += 1


def scan_file(path: Path, key: str = "cards", limit: int | None = None) -> tuple[Scan, str, int]:
    """The checks of `read_text` and `compose` on a file read a megabyte at a time: (the scan, the
    sha-256 of its bytes, its size). Refuses, as they do, a file over `limit` bytes, not UTF-8, with
    NUL bytes, empty, with too many nodes or nested too deep."""
    import codecs
    import hashlib

    name = str(path)
    try:
        size = path.stat().st_size
        if limit is not None and size > limit:
            raise InvalidInput([Problem(name, None, msg.file_too_large(limit))])
        fh = open(path, "rb")
    except IsADirectoryError:
        raise InvalidInput([Problem(name, None, msg.IS_A_DIRECTORY)]) from None
    except OSError as exc:
        raise InvalidInput([Problem(name, None, msg.cannot_read(exc.strerror or str(exc)))]) from None
    scan = Scan(name, key)
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    line = 1
    binary = False
    rest = b""
    with fh:
        while True:
            try:
                block = fh.read(CHUNK_BYTES)
            except OSError as exc:
                raise InvalidInput([Problem(name, None, msg.cannot_read(exc.strerror or str(exc)))]) from None
            digest.update(block)
            data = rest + block
            cut = data.rfind(b"\n") + 1 if block else len(data)
            whole, rest = data[:cut], data[cut:]
            try:
                text = decoder.decode(whole, final=not block)
            except UnicodeDecodeError as exc:
                raise InvalidInput([Problem(name, line + whole[: exc.start].count(b"\n"), msg.NOT_UTF8)]) from None
            binary = binary or "\x00" in text
            scan.feed(text, line)
            line += whole.count(b"\n")
            if not block:
                break
    if binary:
        raise InvalidInput([Problem(name, None, msg.BINARY_FILE)])
    scan.check()
    return scan, digest.hexdigest(), size
