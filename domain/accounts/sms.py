"""SMS verification codes (R2.5, security brief B4) and the gateway that delivers them.

A code is 6 digits from the CSPRNG, kept only as a salted hash bound to the number and the purpose, valid for
2 minutes, usable once, dead after 5 wrong entries; a number gets at most one code every 2 minutes.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from domain.shared import clock, identity
from domain.shared.errors import Invalid, NotAllowed
from storage import outbox
from storage.db import unit_of_work
from storage.tables import SmsCode

logger = logging.getLogger(__name__)

CODE_VALID = timedelta(minutes=2)
RESEND_AFTER = timedelta(minutes=2)
MAX_WRONG = 5


class Purpose(StrEnum):
    REGISTER = 'register'
    RESET_PASSWORD = 'reset_password'
    CHANGE_MOBILE = 'change_mobile'


_TEXTS = {
    Purpose.REGISTER: '【CCAA综合服务平台】您的注册验证码为{code}，2分钟内有效。如非本人操作，请忽略本短信。',
    Purpose.RESET_PASSWORD: '【CCAA综合服务平台】您正在找回密码，验证码为{code}，2分钟内有效。请勿向他人透露。',
    Purpose.CHANGE_MOBILE: '【CCAA综合服务平台】您正在更换绑定的手机号码，验证码为{code}，2分钟内有效。请勿向他人透露。',
}

MSG_EMPTY = '请输入验证码'
MSG_WRONG = '验证码错误'
MSG_NONE = '验证码无效，请重新获取'
MSG_USED = '验证码已使用，请重新获取'
MSG_EXPIRED = '验证码已过期，请重新获取'
MSG_TOO_MANY = '验证码错误次数过多，请重新获取'


class Gateway(Protocol):
    """Delivers one text message; a real SMS provider is one more class with this method."""

    def send(self, to: str, text: str, purpose: Purpose) -> None: ...


class OutboxGateway:
    """The default: each message becomes one line of <data folder>/outbox/sms.jsonl and one log line, so that a
    person running the demo can read the code."""

    def send(self, to: str, text: str, purpose: Purpose) -> None:
        outbox.append('sms', {'to': to, 'text': text, 'purpose': purpose.value, 'at': clock.now().isoformat()})
        logger.info('SMS to %s (%s): %s', to, purpose.value, text)


_gateway: Gateway = OutboxGateway()


def use_gateway(gateway: Gateway) -> None:
    """Send through another gateway from now on (a provider configured at start, or a test double)."""
    global _gateway
    _gateway = gateway


def _hash(salt: str, mobile: str, purpose: str, code: str) -> str:
    return salt + '$' + hashlib.sha256(f'{salt}|{mobile}|{purpose}|{code}'.encode()).hexdigest()


def _matches(row: SmsCode, code: str) -> bool:
    salt = row.code_hash.split('$', 1)[0]
    return hmac.compare_digest(row.code_hash, _hash(salt, row.mobile, row.purpose, code))


def send_code(mobile: str, purpose: Purpose) -> int:
    """Send a new code to the number; the seconds until it may get another. Invalid('mobile', …) when too soon."""
    number = mobile.strip()
    if not identity.is_valid_mobile(number):
        raise Invalid('mobile', '手机号码格式不正确')
    code = f'{secrets.randbelow(10 ** 6):06d}'
    at = clock.now()
    wait = _reserve(number, purpose, code, at)
    if wait:
        raise Invalid('mobile', f'验证码发送过于频繁，请{wait}秒后再试')
    try:
        _gateway.send(number, _TEXTS[purpose].format(code=code), purpose)
    except Exception:
        logger.exception('SMS gateway failed for %s', identity.mask_mobile(number))
        _release(number, at)
        raise NotAllowed('短信发送失败，请稍后再试') from None
    return int(RESEND_AFTER.total_seconds())


def _reserve(number: str, purpose: Purpose, code: str, at: datetime) -> int:
    """Store the new code unless the number had one less than RESEND_AFTER ago; else the seconds left."""
    code_hash = _hash(secrets.token_hex(8), number, purpose.value, code)
    try:
        with unit_of_work(write=True) as session:
            row = session.exec(select(SmsCode).where(SmsCode.mobile == number).with_for_update()).first()
            if row is not None and at < row.sent_at + RESEND_AFTER:
                return max(1, math.ceil((row.sent_at + RESEND_AFTER - at).total_seconds()))
            row = row or SmsCode(mobile=number, purpose=purpose.value, code_hash=code_hash, sent_at=at, expires_at=at)
            row.purpose, row.code_hash, row.sent_at = purpose.value, code_hash, at
            row.expires_at, row.failed_attempts, row.used_at = at + CODE_VALID, 0, None
            session.add(row)
    except IntegrityError:  # another request stored the first code for this number at the same moment
        return int(RESEND_AFTER.total_seconds())
    return 0


def _release(number: str, at: datetime) -> None:
    """Forget a code that never left, so that the person may ask again at once."""
    with unit_of_work(write=True) as session:
        row = session.exec(select(SmsCode).where(SmsCode.mobile == number, SmsCode.sent_at == at)).first()
        if row is not None:
            session.delete(row)


def _problem(row: SmsCode | None, purpose: Purpose, code: str, at: datetime) -> str:
    if row is None or row.purpose != purpose.value:
        return MSG_NONE
    if row.used_at is not None:
        return MSG_USED
    if row.failed_attempts >= MAX_WRONG:
        return MSG_TOO_MANY
    if at >= row.expires_at:
        return MSG_EXPIRED
    return '' if _matches(row, code) else MSG_WRONG


def check_code(mobile: str, purpose: Purpose, code: str) -> None:
    """Raise Invalid('code', …) unless the code is the live one for this number and purpose; a wrong code counts
    against its tries (in its own transaction, so the count stays whatever the caller does next)."""
    number, typed = mobile.strip(), code.strip()
    if not typed:
        raise Invalid('code', MSG_EMPTY)
    with unit_of_work(write=True) as session:
        row = session.exec(select(SmsCode).where(SmsCode.mobile == number).with_for_update()).first()
        problem = _problem(row, purpose, typed, clock.now())
        if problem == MSG_WRONG and row is not None:
            row.failed_attempts += 1
            session.add(row)
    if problem:
        raise Invalid('code', problem)


def consume(session: Session, mobile: str, purpose: Purpose, code: str) -> None:
    """Use the code up inside the caller's transaction (after check_code); Invalid('code', …) if it is no longer
    usable, e.g. because a concurrent request used it first."""
    number, typed = mobile.strip(), code.strip()
    at = clock.now()
    row = session.exec(select(SmsCode).where(SmsCode.mobile == number).with_for_update()).first()
    problem = _problem(row, purpose, typed, at) if typed else MSG_EMPTY
    if problem:
        raise Invalid('code', problem)
    assert row is not None
    unused = SmsCode.used_at.is_(None)  # type: ignore[union-attr]
    used = session.exec(update(SmsCode).where(SmsCode.id == row.id, unused).values(used_at=at))  # type: ignore[call-overload,arg-type]
    if used.rowcount != 1:
        raise Invalid('code', MSG_USED)
