"""``:`` goto: the dates the reader understands, and the listed day it goes to."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.goto import nearest, target

TODAY = dt.date(2026, 1, 7)  # a Wednesday
NEWEST = dt.date(2025, 12, 17)
READING = dt.date(2025, 11, 20)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2025-03-14", dt.date(2025, 3, 14)),
        ("2025-3-4", dt.date(2025, 3, 4)),
        ("2025/03/14", dt.date(2025, 3, 14)),
        ("20250314", dt.date(2025, 3, 14)),
        ("03-14", dt.date(2025, 3, 14)),
        ("12-25", dt.date(2024, 12, 25)),  # the latest Dec 25 up to the newest day
        ("3/14", dt.date(2025, 3, 14)),
        ("Mar 14", dt.date(2025, 3, 14)),
        ("14 march", dt.date(2025, 3, 14)),
        ("March 14, 2024", dt.date(2024, 3, 14)),
        ("14", dt.date(2025, 11, 14)),  # in the month being read
        ("  Today ", TODAY),
        ("yesterday", dt.date(2026, 1, 6)),
        ("fri", dt.date(2026, 1, 2)),
        ("wednesday", TODAY),
        ("-3", dt.date(2025, 11, 17)),
    ],
)
def test_goto_reads_the_usual_ways_of_writing_a_date(text: str, date: dt.date) -> None:
    assert target(text, today=TODAY, newest=NEWEST, reading=READING) == date


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "type a date"),
        ("2025-02-30", "no such date"),
        ("31", "no such date"),  # November has 30 days
        ("smarch 3", "not a month"),
        ("next week", "not a date"),
        ("13-45", "no such date"),
    ],
)
def test_what_is_not_a_date_says_why_in_one_line(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as error:
        target(text, today=TODAY, newest=NEWEST, reading=READING)
    assert "\n" not in str(error.value)


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_reason(text: str) -> None:
    try:
        assert isinstance(target(text, today=TODAY, newest=NEWEST, reading=READING), dt.date)
    except ValueError as error:
        assert str(error)


def test_the_nearest_listed_day_wins_and_the_earlier_on_a_tie() -> None:
    days = [dt.date(2025, 3, 17), dt.date(2025, 3, 14), dt.date(2025, 3, 12)]
    assert nearest(dt.date(2025, 3, 14), days) == dt.date(2025, 3, 14)
    assert nearest(dt.date(2025, 3, 16), days) == dt.date(2025, 3, 17)
    assert nearest(dt.date(2025, 3, 13), days) == dt.date(2025, 3, 12)  # a tie: the earlier
    assert nearest(dt.date(2030, 1, 1), days) == dt.date(2025, 3, 17)
    assert nearest(dt.date(2025, 3, 13), []) is None
