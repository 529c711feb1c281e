"""人员转换执业机构's own rules: the certificates that move and what 批准 moves, and when a closed transfer stops counting as
open."""
from __future__ import annotations

from sqlmodel import Session, select

from domain.records.certificates import effective_status
from domain.shared import clock
from domain.shared.actors import Actor
from storage.tables import (
    Case,
    Certificate,
    TransferApplication,
)


def move_certificates(session: Session, case: Case, actor: Actor) -> list[Certificate]:
    """On 批准: the applicant's valid certificates at the 转出机构 move to the 转入机构; the person may apply again."""
    moved = _valid_certificates_at(session, case.applicant_id, case.body_id)  # those the reviewers were shown
    for certificate in moved:
        certificate.body_id = case.to_body_id
        session.add(certificate)
    close(session, case, actor)
    return moved


def close(session: Session, case: Case, actor: Actor) -> None:
    """A closed transfer no longer counts as the applicant's open one."""
    row = session.get(TransferApplication, case.id)
    if row is not None:
        row.open_for = None
        session.add(row)
        session.flush()


def _valid_certificates_at(session: Session, user_id: int, body_id: int | None) -> list[Certificate]:
    today = clock.today()
    found = session.exec(select(Certificate).where(Certificate.holder_id == user_id, Certificate.body_id == body_id)
                         .order_by(Certificate.issued_on)).all()
    return [c for c in found if effective_status(c, today) == 'valid']
