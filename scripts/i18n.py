"""The interface's translations: gather the messages, update the .po catalog, compile the .mo.

    python scripts/i18n.py extract    # add new messages to every .po (msgstr empty), drop gone ones
    python scripts/i18n.py compile    # .po -> .mo, next to it (the .mo is shipped in the package)
    python scripts/i18n.py check      # what tests/test_i18n.py checks: exit 1 and a list of problems

A message is anything passed to `_()`, `N_()` or `ngettext()` with literal text anywhere in the
package, every UPPER_CASE text (or tuple or dict of texts) of messages.py, every help text of the
command line, and the settings' help and expected values. The compiler follows the GNU .mo format
(as CPython's Tools/i18n/msgfmt.py writes it); no Babel or gettext tools are needed.
"""

from __future__ import annotations

import ast
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "genai_cards"
LOCALE = PACKAGE / "locale"
DOMAIN = "genai_cards"
PLURAL_FORMS = {"pt_BR": "nplurals=2; plural=(n > 1);"}
PLACEHOLDER = re.compile(r"\{([a-z_]*)(?:![rsa])?(?::[^}]*)?\}")

Key = tuple[str, "str | None"]  # msgid, msgid_plural


@dataclass
class Entry:
    msgid: str
    plural: str | None = None
    msgstr: list[str] = field(default_factory=lambda: [""])
    where: list[str] = field(default_factory=list)


# --- gathering ---------------------------------------------------------------------------------
def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def source_messages() -> dict[Key, list[str]]:
    """The texts the package marks for translation, with where each one is."""
    found: dict[Key, list[str]] = {}

    def add(key: Key, where: str) -> None:
        if key[0]:
            found.setdefault(key, []).append(where)

    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name == "messages.py":  # its UPPER_CASE texts, tuples of texts and dicts of texts
            for stmt in tree.body:
                if (isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
                        and stmt.targets[0].id[:1].isupper()):
                    value = stmt.value
                    items = value.elts if isinstance(value, ast.Tuple) else \
                        value.values if isinstance(value, ast.Dict) else [value]
                    for item in items:
                        text = _literal(item)
                        if text is not None:
                            add((text, None), f"{rel}:{item.lineno}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
                name = node.func.id
                first = _literal(node.args[0])
                if name in ("_", "N_") and first is not None:
                    add((first, None), f"{rel}:{node.lineno}")
                elif name == "ngettext" and len(node.args) >= 2 and first is not None:
                    second = _literal(node.args[1])
                    if second is not None:
                        add((first, second), f"{rel}:{node.lineno}")
    sys.path.insert(0, str(PACKAGE.parent))
    from genai_cards import config, i18n, messages

    i18n.set_language("en")
    for name, value in vars(messages).items():
        if not name[:1].isupper():
            continue
        values = value if isinstance(value, tuple) else list(value.values()) if isinstance(value, dict) else [value]
        for v in values:
            if isinstance(v, str):
                add((v, None), f"genai_cards/messages.py:{name}")
    for key, setting in config.SETTINGS.items():
        add((setting.help, None), f"setting {key}")
        add((config.expected_en(key), None), f"setting {key}")
    for text, where in help_texts():
        add((text, None), where)

    def order(item: tuple[Key, list[str]]) -> tuple[int, str, int]:
        where = item[1][0]
        path, _, line = where.rpartition(":")
        return (0, path, int(line)) if line.isdigit() else (1, where, 0)

    return dict(sorted(found.items(), key=order))


def help_texts() -> list[tuple[str, str]]:
    """Every help text of the command line, as click shows it."""
    import typer.main

    from genai_cards.cli import app

    out: list[tuple[str, str]] = []

    def walk(command: object, path: str) -> None:
        for attr in ("help", "short_help"):
            text = getattr(command, attr, None)
            if text:
                out.append((text, f"help: {path}"))
        for param in getattr(command, "params", []):
            if getattr(param, "help", None):
                out.append((param.help, f"help: {path} {param.name}"))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "genai-cards")
    return out


# --- the .po format ----------------------------------------------------------------------------
def _quote(text: str) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    return f'"{body}"'


def _unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    return ast.literal_eval(text)  # a .po string is a valid Python string literal


def _field(name: str, text: str) -> str:
    if "\n" not in text.rstrip("\n"):
        return f"{name} {_quote(text)}"
    return f'{name} ""\n' + "\n".join(_quote(p) for p in text.splitlines(keepends=True))


def read_po(path: Path) -> tuple[str, dict[Key, Entry]]:
    """The header's text and the entries of a .po file."""
    entries: dict[Key, Entry] = {}
    header = ""
    current: dict[str, str] = {}
    last = ""

    def flush() -> None:
        nonlocal header
        if "msgid" not in current:
            return
        msgid, plural = current["msgid"], current.get("msgid_plural")
        if msgid == "":
            header = current.get("msgstr", "")
        else:
            strs = [current[k] for k in sorted(k for k in current if k.startswith("msgstr"))]
            entries[(msgid, plural)] = Entry(msgid, plural, strs or [""])
        current.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line and current:
                flush()
            continue
        if line.startswith('"'):
            current[last] += _unquote(line)
            continue
        name, _, rest = line.partition(" ")
        if name == "msgid" and "msgid" in current:
            flush()
        last = name
        current[name] = _unquote(rest)
    flush()
    return header, entries


def write_po(path: Path, lang: str, entries: list[Entry]) -> None:
    header = ("Project-Id-Version: genai-cards\n"
              f"Language: {lang}\n"
              "MIME-Version: 1.0\n"
              "Content-Type: text/plain; charset=UTF-8\n"
              "Content-Transfer-Encoding: 8bit\n"
              f"Plural-Forms: {PLURAL_FORMS[lang]}\n")
    chunks = [f"# The genai-cards interface in {lang}. Edit the msgstr lines; see scripts/i18n.py.\n"
              + _field("msgid", "") + "\n" + _field("msgstr", header)]
    for e in entries:
        lines = [f"#: {w}" for w in e.where[:3]]
        lines.append(_field("msgid", e.msgid))
        if e.plural is not None:
            lines.append(_field("msgid_plural", e.plural))
            for i, s in enumerate(e.msgstr):
                lines.append(_field(f"msgstr[{i}]", s))
        else:
            lines.append(_field("msgstr", e.msgstr[0]))
        chunks.append("\n".join(lines))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")


def compile_mo(header: str, entries: dict[Key, Entry]) -> bytes:
    """The GNU .mo bytes of a catalog (translated entries only), keys sorted: the same bytes every time."""
    pairs: dict[bytes, bytes] = {b"": header.encode()}
    for (msgid, plural), e in entries.items():
        if not all(e.msgstr):
            continue
        key = msgid if plural is None else f"{msgid}\0{plural}"
        pairs[key.encode()] = "\0".join(e.msgstr).encode()
    keys = sorted(pairs)
    ids = strs = b""
    offsets = []
    for k in keys:
        offsets.append((len(ids), len(k), len(strs), len(pairs[k])))
        ids += k + b"\0"
        strs += pairs[k] + b"\0"
    start = 7 * 4 + 16 * len(keys)
    koffsets: list[int] = []
    voffsets: list[int] = []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + start]
        voffsets += [l2, o2 + start + len(ids)]
    out = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    out += struct.pack(f"{len(koffsets)}i", *koffsets) + struct.pack(f"{len(voffsets)}i", *voffsets)
    return out + ids + strs


# --- commands ----------------------------------------------------------------------------------
def catalogs(locale: Path = LOCALE) -> list[tuple[str, Path]]:
    return [(p.parent.parent.name, p) for p in sorted(locale.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))]


def extract() -> None:
    found = source_messages()
    for lang, po in catalogs() or [("pt_BR", LOCALE / "pt_BR" / "LC_MESSAGES" / f"{DOMAIN}.po")]:
        _, old = read_po(po) if po.exists() else ("", {})
        entries = []
        for key, where in found.items():
            e = old.get(key) or Entry(key[0], key[1], ["", ""] if key[1] is not None else [""])
            e.where = where
            entries.append(e)
        write_po(po, lang, entries)
        print(f"{po.relative_to(ROOT)}: {len(entries)} messages, {sum(not all(e.msgstr) for e in entries)} untranslated")


def compile_all() -> None:
    for _, po in catalogs():
        header, entries = read_po(po)
        po.with_suffix(".mo").write_bytes(compile_mo(header, entries))
        print(f"{po.with_suffix('.mo').relative_to(ROOT)}: {len(entries)} messages")


def problems(locale: Path = LOCALE) -> list[str]:
    """Everything wrong with the catalogs under `locale`, one line each."""
    found = source_messages()
    out: list[str] = []
    if not catalogs(locale):
        return [f"no catalog under {locale}"]
    for lang, po in catalogs(locale):
        header, entries = read_po(po)
        name = f"{lang}/{po.name}"
        for key, where in found.items():
            e = entries.get(key)
            if e is None:
                out.append(f"{name}: missing {key[0]!r} ({where[0]}); run scripts/i18n.py extract")
            elif not all(e.msgstr):
                out.append(f"{name}: no translation for {key[0]!r} ({where[0]})")
            else:
                want = sorted(set(PLACEHOLDER.findall(key[0] + (key[1] or ""))))
                for s in e.msgstr:
                    if sorted(set(PLACEHOLDER.findall(s))) != want:
                        out.append(f"{name}: the translation of {key[0]!r} has placeholders "
                                   f"{sorted(set(PLACEHOLDER.findall(s)))}, not {want}")
        for key in entries:
            if key not in found:
                out.append(f"{name}: {key[0]!r} is no longer a message; run scripts/i18n.py extract")
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compile_mo(header, entries):
            out.append(f"{lang}/{mo.name} is stale; run scripts/i18n.py compile")
    return out


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "extract":
        extract()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = problems()
        for p in found:
            print(p)
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
