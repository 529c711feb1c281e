"""解除备案's own rules: what 批准 writes to the teacher's link to the course, and when a request stops being open."""
from __future__ import annotations

from sqlmodel import Session

from domain.shared import clock
from domain.shared.actors import Actor
from storage.tables import Case, CaseTeacher, CourseUnbinding


def unbind(session: Session, case: Case, actor: Actor) -> None:
    """On 批准: the teacher no longer teaches the filed course (已解除绑定)."""
    row = session.get(CourseUnbinding, case.id)
    assert row is not None
    link = session.get(CaseTeacher, row.link_id, with_for_update=True)
    assert link is not None
    link.unbound_at = clock.now()
    session.add(link)
    close(session, case, actor)


def close(session: Session, case: Case, actor: Actor) -> None:
    """A closed request no longer holds the link: the teacher may ask again."""
    row = session.get(CourseUnbinding, case.id)
    if row is not None and row.open_key is not None:
        row.open_key = None
        session.add(row)
        session.flush()
