"""课程类别管理 (R10): the three-level course-category tree (基础课程 > 基础认证 > 认证人员守则) that CCAA staff keep.

A category is never deleted: 停用 keeps it, with its name, on every record that uses it and in the tree, but it is no
longer offered for new choices. Retiring one retires what lies under it; a category is restored one at a time, and
only while its parent is active, so an active category never hangs under a retired one.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import CourseCategory

MAX_LEVEL = 3
NAME_MAX = 100
DUPLICATE = '同一上级类别下已有同名类别'
NOT_FOUND = '未找到该课程类别'
PARENT_RETIRED = '请先启用上级类别'
# Held for the rest of a PostgreSQL transaction that changes the tree, so changes by two staff at once run one after
# the other: the unique index on (parent_id, name) does not cover roots (NULL parents are distinct), and a child
# added while its parent is being retired would stay active under it.
_WRITE_LOCK = 0x43435243


@dataclass(frozen=True)
class CategoryNode:
    """One category as the tree shows it; level 1 is a root."""

    id: int
    name: str
    level: int
    retired: bool
    children: tuple[CategoryNode, ...] = ()


def tree(actor: Actor) -> list[CategoryNode]:
    """The whole tree, retired categories included: roots by id, each one's children by id."""
    with unit_of_work() as session:
        return _build(_all(session))


def options(actor: Actor, parent_id: int | None) -> list[tuple[int, str]]:
    """(id, name) of the active children of a category, or of the active roots when parent_id is None, by id:
    what a cascading select offers for a new choice."""
    parent = col(CourseCategory.parent_id)
    with unit_of_work() as session:
        found = session.exec(select(CourseCategory)
                             .where(parent.is_(None) if parent_id is None else parent == parent_id,
                                    col(CourseCategory.retired_at).is_(None))
                             .order_by(col(CourseCategory.id))).all()
        return [(c.id, c.name) for c in found]  # type: ignore[misc]


def require_staff(actor: Actor) -> None:
    """NotAllowed unless the actor is CCAA staff: only they manage the categories."""
    if actor.role is not Role.CCAA_STAFF:
        raise NotAllowed('只有协会工作人员可以管理课程类别')


def add(actor: Actor, parent_id: int | None, name: str) -> CategoryNode:
    """新增: a root when parent_id is None, else a child of an active category of level 1 or 2."""
    require_staff(actor)
    name = _checked_name(name)
    try:
        with unit_of_work(write=True) as session:
            _serialise(session)
            level = 1
            if parent_id is not None:
                parent = _get(session, parent_id)
                level = _level(session, parent) + 1
                if level > MAX_LEVEL:
                    raise Invalid('parent_id', '课程类别最多三级')
                if parent.retired_at is not None:
                    raise NotAllowed(PARENT_RETIRED)
            _refuse_sibling_named(session, parent_id, name)
            category = CourseCategory(parent_id=parent_id, name=name)
            session.add(category)
            session.flush()
            return CategoryNode(category.id, category.name, level, False)  # type: ignore[arg-type]
    except IntegrityError:  # another member of staff added the same name under the same parent at this moment
        raise Invalid('name', DUPLICATE) from None


def rename(actor: Actor, category_id: int, name: str) -> None:
    """重命名: the new name shows wherever the category is used, records made before included."""
    require_staff(actor)
    name = _checked_name(name)
    try:
        with unit_of_work(write=True) as session:
            _serialise(session)
            category = _get(session, category_id)
            if category.name == name:
                return
            _refuse_sibling_named(session, category.parent_id, name)
            category.name = name
            session.add(category)
            session.flush()
    except IntegrityError:
        raise Invalid('name', DUPLICATE) from None


def retire(actor: Actor, category_id: int) -> int:
    """停用 a category and every category under it; returns how many were newly retired."""
    require_staff(actor)
    with unit_of_work(write=True) as session:
        _serialise(session)
        category = _get(session, category_id)
        children: dict[int | None, list[CourseCategory]] = defaultdict(list)
        for c in _all(session):
            children[c.parent_id].append(c)
        moment, count, stack = clock.now(), 0, [category]
        while stack:
            current = stack.pop()
            if current.retired_at is None:  # one retired earlier keeps its own date
                current.retired_at = moment
                session.add(current)
                count += 1
            stack.extend(children[current.id])
        return count


def restore(actor: Actor, category_id: int) -> None:
    """启用 the one category asked for (not those under it), once its parent is active."""
    require_staff(actor)
    with unit_of_work(write=True) as session:
        _serialise(session)
        category = _get(session, category_id)
        if category.parent_id is not None and _get(session, category.parent_id).retired_at is not None:
            raise NotAllowed(PARENT_RETIRED)
        category.retired_at = None
        session.add(category)


def _all(session: Session) -> list[CourseCategory]:
    return list(session.exec(select(CourseCategory).order_by(col(CourseCategory.id))).all())  # a few hundred at most


def _build(categories: list[CourseCategory]) -> list[CategoryNode]:
    children: dict[int | None, list[CourseCategory]] = defaultdict(list)
    for category in categories:  # already by id
        children[category.parent_id].append(category)

    def node(category: CourseCategory, level: int) -> CategoryNode:
        below = tuple(node(c, level + 1) for c in children[category.id])  # reached from a root: no cycle
        retired = category.retired_at is not None
        return CategoryNode(category.id, category.name, level, retired, below)  # type: ignore[arg-type]

    return [node(root, 1) for root in children[None]]


def _get(session: Session, category_id: int) -> CourseCategory:
    category = session.get(CourseCategory, category_id)
    if category is None:
        raise NotFound(NOT_FOUND)
    return category


def _level(session: Session, category: CourseCategory) -> int:
    level, current = 1, category
    while current.parent_id is not None and level <= MAX_LEVEL:
        current = _get(session, current.parent_id)
        level += 1
    return level


def _checked_name(name: str) -> str:
    name = (name or '').strip()
    if not name:
        raise Invalid('name', '请填写类别名称')
    if len(name) > NAME_MAX:
        raise Invalid('name', f'类别名称不能超过{NAME_MAX}字')
    return name


def _refuse_sibling_named(session: Session, parent_id: int | None, name: str) -> None:
    """Retired siblings count: they keep their names on the records that use them."""
    parent = col(CourseCategory.parent_id)
    same = session.exec(select(CourseCategory.id).where(
        parent.is_(None) if parent_id is None else parent == parent_id, CourseCategory.name == name)).first()
    if same is not None:
        raise Invalid('name', DUPLICATE)


def _serialise(session: Session) -> None:
    """SQLite's writing transactions already run one at a time (BEGIN IMMEDIATE); PostgreSQL's need the lock."""
    if session.get_bind().dialect.name == 'postgresql':
        session.connection().execute(text('SELECT pg_advisory_xact_lock(:key)'), {'key': _WRITE_LOCK})
