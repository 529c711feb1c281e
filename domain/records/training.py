"""Training (R10): course categories as people read them, and the states of a teacher in the register."""
from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from domain.shared.errors import Invalid
from storage.tables import CourseCategory, TeacherProfile, User

# 状态 of a teacher in the public register
TEACHER_STATUS_LABELS = {'active': '有效', 'suspended': '暂停', 'withdrawn': '已注销'}
CATEGORY_SEPARATOR = ' > '


def category_at(session: Session, *names: str) -> int | None:
    """The id of the category at the path of names from the root (基础课程, 基础认证, 认证人员守则); None if there is none."""
    parent: int | None = None
    for name in names:
        same_parent = CourseCategory.parent_id.is_(None) if parent is None else CourseCategory.parent_id == parent  # type: ignore[union-attr]
        parent = session.exec(select(CourseCategory.id).where(CourseCategory.name == name, same_parent)).first()
        if parent is None:
            return None
    return parent


def category_paths(session: Session, category_ids: Iterable[int]) -> dict[int, str]:
    """'基础课程 > 基础认证 > 认证人员守则' for each category id, from its root down."""
    wanted = set(category_ids)
    if not wanted:
        return {}
    categories = {c.id: c for c in session.exec(select(CourseCategory)).all()}  # three small levels

    def path(category_id: int) -> str:
        names: list[str] = []
        current = categories.get(category_id)
        while current is not None and len(names) < 10:  # a cycle would be a data error; never loop forever
            names.append(current.name)
            current = categories.get(current.parent_id) if current.parent_id is not None else None
        return CATEGORY_SEPARATOR.join(reversed(names))

    return {category_id: path(category_id) for category_id in wanted}


# -- teachers and the categories they teach (R10) --------------------------------------------------------

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


def check_category_in_use(session: Session, category_id: int) -> None:
    """A third-level category that is not retired (nor any above it); Invalid('category_id') otherwise."""
    category = session.get(CourseCategory, category_id)
    if category is None or level_of(session, category) != LEVELS:
        raise Invalid('category_id', '请选择三级课程类别')
    if any(session.get(CourseCategory, i).retired_at is not None  # type: ignore[union-attr]
           for i in lineage(session, category_id)):
        raise Invalid('category_id', '该课程类别已停用，请选择其他类别')
