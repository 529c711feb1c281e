"""忘记密码 and 账户信息 on a real database (R1.4, R4.5): nothing reveals whether an account exists; changes ask for
the current password; a new password ends the other sessions; a new mobile must answer a code sent to it."""
from __future__ import annotations

import pytest
from sqlmodel import select

from domain.accounts import account_settings, accounts, login, recovery, sms
from domain.demo import _actor
from domain.shared.actors import Actor
from domain.shared.errors import Invalid
from storage.db import unit_of_work
from storage.tables import User
from tests.accounts_helpers import at, last_code, sent_to

pytestmark = pytest.mark.usefixtures('demo_db', 'data_dir')

PASSWORD = 'Demo@2026'
NEW = 'a fresh passphrase'
TEST1_MOBILE = '13800000001'


def refused(fn: object, *args: object, **kwargs: object) -> tuple[str, str]:
    with pytest.raises(Invalid) as caught:
        fn(*args, **kwargs)  # type: ignore[operator]
    return caught.value.field, caught.value.message


def user(account: str = 'test1') -> User:
    with unit_of_work() as session:
        return session.exec(select(User).where(User.account == account)).one()


# -- 忘记密码 ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('identifier', ['test1', TEST1_MOBILE])
def test_reset_by_account_or_mobile(identifier: str) -> None:
    at()
    token = accounts.start_session(user().id)  # type: ignore[arg-type]
    assert recovery.send_code(identifier) == 120
    recovery.reset_password(identifier, last_code(TEST1_MOBILE), NEW, NEW)
    assert accounts.authenticate('test1', NEW) is not None
    assert accounts.authenticate('test1', PASSWORD) is None
    assert accounts.resolve_session(token) is None  # every session ended
    assert sent_to(TEST1_MOBILE)[-1]['purpose'] == 'reset_password'


def test_unknown_accounts_get_the_same_answers() -> None:
    at()
    assert recovery.send_code('nobody-here') == recovery.send_code('test1') == 120
    assert sent_to(TEST1_MOBILE) and len(sent_to(TEST1_MOBILE)) == 1
    assert refused(recovery.reset_password, 'nobody-here', '123456', NEW, NEW) == ('code', recovery.MSG_CODE)
    code = last_code(TEST1_MOBILE)
    assert refused(recovery.reset_password, 'test1', '000000' if code != '000000' else '111111', NEW, NEW) == \
        ('code', recovery.MSG_CODE)


def test_asking_again_within_two_minutes_looks_the_same_and_the_first_code_still_works() -> None:
    at()
    recovery.send_code('test1')
    code = last_code(TEST1_MOBILE)
    at(seconds=30)
    assert recovery.send_code('test1') == 120
    assert len(sent_to(TEST1_MOBILE)) == 1
    recovery.reset_password('test1', code, NEW, NEW)


def test_the_reset_code_cannot_be_used_twice_or_for_registration() -> None:
    at()
    recovery.send_code('test1')
    code = last_code(TEST1_MOBILE)
    with pytest.raises(Invalid):
        sms.check_code(TEST1_MOBILE, sms.Purpose.REGISTER, code)
    recovery.reset_password('test1', code, NEW, NEW)
    assert refused(recovery.reset_password, 'test1', code, 'another passphrase', 'another passphrase') == \
        ('code', recovery.MSG_CODE)


def test_the_new_password_follows_the_rules() -> None:
    at()
    recovery.send_code('test1')
    code = last_code(TEST1_MOBILE)
    assert refused(recovery.reset_password, 'test1', code, 'password1', 'password1')[0] == 'password'
    assert refused(recovery.reset_password, 'test1', code, NEW, NEW + 'x') == \
        ('password_confirm', '两次输入的密码不一致')
    assert refused(recovery.reset_password, 'test1', code, TEST1_MOBILE, TEST1_MOBILE) == \
        ('password', '密码不能与手机号码相同')
    recovery.reset_password('test1', code, NEW, NEW)  # refusals did not use the code up


def test_a_reset_lifts_the_lock() -> None:
    at()
    for _ in range(10):
        login.record_failure('test1')
    assert login.attempt('test1', PASSWORD).locked
    recovery.send_code('test1')
    recovery.reset_password('test1', last_code(TEST1_MOBILE), NEW, NEW)
    assert login.attempt('test1', NEW).actor is not None


# -- 账户信息 ----------------------------------------------------------------------------------------------------

@pytest.fixture
def test1() -> Actor:
    return _actor('test1')


def test_account_info_is_masked(test1: Actor) -> None:
    info = account_settings.account_info(test1)
    assert (info.account, info.name, info.id_type) == ('test1', '李明', '居民身份证')
    assert (info.id_number, info.mobile, info.email) == ('110***********0012', '138****0001', 't****@example.com')
    assert info.real_name_verified


def test_change_password_needs_the_current_one_and_ends_other_sessions(test1: Actor) -> None:
    mine, other = accounts.start_session(test1.user_id), accounts.start_session(test1.user_id)
    assert refused(account_settings.change_password, test1, 'wrong', NEW, NEW, keep_token=mine) == \
        ('current_password', '当前密码错误')
    assert refused(account_settings.change_password, test1, PASSWORD, 'test1', 'test1',
                   keep_token=mine)[0] == 'password'
    assert refused(account_settings.change_password, test1, PASSWORD, NEW, 'typo', keep_token=mine) == \
        ('password_confirm', '两次输入的密码不一致')
    assert accounts.resolve_session(other) is not None  # refusals end nothing
    account_settings.change_password(test1, PASSWORD, NEW, NEW, keep_token=mine)
    assert accounts.resolve_session(mine) is not None
    assert accounts.resolve_session(other) is None
    assert accounts.authenticate('test1', NEW) is not None


def test_change_mobile_with_a_code_sent_to_the_new_number(test1: Actor) -> None:
    at()
    new = '13911112222'
    assert refused(account_settings.send_mobile_code, test1, '13800000002') == ('mobile', '该手机号码已注册')
    assert refused(account_settings.send_mobile_code, test1, TEST1_MOBILE) == ('mobile', '新手机号码与当前手机号码相同')
    account_settings.send_mobile_code(test1, new)
    code = last_code(new)
    assert sent_to(new)[-1]['purpose'] == 'change_mobile' and not sent_to(TEST1_MOBILE)
    assert refused(account_settings.change_mobile, test1, 'wrong', new, code) == ('current_password', '当前密码错误')
    account_settings.change_mobile(test1, PASSWORD, new, code)
    assert user().mobile == new
    assert refused(account_settings.change_mobile, test1, PASSWORD, '13911113333', code)[0] == 'code'


def test_change_email(test1: Actor) -> None:
    assert refused(account_settings.change_email, test1, PASSWORD, 'auditor1@example.com') == \
        ('email', '该电子邮箱已注册')
    assert refused(account_settings.change_email, test1, PASSWORD, 'test1@example.com') == \
        ('email', '新电子邮箱与当前电子邮箱相同')
    assert refused(account_settings.change_email, test1, PASSWORD, 'not-an-address') == ('email', '电子邮箱格式不正确')
    assert refused(account_settings.change_email, test1, 'wrong', 'li.ming@example.cn')[0] == 'current_password'
    account_settings.change_email(test1, PASSWORD, 'Li.Ming@Example.CN')
    assert user().email == 'li.ming@example.cn'


def test_a_race_for_one_new_mobile_leaves_it_with_one_account(test1: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks passed, then someone else took the number: the unique constraint refuses, beside the field."""
    at()
    new = '13911114444'
    account_settings.send_mobile_code(test1, new)
    code = last_code(new)
    with unit_of_work(write=True) as session:
        other = session.exec(select(User).where(User.account == 'auditor1')).one()
        other.mobile = new
        session.add(other)
    monkeypatch.setattr(account_settings, '_new_mobile_problem', lambda *_: '')
    assert refused(account_settings.change_mobile, test1, PASSWORD, new, code) == ('mobile', '该手机号码已注册')
    assert user().mobile == TEST1_MOBILE


