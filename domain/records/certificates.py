"""Certificates (证书): the holder's own list, and the public verification page behind each QR code (R14.1)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import select

from domain.records import specialties
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import NotFound
from domain.shared.identity import mask_id_number, mask_name
from storage.db import unit_of_work
from storage.tables import Certificate, Institution, User

STATUS_LABELS = {'valid': '有效', 'suspended': '暂停', 'revoked': '撤销', 'cancelled': '已注销', 'expired': '过期'}
CANCELLABLE = ('valid', 'suspended')  # the statuses in which a holder may apply to cancel (证书注销申请, R11.1)


@dataclass(frozen=True)
class CertificateView:
    id: int
    cert_no: str
    field: str
    grade: str
    scope: str
    body_name: str
    issued_on: date
    expires_on: date
    status: str
    last_confirmed_year: int | None
    verify_token: str
    cancelled_on: date | None = None

    @property
    def cancellable(self) -> bool:
        """Whether the holder may apply to cancel it (证书注销申请, R11.1)."""
        return self.status in CANCELLABLE

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def confirmed_text(self) -> str:
        return confirmed_text(self.last_confirmed_year)


@dataclass(frozen=True)
class PublicCertificate:
    """What anyone may see without logging in: the holder masked."""

    cert_no: str
    holder_name: str
    holder_id_number: str
    field: str
    grade: str
    scope: str
    body_name: str
    issued_on: date
    expires_on: date
    status_label: str
    last_confirmed_year: int | None = None  # 年度确认: the latest year confirmed (R6.3)
    cancelled_on: date | None = None  # 注销日期 (R11.1)

    @property
    def confirmed_text(self) -> str:
        return confirmed_text(self.last_confirmed_year)


def confirmed_text(year: int | None) -> str:
    """最近年度确认 as pages show it: '2026 年度', or 尚未确认."""
    return f'{year} 年度' if year else '尚未确认'


def effective_status(certificate: Certificate, today: date) -> str:
    """A valid certificate past its expiry date shows as 过期."""
    if certificate.status == 'valid' and certificate.expires_on < today:
        return 'expired'
    return certificate.status


def _view(certificate: Certificate, body_name: str, today: date) -> CertificateView:
    return CertificateView(
        id=certificate.id, cert_no=certificate.cert_no,  # type: ignore[arg-type]
        field=specialties.specialty_text(certificate.field, certificate.sub_field), grade=certificate.grade,
        scope=certificate.scope, body_name=body_name, issued_on=certificate.issued_on,
        expires_on=certificate.expires_on, status=effective_status(certificate, today),
        last_confirmed_year=certificate.last_confirmed_year, verify_token=certificate.verify_token,
        cancelled_on=certificate.cancelled_on)


def my_certificates(actor: Actor) -> list[CertificateView]:
    today = clock.today()
    with unit_of_work() as session:
        rows = session.exec(
            select(Certificate, Institution.name)
            .join(Institution, Institution.id == Certificate.body_id, isouter=True)  # type: ignore[arg-type]
            .where(Certificate.holder_id == actor.user_id).order_by(Certificate.issued_on.desc())).all()  # type: ignore[attr-defined]
    return [_view(certificate, body_name or '', today) for certificate, body_name in rows]


def my_certificate(actor: Actor, certificate_id: int) -> CertificateView:
    for certificate in my_certificates(actor):
        if certificate.id == certificate_id:
            return certificate
    raise NotFound('未找到该证书')


def verify(token: str) -> PublicCertificate:
    """The public page of a certificate, found by the opaque token in its QR code."""
    today = clock.today()
    with unit_of_work() as session:
        row = session.exec(select(Certificate, User, Institution.name)
                           .join(User, User.id == Certificate.holder_id)  # type: ignore[arg-type]
                           # the certificate's body, not the holder's (users also refer to institutions)
                           .join(Institution, Institution.id == Certificate.body_id, isouter=True)  # type: ignore[arg-type]
                           .where(Certificate.verify_token == token)).first()
    if row is None:
        raise NotFound('未查询到该证书，请核对二维码或证书编号')
    certificate, holder, body_name = row
    return public_view(certificate, holder, body_name, today)


def public_view(certificate: Certificate, holder: User, body_name: str | None, today: date) -> PublicCertificate:
    """A certificate as anyone may see it: the holder's name and ID number masked (R13.3)."""
    return PublicCertificate(
        cert_no=certificate.cert_no, holder_name=mask_name(holder.name),
        holder_id_number=mask_id_number(holder.id_number),
        field=specialties.specialty_text(certificate.field, certificate.sub_field), grade=certificate.grade,
        scope=certificate.scope, body_name=body_name or '', issued_on=certificate.issued_on,
        expires_on=certificate.expires_on, status_label=STATUS_LABELS[effective_status(certificate, today)],
        last_confirmed_year=certificate.last_confirmed_year, cancelled_on=certificate.cancelled_on)


CERTIFICATE_YEARS = 3
FIELD_SCOPES = {'QMS': '质量管理体系', 'EMS': '环境管理体系', 'OHSMS': '职业健康安全管理体系', 'FSMS': '食品安全管理体系',
                'HACCP': '危害分析与关键控制点体系', 'ISMS': '信息安全管理体系', 'ITSMS': '信息技术服务管理体系',
                'EnMS': '能源管理体系'}


def issue_for_case(session, case, actor: Actor) -> Certificate:  # type: ignore[no-untyped-def]
    """On 批准 of a 人员注册申请: the certificate, in the same transaction as the approval (R5.8)."""
    import secrets

    from storage.tables import RegistrationApplication

    application = session.get(RegistrationApplication, case.id)
    field = (application.field if application else None) or 'QMS'
    sub_field = application.sub_field if application else None
    grade = (application.grade if application else None) or '审核员'
    issued = clock.today()
    try:
        expires = issued.replace(year=issued.year + CERTIFICATE_YEARS)
    except ValueError:  # 29 February
        expires = issued.replace(year=issued.year + CERTIFICATE_YEARS, day=28)
    certificate = Certificate(
        cert_no=f'CCAA-{field}-{case.case_no}', holder_id=case.applicant_id, body_id=case.body_id, case_id=case.id,
        field=field, sub_field=sub_field, grade=grade,
        scope=specialties.scope_of(field, sub_field) or FIELD_SCOPES.get(field, field), issued_on=issued,
        expires_on=expires - timedelta(days=1), status='valid', verify_token=secrets.token_urlsafe(24))
    session.add(certificate)
    session.flush()
    return certificate


def document(actor: Actor, certificate_id: int) -> bytes:
    """The holder's certificate as a PDF."""
    from domain.records.certificate_documents import CertificateDocument, certificate_pdf

    view = my_certificate(actor, certificate_id)
    with unit_of_work() as session:
        holder = session.get(User, actor.user_id)
    return certificate_pdf(CertificateDocument(
        view.cert_no, holder.name if holder else '', mask_id_number(holder.id_number if holder else ''), view.field,
        view.grade, view.scope, view.body_name, view.issued_on, view.expires_on, view.status_label),
        verify_url(view.verify_token))


def verify_url(token: str) -> str:
    from settings import load_settings
    return f'{load_settings().public_url}/verify/{token}'

