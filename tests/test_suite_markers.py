"""A quick run skips the slow tests (`pytest -m "not slow"`); the default run and CI run them all."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_slow_marker_is_registered_and_strict() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("slow:") for m in options["markers"])
    assert "--strict-markers" in options["addopts"]  # a misspelt marker fails instead of running unmarked
    assert "-m" not in options["addopts"].split()  # the default run selects every test


def test_ci_runs_the_slow_tests_too() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    runs = [line.strip() for line in script.splitlines() if "pytest" in line and not line.strip().startswith("#")]
    assert runs and all(" -m " not in f" {line.split('pytest', 1)[1]} " for line in runs)  # no marker selection


def marks(module: object, name: str) -> set[str]:
    own = getattr(getattr(module, name), "pytestmark", [])
    shared = getattr(module, "pytestmark", [])
    shared = shared if isinstance(shared, list) else [shared]
    return {m.name for m in list(own) + shared}


def test_the_property_kill_and_multi_process_tests_are_marked_slow() -> None:
    from tests import test_properties, test_reliability

    assert "slow" in marks(test_properties, "test_loader_never_crashes_on_deck_shaped_yaml")
    for name in ("test_sigkill_during_import_leaves_nothing_half_imported",
                 "test_sigkill_while_a_card_is_on_screen_keeps_every_earlier_answer",
                 "test_two_sessions_at_once_neither_crash_nor_lose_a_review"):
        assert "slow" in marks(test_reliability, name), name
    assert "slow" not in marks(test_reliability, "test_deck_over_64_megabytes_is_refused")  # a quick one is not
