"""The command line's own words in the learner's language: the usage line, the help option, the
section titles, "[required]", and the usage errors ("No such option", "Missing argument", "Try … for
help.").

Two sources of English, two ways in:

* typer looks its words up itself with `gettext.gettext`, in the `gettext` module's global domain
  ("Options", "Commands", "Arguments", "required", "No such command …"): `i18n.gettext_module_speaks`
  makes that domain our catalog, in the language in force, while a command runs.
* click, vendored inside typer (`typer._click`, since typer vendored Click 8.3.1) without its gettext
  calls, writes literal English: the usage prefix (through cli.LearnerFormatter), the help option's
  text (translated here with the other help texts) and the usage errors (rebuilt
  by `usage_error_text` from the exception's own fields, with the messages of `messages.py`).

This module is imported only when a help or usage text is written (cli.LearnerContext), so the
commands that show none load nothing more for it.

The language of help and usage texts follows the `ui_lang` setting too, read only when such a text
is about to be written, from the home's copy of it (paths.ui_lang_file; the database, read-only, for
a home that has none yet): a command that shows neither reads nothing more than before.
"""

from __future__ import annotations

import os
import re
from typing import Any, Sequence

from typer._click.exceptions import BadOptionUsage, BadParameter, MissingParameter, NoSuchOption, UsageError

from .. import messages as msg
from ..i18n import _, choose, gettext_module_speaks, language, normalize, set_language

LANG_ENV = "GENAI_CARDS_LANG"


def settle(ctx: Any) -> None:
    """Once per invocation: the language from GENAI_CARDS_LANG, the `ui_lang` setting and the locale,
    then every help text (and typer's own words) in it."""
    root = ctx.find_root()
    words = getattr(root.command, "words", None)
    if words is None or words.settled:
        return
    words.settled = True
    setting = "" if normalize(os.environ.get(LANG_ENV, "")) else stored_ui_lang(root, words.argv)
    set_language(choose(setting=setting))
    words.stack.enter_context(gettext_module_speaks(language()))
    _translate_help(root.command, ctx)  # English too: a command built earlier may hold another language


def settle_for_completion(command: Any, words: Any) -> None:
    """The descriptions shell completion shows (zsh, fish) in the learner's language: the setting of
    the home GENAI_CARDS_HOME (or the default) names, as the completed command line is not parsed."""
    if words.settled:
        return
    words.settled = True
    setting = "" if normalize(os.environ.get(LANG_ENV, "")) else _stored(None)
    set_language(choose(setting=setting))
    _translate_help(command, None)


def stored_ui_lang(root: Any, argv: Sequence[str]) -> str:
    """The `ui_lang` setting of the home this invocation names (`--home`, else GENAI_CARDS_HOME, else
    the default); "" when there is none yet."""
    return _stored(root.params.get("home") or home_argument(argv))


def _stored(home: str | None) -> str:
    """The home's copy of the setting (kept by every command that opens the store: reading it costs no
    import); only a home that has none yet (made by an older version) is read from its database."""
    from ..paths import resolve_home, ui_lang_file

    try:
        path = resolve_home(home)
        try:
            return ui_lang_file(path).read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
            from ..store.connection import read_setting

            return read_setting(path, "ui_lang")
    except OSError:
        return ""


def home_argument(argv: Sequence[str]) -> str | None:
    """`--home PATH` or `--home=PATH` among the arguments before the command name."""
    for i, arg in enumerate(argv):
        if arg == "--home" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--home="):
            return arg.partition("=")[2]
        if not arg.startswith("-"):
            return None  # the command's name: --home is a global option
    return None


def _translate_help(command: Any, ctx: Any) -> None:
    """Every help text of `command` and its subcommands in the language in force. The English
    originals stay on each object, so the same command can be put in another language later (a test
    process runs one built command in both)."""
    _translate(command, ("help", "short_help"))
    for param in getattr(command, "params", []):
        _translate(param, ("help",))
    option = command.get_help_option(ctx) if ctx is not None else None
    if option is not None:
        originals: dict[str, str] = option.__dict__.setdefault("_english_texts", {})
        english = originals.setdefault("help", option.help or "")
        if english == "Show this message and exit.":
            option.help = msg.HELP_OPTION
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub, ctx)


def _translate(obj: Any, names: tuple[str, ...]) -> None:
    originals: dict[str, str] = obj.__dict__.setdefault("_english_texts", {})
    for name in names:
        text = originals.get(name) or getattr(obj, name, None)
        if text:
            originals[name] = text
            setattr(obj, name, _(text))


# --- usage errors ------------------------------------------------------------------------------
EXTRA_ARGS = re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)\Z", re.S)
NO_SUCH_COMMAND = re.compile(r"No such command (?P<name>'.*')\.\Z", re.S)
NOT_VALID = re.compile(r"(?P<value>.*) is not a valid (?P<type>int|int range|float|float range)\.\Z", re.S)
NOT_IN_RANGE = re.compile(r"(?P<value>.*) is not in the range (?P<range>\S+)\.\Z", re.S)


def usage_error_text(e: UsageError) -> str:
    """What click prints for `e` (the usage line, the hint, the error), in the language in force."""
    ctx = e.ctx
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(msg.try_help(ctx.command_path, ctx.help_option_names[0]))
        lines.append("")
    lines.append(msg.error(_message(e)))
    return "\n".join(lines)


def _message(e: UsageError) -> str:
    if isinstance(e, MissingParameter):
        hint = _hint(e)
        kind = e.param_type or (e.param.param_type_name if e.param is not None else "")
        return msg.missing_argument(hint) if kind == "argument" else msg.missing_option(hint) \
            if kind == "option" else e.format_message()
    if isinstance(e, BadParameter):
        hint = _hint(e)
        text = _value_message(e.message)
        return msg.invalid_value_for(hint, text) if hint else msg.invalid_value(text)
    if isinstance(e, NoSuchOption):
        if e.message != f"No such option: {e.option_name}":
            return e.message
        if e.possibilities:
            return msg.no_such_option_like(e.option_name, ", ".join(sorted(e.possibilities)))
        return msg.no_such_option(e.option_name)
    if isinstance(e, BadOptionUsage):
        if e.message == f"Option {e.option_name!r} requires an argument.":
            return msg.option_needs_value(e.option_name)
        if e.message == f"Option {e.option_name!r} does not take a value.":
            return msg.option_takes_no_value(e.option_name)
        return e.message
    if (m := EXTRA_ARGS.match(e.message)):
        return msg.extra_arguments(m["args"], len(m["args"].split()))
    if (m := NO_SUCH_COMMAND.match(e.message)):
        return msg.no_such_command(m["name"][1:-1])
    if e.message == "Missing command.":
        return msg.MISSING_COMMAND
    return e.message


def _hint(e: BadParameter) -> str:
    if e.param_hint is not None:
        hint = e.param_hint
    elif e.param is not None:
        hint = e.param.get_error_hint(e.ctx)  # type: ignore[arg-type]
    else:
        return ""
    return hint if isinstance(hint, str) else " / ".join(repr(x) for x in hint)


def _value_message(text: str) -> str:
    """click's own words about a value ("'x' is not a valid integer.") in the language in force; a
    message of ours (already translated) as it is."""
    if (m := NOT_VALID.match(text)):
        return msg.not_a_whole_number(m["value"]) if m["type"].startswith("int") else msg.not_a_number(m["value"])
    if (m := NOT_IN_RANGE.match(text)):
        return msg.not_in_range(m["value"], m["range"])
    return text
