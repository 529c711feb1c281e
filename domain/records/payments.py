"""个人缴费 (R5.6, manual §3.1.4): paying a case's fee online through a gateway or offline with a voucher.

Paying is a workflow action of the case: 线上缴费 moves it when the gateway's signed notification says paid,
线下缴费 when the voucher is handed in (and staff confirm or reject it in 缴费确认). Each payment and the case's move
are written in one transaction, and the case's version guards against paying twice: once the case has left 待缴费,
no second payment is taken. For 机构缴费 the body's 确认缴费 records the payment.
"""
from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, col, select

from domain.accounts import accounts
from domain.engine import cases, files
from domain.records.payment_gateway import BadNotification, SandboxGateway
from domain.records.receipt_document import Receipt, receipt_pdf
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Conflict, Invalid, NotAllowed, NotFound
from domain.shared.identity import is_valid_email
from domain.shared.money import yuan_text
from settings import kept_secret, load_settings, registration_fee_cents
from storage.db import unit_of_work
from storage.tables import Case, CaseEvent, Institution, Payment, User

logger = logging.getLogger(__name__)

MERCHANT = '中国认证认可协会'
VOUCHER_PURPOSE = 'payment_voucher'
METHOD_LABELS = {'online': '线上缴费', 'offline': '线下缴费'}
STATUS_LABELS = {'pending': '待支付', 'paid': '已支付', 'failed': '支付失败', 'submitted': '待确认',
                 'confirmed': '已确认', 'rejected': '已驳回'}
INSTITUTION_NOTE = '机构缴费'
SWITCHED_NOTE = '已改为线下缴费'
RECEIPT_STATUSES = ('paid', 'confirmed')  # a receipt exists once the money is in
MSG_NO_PAYMENT = '未找到该缴费记录'
_TAX_NO = re.compile(r'[0-9A-Z]{15,20}')
_TITLE_MAX = 200


@dataclass(frozen=True)
class InvoiceRequest:
    """是否开具发票 ticked: 发票抬头, 纳税人识别号, 接收邮箱."""

    title: str
    tax_no: str
    email: str


@dataclass(frozen=True)
class PaymentView:
    """A payment as 缴费记录 and the 缴费信息 block show it."""

    id: int
    reference: str
    case_id: int
    case_no: str
    title: str  # 事项名称
    amount_cents: int
    method: str
    status: str
    invoice: InvoiceRequest | None
    voucher_file_id: int | None
    voucher_name: str
    created_at: datetime
    settled_at: datetime | None
    note: str

    @property
    def amount_text(self) -> str:
        return yuan_text(self.amount_cents)

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def has_receipt(self) -> bool:
        return self.status in RECEIPT_STATUSES


@dataclass(frozen=True)
class Checkout:
    """What the gateway's pay page shows the payer."""

    reference: str
    merchant: str
    amount_cents: int
    description: str
    case_id: int
    status: str

    @property
    def amount_text(self) -> str:
        return yuan_text(self.amount_cents)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def fee_cents() -> int:
    """The fee of 人员注册申请 (CCAA_REGISTRATION_FEE_CENTS; 200 元 by default)."""
    return registration_fee_cents()


def gateway() -> SandboxGateway:
    """The payment gateway; its secret is kept in the data folder so that every process of a deployment agrees.
    A real provider would be another class with the same checkout_url and verify."""
    return SandboxGateway(_secret(load_settings().data_dir / 'payment_secret'))


@lru_cache(maxsize=4)
def _secret(path: Path) -> bytes:
    return kept_secret(path).encode()


# -- the applicant pays ------------------------------------------------------------------------------

def invoice_problems(invoice: InvoiceRequest) -> list[Invalid]:
    """Every invoice field in error, for showing them all at once."""
    problems = []
    title = invoice.title.strip()
    if not title:
        problems.append(Invalid('invoice_title', '请填写发票抬头'))
    elif len(title) > _TITLE_MAX:
        problems.append(Invalid('invoice_title', f'发票抬头不能超过{_TITLE_MAX}个字'))
    if not _TAX_NO.fullmatch(invoice.tax_no.strip().upper()):
        problems.append(Invalid('invoice_tax_no', '纳税人识别号应为15至20位数字或大写字母'))
    if not is_valid_email(invoice.email):
        problems.append(Invalid('invoice_email', '请输入有效的接收邮箱'))
    return problems


def _checked_invoice(invoice: InvoiceRequest | None) -> InvoiceRequest | None:
    if invoice is None:
        return None
    problems = invoice_problems(invoice)
    if problems:
        raise problems[0]
    return InvoiceRequest(invoice.title.strip(), invoice.tax_no.strip().upper(), invoice.email.strip())


def pay_online(actor: Actor, case_id: int, expected_version: int, invoice: InvoiceRequest | None) -> str:
    """在线支付: the checkout URL of the case's payment at the gateway (a pending one is reused, not doubled)."""
    invoice = _checked_invoice(invoice)
    with unit_of_work(write=True) as session:
        case = cases.check_act_in(session, actor, case_id, 'pay_online', expected_version=expected_version)
        payment = session.exec(select(Payment).where(Payment.case_id == case_id, Payment.method == 'online',
                                                     Payment.status == 'pending')).first()
        if payment is None:
            payment = Payment(reference=_new_reference(), case_id=case_id, payer_id=actor.user_id,
                              amount_cents=fee_cents(), method='online', status='pending', created_at=clock.now())
        _set_invoice(payment, invoice)
        session.add(payment)
        session.flush()
        return gateway().checkout_url(payment.reference, payment.amount_cents, _description(case))


def pay_offline(actor: Actor, case_id: int, expected_version: int, voucher_file_id: int | None,
                invoice: InvoiceRequest | None) -> cases.CaseView:
    """线下缴费: hand in the voucher the actor uploaded; the case goes to 缴费确认."""
    invoice = _checked_invoice(invoice)
    with unit_of_work(write=True) as session:
        cases.check_act_in(session, actor, case_id, 'pay_offline', expected_version=expected_version)
        if voucher_file_id is None or files.owned_file(session, actor, voucher_file_id, VOUCHER_PURPOSE) is None:
            raise Invalid('voucher', '请上传缴费凭证')
        # an online payment begun earlier must not be completed later, or the case would be paid twice
        session.exec(update(Payment).where(  # type: ignore[call-overload]
            col(Payment.case_id) == case_id, col(Payment.method) == 'online', col(Payment.status) == 'pending',
        ).values(status='failed', settled_at=clock.now(), note=SWITCHED_NOTE))
        payment = Payment(reference=_new_reference(), case_id=case_id, payer_id=actor.user_id,
                          amount_cents=fee_cents(), method='offline', status='submitted',
                          voucher_file_id=voucher_file_id, created_at=clock.now())
        _set_invoice(payment, invoice)
        session.add(payment)
        session.flush()
        return cases.act_in(session, actor, case_id, 'pay_offline', expected_version=expected_version)


# -- the gateway answers -----------------------------------------------------------------------------

def handle_notification(body: bytes, signature: str) -> str:
    """The gateway's signed notification: mark the payment paid (and move the case) or failed; 'success'.

    Forged, malformed or stale notifications (NotAllowed), unknown payments (NotFound), amounts that differ
    (Invalid) and notifications for a payment no longer pending, such as a replay (Conflict), are refused and
    logged, and nothing is written.
    """
    try:
        notification = gateway().verify(body, signature, clock.now())
    except BadNotification:
        logger.warning('payment notification refused: forged, malformed or stale')
        raise NotAllowed('支付通知验证失败') from None
    reference = notification.payment_ref
    with unit_of_work(write=True) as session:
        payment = session.exec(select(Payment).where(Payment.reference == reference,
                                                     Payment.method == 'online')).first()
        if payment is None:
            logger.warning('payment notification refused: unknown payment %.32s', reference)
            raise NotFound('未找到该支付订单')
        if notification.amount_cents != payment.amount_cents:
            logger.warning('payment notification refused: amount %d differs from %d of payment %s',
                           notification.amount_cents, payment.amount_cents, reference)
            raise Invalid('amount', '支付金额与订单金额不符')
        if payment.status != 'pending':
            logger.warning('payment notification refused: payment %s is %s already (a replay)', reference,
                           payment.status)
            raise Conflict('该支付订单已处理')
        payer = session.get(User, payment.payer_id)
        assert payer is not None
        applicant = accounts.actor_of(session, payer)
        try:
            if notification.paid:  # lock the case before the payment, in the order every other writer takes them
                cases.check_act_in(session, applicant, payment.case_id, 'pay_online')
            if not _settle(session, payment, 'pending', 'paid' if notification.paid else 'failed'):
                raise Conflict('该支付订单已处理')
            if notification.paid:
                cases.act_in(session, applicant, payment.case_id, 'pay_online')
        except (Conflict, NotAllowed, NotFound) as error:
            logger.warning('payment notification refused: payment %s no longer pending or case moved on (%s)',
                           reference, type(error).__name__)
            raise
    return 'success'


def _settle(session: Session, payment: Payment, current: str, new: str, note: str | None = None) -> bool:
    """Move a payment from one status to another unless someone else already moved it."""
    values: dict[str, object] = {'status': new, 'settled_at': clock.now()}
    if note is not None:
        values['note'] = note
    result = session.exec(update(Payment).where(  # type: ignore[call-overload]
        col(Payment.id) == payment.id, col(Payment.status) == current).values(**values))
    return bool(result.rowcount == 1)


# -- the sandbox gateway's own pay page ----------------------------------------------------------------

def checkout(actor: Actor, reference: str) -> Checkout:
    """The order behind the gateway's pay page; only its payer may see it."""
    with unit_of_work() as session:
        payment = _payers_online_payment(session, actor, reference)
        case = session.get(Case, payment.case_id)
        assert case is not None
        return Checkout(payment.reference, MERCHANT, payment.amount_cents, _description(case), payment.case_id,
                        payment.status)


def sandbox_pay(actor: Actor, reference: str, paid: bool) -> int:
    """支付成功 / 支付失败 on the sandbox's pay page: the sandbox sends its signed notification, exactly as the
    notify endpoint would receive it. Returns the case to go back to."""
    order = checkout(actor, reference)
    if order.status != 'pending':
        raise Conflict(f'该支付订单{order.status_label}，无需重复支付')
    body, signature = gateway().notification(reference, paid, order.amount_cents, clock.now())
    handle_notification(body, signature)
    return order.case_id


def _payers_online_payment(session: Session, actor: Actor, reference: str) -> Payment:
    payment = session.exec(select(Payment).where(Payment.reference == reference)).first()
    if payment is None or payment.method != 'online' or payment.payer_id != actor.user_id:
        raise NotFound('未找到该支付订单')
    return payment


# -- effects of the staff's and the body's actions (declared beside them in the registration workflow) --------------------------

def on_confirm_payment(session: Session, case: Case, actor: Actor) -> None:
    """确认缴费: the body's confirmation of 机构缴费 is itself the payment; CCAA's confirms the voucher handed in."""
    if case.payer == 'institution':
        now = clock.now()
        session.add(Payment(reference=_new_reference(), case_id=case.id, payer_id=actor.user_id,  # type: ignore[arg-type]
                            amount_cents=fee_cents(), method='offline', status='confirmed', created_at=now,
                            settled_at=now, note=INSTITUTION_NOTE))
        return
    for payment in _submitted(session, case):
        _settle(session, payment, 'submitted', 'confirmed')


def on_reject_payment(session: Session, case: Case, actor: Actor) -> None:
    """驳回缴费凭证: the voucher is rejected with the opinion, and the applicant may pay again."""
    opinion = session.exec(select(CaseEvent.opinion).where(CaseEvent.case_id == case.id,
                                                           CaseEvent.action == 'reject_payment')
                           .order_by(col(CaseEvent.id).desc())).first()
    for payment in _submitted(session, case):
        _settle(session, payment, 'submitted', 'rejected', note=opinion or '')


def _submitted(session: Session, case: Case) -> list[Payment]:
    return list(session.exec(select(Payment).where(Payment.case_id == case.id, Payment.status == 'submitted')))


# -- reading -------------------------------------------------------------------------------------------

def payments_of(actor: Actor) -> list[PaymentView]:
    """缴费记录: the actor's own payments, newest first."""
    with unit_of_work() as session:
        return _views(session, select(Payment, Case).join(Case, col(Case.id) == col(Payment.case_id))
                      .where(Payment.payer_id == actor.user_id))


def payments_of_case(actor: Actor, case_id: int) -> list[PaymentView]:
    """The payments of a case, newest first, for anyone who may view the case (NotFound otherwise)."""
    cases.get_case(actor, case_id)
    with unit_of_work() as session:
        return _views(session, select(Payment, Case).join(Case, col(Case.id) == col(Payment.case_id))
                      .where(Payment.case_id == case_id))


def receipt(actor: Actor, payment_id: int) -> tuple[str, bytes]:
    """缴费收据 of a completed payment as (file name, PDF)."""
    facts = receipt_of(actor, payment_id)
    return f'缴费收据-{facts.reference}.pdf', receipt_pdf(facts)


def receipt_of(actor: Actor, payment_id: int) -> Receipt:
    """What the receipt of a completed payment says: for the payer and for whoever may view its case."""
    with unit_of_work() as session:
        payment = session.get(Payment, payment_id)
        case = session.get(Case, payment.case_id) if payment else None
        payer = session.get(User, payment.payer_id) if payment else None
        body = session.get(Institution, payer.institution_id) if payer and payer.institution_id else None
    if payment is None or case is None or payer is None:
        raise NotFound(MSG_NO_PAYMENT)
    if payment.payer_id != actor.user_id:
        try:
            cases.get_case(actor, payment.case_id)
        except NotFound:
            raise NotFound(MSG_NO_PAYMENT) from None
    if payment.status not in RECEIPT_STATUSES:
        raise NotAllowed('该笔缴费尚未完成，暂无收据')
    return Receipt(
        reference=payment.reference, payer_name=body.name if body else payer.name, case_no=case.case_no,
        item=_description(case), amount_cents=payment.amount_cents, method_label=METHOD_LABELS[payment.method],
        paid_at=clock.local_text(payment.settled_at),
        invoice_title=(payment.invoice_title or '') if payment.invoice_wanted else '')


def _views(session: Session, query) -> list[PaymentView]:  # type: ignore[no-untyped-def]
    rows = session.exec(query.order_by(col(Payment.created_at).desc(), col(Payment.id).desc())).all()
    names = files.file_names(session, {p.voucher_file_id for p, _ in rows if p.voucher_file_id})
    return [PaymentView(
        id=p.id, reference=p.reference, case_id=c.id, case_no=c.case_no, title=cases.view_of(c).title,  # type: ignore[arg-type]
        amount_cents=p.amount_cents, method=p.method, status=p.status,
        invoice=InvoiceRequest(p.invoice_title or '', p.invoice_tax_no or '', p.invoice_email or '')
        if p.invoice_wanted else None,
        voucher_file_id=p.voucher_file_id, voucher_name=names.get(p.voucher_file_id or 0, ''),
        created_at=p.created_at, settled_at=p.settled_at, note=p.note) for p, c in rows]


def _new_reference() -> str:
    return 'P' + clock.china_now().strftime('%Y%m%d') + secrets.token_hex(8).upper()


def _description(case: Case) -> str:
    return f'{cases.view_of(case).service_name}缴费（业务号 {case.case_no}）'


def _set_invoice(payment: Payment, invoice: InvoiceRequest | None) -> None:
    payment.invoice_wanted = invoice is not None
    payment.invoice_title = invoice.title if invoice else None
    payment.invoice_tax_no = invoice.tax_no if invoice else None
    payment.invoice_email = invoice.email if invoice else None
