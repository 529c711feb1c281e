"""年度确认申请's own rules: what 批准 writes to the certificate and when a closed application stops holding its year."""
from __future__ import annotations

from sqlmodel import Session

from domain.shared.actors import Actor
from storage.tables import AnnualConfirmation, Case, Certificate


def record_confirmation(session: Session, case: Case, actor: Actor) -> Certificate | None:
    """On 批准: the certificate records the confirmed year, and the certificate and year are free again."""
    row = session.get(AnnualConfirmation, case.id)
    if row is None or row.certificate_id is None or row.confirm_year is None:
        return None
    certificate = session.get(Certificate, row.certificate_id, with_for_update=True)
    assert certificate is not None
    certificate.last_confirmed_year = max(certificate.last_confirmed_year or 0, row.confirm_year)
    row.open_key = None
    session.add_all([certificate, row])
    session.flush()
    return certificate


def release_claim(session: Session, case: Case, actor: Actor) -> None:
    """On 不通过 / 不予确认: the certificate and year may be applied for again."""
    row = session.get(AnnualConfirmation, case.id)
    if row is not None and row.open_key is not None:
        row.open_key = None
        session.add(row)
        session.flush()
