"""iCalendar (RFC 5545) text for a calendar of all-day events, each with a reminder a few days ahead.

Written here rather than with a library because the feed needs only this much: TEXT values escaped (§3.3.11),
content lines ending in CRLF and folded at 75 octets without splitting a UTF-8 character (§3.1).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

CRLF = '\r\n'
LINE_OCTETS = 75
PRODUCT = '-//CCAA//Personal Deadlines//ZH'
REFRESH = 'PT12H'  # how often a subscribed calendar app should look again
# The alarm of an all-day event counts from its midnight: 2 days 15 hours before is 09:00 three days ahead.
ALARM_BEFORE = '-P2DT15H'
_CONTROL = re.compile(r'[\x00-\x08\x0a-\x1f\x7f]')  # not allowed in a value (TEXT may keep a tab)


@dataclass(frozen=True)
class AllDayEvent:
    uid: str
    on: date
    summary: str
    description: str = ''
    url: str = ''  # absolute


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped; other control characters dropped."""
    value = value.replace('\\', '\\\\').replace(';', '\\;').replace(',', '\\,')
    value = value.replace('\r\n', '\n').replace('\r', '\n').replace('\n', '\\n')
    return _CONTROL.sub('', value)


def fold(line: str) -> str:
    """One content line as lines of at most 75 octets in UTF-8, each continuation starting with a space."""
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for char in line:
        width = len(char.encode('utf-8'))
        if size + width > limit:
            parts.append(''.join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1  # the leading space counts
        current.append(char)
        size += width
    parts.append(''.join(current))
    return (CRLF + ' ').join(parts)


def calendar(events: Iterable[AllDayEvent], *, name: str, stamp: datetime) -> str:
    """A VCALENDAR of the events; stamp (DTSTAMP) is when it is made."""
    lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', f'PRODID:{PRODUCT}', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
             f'X-WR-CALNAME:{escape_text(name)}', f'REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}',
             f'X-PUBLISHED-TTL:{REFRESH}']
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append('END:VCALENDAR')
    return ''.join(fold(line) + CRLF for line in lines)


def _event_lines(event: AllDayEvent, stamp: datetime) -> list[str]:
    lines = ['BEGIN:VEVENT', f'UID:{escape_text(event.uid)}',
             f'DTSTAMP:{stamp.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}',
             f'DTSTART;VALUE=DATE:{event.on:%Y%m%d}', f'DTEND;VALUE=DATE:{event.on + timedelta(days=1):%Y%m%d}',
             f'SUMMARY:{escape_text(event.summary)}', 'TRANSP:TRANSPARENT']
    if event.description:
        lines.append(f'DESCRIPTION:{escape_text(event.description)}')
    if event.url:
        lines.append(f'URL:{_CONTROL.sub("", event.url)}')  # a URI value, not TEXT: not escaped
    lines += ['BEGIN:VALARM', 'ACTION:DISPLAY', f'TRIGGER:{ALARM_BEFORE}', f'DESCRIPTION:{escape_text(event.summary)}',
              'END:VALARM', 'END:VEVENT']
    return lines
