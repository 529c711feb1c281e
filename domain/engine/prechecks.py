"""条件自检: the conditions an application's first step lists, each with a pass/fail mark and why, and the one every
service asks (实名认证)."""
from __future__ import annotations

from dataclasses import dataclass

from domain.shared.actors import Actor
from storage.db import unit_of_work
from storage.tables import User

NOT_VERIFIED = '请先在账户信息中完成实名认证'


@dataclass(frozen=True)
class PrecheckItem:
    label: str
    passed: bool
    detail: str


def real_name(actor: Actor) -> PrecheckItem:
    """实名认证: the account has passed the real-name check."""
    with unit_of_work() as session:
        user = session.get(User, actor.user_id)
        verified = bool(user and user.real_name_verified)
    return PrecheckItem('实名认证', verified, '账号已通过实名认证' if verified else NOT_VERIFIED)
