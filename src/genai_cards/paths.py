"""Where things live: the user's home folder and the bundled decks. No side effects on import."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "GENAI_CARDS_HOME"
DB_NAME = "genai-cards.sqlite3"


def resolve_home(option: str | Path | None = None) -> Path:
    """The home folder: `--home`, else $GENAI_CARDS_HOME, else the platform's user data dir."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("genai-cards", appauthor=False))


def database_path(home: Path) -> Path:
    """The SQLite file inside a home folder."""
    return home / DB_NAME


def ui_lang_file(home: Path) -> Path:
    """A copy of the `ui_lang` setting, kept by every command that opens the store, so that help texts
    can follow the setting without opening the database (the database stays the truth)."""
    return home / "ui_lang"


def user_decks_dir(home: Path) -> Path:
    """Folder of imported decks inside a home folder."""
    return home / "decks"


def bundled_decks_dir() -> Path:
    """The decks shipped with the program (inside the installed package, or the checkout's decks/)."""
    packaged = Path(__file__).parent / "decks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "decks"


def bundled_exams_dir() -> Path:
    """Exam definitions shipped with the program."""
    return bundled_decks_dir() / "exams"


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
    """*.yaml and *.yml under `folder`, sorted, skipping exams/ (os.scandir: this runs on every start,
    and here, not in decks.py, so that starting does not load the deck parser)."""
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
