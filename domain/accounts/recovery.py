"""忘记密码 (R1.4): account name or mobile → SMS code to the registered mobile → new password.

Every answer is the same whether or not the account exists: the code is "sent" either way, and a wrong code,
an unknown account and a spent code all read alike.
"""
from __future__ import annotations

from sqlmodel import Session, or_, select

from domain.accounts import accounts, login, passwords, sms
from domain.shared.errors import Invalid
from storage.db import unit_of_work
from storage.tables import User

MSG_SENT = '若该账号已注册，验证码已发送至其绑定的手机号码，2分钟内有效'
MSG_CODE = '验证码错误或已失效，请重新获取'


def _find(session: Session, identifier: str) -> User | None:
    value = identifier.strip()
    return session.exec(select(User).where(or_(User.account == value, User.mobile == value))).first()


def send_code(identifier: str) -> int:
    """Send a reset code to the account's mobile; the seconds before 获取验证码 may be pressed again."""
    if not identifier.strip():
        raise Invalid('identifier', '请输入登录账号或手机号码')
    with unit_of_work() as session:
        user = _find(session, identifier)
    if user is not None and user.mobile:
        try:
            sms.send_code(user.mobile, sms.Purpose.RESET_PASSWORD)
        except Invalid:
            pass  # sent less than 2 minutes ago: that code still works, and saying so would reveal the account
    return int(sms.RESEND_AFTER.total_seconds())


def reset_password(identifier: str, code: str, password: str, password_confirm: str) -> None:
    """Set the new password, end every session of the account and clear its failed logins."""
    if not identifier.strip():
        raise Invalid('identifier', '请输入登录账号或手机号码')
    if not code.strip():
        raise Invalid('code', sms.MSG_EMPTY)
    passwords.check(password)
    if password_confirm != password:
        raise Invalid('password_confirm', '两次输入的密码不一致')
    with unit_of_work() as session:
        user = _find(session, identifier)
    if user is None or not user.mobile:
        raise Invalid('code', MSG_CODE)
    try:
        sms.check_code(user.mobile, sms.Purpose.RESET_PASSWORD, code)
    except Invalid:
        raise Invalid('code', MSG_CODE) from None
    passwords.check_for(password, account=user.account, mobile=user.mobile)
    with unit_of_work(write=True) as session:
        user = session.get(User, user.id)
        assert user is not None and user.mobile is not None
        try:
            sms.consume(session, user.mobile, sms.Purpose.RESET_PASSWORD, code)
        except Invalid:
            raise Invalid('code', MSG_CODE) from None
        accounts.set_password(session, user, password)
        login.clear_failures(session, user.account)
