"""Working days on the Chinese (mainland) official holiday calendar."""

from __future__ import annotations

import functools
import logging
import threading
from calendar import monthrange
from datetime import date, timedelta

import chinese_calendar

__all__ = [
    "add_months",
    "add_working_days",
    "countdown_text",
    "is_working_day",
    "working_days_between",
]

logger = logging.getLogger(__name__)

_ONE_DAY = timedelta(days=1)
_warned_years: set[int] = set()
_warned_lock = threading.Lock()


def _warn_uncovered_year(year: int) -> None:
    """Log the Monday–Friday fallback once per process for each uncovered year."""
    with _warned_lock:
        if year in _warned_years:
            return
        _warned_years.add(year)
    logger.warning(
        "chinesecalendar has no holiday data for %d; treating Monday–Friday as working days",
        year,
    )


@functools.lru_cache(maxsize=8192)
def _official_working_day(day: date) -> bool | None:
    """The holiday table's answer, or None for a year it does not cover. Cached: a page of overdue cases asks about
    thousands of days, and each uncached question scans the package's tables."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def is_working_day(day: date) -> bool:
    """Return True if `day` is an official working day (make-up weekend days included)."""
    official = _official_working_day(day)
    if official is None:
        # The package only ships data for a fixed range of years; degrade rather than crash.
        _warn_uncovered_year(day.year)
        return day.weekday() < 5
    return official


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (earlier when negative), or that month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def add_working_days(start: date, days: int) -> date:
    """Return the date `days` working days after `start` (before it when negative)."""
    step = _ONE_DAY if days >= 0 else -_ONE_DAY
    remaining = abs(days)
    current = start
    while remaining:
        current += step
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Count working days d with start < d <= end; negated when end is before start."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    current = start + _ONE_DAY
    while current <= end:
        if is_working_day(current):
            count += 1
        current += _ONE_DAY
    return count


def countdown_text(due_on: date, today: date) -> str:
    """Describe a deadline as '今日到期', '剩余 N 个工作日' or '已超期 N 个工作日'."""
    if due_on == today:
        return "今日到期"
    if due_on > today:
        return f"剩余 {working_days_between(today, due_on)} 个工作日"
    return f"已超期 {working_days_between(due_on, today)} 个工作日"
