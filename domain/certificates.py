"""Certificates (证书): the holder's own list, and the public verification page behind each QR code (R14.1)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from domain import clock
from domain.actors import Actor
from domain.errors import NotFound
from domain.identity import mask_id_number, mask_name
from storage.db import unit_of_work
from storage.tables import Certificate, Institution, User

STATUS_LABELS = {'valid': '有效', 'suspended': '暂停', 'revoked': '撤销', 'cancelled': '注销', 'expired': '过期'}


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

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


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


def effective_status(certificate: Certificate, today: date) -> str:
    """A valid certificate past its expiry date shows as 过期."""
    if certificate.status == 'valid' and certificate.expires_on < today:
        return 'expired'
    return certificate.status


def _view(certificate: Certificate, body_name: str, today: date) -> CertificateView:
    return CertificateView(
        id=certificate.id, cert_no=certificate.cert_no, field=certificate.field, grade=certificate.grade,  # type: ignore[arg-type]
        scope=certificate.scope, body_name=body_name, issued_on=certificate.issued_on,
        expires_on=certificate.expires_on, status=effective_status(certificate, today),
        last_confirmed_year=certificate.last_confirmed_year, verify_token=certificate.verify_token)


def my_certificates(actor: Actor) -> list[CertificateView]:
    today = clock.today()
    with unit_of_work() as session:
        rows = session.exec(
            select(Certificate, Institution.name).join(Institution, isouter=True)  # type: ignore[arg-type]
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
                           .join(Institution, isouter=True)  # type: ignore[arg-type]
                           .where(Certificate.verify_token == token)).first()
    if row is None:
        raise NotFound('未查询到该证书，请核对二维码或证书编号')
    certificate, holder, body_name = row
    return PublicCertificate(
        cert_no=certificate.cert_no, holder_name=mask_name(holder.name),
        holder_id_number=mask_id_number(holder.id_number), field=certificate.field, grade=certificate.grade,
        scope=certificate.scope, body_name=body_name or '', issued_on=certificate.issued_on,
        expires_on=certificate.expires_on, status_label=STATUS_LABELS[effective_status(certificate, today)])
