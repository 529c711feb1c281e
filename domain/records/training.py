"""Training (R10): course categories as people read them, and the states of a teacher in the register."""
from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from storage.tables import CourseCategory

# 状态 of a teacher in the public register
TEACHER_STATUS_LABELS = {'active': '有效', 'suspended': '暂停', 'withdrawn': '已注销'}
CATEGORY_SEPARATOR = ' > '


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
