"""Login on a real database (R1.1–R1.3, B1, B3, B5): argon2id at OWASP cost, one generic error in the same time,
a captcha after 3 failures, a 15-minute lock after 10 within 15 minutes, sessions rotated and expiring."""
from __future__ import annotations

import statistics
import time

import pytest
from argon2 import PasswordHasher, extract_parameters
from argon2.low_level import Type
from sqlmodel import select

from domain.accounts import accounts, captcha, login
from domain.shared.errors import Invalid
from storage.db import unit_of_work
from storage.tables import AuthSession, Captcha, LoginGuard, User
from tests.accounts_helpers import at

PASSWORD = 'Demo@2026'
pytestmark = pytest.mark.usefixtures('demo_db')


def fail(account: str = 'test1', times: int = 1, password: str = 'wrong-password') -> login.LoginResult:
    result = login.LoginResult()
    for _ in range(times):
        result = login.attempt(account, password, *solved_captcha(account))
    return result


def solved_captcha(account: str) -> tuple[str | None, str | None]:
    """A captcha token and its answer when the account needs one (the text is read back by fixing the drawing)."""
    if not login.needs_captcha(account):
        return None, None
    original = captcha._random_text
    captcha._random_text = lambda: 'AB3C'  # type: ignore[assignment]
    try:
        return captcha.issue().token, 'ab3c'
    finally:
        captcha._random_text = original  # type: ignore[assignment]


def hash_of(account: str) -> str:
    with unit_of_work() as session:
        return session.exec(select(User.password_hash).where(User.account == account)).one()


# -- passwords --------------------------------------------------------------------------------------------------

def test_argon2id_parameters_read_back_from_the_stored_hash() -> None:
    stored = hash_of('test1')
    assert stored.startswith('$argon2id$v=19$')
    parameters = extract_parameters(stored)
    assert parameters.type is Type.ID
    assert parameters.memory_cost >= 19456 and parameters.time_cost >= 2 and parameters.parallelism >= 1
    assert parameters.salt_len >= 16


def test_an_old_weaker_hash_is_upgraded_at_login() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with unit_of_work(write=True) as session:
        user = session.exec(select(User).where(User.account == 'test1')).one()
        user.password_hash = weak
        session.add(user)
    assert login.attempt('test1', PASSWORD).actor is not None
    upgraded = extract_parameters(hash_of('test1'))
    assert (upgraded.memory_cost, upgraded.time_cost) == (19456, 2)


# -- one generic error ------------------------------------------------------------------------------------------

def test_unknown_account_and_wrong_password_give_the_same_answer() -> None:
    assert fail('test1') == fail('nobody-here') == login.LoginResult(error='账号或密码错误')


def test_unknown_account_still_verifies_a_hash_of_the_same_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []
    original = accounts._verify
    monkeypatch.setattr(accounts, '_verify', lambda h, p: checked.append(h) or original(h, p))
    fail('nobody-here')
    fail('test1')
    assert len(checked) == 2
    assert extract_parameters(checked[0]) == extract_parameters(checked[1])


def test_unknown_account_and_wrong_password_take_about_the_same_time() -> None:
    def timed(account: str) -> float:
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            accounts.authenticate(account, 'wrong-password')
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    known, unknown = timed('test1'), timed('nobody-here')
    assert 0.5 < unknown / known < 2.0, (known, unknown)


# -- captcha ----------------------------------------------------------------------------------------------------

def test_the_captcha_is_asked_from_the_third_failure_on() -> None:
    assert not fail(times=2).captcha_required
    assert not login.needs_captcha('test1')
    assert fail().captcha_required
    assert login.needs_captcha('test1')
    without = login.attempt('test1', PASSWORD)
    assert (without.actor, without.error, without.captcha_required) == (None, login.MSG_CAPTCHA, True)


def test_a_wrong_captcha_refuses_even_the_right_password_and_is_used_up() -> None:
    fail(times=3)
    token, _ = solved_captcha('test1')
    assert login.attempt('test1', PASSWORD, token, 'ZZZZ').error == login.MSG_CAPTCHA_WRONG
    assert login.attempt('test1', PASSWORD, token, 'AB3C').error == login.MSG_CAPTCHA_WRONG  # single use
    token, answer = solved_captcha('test1')
    assert login.attempt('test1', PASSWORD, token, answer).actor is not None


def test_the_captcha_expires_after_five_minutes() -> None:
    at()
    fail(times=3)
    token, answer = solved_captcha('test1')
    at(minutes=5, seconds=1)
    assert login.attempt('test1', PASSWORD, token, answer).error == login.MSG_CAPTCHA_WRONG


def test_captchas_are_kept_as_hashes_and_are_pictures() -> None:
    challenge = captcha.issue()
    assert challenge.png.startswith(b'\x89PNG')
    with unit_of_work() as session:
        row = session.exec(select(Captcha)).one()
    assert challenge.token not in (row.token_hash, row.answer_hash)


def test_unknown_accounts_get_the_captcha_too() -> None:
    fail('nobody-here', times=3)
    assert login.needs_captcha('nobody-here')


# -- lock -------------------------------------------------------------------------------------------------------

def test_ten_failures_in_fifteen_minutes_lock_for_fifteen_minutes() -> None:
    at()
    for minute in range(9):
        at(minutes=minute)
        assert not fail().locked
    at(minutes=9)
    tenth = fail()
    assert tenth.locked and tenth.error == '登录失败次数过多，账号已锁定，请15分钟后再试'
    at(minutes=23, seconds=59)
    still = login.attempt('test1', PASSWORD, *solved_captcha('test1'))
    assert still.actor is None and still.error == '登录失败次数过多，账号已锁定，请1分钟后再试'
    at(minutes=24)
    assert login.attempt('test1', PASSWORD, *solved_captcha('test1')).actor is not None


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock() -> None:
    for minute in range(0, 20, 2):  # ten failures, but never ten within one window
        at(minutes=minute)
        assert not fail().locked


def test_attempts_during_the_lock_are_not_counted() -> None:
    at()
    fail(times=10)
    for second in range(0, 600, 60):
        at(minutes=1, seconds=second)
        assert fail().locked
    at(minutes=15)
    assert login.attempt('test1', PASSWORD, *solved_captcha('test1')).actor is not None


def test_a_success_resets_the_count() -> None:
    at()
    fail(times=9)
    assert login.attempt('test1', PASSWORD, *solved_captcha('test1')).actor is not None
    assert not login.needs_captcha('test1')
    assert not fail(times=9).locked  # nine more do not lock: the count started again
    with unit_of_work() as session:
        assert session.exec(select(LoginGuard.failures)).one() == 9


def test_unknown_accounts_lock_the_same_way() -> None:
    at()
    assert fail('nobody-here', times=10).error == fail('test1', times=10).error


def test_a_day_without_failures_forgets_them() -> None:
    at()
    fail(times=3)
    at(days=1)
    assert not login.needs_captcha('test1')
    assert not fail().captcha_required


# -- re-authentication before account changes ---------------------------------------------------------------------

def test_reauthentication_counts_towards_the_lock() -> None:
    at()
    user_id = login.attempt('test1', PASSWORD).actor.user_id  # type: ignore[union-attr]
    for _ in range(9):
        with pytest.raises(Invalid, match='当前密码错误'):
            login.reauthenticate(user_id, 'wrong-password')
    with pytest.raises(Invalid, match='账号已锁定'):
        login.reauthenticate(user_id, 'wrong-password')
    with pytest.raises(Invalid, match='账号已锁定'):
        login.reauthenticate(user_id, PASSWORD)


# -- sessions ---------------------------------------------------------------------------------------------------

def actor_id() -> int:
    return login.attempt('test1', PASSWORD).actor.user_id  # type: ignore[union-attr]


def test_a_session_token_has_256_bits_and_only_its_hash_is_stored() -> None:
    token = accounts.start_session(actor_id())
    assert len(token) >= 43
    with unit_of_work() as session:
        row = session.exec(select(AuthSession)).one()
    assert token not in row.token_hash and len(row.token_hash) == 64


def test_every_login_gets_a_new_token() -> None:
    user_id = actor_id()
    first, second = accounts.start_session(user_id), accounts.start_session(user_id)
    assert first != second
    accounts.end_session(first)
    assert accounts.resolve_session(first) is None
    assert accounts.resolve_session(second) is not None


def test_idle_expiry_after_thirty_minutes() -> None:
    at()
    token = accounts.start_session(actor_id())
    at(minutes=29, seconds=59)
    assert accounts.resolve_session(token) is not None
    at(minutes=59, seconds=58)
    assert accounts.resolve_session(token) is not None  # used at 29:59, so idle for 29:59 only
    at(minutes=89, seconds=59)
    assert accounts.resolve_session(token) is None


def test_absolute_expiry_after_twelve_hours_however_busy() -> None:
    at()
    token = accounts.start_session(actor_id())
    for minute in range(20, 12 * 60, 20):
        at(minutes=minute)
        assert accounts.resolve_session(token) is not None
    at(hours=12)
    assert accounts.resolve_session(token) is None


def test_a_new_password_ends_the_other_sessions_only() -> None:
    user_id = actor_id()
    mine, other = accounts.start_session(user_id), accounts.start_session(user_id)
    with unit_of_work(write=True) as session:
        accounts.set_password(session, session.get(User, user_id), 'a brand new password', keep_token=mine)
    assert accounts.resolve_session(mine) is not None
    assert accounts.resolve_session(other) is None
    assert login.attempt('test1', 'a brand new password').actor is not None
