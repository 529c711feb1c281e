"""Amounts of money as receipts write them: 200.00 元, and in capital numerals 人民币贰佰元整 (the way the People's Bank
of China's rules for filling in bills write amounts, so that nobody can alter them)."""
from __future__ import annotations

DIGITS = '零壹贰叁肆伍陆柒捌玖'
SMALL_UNITS = ('', '拾', '佰', '仟')  # within a group of four digits
GROUP_UNITS = ('', '万', '亿', '万亿')


def yuan_text(cents: int) -> str:
    """'200.00 元'."""
    return f'{cents // 100}.{cents % 100:02d} 元'


def capital_amount(cents: int) -> str:
    """'人民币贰佰元整', '人民币壹仟零伍元伍角', '人民币伍元零伍分', '人民币零元整'."""
    if cents < 0:
        raise ValueError('an amount of money cannot be negative')
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    text = f'{_integer(yuan)}元' if yuan else ''
    if not jiao and not fen:
        return f'人民币{text or "零元"}整'
    if jiao:
        text += f'{DIGITS[jiao]}角'
    elif yuan:
        text += '零'  # 伍元零伍分: the empty 角 is spoken
    if fen:
        text += f'{DIGITS[fen]}分'
    return f'人民币{text}'


def _integer(number: int) -> str:
    groups = []
    while number:
        number, group = divmod(number, 10000)
        groups.append(group)
    if len(groups) > len(GROUP_UNITS):
        raise ValueError('amount too large')
    text, zero = '', False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            zero = zero or bool(text)
            continue
        for position in range(3, -1, -1):
            digit = group // 10 ** position % 10
            if not digit:
                zero = zero or bool(text)
                continue
            if zero:
                text += '零'
                zero = False
            text += DIGITS[digit] + SMALL_UNITS[position]
        text += GROUP_UNITS[index]
    return text
