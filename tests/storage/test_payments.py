"""个人缴费 on a real database: online through the sandbox gateway, offline with a voucher, 机构缴费, refusals."""
from __future__ import annotations

import io
import logging
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import select

from domain.demo import _actor
from domain.engine import cases, files, messages
from domain.records import payments
from domain.records.payment_gateway import SandboxGateway
from domain.records.payments import InvoiceRequest
from domain.shared import clock
from domain.shared.actors import Actor
from tests.case_helpers import submit
from domain.shared.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Case, CaseEvent, Institution, Payment

INVOICE = InvoiceRequest('北京精工制造有限公司', '91110105mA01abcd2x', 'finance@example.com')


@pytest.fixture
def people(demo_db: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Actor]:
    monkeypatch.delenv('CCAA_REGISTRATION_FEE_CENTS', raising=False)
    return {a: _actor(a) for a in ('test1', 'auditor1', 'cb1', 'cb2', 'admin', 'expert1')}


@pytest.fixture
def paying(people: dict[str, Actor]) -> cases.CaseView:
    """test1's demo case at 待缴费 with 个人缴费."""
    with unit_of_work() as session:
        case_id = session.exec(select(Case.id).where(Case.stage == 'payment', Case.payer == 'person')).one()
    return cases.get_case(people['test1'], case_id)  # type: ignore[arg-type]


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new('RGB', (8, 8), (30, 120, 200)).save(buffer, 'PNG')
    return buffer.getvalue()


def voucher(actor: Actor, purpose: str = payments.VOUCHER_PURPOSE) -> int:
    return files.save_upload(actor, purpose, '转账回单.png', png())


def rows(case_id: int) -> list[Payment]:
    with unit_of_work() as session:
        return list(session.exec(select(Payment).where(Payment.case_id == case_id).order_by(Payment.id)))


def events(case_id: int) -> list[CaseEvent]:
    with unit_of_work() as session:
        return list(session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)))


def reference_of(url: str) -> str:
    assert url.startswith('/pay/sandbox/')
    return url.rsplit('/', 1)[-1]


def notify(reference: str, paid: bool, amount: int = 20000) -> str:
    body, signature = payments.gateway().notification(reference, paid, amount, clock.now())
    return payments.handle_notification(body, signature)


def step(actor: Actor, case: cases.CaseView, action: str, opinion: str = '') -> cases.CaseView:
    if action in ('submit', 'resubmit'):  # only through a service's submission
        return submit(actor, case)
    return cases.act(actor, case.id, action, expected_version=case.version, opinion=opinion)


# -- online -------------------------------------------------------------------------------------------

def test_paying_online_moves_the_case_when_the_gateway_says_paid(people: dict[str, Actor],
                                                                 paying: cases.CaseView) -> None:
    url = payments.pay_online(people['test1'], paying.id, paying.version, INVOICE)
    [pending] = rows(paying.id)
    assert (pending.reference, pending.method, pending.status, pending.amount_cents) == (
        reference_of(url), 'online', 'pending', 20000)
    assert (pending.invoice_wanted, pending.invoice_tax_no) == (True, '91110105MA01ABCD2X')
    assert cases.get_case(people['test1'], paying.id) == paying, 'nothing moves before the money does'

    assert notify(pending.reference, True) == 'success'
    [paid] = rows(paying.id)
    assert paid.status == 'paid' and paid.settled_at is not None
    case = cases.get_case(people['test1'], paying.id)
    assert (case.stage, case.version) == ('ccaa_review', paying.version + 1)
    last = cases.timeline(people['test1'], paying.id)[-1]
    assert (last.actor_name, last.action_label, last.from_label, last.to_label) == ('李明', '线上缴费', '待缴费',
                                                                                      'CCAA审批')
    assert any(case.case_no in m.title for m in messages.list_messages(people['admin']))


def test_a_failed_payment_leaves_the_case_waiting_and_a_new_attempt_gets_a_new_order(
        people: dict[str, Actor], paying: cases.CaseView) -> None:
    first = reference_of(payments.pay_online(people['test1'], paying.id, paying.version, None))
    assert payments.sandbox_pay(people['test1'], first, False) == paying.id
    assert [(p.reference, p.status) for p in rows(paying.id)] == [(first, 'failed')]
    assert cases.get_case(people['test1'], paying.id).stage == 'payment'

    second = reference_of(payments.pay_online(people['test1'], paying.id, paying.version, None))
    assert second != first
    payments.sandbox_pay(people['test1'], second, True)
    assert [p.status for p in rows(paying.id)] == ['failed', 'paid']
    assert cases.get_case(people['test1'], paying.id).stage == 'ccaa_review'


def test_a_pending_order_is_reused_with_the_latest_invoice(people: dict[str, Actor], paying: cases.CaseView) -> None:
    first = payments.pay_online(people['test1'], paying.id, paying.version, None)
    again = payments.pay_online(people['test1'], paying.id, paying.version, INVOICE)
    assert first == again
    [payment] = rows(paying.id)
    assert (payment.invoice_wanted, payment.invoice_title) == (True, INVOICE.title)


def test_the_fee_comes_from_the_configuration(people: dict[str, Actor], paying: cases.CaseView,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_REGISTRATION_FEE_CENTS', '12345')
    reference = reference_of(payments.pay_online(people['test1'], paying.id, paying.version, None))
    assert payments.checkout(people['test1'], reference).amount_text == '123.45 元'
    with pytest.raises(Invalid):  # the gateway must report the order's own amount
        notify(reference, True, amount=20000)
    notify(reference, True, amount=12345)
    assert rows(paying.id)[0].status == 'paid'


# -- notifications that are refused ------------------------------------------------------------------

def _refused(people: dict[str, Actor], paying: cases.CaseView, caplog: pytest.LogCaptureFixture,
             body: bytes, signature: str, error: type[DomainError]) -> None:
    before = (rows(paying.id), cases.get_case(people['test1'], paying.id), len(events(paying.id)))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger='domain.records.payments'), pytest.raises(error):
        payments.handle_notification(body, signature)
    assert (rows(paying.id), cases.get_case(people['test1'], paying.id), len(events(paying.id))) == before
    [record] = [r for r in caplog.records if r.name == 'domain.records.payments']
    assert record.levelno == logging.WARNING and 'refused' in record.getMessage()
    assert '李明' not in record.getMessage() and '@' not in record.getMessage()


def test_forged_and_malformed_notifications_are_refused(people: dict[str, Actor], paying: cases.CaseView,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    reference = reference_of(payments.pay_online(people['test1'], paying.id, paying.version, INVOICE))
    forged, signature = SandboxGateway(b'not-our-secret').notification(reference, True, 20000, clock.now())
    _refused(people, paying, caplog, forged, signature, NotAllowed)
    body, signature = payments.gateway().notification(reference, True, 20000, clock.now())
    _refused(people, paying, caplog, body.replace(b'20000', b'20001'), signature, NotAllowed)
    _refused(people, paying, caplog, body, '', NotAllowed)
    _refused(people, paying, caplog, b'{not json', payments.gateway().sign(b'{not json'), NotAllowed)
    stale, signature = payments.gateway().notification(reference, True, 20000, clock.now() - timedelta(hours=1))
    _refused(people, paying, caplog, stale, signature, NotAllowed)


def test_unknown_orders_and_wrong_amounts_are_refused(people: dict[str, Actor], paying: cases.CaseView,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    reference = reference_of(payments.pay_online(people['test1'], paying.id, paying.version, None))
    body, signature = payments.gateway().notification('P20260101UNKNOWN', True, 20000, clock.now())
    _refused(people, paying, caplog, body, signature, NotFound)
    body, signature = payments.gateway().notification(reference, True, 1, clock.now())
    _refused(people, paying, caplog, body, signature, Invalid)


def test_a_replayed_notification_is_refused(people: dict[str, Actor], paying: cases.CaseView,
                                            caplog: pytest.LogCaptureFixture) -> None:
    reference = reference_of(payments.pay_online(people['test1'], paying.id, paying.version, None))
    body, signature = payments.gateway().notification(reference, False, 20000, clock.now())
    payments.handle_notification(body, signature)
    _refused(people, paying, caplog, body, signature, Conflict)
    paid_body, paid_signature = payments.gateway().notification(reference, True, 20000, clock.now())
    _refused(people, paying, caplog, paid_body, paid_signature, Conflict)  # a failed order stays failed


# -- offline ------------------------------------------------------------------------------------------

def test_offline_voucher_confirmed_by_staff(people: dict[str, Actor], paying: cases.CaseView) -> None:
    file_id = voucher(people['test1'])
    case = payments.pay_offline(people['test1'], paying.id, paying.version, file_id, INVOICE)
    assert case.stage == 'payment_check'
    [submitted] = rows(paying.id)
    assert (submitted.method, submitted.status, submitted.voucher_file_id, submitted.settled_at) == (
        'offline', 'submitted', file_id, None)
    assert files.can_read(people['admin'], file_id) and files.can_read(people['cb1'], file_id)
    assert not files.can_read(people['cb2'], file_id) and not files.can_read(people['auditor1'], file_id)

    case = step(people['admin'], case, 'confirm_payment')
    assert case.stage == 'ccaa_review'
    [confirmed] = rows(paying.id)
    assert confirmed.status == 'confirmed' and confirmed.settled_at is not None


def test_a_rejected_voucher_lets_the_applicant_pay_again(people: dict[str, Actor], paying: cases.CaseView) -> None:
    case = payments.pay_offline(people['test1'], paying.id, paying.version, voucher(people['test1']), None)
    case = step(people['admin'], case, 'reject_payment', '凭证金额不清晰')
    assert case.stage == 'payment'
    [rejected] = rows(paying.id)
    assert (rejected.status, rejected.note) == ('rejected', '凭证金额不清晰')
    assert sum(case.case_no in m.title and '待缴费' in m.title for m in messages.list_messages(people['test1'])) == 2

    case = payments.pay_offline(people['test1'], case.id, case.version, voucher(people['test1']), None)
    case = step(people['admin'], case, 'confirm_payment')
    assert [p.status for p in rows(paying.id)] == ['rejected', 'confirmed']
    assert case.stage == 'ccaa_review'


def test_the_voucher_must_be_the_applicants_own_upload(people: dict[str, Actor], paying: cases.CaseView) -> None:
    for file_id in (None, voucher(people['auditor1']), voucher(people['test1'], 'education_certificate'), 99999):
        with pytest.raises(Invalid) as caught:
            payments.pay_offline(people['test1'], paying.id, paying.version, file_id, None)
        assert (caught.value.field, caught.value.message) == ('voucher', '请上传缴费凭证')
    assert rows(paying.id) == []
    assert cases.get_case(people['test1'], paying.id).stage == 'payment'


def test_switching_to_offline_voids_the_online_order(people: dict[str, Actor], paying: cases.CaseView) -> None:
    reference = reference_of(payments.pay_online(people['test1'], paying.id, paying.version, None))
    payments.pay_offline(people['test1'], paying.id, paying.version, voucher(people['test1']), None)
    with pytest.raises(Conflict):
        payments.sandbox_pay(people['test1'], reference, True)
    with pytest.raises(Conflict):
        notify(reference, True)
    assert [(p.method, p.status, p.note) for p in rows(paying.id)] == [
        ('online', 'failed', payments.SWITCHED_NOTE), ('offline', 'submitted', '')]
    assert cases.get_case(people['test1'], paying.id).stage == 'payment_check'


# -- 机构缴费 -------------------------------------------------------------------------------------------

def test_the_body_confirms_an_institution_payment(people: dict[str, Actor]) -> None:
    with unit_of_work() as session:
        body_id = session.exec(select(Institution.id).where(Institution.code == 'CB-A')).one()
    case = cases.create_draft(people['test1'], 'registration', summary='体系认证审核员: QMS', body_id=body_id,
                              payer='institution')
    case = step(people['cb1'], step(people['test1'], case, 'submit'), 'pass')
    with pytest.raises(NotAllowed):
        payments.pay_online(people['test1'], case.id, case.version, None)
    with pytest.raises(NotAllowed):
        payments.pay_offline(people['test1'], case.id, case.version, voucher(people['test1']), None)
    case = step(people['cb1'], case, 'confirm_payment')
    [payment] = rows(case.id)
    assert (payment.method, payment.status, payment.payer_id, payment.note, payment.amount_cents) == (
        'offline', 'confirmed', people['cb1'].user_id, '机构缴费', 20000)
    assert payment.settled_at is not None
    assert [p.status_label for p in payments.payments_of(people['cb1'])][0] == '已确认'
    assert payments.payments_of_case(people['test1'], case.id)[0].method_label == '线下缴费'


# -- refusals -----------------------------------------------------------------------------------------

@pytest.mark.parametrize('invoice, field, message', [
    (InvoiceRequest('  ', '91110105MA01ABCD2X', 'a@example.com'), 'invoice_title', '请填写发票抬头'),
    (InvoiceRequest('某公司', '9111010', 'a@example.com'), 'invoice_tax_no', '纳税人识别号应为15至20位数字或大写字母'),
    (InvoiceRequest('某公司', '91110105MA01ABCD2X12345', 'a@example.com'), 'invoice_tax_no',
     '纳税人识别号应为15至20位数字或大写字母'),
    (InvoiceRequest('某公司', '91110105-MA01ABCD', 'a@example.com'), 'invoice_tax_no',
     '纳税人识别号应为15至20位数字或大写字母'),
    (InvoiceRequest('某公司', '91110105MA01ABCD2X', 'not-an-email'), 'invoice_email', '请输入有效的接收邮箱'),
    (InvoiceRequest('某公司', '91110105MA01ABCD2X', ''), 'invoice_email', '请输入有效的接收邮箱'),
])
def test_invoice_details_are_checked(people: dict[str, Actor], paying: cases.CaseView, invoice: InvoiceRequest,
                                     field: str, message: str) -> None:
    for attempt in (lambda: payments.pay_online(people['test1'], paying.id, paying.version, invoice),
                    lambda: payments.pay_offline(people['test1'], paying.id, paying.version,
                                                 voucher(people['test1']), invoice)):
        with pytest.raises(Invalid) as caught:
            attempt()
        assert (caught.value.field, caught.value.message) == (field, message)
    assert rows(paying.id) == []


def test_all_invoice_problems_at_once() -> None:
    assert [p.field for p in payments.invoice_problems(InvoiceRequest('', 'x', 'y'))] == [
        'invoice_title', 'invoice_tax_no', 'invoice_email']
    assert payments.invoice_problems(INVOICE) == []


def test_only_the_applicant_may_pay(people: dict[str, Actor], paying: cases.CaseView) -> None:
    for account, error in (('cb1', NotAllowed), ('admin', NotAllowed), ('cb2', NotFound), ('auditor1', NotFound)):
        with pytest.raises(error):
            payments.pay_online(people[account], paying.id, paying.version, None)
        with pytest.raises(error):
            payments.pay_offline(people[account], paying.id, paying.version, voucher(people[account]), None)
    assert rows(paying.id) == []
    reference = reference_of(payments.pay_online(people['test1'], paying.id, paying.version, None))
    for account in ('cb1', 'admin', 'auditor1'):
        with pytest.raises(NotFound):  # the pay page is the payer's alone
            payments.checkout(people[account], reference)
        with pytest.raises(NotFound):
            payments.sandbox_pay(people[account], reference, True)
    assert rows(paying.id)[0].status == 'pending'


def test_paying_twice_is_impossible(people: dict[str, Actor], paying: cases.CaseView) -> None:
    payments.sandbox_pay(people['test1'], reference_of(
        payments.pay_online(people['test1'], paying.id, paying.version, None)), True)
    moved = cases.get_case(people['test1'], paying.id)
    with pytest.raises(Conflict):  # the screen that was open before paying
        payments.pay_online(people['test1'], paying.id, paying.version, None)
    with pytest.raises(Conflict):
        payments.pay_offline(people['test1'], paying.id, paying.version, voucher(people['test1']), None)
    with pytest.raises(NotAllowed):  # even with a fresh screen: the case is no longer waiting for payment
        payments.pay_online(people['test1'], paying.id, moved.version, None)
    with pytest.raises(NotAllowed):
        payments.pay_offline(people['test1'], paying.id, moved.version, voucher(people['test1']), None)
    assert [p.status for p in rows(paying.id)] == ['paid']


def test_two_concurrent_offline_payments_one_wins(people: dict[str, Actor], paying: cases.CaseView) -> None:
    vouchers = [voucher(people['test1']), voucher(people['test1'])]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def pay(file_id: int) -> None:
        barrier.wait()
        try:
            outcomes.append(payments.pay_offline(people['test1'], paying.id, paying.version, file_id, None).stage)
        except DomainError as error:
            outcomes.append(type(error))

    threads = [threading.Thread(target=pay, args=(file_id,)) for file_id in vouchers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(map(str, outcomes)) == sorted(map(str, ['payment_check', Conflict]))
    assert [p.status for p in rows(paying.id)] == ['submitted']
    assert [e.action for e in events(paying.id)].count('pay_offline') == 1


# -- reading ------------------------------------------------------------------------------------------

def test_payment_records_are_the_actors_own_newest_first(people: dict[str, Actor], paying: cases.CaseView) -> None:
    assert payments.payments_of(people['test1']) == []
    failed = reference_of(payments.pay_online(people['test1'], paying.id, paying.version, None))
    payments.sandbox_pay(people['test1'], failed, False)
    clock.freeze(clock.now() + timedelta(minutes=1))
    payments.pay_offline(people['test1'], paying.id, paying.version, voucher(people['test1']), INVOICE)
    clock.freeze(None)

    [offline, online] = payments.payments_of(people['test1'])
    assert (offline.method_label, offline.status_label, online.method_label, online.status_label) == (
        '线下缴费', '待确认', '线上缴费', '支付失败')
    assert (offline.case_no, offline.title, offline.amount_text) == (paying.case_no, paying.title, '200.00 元')
    assert offline.invoice == InvoiceRequest(INVOICE.title, INVOICE.tax_no.upper(), INVOICE.email)
    assert online.invoice is None
    assert offline.voucher_name == '转账回单.png'
    assert payments.payments_of(people['auditor1']) == []
    assert [p.id for p in payments.payments_of_case(people['admin'], paying.id)] == [offline.id, online.id]
    assert len(payments.payments_of_case(people['cb1'], paying.id)) == 2
    with pytest.raises(NotFound):
        payments.payments_of_case(people['cb2'], paying.id)


def test_the_gateway_secret_is_made_once_and_kept(data_dir: Path) -> None:
    first = payments.gateway()
    secret = data_dir / 'payment_secret'
    assert secret.exists() and secret.stat().st_mode & 0o077 == 0
    assert len(secret.read_text().strip()) >= 32
    assert payments.gateway().sign(b'x') == first.sign(b'x')
    assert [p.name for p in data_dir.iterdir() if p.name.startswith('payment_secret')] == ['payment_secret']


# -- receipts -----------------------------------------------------------------------------------------

def test_a_completed_payment_has_a_receipt_for_its_payer_and_reviewers(people: dict[str, Actor],
                                                                       paying: cases.CaseView) -> None:
    reference = reference_of(payments.pay_online(people['test1'], paying.id, paying.version, INVOICE))
    [pending] = payments.payments_of(people['test1'])
    assert not pending.has_receipt
    with pytest.raises(NotAllowed, match='暂无收据'):
        payments.receipt_of(people['test1'], pending.id)
    payments.sandbox_pay(people['test1'], reference, True)
    [paid] = payments.payments_of(people['test1'])
    assert paid.has_receipt
    facts = payments.receipt_of(people['test1'], paid.id)
    assert (facts.reference, facts.payer_name, facts.case_no, facts.amount_cents, facts.method_label,
            facts.invoice_title) == (reference, '李明', paying.case_no, 20000, '线上缴费', INVOICE.title)
    assert facts.item == f'人员注册申请缴费（业务号 {paying.case_no}）' and facts.paid_at.startswith('20')
    assert payments.receipt_of(people['admin'], paid.id) == facts
    for stranger in ('auditor1', 'cb2'):
        with pytest.raises(NotFound):
            payments.receipt_of(people[stranger], paid.id)
    name, document = payments.receipt(people['test1'], paid.id)
    assert name == f'缴费收据-{reference}.pdf' and document.startswith(b'%PDF')


def test_an_institution_payment_receipt_names_the_body(people: dict[str, Actor]) -> None:
    [record] = payments.payments_of(people['cb1'])  # the demo's 机构缴费, confirmed by the body
    facts = payments.receipt_of(people['cb1'], record.id)
    assert (facts.payer_name, facts.method_label) == ('华信认证中心有限公司', '线下缴费')
