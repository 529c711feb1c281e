"""The one place that reads the time, so that tests can move it."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

CHINA = ZoneInfo('Asia/Shanghai')
_frozen: datetime | None = None


def now() -> datetime:
    """The current time, aware, in UTC."""
    return _frozen if _frozen is not None else datetime.now(timezone.utc)


def china_now() -> datetime:
    return now().astimezone(CHINA)


def today() -> date:
    """Today's date in China, where every deadline is counted."""
    return china_now().date()


def freeze(moment: datetime | None) -> None:
    """Fix the clock at a moment (tests); None lets it run again."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        raise ValueError('freeze() needs an aware datetime')
    _frozen = moment


def local_text(moment: datetime | None) -> str:
    """'2022-04-14 09:44:15' in China time, as the manual shows times."""
    if moment is None:
        return ''
    return moment.astimezone(CHINA).strftime('%Y-%m-%d %H:%M:%S')
