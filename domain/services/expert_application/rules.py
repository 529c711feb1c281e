"""专家申请's own rules: the expert permission 批准 gives, and when a closed application stops holding the person."""
from __future__ import annotations

from sqlmodel import Session

from domain.shared.actors import Actor
from storage.tables import Case, ExpertApplication, User


def grant_permission(session: Session, case: Case, actor: Actor) -> User:
    """On 批准: the applicant has expert permission from now on (their next page shows 专家评价)."""
    user = session.get(User, case.applicant_id, with_for_update=True)
    assert user is not None
    user.is_expert = True
    session.add(user)
    release_claim(session, case, actor)
    return user


def release_claim(session: Session, case: Case, actor: Actor) -> None:
    """A closed application no longer counts as the applicant's open one."""
    row = session.get(ExpertApplication, case.id)
    if row is not None and row.open_for is not None:
        row.open_for = None
        session.add(row)
        session.flush()
