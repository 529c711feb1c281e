"""绑定课程类别's own rules: which categories a teacher may bind, and the binding that 提交 writes."""
from __future__ import annotations

from sqlmodel import Session, select

from domain.records.training import check_category_in_use
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Invalid
from storage.tables import Case, CourseBinding, TeacherCategory


def check_category(session: Session, teacher_id: int, category_id: int) -> None:
    """A third-level category in use, that the teacher has not bound yet; Invalid('category_id') otherwise."""
    check_category_in_use(session, category_id)
    bound = session.exec(select(TeacherCategory.id).where(TeacherCategory.teacher_id == teacher_id,
                                                          TeacherCategory.category_id == category_id)).first()
    if bound is not None:
        raise Invalid('category_id', '您已绑定该课程类别')


def bind(session: Session, case: Case, actor: Actor) -> TeacherCategory:
    """On 提交: the teacher is bound to the category, checked once more inside the transaction."""
    row = session.get(CourseBinding, case.id)
    assert row is not None and row.category_id is not None
    check_category(session, case.applicant_id, row.category_id)
    binding = TeacherCategory(teacher_id=case.applicant_id, category_id=row.category_id, bound_at=clock.now())
    session.add(binding)
    session.flush()
    return binding
