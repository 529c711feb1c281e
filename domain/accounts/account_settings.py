"""账户信息 (R4.5): change the password, the mobile number and the e-mail address of one's own account.

Each change asks for the current password first (ASVS 7.5.1); a new mobile number must answer an SMS code sent
to it; a new password ends every other session of the account.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from domain.accounts import accounts, login, passwords, signup, sms
from domain.shared import identity
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotFound
from storage.db import unit_of_work
from storage.tables import User


@dataclass(frozen=True)
class AccountInfo:
    """What 账户信息 shows, masked on the server (GB/T 35273 §7.2)."""

    account: str
    name: str
    id_type: str
    id_number: str
    mobile: str
    email: str
    real_name_verified: bool


def account_info(actor: Actor) -> AccountInfo:
    with unit_of_work() as session:
        user = session.get(User, actor.user_id)
        if user is None:
            raise NotFound()
        return AccountInfo(account=user.account, name=user.name, id_type=user.id_type or '',
                           id_number=identity.mask_id_number(user.id_number), mobile=identity.mask_mobile(user.mobile),
                           email=identity.mask_email(user.email), real_name_verified=user.real_name_verified)


def change_password(actor: Actor, current: str, new: str, confirm: str, *, keep_token: str | None) -> None:
    """The new password for the actor's account; every session but the one holding `keep_token` ends."""
    login.reauthenticate(actor.user_id, current)
    passwords.check(new)
    if confirm != new:
        raise Invalid('password_confirm', '两次输入的密码不一致')
    if new == current:
        raise Invalid('password', '新密码不能与当前密码相同')
    with unit_of_work(write=True) as session:
        user = session.get(User, actor.user_id)
        assert user is not None
        passwords.check_for(new, account=user.account, mobile=user.mobile)
        accounts.set_password(session, user, new, keep_token=keep_token)


def _new_mobile_problem(actor: Actor, mobile: str) -> str:
    problem = signup.check_field('mobile', mobile)
    if problem == signup.DUPLICATE['mobile']:
        with unit_of_work() as session:
            user = session.get(User, actor.user_id)
            if user is not None and user.mobile == mobile.strip():
                return '新手机号码与当前手机号码相同'
    return problem


def send_mobile_code(actor: Actor, mobile: str) -> int:
    """获取验证码 for a new mobile number: the code goes to the new number."""
    problem = _new_mobile_problem(actor, mobile)
    if problem:
        raise Invalid('mobile', problem)
    return sms.send_code(mobile, sms.Purpose.CHANGE_MOBILE)


def change_mobile(actor: Actor, current: str, mobile: str, code: str) -> None:
    login.reauthenticate(actor.user_id, current)
    number = mobile.strip()
    problem = _new_mobile_problem(actor, number)
    if problem:
        raise Invalid('mobile', problem)
    sms.check_code(number, sms.Purpose.CHANGE_MOBILE, code)
    try:
        with unit_of_work(write=True) as session:
            sms.consume(session, number, sms.Purpose.CHANGE_MOBILE, code)
            user = session.get(User, actor.user_id)
            assert user is not None
            user.mobile = number
            session.add(user)
            session.flush()
    except IntegrityError:
        raise Invalid('mobile', signup.DUPLICATE['mobile']) from None


def change_email(actor: Actor, current: str, email: str) -> None:
    login.reauthenticate(actor.user_id, current)
    address = email.strip().lower()
    problem = signup.check_field('email', address)
    if problem:
        with unit_of_work() as session:
            user = session.get(User, actor.user_id)
            if user is not None and user.email == address:
                problem = '新电子邮箱与当前电子邮箱相同'
        raise Invalid('email', problem)
    try:
        with unit_of_work(write=True) as session:
            user = session.get(User, actor.user_id)
            assert user is not None
            user.email = address
            session.add(user)
            session.flush()
    except IntegrityError:
        raise Invalid('email', signup.DUPLICATE['email']) from None
