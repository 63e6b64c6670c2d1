"""Study days are cut with real time-zone arithmetic: a day that starts at a local hour that does
not exist (a DST gap) or happens twice still starts once, after the day before it (issue 16)."""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta, timezone

import pytest

from genai_cards.model import local_moment, next_study_day, study_day_start

# zone -> the local dates its clocks change (spring and autumn)
CHANGES = {
    "America/Sao_Paulo": [date(2018, 11, 4), date(2019, 2, 17)],  # the gap is at 00:00
    "Europe/Berlin": [date(2026, 3, 29), date(2026, 10, 25)],     # the gap is at 02:00
    "America/New_York": [date(2026, 3, 8), date(2026, 11, 1)],
    "Australia/Lord_Howe": [date(2026, 4, 5), date(2026, 10, 4)],  # a 30-minute change
}


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.mark.slow
@pytest.mark.parametrize("zone", list(CHANGES), indirect=True)
def test_every_moment_of_a_change_day_belongs_to_exactly_one_study_day(zone) -> None:
    for change in CHANGES[zone]:
        for hour in range(24):
            t = datetime(change.year, change.month, change.day, tzinfo=timezone.utc) - timedelta(days=1)
            end = t + timedelta(days=3)
            while t < end:
                start = study_day_start(t, hour)
                nxt = next_study_day(start, hour)
                assert start <= t < nxt, (zone, change, hour, t)
                assert timedelta(hours=22) <= nxt - start <= timedelta(hours=26), (zone, change, hour, t)
                t += timedelta(minutes=15)


@pytest.mark.parametrize("zone", ["America/Sao_Paulo"], indirect=True)
def test_a_skipped_hour_starts_the_day_when_the_clock_jumps(zone) -> None:
    # 2018-11-04 00:00 never happened in São Paulo: clocks went from 23:59:59 -03:00 to 01:00 -02:00
    assert local_moment(date(2018, 11, 4), 0) == datetime(2018, 11, 4, 3, tzinfo=timezone.utc)
    # the repeated hour of 2019-02-16 23:00 starts at its first occurrence (-02:00)
    assert local_moment(date(2019, 2, 16), 23) == datetime(2019, 2, 17, 1, tzinfo=timezone.utc)
    assert local_moment(date(2018, 11, 5), 0) == datetime(2018, 11, 5, 2, tzinfo=timezone.utc)


@pytest.mark.parametrize("zone", ["Europe/Berlin"], indirect=True)
def test_berlin_day_starting_at_two_on_the_spring_change(zone) -> None:
    assert local_moment(date(2026, 3, 29), 2) == datetime(2026, 3, 29, 1, tzinfo=timezone.utc)
    assert local_moment(date(2026, 3, 28), 2) == datetime(2026, 3, 28, 1, tzinfo=timezone.utc)
    assert local_moment(date(2026, 3, 30), 2) == datetime(2026, 3, 30, 0, tzinfo=timezone.utc)


def test_due_cards_are_shown_on_a_day_that_starts_in_a_dst_gap(cli, small_deck) -> None:
    """São Paulo, day_starts_at 0, 2018-11-04: the day used to have zero length and hid due cards."""
    assert cli("config", "set", "day_starts_at", "0").exit_code == 0
    result = cli("review", "--topic", "teste", "--limit", "1", "--seed", "1", input="\n1\n",
                 now="2018-11-04T01:30:00-02:00")  # the card comes back at 01:31, after the skipped midnight
    assert result.exit_code == 0, result.output
    due = cli("due", "--json", now="2018-11-04T12:00:00-02:00")
    assert due.exit_code == 0, due.output
    assert json.loads(due.stdout)["today"] == 1
