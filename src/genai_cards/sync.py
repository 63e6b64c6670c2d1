"""`sync`: study on several computers through a folder that git, Syncthing or Dropbox carries.

Each home (device) writes only its own files, `DIR/genai-cards/<device>/log-NNNN.jsonl`: JSON lines
appended with what it logged since its last sync (answers, card events, undos, its scheduling
settings, the FSRS parameters that travel, the versions of its imported decks), complete lines only,
fsync'ed, and copies of its imported decks under `decks/` (one file per version, never rewritten).
It reads every other device's files, and any copy a syncer made of them (`log-0001 (conflicted
copy).jsonl`, `log-0001.sync-conflict-….jsonl`), from the byte it had reached in each.

Merging is by each record's unique id, so nothing counts twice; the cards whose log changed are then
replayed in the merged order (time, device, seq, uid) with FSRS, each answer with the scheduling
settings of the device that gave it, so every device that has read the same files has the same state
for every card.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator

from . import messages as msg
from .config import SETTINGS, Config
from .errors import ConfigError, GenaiCardsError
from .model import CardState, from_ms, to_ms
from .scheduler import Scheduler
from .store import Store
from .store.sync import SyncLog

FOLDER = "genai-cards"
# Settings that decide how an answer is scheduled (Scheduler.review reads them; exam_date and
# exam_retention cap intervals before the exam): each device publishes its own, and its answers are
# replayed with them. `fsrs_parameters` (written by `optimize`) is fitted on the merged log, so it
# travels: the newest value reaches every device.
SCHEDULING_KEYS = ("desired_retention", "learning_steps", "relearning_steps", "fsrs_parameters", "exam_date",
                   "exam_retention")
TRAVELLING_KEYS = ("fsrs_parameters",)
ROTATE_BYTES = 4_000_000
GIT_TIMEOUT_S = 300


@dataclass
class SyncReport:
    """What one sync did."""

    folder: str
    device: str
    sent: int = 0
    sent_events: int = 0
    received: int = 0
    received_events: int = 0
    cards: int = 0
    decks_sent: list[str] = field(default_factory=list)
    decks_received: list[str] = field(default_factory=list)
    settings_received: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    git_errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "folder": self.folder, "device": self.device, "sent": self.sent, "sent_events": self.sent_events,
            "received": self.received, "received_events": self.received_events, "cards": self.cards,
            "decks_sent": self.decks_sent, "decks_received": self.decks_received,
            "settings_received": self.settings_received, "warnings": self.warnings, "git_errors": self.git_errors,
        }


def folder_of(store: Store, given: Path | None) -> Path:
    """The folder to sync with: the one given, else the `sync_dir` setting."""
    if given is not None:
        return given.expanduser()
    configured = Config.from_raw(store.config_raw()).sync_dir
    if not configured:
        raise GenaiCardsError(msg.SYNC_NEEDS_DIR)
    return Path(configured).expanduser()


def sync(store: Store, folder: Path, now: datetime, host: str, git: bool = False) -> SyncReport:
    """Write this device's news to `folder`, read the other devices', merge and replay; with `git`,
    commit this device's files, pull --rebase before reading and push after."""
    with _locked(store.home):
        log = SyncLog(store.db, store.home)
        root = folder / FOLDER
        try:
            root.mkdir(parents=True, exist_ok=True)
            key = str(folder.resolve())
        except OSError as exc:
            raise GenaiCardsError(msg.sync_cannot_use(str(folder), exc.strerror or str(exc))) from None
        pulled = False
        if git:
            _git_root(folder)
        report = SyncReport(key, log.device())
        _claim_device(log, root, host, report)
        published = _export(log, store, root, key, now, report)
        if git:
            pulled = _git_commit(folder, root / report.device, now, report) and _git_pull(folder, report)
        _import(log, store, root, key, published, report)
        if git and pulled:
            _git_push(folder, report)
        return report


# --- this device ----------------------------------------------------------------------------
def _claim_device(log: SyncLog, root: Path, host: str, report: SyncReport) -> None:
    """Make sure this home's device folder is its own: a home copied from another computer (same
    device id, another host or home path) takes a new device id."""
    me = {"host": host, "home": str(log.home.resolve())}
    owner_file = root / report.device / "device.json"
    try:
        owner = json.loads(owner_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        owner = None
    if isinstance(owner, dict) and {k: owner.get(k) for k in me} != me:
        new = secrets.token_hex(8)
        old = log.new_device(new)
        report.device = new
        report.warnings.append(msg.sync_new_device(old, new))
        owner = None
    if owner is None:
        _write_atomically(root / report.device / "device.json",
                          json.dumps({"device": report.device, **me}, indent=2).encode())


# --- writing ---------------------------------------------------------------------------------
Version = tuple[str, str, str, int, str]  # (kind, name, device, at, value)


def _export(log: SyncLog, store: Store, root: Path, key: str, now: datetime, report: SyncReport) -> list[Version]:
    """Append this device's news to its current log file (a new file past ROTATE_BYTES); return the
    versions (settings, travelling settings, decks) it published."""
    device = report.device
    own = root / device
    marks = log.marks(key)
    name = marks.get("file")
    offset = int(marks.get("offset", "0"))
    path = own / name if name else None
    if path is not None:
        size = path.stat().st_size if path.is_file() else -1
        if size < offset:  # the folder lost this device's lines: write everything again, in a new file
            log.forget_folder(key)
            marks, offset, path = {}, 0, None
        elif size > offset:  # lines this database does not know it wrote (it was restored from a backup,
            # or stopped between writing and noting it): they stay, others merge them by id; only an
            # incomplete last line is cut, so that the next line starts on a line of its own
            with open(path, "r+b") as part:
                part.seek(offset)
                extra = part.read()
                complete = extra.rfind(b"\n") + 1
                part.truncate(offset + complete)
            log.save_marks(key, {"offset": str(offset + complete)}, [], {})
            offset += complete
    if path is None or offset > ROTATE_BYTES:
        path, offset = _next_file(own), 0
    at = to_ms(now)
    raw = store.config_raw()
    records: list[dict[str, Any]] = []
    versions: list[Version] = []
    new_marks: dict[str, str] = {}

    settings = {k: raw.get(k, SETTINGS[k].default if k in SETTINGS else "") for k in SCHEDULING_KEYS
                if k in raw or k in SETTINGS}
    settings_text = json.dumps(settings, sort_keys=True)
    if settings_text != marks.get("settings"):
        records.append({"t": "settings", "device": device, "at": at, "values": settings})
        new_marks["settings"] = settings_text
    versions.append(("settings", "", device, at if "settings" in new_marks else 0, settings_text))
    for k in TRAVELLING_KEYS:
        value = raw.get(k)
        if value is not None and value != marks.get("config:" + k):
            records.append({"t": "config", "device": device, "at": at, "key": k, "value": value})
            versions.append(("config", k, device, at, value))
            new_marks["config:" + k] = value
    for deck in store.decks():
        if deck.origin != "user" or deck.digest == marks.get("deck:" + deck.deck):
            continue
        try:
            data = Path(deck.path).read_bytes()
        except OSError:
            continue
        digest = hashlib.sha256(data).hexdigest()
        rel = f"decks/{deck.deck}-{digest[:16]}.yaml"
        if not (own / rel).is_file():
            _write_atomically(own / rel, data)
        value = json.dumps({"digest": digest, "file": rel}, sort_keys=True)
        records.append({"t": "deck", "device": device, "at": at, "deck": deck.deck, "digest": digest, "file": rel})
        versions.append(("deck", deck.deck, device, at, value))
        new_marks["deck:" + deck.deck] = deck.digest
        report.decks_sent.append(deck.deck)

    cards: set[str] = set()
    undos = log.unsent_undos(key)
    counts = {"reviews": 0, "events": 0}

    def log_records() -> Iterator[dict[str, Any]]:
        for r in log.new_reviews(int(marks.get("reviews", "0"))):
            new_marks["reviews"] = str(r.pop("id"))
            counts["reviews"] += 1
            cards.add(r["card"])
            yield {"t": "review", **r}
        for e in log.new_events(int(marks.get("events", "0"))):
            new_marks["events"] = str(e.pop("id"))
            counts["events"] += 1
            cards.add(e["card"])
            yield {"t": "event", **e}
        for u in undos:
            yield {"t": "undo", "device": device, "review": u["review"], "at": u["at"]}

    written = False
    lines = 0
    fh: Any = None
    try:
        for record in _chain(records, log_records()):
            if fh is None or (offset > ROTATE_BYTES and lines):
                if fh is not None:
                    _close_synced(fh, path)
                    path, offset, lines = _next_file(own), 0, 0
                path.parent.mkdir(parents=True, exist_ok=True)
                fh = open(path, "ab")
            data = (json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()
            fh.write(data)
            offset += len(data)
            lines += 1
            written = True
    finally:
        if fh is not None:
            _close_synced(fh, path)
    if undos:
        cards |= log.cards_of_reviews([u["id"] for u in undos])
    report.sent, report.sent_events = counts["reviews"], counts["events"] + len(undos)
    if written:  # (this device's own lines are read back like the others' ones: merging them is a no-op)
        new_marks.update({"file": path.name, "offset": str(offset)})
        log.save_marks(key, new_marks, [u["id"] for u in undos], {}, cards)
    return versions


def _chain(first: list[dict[str, Any]], rest: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    yield from first
    yield from rest


def _close_synced(fh: Any, path: Path) -> None:
    """Flush, fsync and close a log file (and fsync its folder, so a new file's name is on disk too)."""
    fh.flush()
    os.fsync(fh.fileno())
    fh.close()
    _fsync_dir(path.parent)


def _next_file(own: Path) -> Path:
    n = 1
    while (own / f"log-{n:04d}.jsonl").exists():
        n += 1
    return own / f"log-{n:04d}.jsonl"


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(target)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible everywhere (Windows); the file itself is fsync'ed
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- reading ---------------------------------------------------------------------------------
def _log_files(root: Path) -> Iterator[Path]:
    """Every device's log files, syncers' conflict copies included; not temporary files."""
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for f in sorted(folder.iterdir()):
            n = f.name
            if n.startswith("log") and ".jsonl" in n and not n.endswith(".tmp") and f.is_file():
                yield f


def _read_new(path: Path, start: int, line_no: int, report: SyncReport,
              records: list[dict[str, Any]]) -> tuple[int, int]:
    """Parse the complete lines after byte `start` into `records`; return how far the file is read (the
    end of the last line before the first bad one: a bad or incomplete line is read again next time)."""
    try:
        with open(path, "rb") as fh:
            if start:
                fh.seek(start - 1)
                if fh.read(1) != b"\n":  # not the file that was read before: read it again from the start
                    start, line_no = 0, 0
            fh.seek(start)
            data = fh.read()
    except OSError as exc:
        report.warnings.append(msg.sync_unreadable(str(path), exc.strerror or str(exc)))
        return start, line_no
    end = data.rfind(b"\n") + 1
    pos, n = start, line_no
    stop: tuple[int, int] | None = None
    for raw in data[:end].split(b"\n")[:-1]:
        n += 1
        record, problem = _parse(raw)
        if record is None:
            report.warnings.append(msg.sync_bad_line(str(path), n, problem))
            stop = stop or (pos, n - 1)
        else:
            records.append(record)
        pos += len(raw) + 1
    if data[end:]:
        report.warnings.append(msg.sync_partial_line(str(path), n + 1))
    return stop or (pos, n)


_INT, _STR, _NUM = (int,), (str,), (int, float)
_FIELDS: dict[str, dict[str, tuple[tuple[type, ...], bool]]] = {  # type -> field -> (types, may be null)
    "review": {"uid": (_STR, False), "device": (_STR, False), "seq": (_INT, False), "card": (_STR, False),
               "at": (_INT, False), "rating": (_INT, False), "duration_ms": (_INT, False), "mode": (_STR, False),
               "answer": (_STR, True), "state_before": (_INT, False), "state": (_INT, False),
               "step": (_INT, True), "stability": (_NUM, False), "difficulty": (_NUM, False), "due": (_INT, False)},
    "event": {"uid": (_STR, False), "device": (_STR, False), "seq": (_INT, False), "card": (_STR, False),
              "at": (_INT, False), "kind": (_STR, False), "review": (_STR, True)},
    "undo": {"device": (_STR, False), "review": (_STR, False), "at": (_INT, False)},
    "settings": {"device": (_STR, False), "at": (_INT, False), "values": ((dict,), False)},
    "config": {"device": (_STR, False), "at": (_INT, False), "key": (_STR, False), "value": (_STR, False)},
    "deck": {"device": (_STR, False), "at": (_INT, False), "deck": (_STR, False), "digest": (_STR, False),
             "file": (_STR, False)},
}


def _parse(raw: bytes) -> tuple[dict[str, Any] | None, str]:
    """One line as a record, or None and what is wrong with it."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, msg.SYNC_NOT_JSON
    if not isinstance(record, dict) or record.get("t") not in _FIELDS:
        return None, msg.SYNC_UNKNOWN_RECORD
    for name, (types, nullable) in _FIELDS[record["t"]].items():
        value = record.get(name)
        if value is None and nullable:
            continue
        if not isinstance(value, types) or isinstance(value, bool):
            return None, msg.sync_bad_field(name)
    if record["t"] == "review" and not 1 <= record["rating"] <= 4:
        return None, msg.sync_bad_field("rating")
    if record["t"] == "deck" and (Path(record["file"]).is_absolute() or ".." in Path(record["file"]).parts):
        return None, msg.sync_bad_field("file")
    return record, ""


def _import(log: SyncLog, store: Store, root: Path, key: str, versions: list[Version], report: SyncReport) -> None:
    """Read every device's new lines, merging file by file (one transaction each); adopt the newest
    travelling settings and decks; replay every card whose log changed."""
    offsets = log.offsets()
    log.merge(key, [], [], [], versions, {})
    for path in _log_files(root):
        start, line_no = offsets.get(str(path), (0, 0))
        try:
            if path.stat().st_size < start:
                start, line_no = 0, 0
        except OSError:
            continue
        records: list[dict[str, Any]] = []
        reached = _read_new(path, start, line_no, report, records)
        if reached == (start, line_no) and not records:
            continue
        by_type: dict[str, list[dict[str, Any]]] = {t: [] for t in _FIELDS}
        for r in records:
            by_type[r["t"]].append(r)
        found: list[Version] = []
        for r in by_type["settings"]:
            found.append(("settings", "", r["device"], r["at"], json.dumps(r["values"], sort_keys=True)))
        for r in by_type["config"]:
            found.append(("config", r["key"], r["device"], r["at"], r["value"]))
        for r in by_type["deck"]:
            found.append(("deck", r["deck"], r["device"], r["at"],
                          json.dumps({"digest": r["digest"], "file": r["file"]}, sort_keys=True)))
        added, events, undos = log.merge(key, by_type["review"], by_type["event"], by_type["undo"], found,
                                         {str(path): reached})
        report.received += added
        report.received_events += events + undos
    _adopt_settings(log, store, key, report)
    report.decks_received = _adopt_decks(log, store, root, key, report)
    config = Config.from_raw(store.config_raw())
    report.cards = log.replay_pending(_replayer(log, store, key, report), config.leech_action == "suspend")


def _replayer(log: SyncLog, store: Store, key: str,
              report: SyncReport) -> Callable[[str, str, CardState, int, int], CardState]:
    """FSRS review with the scheduling settings the answering device published (this device's own
    when it published none)."""
    raw = store.config_raw()
    local = Scheduler(Config.from_raw(raw))
    schedulers: dict[str, Scheduler] = {}
    published: dict[str, dict[str, str]] | None = None

    def review(device: str, card: str, before: CardState, rating: int, at: int) -> CardState:
        nonlocal published
        if device not in schedulers:
            if published is None:  # read once, after the merge stored this sync's settings records
                published = {}
                for _name, dev, _at, value in log.versions(key, "settings"):
                    published.setdefault(dev, json.loads(value))
            values = published.get(device)
            scheduler = local
            if values:
                try:
                    scheduler = Scheduler(Config.from_raw({**raw, **{k: str(v) for k, v in values.items()}}))
                except ConfigError:
                    report.warnings.append(msg.sync_bad_settings(device))
            schedulers[device] = scheduler
        return schedulers[device].review(card, before, rating, from_ms(at))

    return review


def _newest(rows: list[tuple[str, str, int, str]]) -> dict[str, tuple[str, int, str]]:
    """The newest (device, at, value) for each name (rows come newest first)."""
    out: dict[str, tuple[str, int, str]] = {}
    for name, device, at, value in rows:
        out.setdefault(name, (device, at, value))
    return out


def _adopt_settings(log: SyncLog, store: Store, key: str, report: SyncReport) -> None:
    raw = store.config_raw()
    for name, (device, _at, value) in _newest(log.versions(key, "config")).items():
        if name not in TRAVELLING_KEYS or device == report.device or raw.get(name) == value:
            continue
        if name in SETTINGS:
            try:
                SETTINGS[name].parse(value)
            except (ValueError, TypeError, GenaiCardsError):
                continue
        store.set_config(name, value)
        log.save_marks(key, {"config:" + name: value}, [], {})
        report.settings_received.append(name)


def _adopt_decks(log: SyncLog, store: Store, root: Path, key: str, report: SyncReport) -> list[str]:
    """Import the newest version of each deck another device published, when it is not the one this
    device has (or had, before removing the deck)."""
    from .library import import_decks

    local = {d.deck: d.digest for d in store.decks()}
    had = log.marks(key)  # the version this device last sent or took: a deck removed here stays removed
    adopted: list[str] = []
    for deck, (device, _at, value) in sorted(_newest(log.versions(key, "deck")).items()):
        info = json.loads(value)
        if device == report.device or info["digest"] in (local.get(deck), had.get("deck:" + deck)):
            continue
        path = root / device / info["file"]
        try:
            ok = hashlib.sha256(path.read_bytes()).hexdigest() == info["digest"]
        except OSError:
            ok = False
        if not ok:
            report.warnings.append(msg.sync_deck_missing(deck, str(path)))
            continue
        try:
            import_decks(store, [path])
        except GenaiCardsError as exc:
            first = exc.problems[0] if hasattr(exc, "problems") and exc.problems else exc
            report.warnings.append(msg.sync_deck_refused(deck, str(first)))
            continue
        log.save_marks(key, {"deck:" + deck: info["digest"]}, [], {})
        adopted.append(deck)
    return adopted


# --- one sync at a time per home ---------------------------------------------------------------
@contextmanager
def _locked(home: Path) -> Iterator[None]:
    """An exclusive lock on home/sync.lock for the whole sync (another one at once is refused)."""
    home.mkdir(parents=True, exist_ok=True)
    fh = open(home / "sync.lock", "a+b")
    try:
        try:
            _lock(fh)
        except OSError:
            raise GenaiCardsError(msg.sync_busy(str(home))) from None
        yield
    finally:
        fh.close()  # closing releases the lock


def _lock(fh: Any) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


# --- git -------------------------------------------------------------------------------------
def _run_git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_EDITOR": "true"}
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, env=env,
                              timeout=GIT_TIMEOUT_S, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return subprocess.CompletedProcess(["git", *args], 1, "", str(exc))


def _detail(result: subprocess.CompletedProcess[str]) -> str:
    text = (result.stderr or result.stdout or "").strip().splitlines()
    return text[-1] if text else msg.exit_status(result.returncode)


def _git_root(folder: Path) -> None:
    if _run_git(folder, "rev-parse", "--show-toplevel").returncode != 0:
        raise GenaiCardsError(msg.git_not_a_repository(str(folder)))


def _git_commit(folder: Path, own: Path, now: datetime, report: SyncReport) -> bool:
    """Commit this device's files (only them); False when git refused."""
    added = _run_git(folder, "add", "--all", "--", str(own))
    if added.returncode != 0:
        report.git_errors.append(msg.git_step_failed("add", str(folder), _detail(added)))
        return False
    if _run_git(folder, "diff", "--cached", "--quiet", "--", str(own)).returncode == 0:
        return True  # nothing new to commit
    identity: list[str] = []
    if _run_git(folder, "config", "user.email").returncode != 0:
        identity = ["-c", "user.name=genai-cards", "-c", "user.email=genai-cards@localhost"]
    done = _run_git(folder, *identity, "commit", "--quiet", "-m", f"genai-cards: device {report.device}, "
                    f"{now.isoformat(timespec='seconds')}", "--", str(own))
    if done.returncode != 0:
        report.git_errors.append(msg.git_step_failed("commit", str(folder), _detail(done)))
        return False
    return True


def _git_pull(folder: Path, report: SyncReport) -> bool:
    pulled = _run_git(folder, "pull", "--rebase", "--autostash", "--quiet")
    if pulled.returncode == 0:
        return True
    status = _run_git(folder, "rev-parse", "--git-path", "rebase-merge")
    if status.returncode == 0 and (folder / status.stdout.strip()).exists():
        _run_git(folder, "rebase", "--abort")  # leave the repository as it was: our commit stays
    report.git_errors.append(msg.git_step_failed("pull --rebase", str(folder), _detail(pulled)))
    return False


def _git_push(folder: Path, report: SyncReport) -> None:
    pushed = _run_git(folder, "push", "--quiet")
    if pushed.returncode != 0:
        report.git_errors.append(msg.git_step_failed("push", str(folder), _detail(pushed)))
