"""Settings a script can trust: typed JSON, negative and multi-word values on the command line,
look-alike digits and decimal commas refused with a clear line, nothing stored."""

from __future__ import annotations

import json

import pytest


def show(cli) -> dict:
    result = cli("config", "show", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_config_show_json_gives_numbers_as_numbers_and_unset_as_null(cli) -> None:
    assert show(cli) == {
        "desired_retention": 0.9, "new_per_day": 20, "max_reviews_per_day": 200, "learning_steps": "1m 10m",
        "relearning_steps": "10m", "day_starts_at": 4, "exam_date": None, "leech_threshold": 8,
        "leech_action": "suspend", "ui_lang": None, "exam_retention": 0.95, "exam_answers_per_day": 250,
        "fsrs_parameters": None,
        "sync_dir": None, "sync_after_session": False,
    }
    cli("config", "set", "desired_retention", "0.85")
    cli("config", "set", "exam_date", "2026-04-20")
    cli("config", "set", "day_starts_at", "05:00")
    shown = show(cli)
    assert (shown["desired_retention"], shown["exam_date"], shown["day_starts_at"]) == (0.85, "2026-04-20", 5)
    assert isinstance(shown["new_per_day"], int) and not isinstance(shown["new_per_day"], bool)


def test_multi_word_values_need_no_quotes(cli) -> None:
    result = cli("config", "set", "learning_steps", "1m", "10m", "1h")
    assert (result.exit_code, result.output) == (0, "learning_steps = 1m 10m 1h\n")
    assert show(cli)["learning_steps"] == "1m 10m 1h"
    assert cli("config", "set", "learning_steps", "1m 30m").exit_code == 0  # quoted, as before
    assert show(cli)["learning_steps"] == "1m 30m"


def test_a_negative_number_is_a_value_not_an_option(cli) -> None:
    result = cli("config", "set", "leech_threshold", "-1")
    assert (result.exit_code, result.output) == (
        1, "Error: bad value '-1' for leech_threshold: expected a whole number from 0 to 999\n")
    assert cli("config", "set", "--", "new_per_day", "-1").exit_code == 1  # `--` still works
    assert show(cli)["leech_threshold"] == 8


@pytest.mark.parametrize(("key", "value"), [
    ("new_per_day", "１０"),  # full-width
    ("new_per_day", "١٠"),  # Arabic-Indic
    ("new_per_day", "۱۰"),  # extended Arabic-Indic
    ("max_reviews_per_day", "1_000"),  # Python's int() takes it; a person did not mean it
    ("day_starts_at", "５"),
    ("desired_retention", "０.９"),
    ("learning_steps", "１m 10m"),
    ("leech_threshold", "²"),
])
def test_look_alike_digits_are_refused_with_a_clear_line(cli, key, value) -> None:
    result = cli("config", "set", key, value)
    assert result.exit_code == 1
    assert result.output == (f"Error: bad value {value!r} for {key}: write numbers with the plain digits 0-9 "
                             "(no full-width or other scripts' digits, no _ between digits)\n")
    assert show(cli) == show(cli) and cli("config", "get", key).output.strip() != value


def test_the_nearest_right_values_are_taken(cli) -> None:
    for key, value in [("new_per_day", "10"), ("max_reviews_per_day", "1000"), ("desired_retention", ".95"),
                       ("day_starts_at", "0"), ("leech_threshold", "+3")]:
        assert cli("config", "set", key, value).exit_code == 0, (key, value)
    shown = show(cli)
    assert (shown["new_per_day"], shown["max_reviews_per_day"], shown["desired_retention"],
            shown["day_starts_at"], shown["leech_threshold"]) == (10, 1000, 0.95, 0, 3)


def test_a_decimal_comma_gets_the_fix_in_the_message(cli) -> None:
    result = cli("config", "set", "desired_retention", "0,85")
    assert result.output == "Error: bad value '0,85' for desired_retention: write the decimal with a point, as in 0.85\n"
    assert show(cli)["desired_retention"] == 0.9


@pytest.mark.parametrize("value", ["9e-1", "0x1", "nan", "inf", "0.9.1"])
def test_number_formats_it_cannot_mean_are_refused(cli, value) -> None:
    result = cli("config", "set", "desired_retention", value)
    assert result.output == f"Error: bad value {value!r} for desired_retention: expected a number from 0.7 to 0.99\n"
