"""Moving a case on the way its screens do, for tests that need it further along."""
from __future__ import annotations

from domain.engine import cases
from domain.records import payments
from domain.shared.actors import Actor
from storage.db import unit_of_work


def submit(actor: Actor, case: cases.CaseView) -> cases.CaseView:
    """提交 or 重新提交 as a service's submission takes it, without any service's checks: for tests of the engine and of
    what happens after submission (a plain cases.act refuses both)."""
    with unit_of_work(write=True) as session:
        action = 'submit' if case.stage == 'draft' else 'resubmit'
        return cases.act_in(session, actor, case.id, action, expected_version=case.version)


def pay_online(actor: Actor, case: cases.CaseView, paid: bool = True) -> cases.CaseView:
    """在线支付 in the sandbox gateway: the order, then 支付成功 (or 支付失败) on its pay page."""
    url = payments.pay_online(actor, case.id, case.version, None)
    payments.sandbox_pay(actor, url.rsplit('/', 1)[-1], paid)
    return cases.get_case(actor, case.id)
