"""证书注销申请's own rules: what 批准 writes to the certificate and when a closed application stops holding it."""
from __future__ import annotations

from sqlmodel import Session

from domain.shared import clock
from domain.shared.actors import Actor
from storage.tables import Case, Certificate, CertificateCancellation


def cancel_certificate(session: Session, case: Case, actor: Actor) -> Certificate | None:
    """On 批准: the certificate is 注销 from today, and the claim on it ends."""
    row = session.get(CertificateCancellation, case.id)
    if row is None or row.certificate_id is None:
        return None
    certificate = session.get(Certificate, row.certificate_id, with_for_update=True)
    assert certificate is not None
    certificate.status, certificate.cancelled_on = 'cancelled', clock.today()
    release_claim(session, case, actor)
    session.add(certificate)
    session.flush()
    return certificate


def release_claim(session: Session, case: Case, actor: Actor) -> None:
    """A closed application no longer holds its certificate."""
    row = session.get(CertificateCancellation, case.id)
    if row is not None and row.open_key is not None:
        row.open_key = None
        session.add(row)
        session.flush()
