"""Unit tests for domain.calendar."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.shared import calendar as cal
from domain.shared.calendar import add_working_days, countdown_text, is_working_day, working_days_between

# All dates below were checked against chinesecalendar 1.11.0 data.


@pytest.mark.parametrize("day", [date(2025, 10, 1), date(2025, 10, 8), date(2026, 2, 17), date(2026, 1, 1)])
def test_holidays_are_not_working_days(day: date) -> None:
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 9, 28),  # Sunday, make-up day for National Day
        date(2025, 10, 11),  # Saturday, make-up day for National Day
        date(2026, 1, 4),  # Sunday, make-up day for New Year
        date(2026, 2, 14),  # Saturday, make-up day for Spring Festival
    ],
)
def test_make_up_weekend_days_are_working_days(day: date) -> None:
    assert is_working_day(day)


def test_ordinary_weekday_and_weekend() -> None:
    assert is_working_day(date(2025, 6, 3))  # Tuesday
    assert not is_working_day(date(2025, 6, 7))  # Saturday


def test_add_zero_working_days_returns_start() -> None:
    assert add_working_days(date(2025, 10, 1), 0) == date(2025, 10, 1)


def test_add_working_days_across_national_day() -> None:
    assert add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)
    assert add_working_days(date(2025, 10, 9), -1) == date(2025, 9, 30)


def test_add_working_days_across_year_boundary() -> None:
    # 2025-12-31, then 2026-01-01..03 off, 2026-01-04 (Sunday) is a make-up day.
    assert add_working_days(date(2025, 12, 30), 3) == date(2026, 1, 5)


def test_fallback_for_uncovered_year_warns_once(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cal, "_warned_years", set())
    with caplog.at_level(logging.WARNING, logger=cal.__name__):
        assert is_working_day(date(2100, 1, 1))  # Friday
        assert not is_working_day(date(2100, 1, 2))  # Saturday
        assert add_working_days(date(2100, 1, 1), 1) == date(2100, 1, 4)  # Monday
    records = [r for r in caplog.records if r.name == cal.__name__]
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert "2100" in records[0].getMessage()


def test_working_days_between_examples() -> None:
    assert working_days_between(date(2025, 9, 30), date(2025, 9, 30)) == 0
    # Oct 1-8 off, Oct 9, 10, 11 (make-up Saturday) on.
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 11)) == 3
    assert working_days_between(date(2025, 10, 11), date(2025, 9, 30)) == -3


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
    st.integers(min_value=-60, max_value=60),
)
def test_working_days_between_is_antisymmetric(start: date, offset: int) -> None:
    end = date.fromordinal(start.toordinal() + offset)
    assert working_days_between(start, end) == -working_days_between(end, start)


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 10, 31)),
    st.integers(min_value=0, max_value=40),
)
def test_add_working_days_round_trips_with_between(start: date, days: int) -> None:
    assert working_days_between(start, add_working_days(start, days)) == days


def test_countdown_text() -> None:
    today = date(2025, 9, 30)
    assert countdown_text(today, today) == "今日到期"
    assert countdown_text(date(2025, 10, 11), today) == "剩余 3 个工作日"
    assert countdown_text(date(2025, 10, 9), today) == "剩余 1 个工作日"
    assert countdown_text(date(2025, 9, 26), today) == "已超期 3 个工作日"  # Sep 28, 29, 30


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    from domain.shared.calendar import add_months
    assert add_months(date(2026, 12, 31), -3) == date(2026, 9, 30)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)
