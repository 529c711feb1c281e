"""Password rules (R2.2, security brief B2): a length range and a block list, no composition rules.

NIST 800-63B and ASVS 6.2: at least 8 characters, at least 64 allowed, never truncated or case-folded when
checked, refused when common or equal to the account's own identifiers. The strength shown while typing is a hint,
not a rule.
"""
from __future__ import annotations

import functools
from pathlib import Path

from domain.shared.errors import Invalid

MIN_LENGTH = 8
MAX_LENGTH = 128
RULES = f'{MIN_LENGTH}-{MAX_LENGTH}位字符，可使用字母、数字、符号和空格；不能是常见密码，也不能与登录账号或手机号码相同'

_LIST = Path(__file__).with_name('common_passwords.txt')


@functools.cache
def common_passwords() -> frozenset[str]:
    lines = _LIST.read_text(encoding='utf-8').splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith('#'))


def check(password: str, *, field: str = 'password') -> None:
    """The rules that need nothing but the password; raises Invalid on `field`."""
    if not password:
        raise Invalid(field, '请输入密码')
    if len(password) < MIN_LENGTH or len(password) > MAX_LENGTH:
        raise Invalid(field, f'密码长度应为{MIN_LENGTH}-{MAX_LENGTH}位')
    if password.lower() in common_passwords():
        raise Invalid(field, '该密码过于常见，容易被猜中，请换一个')


def check_for(password: str, *, account: str | None, mobile: str | None, field: str = 'password') -> None:
    """All rules, including those that compare with the account's own identifiers."""
    check(password, field=field)
    folded = password.strip().lower()
    if account and folded == account.strip().lower():
        raise Invalid(field, '密码不能与登录账号相同')
    if mobile and folded == mobile.strip():
        raise Invalid(field, '密码不能与手机号码相同')


def strength(password: str) -> str:
    """'' for nothing typed, else 弱 / 中 / 强 — a hint while typing; the rules above decide."""
    if not password:
        return ''
    if len(password) < MIN_LENGTH or password.lower() in common_passwords():
        return '弱'
    kinds = sum((any(c.islower() for c in password), any(c.isupper() for c in password),
                 any(c.isdigit() for c in password), any(not c.isalnum() for c in password)))
    if len(password) >= 15 or (len(password) >= 10 and kinds >= 3):
        return '强'
    return '中' if kinds >= 2 or len(password) >= 12 else '弱'
