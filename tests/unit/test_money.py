"""Amounts in capital numerals, as receipts write them."""
from __future__ import annotations

import pytest

from domain.shared.money import capital_amount, yuan_text


@pytest.mark.parametrize('cents, text', [
    (20000, '人民币贰佰元整'),
    (0, '人民币零元整'),
    (100500, '人民币壹仟零伍元整'),
    (100550, '人民币壹仟零伍元伍角'),
    (505, '人民币伍元零伍分'),
    (5, '人民币伍分'),
    (50, '人民币伍角'),
    (1000000, '人民币壹万元整'),
    (1001000, '人民币壹万零壹拾元整'),
    (10000000, '人民币壹拾万元整'),
    (10700053, '人民币壹拾万零柒仟元伍角叁分'),  # a 0 in the 元 place may go unspoken before 角
    (16803211, '人民币壹拾陆万捌仟零叁拾贰元壹角壹分'),
    (100000000000, '人民币壹拾亿元整'),
    (100000100000, '人民币壹拾亿零壹仟元整'),
])
def test_capital_amounts(cents: int, text: str) -> None:
    assert capital_amount(cents) == text


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError):
        capital_amount(-1)


def test_plain_amounts() -> None:
    assert (yuan_text(20000), yuan_text(5)) == ('200.00 元', '0.05 元')
