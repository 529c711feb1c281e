"""绑定课程类别's own rules: which categories a teacher may bind, and the binding that 提交 writes."""
from __future__ import annotations

from sqlmodel import Session, select

from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Invalid
from storage.tables import Case, CourseBinding, CourseCategory, TeacherCategory, TeacherProfile, User

LEVELS = 3


def is_teacher(session: Session, user_id: int) -> bool:
    """A person the register knows as an active teacher (培训教师)."""
    user = session.get(User, user_id)
    profile = session.get(TeacherProfile, user_id)
    return bool(user and user.is_teacher and profile and profile.status == 'active')


def level_of(session: Session, category: CourseCategory) -> int:
    level, current = 1, category
    while current.parent_id is not None and level <= LEVELS:
        parent = session.get(CourseCategory, current.parent_id)
        if parent is None:
            break
        level, current = level + 1, parent
    return level


def lineage(session: Session, category_id: int | None) -> tuple[int, ...]:
    """The ids from the root down to the category (empty when there is none)."""
    ids: list[int] = []
    current = session.get(CourseCategory, category_id) if category_id is not None else None
    while current is not None and len(ids) < LEVELS:
        ids.append(current.id)  # type: ignore[arg-type]
        current = session.get(CourseCategory, current.parent_id) if current.parent_id is not None else None
    return tuple(reversed(ids))


def check_category(session: Session, teacher_id: int, category_id: int) -> None:
    """A third-level category in use, that the teacher has not bound yet; Invalid('category_id') otherwise."""
    category = session.get(CourseCategory, category_id)
    if category is None or level_of(session, category) != LEVELS:
        raise Invalid('category_id', '请选择三级课程类别')
    if any(session.get(CourseCategory, i).retired_at is not None  # type: ignore[union-attr]
           for i in lineage(session, category_id)):
        raise Invalid('category_id', '该课程类别已停用，请选择其他类别')
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
