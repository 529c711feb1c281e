"""Points in a video as people write them: '12:30' (分:秒) or '1:02:30' (时:分:秒), and remarks that start with one,
such as '12:30 画面与讲义不符'. A full-width colon (：), as Chinese input methods type it, counts as a colon."""
from __future__ import annotations

import re

from domain.shared.errors import Invalid

MSG_FORMAT = '时间格式应为 分:秒，如 12:30'
MSG_EMPTY = '请填写时间'

_TIME = r'(?:(?P<h>[0-9]{1,2}):(?P<hm>[0-5][0-9])|(?P<m>[0-9]{1,3})):(?P<s>[0-5][0-9])'
_WHOLE = re.compile(_TIME)
_LEADING = re.compile(rf'(?P<time>{_TIME})(?:\s+(?P<rest>.*))?', re.DOTALL)


def _colons(text: str) -> str:
    return text.replace('：', ':')


def _seconds(match: re.Match[str]) -> int:
    if match['h'] is not None:
        return int(match['h']) * 3600 + int(match['hm']) * 60 + int(match['s'])
    return int(match['m']) * 60 + int(match['s'])


def parse(text: str) -> int:
    """Seconds from 'mm:ss' (minutes may exceed 59, up to 999) or 'h:mm:ss'; Invalid('time', …) otherwise."""
    text = _colons(text or '').strip()
    if not text:
        raise Invalid('time', MSG_EMPTY)
    match = _WHOLE.fullmatch(text)
    if match is None:
        raise Invalid('time', MSG_FORMAT)
    return _seconds(match)


def format(seconds: float) -> str:  # noqa: A001 (the module's own verb, used as timecodes.format)
    """'mm:ss' under an hour ('02:05', '12:30'), 'h:mm:ss' from an hour on ('1:02:30'); fractions are dropped."""
    if seconds < 0:
        raise ValueError(f'a time cannot be negative: {seconds!r}')
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f'{hours}:{minutes:02d}:{secs:02d}' if hours else f'{minutes:02d}:{secs:02d}'


def split_remark(line: str) -> tuple[int | None, str]:
    """'12:30 画面与讲义不符' → (750, '画面与讲义不符'); a line that does not start with a time (followed by white
    space or nothing) → (None, the line), stripped."""
    original = (line or '').strip()
    match = _LEADING.fullmatch(_colons(original))  # the same length: the remark is cut from the original
    if match is None:
        return None, original
    return _seconds(match), original[match.start('rest'):].strip() if match['rest'] is not None else ''


def remark_line(seconds: int, text: str) -> str:
    """The line split_remark reads back: '12:30 画面与讲义不符'."""
    return f'{format(seconds)} {text.strip()}'.rstrip()
