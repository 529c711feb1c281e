"""条件自检: the conditions an application's first step lists, each with a pass/fail mark and why, and the one every
service asks (实名认证)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from domain.shared.actors import Actor
from storage.db import unit_of_work
from storage.tables import User

NOT_VERIFIED = '请先在账户信息中完成实名认证'


@dataclass(frozen=True)
class PrecheckItem:
    label: str
    passed: bool
    detail: str


def real_name(actor: Actor, session: Session | None = None) -> PrecheckItem:
    """实名认证: the account has passed the real-name check. Inside a transaction, pass its session: a second unit of
    work there would hold a second pooled connection, and enough submissions at once would wait on each other for
    ever (the exam-registration rush of bench/load.py did, at 30 clients)."""
    if session is None:
        with unit_of_work() as own:
            return real_name(actor, own)
    user = session.get(User, actor.user_id)
    verified = bool(user and user.real_name_verified)
    return PrecheckItem('实名认证', verified, '账号已通过实名认证' if verified else NOT_VERIFIED)
