"""Points in a video as people type them, and remarks that start with one."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.shared import timecodes
from domain.shared.errors import Invalid


@pytest.mark.parametrize('text, seconds', [
    ('12:30', 750), ('0:05', 5), ('00:00', 0), ('2:05', 125), ('75:10', 4510), (' 12:30 ', 750),
    ('1:02:30', 3750), ('01:00:00', 3600), ('12：30', 750), ('1：02：30', 3750),
])
def test_parse(text: str, seconds: int) -> None:
    assert timecodes.parse(text) == seconds


@pytest.mark.parametrize('text', ['12', '12:3', '12:60', '1:60:00', '12:30:', ':30', 'a:bc', '12.30', '-1:00',
                                  '1:2:3', '１２:３０', '1000:00', '12:30 画面'])
def test_other_text_is_refused_with_the_format(text: str) -> None:
    with pytest.raises(Invalid) as caught:
        timecodes.parse(text)
    assert (caught.value.field, caught.value.message) == ('time', '时间格式应为 分:秒，如 12:30')


@pytest.mark.parametrize('text', ['', '   ', None])
def test_nothing_is_refused_as_missing(text: str | None) -> None:
    with pytest.raises(Invalid) as caught:
        timecodes.parse(text)  # type: ignore[arg-type]
    assert caught.value.message == '请填写时间'


@pytest.mark.parametrize('seconds, text', [
    (0, '00:00'), (5, '00:05'), (125, '02:05'), (750, '12:30'), (3599, '59:59'), (3600, '1:00:00'),
    (3750, '1:02:30'), (750.9, '12:30'),
])
def test_format(seconds: float, text: str) -> None:
    assert timecodes.format(seconds) == text


def test_a_negative_time_cannot_be_formatted() -> None:
    with pytest.raises(ValueError):
        timecodes.format(-1)


@given(st.integers(min_value=0, max_value=99 * 3600 + 59 * 60 + 59))
def test_format_and_parse_agree(seconds: int) -> None:
    assert timecodes.parse(timecodes.format(seconds)) == seconds


@pytest.mark.parametrize('line, split', [
    ('12:30 画面与讲义不符', (750, '画面与讲义不符')),
    ('  1:02:30   声音断续  ', (3750, '声音断续')),
    ('12：30　字幕有误：第二章', (750, '字幕有误：第二章')),  # full-width colon and space; the text keeps its own
    ('12:30', (750, '')),
    ('画面与讲义不符', (None, '画面与讲义不符')),
    ('12:305 不是时间', (None, '12:305 不是时间')),
    ('12:30画面', (None, '12:30画面')),
    ('', (None, '')),
])
def test_split_remark(line: str, split: tuple[int | None, str]) -> None:
    assert timecodes.split_remark(line) == split


def test_a_remark_line_reads_back() -> None:
    line = timecodes.remark_line(750, ' 画面与讲义不符 ')
    assert line == '12:30 画面与讲义不符'
    assert timecodes.split_remark(line) == (750, '画面与讲义不符')
