"""The iCalendar text of the deadline feed (RFC 5545): escaping, CRLF, folding at 75 octets, all-day events."""
from __future__ import annotations

from datetime import date, datetime, timezone

from hypothesis import given
from hypothesis import strategies as st

from domain.shared import ical

STAMP = datetime(2026, 11, 27, 7, 30, 5, tzinfo=timezone.utc)


def unfold(text: str) -> list[str]:
    assert text.endswith('\r\n')
    return text.replace('\r\n ', '').split('\r\n')[:-1]


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == '\\':
            following = next(chars)
            out.append('\n' if following in 'nN' else following)
        else:
            out.append(char)
    return ''.join(out)


def test_text_values_escape_backslash_semicolon_comma_and_line_breaks() -> None:
    assert ical.escape_text('a,b;c\\d\ne') == 'a\\,b\\;c\\\\d\\ne'
    assert ical.escape_text('一\r\n二\r三') == '一\\n二\\n三'
    assert ical.escape_text('tab\there\x00\x1b\x7f') == 'tab\there'
    assert ical.escape_text('中文，全角；不变') == '中文，全角；不变'


def test_long_lines_fold_at_75_octets() -> None:
    folded = ical.fold('DESCRIPTION:' + 'x' * 200)
    lines = folded.split('\r\n')
    assert [len(line) for line in lines] == [75, 75, 64]  # 12 + 200 characters: 75, then a space and 74, 63
    assert all(line.startswith(' ') for line in lines[1:])
    assert ical.fold('SUMMARY:short') == 'SUMMARY:short'


def test_folding_never_splits_a_character() -> None:
    lines = ical.fold('x' * 74 + '中文' * 40).split('\r\n')
    assert lines[0] == 'x' * 74  # the three octets of 中 would pass 75
    assert all(len(line.encode('utf-8')) <= 75 for line in lines)
    assert [len(line.encode('utf-8')) for line in lines[1:-1]] == [73] * (len(lines) - 2)  # a space and 24 characters


@given(st.text(st.characters(blacklist_categories=('Cs',), blacklist_characters='\r\n'), max_size=400))
def test_folding_keeps_every_character(line: str) -> None:
    folded = ical.fold(line)
    assert folded.replace('\r\n ', '') == line
    assert all(len(part.encode('utf-8')) <= 75 for part in folded.split('\r\n'))


def test_a_calendar_of_all_day_events_with_reminders() -> None:
    event = ical.AllDayEvent('certificate-1-expiry@portal.example.cn', date(2027, 1, 14),
                             '证书CCAA-QMS-2024-00123到期', '第一行，含逗号, 分号; 反斜杠\\\n第二行' + '很长' * 40,
                             'https://portal.example.cn/my/certificates/1')
    text = ical.calendar([event], name='CCAA个人截止日期', stamp=STAMP)
    assert '\n' not in text.replace('\r\n', '')  # every line ends in CRLF
    assert all(len(line.encode('utf-8')) <= 75 for line in text.split('\r\n'))
    lines = unfold(text)
    assert lines[:3] == ['BEGIN:VCALENDAR', 'VERSION:2.0', f'PRODID:{ical.PRODUCT}']
    assert lines[-1] == 'END:VCALENDAR'
    start, end = lines.index('BEGIN:VEVENT'), lines.index('END:VEVENT')
    properties = dict(line.split(':', 1) for line in lines[start + 1:end] if not line.startswith(('BEGIN:', 'END:')))
    assert properties['UID'] == 'certificate-1-expiry@portal.example.cn'
    assert properties['DTSTAMP'] == '20261127T073005Z'
    assert properties['DTSTART;VALUE=DATE'] == '20270114'
    assert properties['DTEND;VALUE=DATE'] == '20270115'
    assert unescape(properties['SUMMARY']) == event.summary
    assert unescape(properties['URL']) == event.url
    alarm = lines[lines.index('BEGIN:VALARM'):lines.index('END:VALARM') + 1]
    assert alarm[1:3] == ['ACTION:DISPLAY', 'TRIGGER:-P2DT15H']
    [description] = [line for line in lines[start:end] if line.startswith('DESCRIPTION:') and '第一行' in line]
    assert description.startswith('DESCRIPTION:第一行，含逗号\\, 分号\\; 反斜杠\\\\\\n第二行')
    assert unescape(description.removeprefix('DESCRIPTION:')) == event.description


def test_an_empty_calendar_is_still_a_calendar() -> None:
    lines = unfold(ical.calendar([], name='x', stamp=STAMP))
    assert lines[0] == 'BEGIN:VCALENDAR' and lines[-1] == 'END:VCALENDAR'
    assert 'BEGIN:VEVENT' not in lines
