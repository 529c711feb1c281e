"""Logging in (R1.1, R1.2; security brief B3): one generic error for any wrong account or password, an image
captcha after 3 failures, a 15-minute lock after 10 failures within 15 minutes; a success clears the count.

Failures are counted per typed account name whether or not the account exists, so the captcha and the lock
behave the same for both and tell nobody which accounts exist. Attempts during a lock are refused without being
counted, so nobody can keep someone else's account locked for longer than one lock.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from domain.accounts import accounts, captcha
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Invalid
from storage.db import unit_of_work
from storage.tables import LoginGuard, User

logger = logging.getLogger(__name__)

CAPTCHA_AFTER = 3
LOCK_AFTER = 10
WINDOW = timedelta(minutes=15)
LOCK_FOR = timedelta(minutes=15)
FORGET_AFTER = timedelta(days=1)  # failures older than this no longer ask for a captcha

MSG_FAILED = accounts.LOGIN_FAILED
MSG_CAPTCHA = '请输入图片中的验证码'
MSG_CAPTCHA_WRONG = '验证码错误，请重新输入'


@dataclass(frozen=True)
class LoginResult:
    actor: Actor | None = None
    error: str = ''
    captcha_required: bool = False
    locked: bool = False


def locked_message(until: datetime, at: datetime) -> str:
    minutes = max(1, math.ceil((until - at).total_seconds() / 60))
    return f'登录失败次数过多，账号已锁定，请{minutes}分钟后再试'


def _key(account: str) -> str:
    return account.strip()[:64]


def _live_guard(session: Session, key: str, at: datetime, *, lock: bool = False) -> LoginGuard | None:
    query = select(LoginGuard).where(LoginGuard.account == key)
    guard = session.exec(query.with_for_update() if lock else query).first()
    if guard is not None and at - guard.last_failed_at >= FORGET_AFTER and not _is_locked(guard, at):
        return None
    return guard


def _is_locked(guard: LoginGuard | None, at: datetime) -> bool:
    return guard is not None and guard.locked_until is not None and at < guard.locked_until


def needs_captcha(account: str) -> bool:
    """Whether the next login for this account name must answer a captcha."""
    with unit_of_work() as session:
        guard = _live_guard(session, _key(account), clock.now())
        return guard is not None and guard.failures >= CAPTCHA_AFTER


def attempt(account: str, password: str, captcha_token: str | None = None,
            captcha_answer: str | None = None) -> LoginResult:
    """One login attempt; the result carries the actor, or the message to show and what the form must ask next."""
    key, at = _key(account), clock.now()
    with unit_of_work(write=True) as session:
        guard = _live_guard(session, key, at, lock=True)
        if _is_locked(guard, at):
            assert guard is not None and guard.locked_until is not None
            return LoginResult(error=locked_message(guard.locked_until, at), locked=True,
                               captcha_required=guard.failures >= CAPTCHA_AFTER)
        captcha_required = guard is not None and guard.failures >= CAPTCHA_AFTER
        captcha_passed = not captcha_required or captcha.solve(session, captcha_token, captcha_answer)
    if not captcha_passed:
        return LoginResult(error=MSG_CAPTCHA_WRONG if (captcha_answer or '').strip() else MSG_CAPTCHA,
                           captcha_required=True)
    actor = accounts.authenticate(key, password)
    if actor is not None:
        with unit_of_work(write=True) as session:
            session.exec(delete(LoginGuard).where(LoginGuard.account == key))  # type: ignore[call-overload,arg-type]
        return LoginResult(actor=actor)
    guard = record_failure(key)
    if _is_locked(guard, clock.now()):
        assert guard.locked_until is not None
        return LoginResult(error=locked_message(guard.locked_until, clock.now()), locked=True, captcha_required=True)
    return LoginResult(error=MSG_FAILED, captcha_required=guard.failures >= CAPTCHA_AFTER)


def record_failure(account: str) -> LoginGuard:
    """Count one failure for the account name, locking it at the LOCK_AFTER-th within WINDOW."""
    key = _key(account)
    try:
        return _record_failure(key)
    except IntegrityError:  # a concurrent first failure for the same name made the row: count on it
        return _record_failure(key)


def _record_failure(key: str) -> LoginGuard:
    at = clock.now()
    with unit_of_work(write=True) as session:
        session.exec(delete(LoginGuard).where(  # type: ignore[call-overload]
            LoginGuard.last_failed_at <= at - FORGET_AFTER,  # type: ignore[operator]
            or_(LoginGuard.locked_until.is_(None), LoginGuard.locked_until < at)))  # type: ignore[union-attr,operator]
        guard = _live_guard(session, key, at, lock=True) or LoginGuard(account=key, last_failed_at=at)
        guard.failures += 1
        guard.last_failed_at = at
        if guard.window_started_at is None or at >= guard.window_started_at + WINDOW:
            guard.window_started_at, guard.window_failures = at, 0
        guard.window_failures += 1
        if guard.window_failures >= LOCK_AFTER:
            guard.locked_until = at + LOCK_FOR
            guard.window_started_at, guard.window_failures = None, 0
            logger.warning('login locked for 15 minutes after %d failures: account %r', LOCK_AFTER, key)
        session.add(guard)
        session.flush()
        return guard


def reauthenticate(user_id: int, password: str, *, field: str = 'current_password') -> None:
    """Ask for the password again before an account change (ASVS 7.5.1); wrong ones count like failed logins."""
    with unit_of_work() as session:
        account = session.exec(select(User.account).where(User.id == user_id)).one()
        guard = _live_guard(session, _key(account), clock.now())
        if _is_locked(guard, clock.now()):
            assert guard is not None and guard.locked_until is not None
            raise Invalid(field, locked_message(guard.locked_until, clock.now()))
    if not password:
        raise Invalid(field, '请输入当前密码')
    if not accounts.password_matches(user_id, password):
        guard = record_failure(account)
        if _is_locked(guard, clock.now()):
            assert guard.locked_until is not None
            raise Invalid(field, locked_message(guard.locked_until, clock.now()))
        raise Invalid(field, '当前密码错误')


def clear_failures(session: Session, account: str) -> None:
    """Forget the failures of an account (its password was just reset through an SMS code)."""
    session.exec(delete(LoginGuard).where(LoginGuard.account == _key(account)))  # type: ignore[call-overload,arg-type]

