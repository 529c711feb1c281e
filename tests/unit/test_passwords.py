"""Password rules (B2): length 8 to at least 64, no composition rules, common passwords and own identifiers refused."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.accounts import passwords
from domain.shared.errors import Invalid


def message(password: str, **identifiers: str) -> str:
    try:
        passwords.check_for(password, account=identifiers.get('account'), mobile=identifiers.get('mobile'))
    except Invalid as error:
        assert error.field == 'password'
        return error.message
    return ''


def test_length_limits() -> None:
    assert message('') == '请输入密码'
    assert message('x7#kQ2m') == '密码长度应为8-128位'
    assert message('x7#kQ2mz') == ''
    assert message('长城' * 32) == ''  # 64 characters, any script
    assert message('a' * 7 + 'b' * 121) == ''  # 128
    assert message('a' * 129) == '密码长度应为8-128位'


@pytest.mark.parametrize('common', ['password', '12345678', 'qwerty123', 'P@ssw0rd', 'PASSWORD', 'woaini1314',
                                    '1qaz2wsx', 'Aa123456'])
def test_common_passwords_are_refused_whatever_their_case(common: str) -> None:
    assert message(common) == '该密码过于常见，容易被猜中，请换一个'


def test_the_list_is_shipped_and_not_tiny() -> None:
    listed = passwords.common_passwords()
    assert len(listed) >= 300
    assert all(p == p.lower() for p in listed)
    assert '123456789' in listed and '# passwords' not in listed


def test_equal_to_account_or_mobile_is_refused() -> None:
    assert message('Wangfang2026', account='wangfang2026') == '密码不能与登录账号相同'
    assert message('13912345678', mobile='13912345678') == '密码不能与手机号码相同'
    assert message('13912345679', mobile='13912345678') == ''


def test_no_composition_rules_and_spaces_allowed() -> None:
    assert message('correct horse battery staple') == ''
    assert message('lowercaseonlybutlong') == ''


def test_checked_exactly_as_typed() -> None:
    passwords.check('  padded password  ')  # spaces count; nothing is trimmed away


@given(st.text(min_size=8, max_size=128).filter(lambda p: p.lower() not in passwords.common_passwords()))
def test_any_uncommon_password_in_range_passes(password: str) -> None:
    passwords.check(password)


def test_strength_hint() -> None:
    assert passwords.strength('') == ''
    assert passwords.strength('password') == '弱'
    assert passwords.strength('abcdefgh') == '弱'
    assert passwords.strength('abcd1234x') == '中'
    assert passwords.strength('Abcd#1234x') == '强'
    assert passwords.strength('a very long passphrase') == '强'
