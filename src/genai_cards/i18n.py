"""The interface's language: which one is in force, its gettext catalog, and the learner's number and
date formats.

English is the source language (the msgids); Brazilian Portuguese comes from the compiled catalog
`locale/pt_BR/LC_MESSAGES/genai_cards.mo` shipped in the package (its `.po` sits next to it; see the
README's "Translations"). No system locale is needed: the catalog is opened with an explicit language
list, never through setlocale.

Which language (first match wins): GENAI_CARDS_LANG, the `ui_lang` setting, then the locale
variables LANGUAGE, LC_ALL, LC_MESSAGES, LANG (a value starting with `pt` means pt-BR); English
otherwise.
"""

from __future__ import annotations

import gettext as _gettext
import os
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterator, Mapping

DOMAIN = "genai_cards"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "pt-BR")
LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_catalogs: dict[str, _gettext.NullTranslations] = {}
_language = "en"


def normalize(value: str) -> str | None:
    """`pt`, `pt_BR.UTF-8`, `pt-br` → `pt-BR`; `en…`, `C`, `POSIX` → `en`; anything else → None."""
    v = value.strip().split(".")[0].split("@")[0].replace("_", "-").lower()
    if v.startswith("pt"):
        return "pt-BR"
    if v.startswith("en") or v in ("c", "posix"):
        return "en"
    return None


def from_locale(environ: Mapping[str, str]) -> str:
    """The language the locale variables ask for: the first one set decides (LANGUAGE may list
    several, `fr:pt_BR`: its first entry we have a catalog for wins)."""
    for var in LOCALE_VARS:
        value = environ.get(var, "")
        if not value:
            continue
        entries = value.split(":") if var == "LANGUAGE" else [value]
        for entry in entries:
            lang = normalize(entry)
            if lang is not None:
                return lang
        return "en"  # set, but to a language without a catalog: the source language
    return "en"


def choose(environ: Mapping[str, str] | None = None, setting: str = "") -> str:
    """GENAI_CARDS_LANG, then the `ui_lang` setting, then the locale."""
    env = os.environ if environ is None else environ
    for value in (env.get("GENAI_CARDS_LANG", ""), setting):
        if value.strip():
            lang = normalize(value)
            if lang is not None:
                return lang
    return from_locale(env)


def set_language(lang: str) -> None:
    """Make `lang` (en or pt-BR) the language of every message from now on."""
    global _language
    _language = lang if lang in LANGUAGES else "en"


def language() -> str:
    return _language


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """While inside, messages are in `lang` (`pt-BR`, `en`, or a deck's `lang`: anything else is
    English): for words written into a file in its deck's language, whatever the interface's."""
    global _language
    before = _language
    set_language(normalize(lang) or "en")
    try:
        yield
    finally:
        _language = before


def catalog(lang: str | None = None) -> _gettext.NullTranslations:
    """The catalog of `lang` (default: the language in force); English is the identity."""
    lang = lang or _language
    if lang not in _catalogs:
        if lang == "en":
            _catalogs[lang] = _gettext.NullTranslations()
        else:
            _catalogs[lang] = _gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang.replace("-", "_")],
                                                   fallback=True)
    return _catalogs[lang]


def _(message: str) -> str:
    """`message` in the language in force."""
    if _language == "en":
        return message
    return catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the language in force."""
    if _language == "en":
        return singular if n == 1 else plural
    return catalog().ngettext(singular, plural, n)


@contextmanager
def gettext_module_speaks(lang: str) -> Iterator[None]:
    """While inside, the `gettext` module's global functions (typer looks its own words up with
    `gettext.gettext`: "Options", "[required]", "No such command…") answer from our catalog in `lang`.

    The global domain becomes ours, and its language is `LANGUAGE` (the variable the `gettext` module
    reads first), both put back on the way out. English needs nothing: the msgids are English."""
    if lang not in LANGUAGES or lang == "en":
        yield
        return
    before_domain, before_language = _gettext.textdomain(), os.environ.get("LANGUAGE")
    _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang.replace("-", "_")
    try:
        yield
    finally:
        _gettext.textdomain(before_domain)
        if before_language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before_language


def N_(message: str) -> str:
    """Marks a text for translation without translating it (it is translated where it is shown)."""
    return message


# --- the learner's formats ---------------------------------------------------------------------
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_PT = ("jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez.")


def integer(n: int) -> str:
    """1,234 in English, 1.234 in Portuguese."""
    text = f"{n:,}"
    return text.replace(",", ".") if _language == "pt-BR" else text


def plain(n: int) -> str:
    """A count as the English messages always wrote it (1234), grouped in Portuguese (1.234)."""
    return integer(n) if _language == "pt-BR" else str(n)


def decimal(x: float, digits: int = 1, grouped: bool = True) -> str:
    """0.9 / 1,234.5 in English, 0,9 / 1.234,5 in Portuguese (`grouped=False`: 1234.5 / 1234,5)."""
    text = f"{x:,.{digits}f}" if grouped else f"{x:.{digits}f}"
    if _language == "pt-BR":
        return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(x: float, digits: int = 0) -> str:
    """A fraction as a percentage: 12.5% / 12,5%."""
    return f"{decimal(100 * x, digits)}%"


def long_date(d: date) -> str:
    """A date with its year as the learner writes it: 2026-12-20 in English (as it always read),
    20 de dez. de 2026 in Portuguese."""
    if _language == "pt-BR":
        return f"{d.day} de {MONTHS_PT[d.month - 1]} de {d.year}"
    return d.isoformat()


def short_date(d: date) -> str:
    """Dec 1 in English, 1 de dez. in Portuguese."""
    if _language == "pt-BR":
        return f"{d.day} de {MONTHS_PT[d.month - 1]}"
    return f"{MONTHS_EN[d.month - 1]} {d.day}"
