"""课程类别管理 (R10) on a real database: the three-level tree, who may change it, names unique among siblings, and
停用 that keeps a category on its records while no longer offering it."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timezone

import pytest
from sqlalchemy import insert, text
from sqlmodel import select

from domain.demo import _actor
from domain.records import course_categories, training
from domain.records.course_categories import CategoryNode
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import DomainError, Invalid, NotAllowed, NotFound
from storage.db import get_engine, unit_of_work
from storage.tables import CourseCategory, TeacherCategory

TODAY = datetime(2026, 11, 27, 2, 0, tzinfo=timezone.utc)
DEMO_OUTLINE = [(1, '基础课程', False), (2, '基础认证', False), (3, '认证人员守则', False), (3, '审核原理与方法', False),
                (1, '专业课程', False), (2, '质量管理体系', False), (3, 'GB/T 19001 标准理解', False)]


@pytest.fixture
def people(demo_db: str, data_dir: object) -> dict[str, Actor]:
    clock.freeze(TODAY)
    return {a: _actor(a) for a in ('test1', 'admin', 'cb1')}


def outline(nodes: list[CategoryNode] | tuple[CategoryNode, ...]) -> list[tuple[int, str, bool]]:
    """The tree read top to bottom, as the page draws it."""
    return [line for node in nodes for line in [(node.level, node.name, node.retired), *outline(node.children)]]


def find(actor: Actor, *path: str) -> CategoryNode:
    nodes: tuple[CategoryNode, ...] = tuple(course_categories.tree(actor))
    for name in path:
        node = next(n for n in nodes if n.name == name)
        nodes = node.children
    return node


def retired_at(category_id: int) -> datetime | None:
    with unit_of_work() as session:
        return session.get(CourseCategory, category_id).retired_at  # type: ignore[union-attr]


def test_anyone_logged_in_reads_the_tree_by_level_and_id(people: dict[str, Actor]) -> None:
    for who in ('test1', 'cb1', 'admin'):
        assert outline(course_categories.tree(people[who])) == DEMO_OUTLINE
    roots = course_categories.tree(people['test1'])
    assert [r.id for r in roots] == sorted(r.id for r in roots)
    basics = find(people['test1'], '基础课程', '基础认证')
    assert [c.id for c in basics.children] == sorted(c.id for c in basics.children)
    assert course_categories.options(people['test1'], None) == [(r.id, r.name) for r in roots]
    assert course_categories.options(people['test1'], basics.id) == [(c.id, c.name) for c in basics.children]
    assert course_categories.options(people['test1'], basics.children[0].id) == []


def test_staff_add_three_levels_and_no_fourth(people: dict[str, Actor]) -> None:
    admin = people['admin']
    root = course_categories.add(admin, None, '  体系课程 ')
    second = course_categories.add(admin, root.id, 'QMS')
    third = course_categories.add(admin, second.id, 'QMS体系')
    assert [(n.level, n.name, n.retired, n.children) for n in (root, second, third)] == [
        (1, '体系课程', False, ()), (2, 'QMS', False, ()), (3, 'QMS体系', False, ())]
    assert outline(course_categories.tree(admin)) == DEMO_OUTLINE + [(1, '体系课程', False), (2, 'QMS', False),
                                                                     (3, 'QMS体系', False)]
    with pytest.raises(Invalid) as error:
        course_categories.add(admin, third.id, '第四级')
    assert (error.value.field, error.value.message) == ('parent_id', '课程类别最多三级')
    assert course_categories.options(admin, third.id) == []
    assert course_categories.options(admin, second.id) == [(third.id, 'QMS体系')]


@pytest.mark.parametrize('name, message', [
    ('', '请填写类别名称'),
    ('  \u3000 ', '请填写类别名称'),
    ('审' * 101, '类别名称不能超过100字'),
])
def test_a_name_is_required_and_at_most_100_characters(people: dict[str, Actor], name: str, message: str) -> None:
    admin = people['admin']
    basics = find(admin, '基础课程')
    for attempt in (lambda: course_categories.add(admin, None, name),
                    lambda: course_categories.rename(admin, basics.id, name)):
        with pytest.raises(Invalid) as error:
            attempt()
        assert (error.value.field, error.value.message) == ('name', message)
    assert outline(course_categories.tree(admin)) == DEMO_OUTLINE


def test_a_name_of_100_characters_is_kept_stripped(people: dict[str, Actor]) -> None:
    added = course_categories.add(people['admin'], None, f'  {"审" * 100}  ')
    assert added.name == '审' * 100 and find(people['admin'], '审' * 100).id == added.id


def test_names_are_unique_among_siblings_only(people: dict[str, Actor]) -> None:
    admin = people['admin']
    basics, auth = find(admin, '基础课程'), find(admin, '基础课程', '基础认证')
    refusals = [
        lambda: course_categories.add(admin, None, '基础课程'),  # roots are siblings too
        lambda: course_categories.add(admin, basics.id, ' 基础认证 '),
        lambda: course_categories.rename(admin, auth.children[1].id, '认证人员守则'),
        lambda: course_categories.rename(admin, find(admin, '专业课程').id, '基础课程'),
    ]
    for refusal in refusals:
        with pytest.raises(Invalid) as error:
            refusal()
        assert (error.value.field, error.value.message) == ('name', '同一上级类别下已有同名类别')
    assert outline(course_categories.tree(admin)) == DEMO_OUTLINE
    # the same name elsewhere in the tree is fine, and so is keeping one's own name
    elsewhere = course_categories.add(admin, find(admin, '专业课程', '质量管理体系').id, '认证人员守则')
    assert elsewhere.level == 3
    course_categories.rename(admin, basics.id, '基础课程')
    course_categories.rename(admin, auth.id, '基础认证（通用）')
    assert find(admin, '基础课程', '基础认证（通用）').id == auth.id


def test_a_retired_sibling_keeps_its_name(people: dict[str, Actor]) -> None:
    admin = people['admin']
    auth = find(admin, '基础课程', '基础认证')
    course_categories.retire(admin, auth.children[0].id)
    with pytest.raises(Invalid, match='同一上级类别下已有同名类别'):
        course_categories.add(admin, auth.id, '认证人员守则')


def test_two_staff_adding_one_name_at_once_get_the_duplicate_message(people: dict[str, Actor],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The other's row is not yet visible to the check: the unique index refuses it, and it reads as a duplicate."""
    admin = people['admin']
    auth = find(admin, '基础课程', '基础认证')
    monkeypatch.setattr(course_categories, '_refuse_sibling_named', lambda *_: None)
    for attempt in (lambda: course_categories.add(admin, auth.id, '认证人员守则'),
                    lambda: course_categories.rename(admin, auth.children[1].id, '认证人员守则')):
        with pytest.raises(Invalid) as error:
            attempt()
        assert (error.value.field, error.value.message) == ('name', '同一上级类别下已有同名类别')
    assert outline(course_categories.tree(admin)) == DEMO_OUTLINE


def test_two_staff_adding_one_root_at_once_on_postgresql(people: dict[str, Actor], database: str) -> None:
    """The unique index does not cover roots (their NULL parents are distinct): the second adder waits for the
    first one's transaction and then sees its root."""
    if 'postgresql' not in database:
        pytest.skip('SQLite runs writing transactions one at a time (BEGIN IMMEDIATE)')
    engine = get_engine()
    outcome: dict[str, object] = {}

    def second_adder() -> None:
        try:
            outcome['result'] = course_categories.add(people['admin'], None, '体系课程')
        except DomainError as error:
            outcome['result'] = error

    with engine.connect() as first, engine.connect() as observer:
        transaction = first.begin()
        first.execute(text('SELECT pg_advisory_xact_lock(:key)'), {'key': course_categories._WRITE_LOCK})
        first.execute(insert(CourseCategory).values(name='体系课程', parent_id=None))
        thread = threading.Thread(target=second_adder)
        thread.start()
        deadline = time.monotonic() + 10
        while thread.is_alive() and time.monotonic() < deadline and not observer.execute(text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).scalar():
            time.sleep(0.01)  # poll until the second adder waits (or, without the lock, has gone ahead)
        transaction.commit()
    thread.join(10)
    assert isinstance(outcome.get('result'), Invalid), outcome
    assert outcome['result'].message == '同一上级类别下已有同名类别'  # type: ignore[union-attr]
    assert [n.name for n in course_categories.tree(people['admin'])].count('体系课程') == 1


def test_only_staff_change_the_tree(people: dict[str, Actor]) -> None:
    basics = find(people['admin'], '基础课程')
    course_categories.retire(people['admin'], find(people['admin'], '专业课程').id)
    retired = find(people['admin'], '专业课程')
    for who in ('test1', 'cb1'):
        actor = people[who]
        for attempt in (lambda: course_categories.require_staff(actor),
                        lambda: course_categories.add(actor, None, '体系课程'),
                        lambda: course_categories.add(actor, basics.id, '体系课程'),
                        lambda: course_categories.rename(actor, basics.id, '体系课程'),
                        lambda: course_categories.retire(actor, basics.id),
                        lambda: course_categories.restore(actor, retired.id)):
            with pytest.raises(NotAllowed) as error:
                attempt()
            assert error.value.message == '只有协会工作人员可以管理课程类别'
    assert outline(course_categories.tree(people['admin'])) == DEMO_OUTLINE[:4] + [
        (level, name, True) for level, name, _ in DEMO_OUTLINE[4:]]
    course_categories.require_staff(people['admin'])


def test_an_unknown_category_is_not_found(people: dict[str, Actor]) -> None:
    admin = people['admin']
    for attempt in (lambda: course_categories.add(admin, 999999, '体系课程'),
                    lambda: course_categories.rename(admin, 999999, '体系课程'),
                    lambda: course_categories.retire(admin, 999999),
                    lambda: course_categories.restore(admin, 999999)):
        with pytest.raises(NotFound) as error:
            attempt()
        assert error.value.message == '未找到该课程类别'
    assert course_categories.options(admin, 999999) == []


def test_retiring_retires_what_lies_below_and_keeps_it_on_records(people: dict[str, Actor]) -> None:
    admin, test1 = people['admin'], people['test1']
    basics = find(admin, '基础课程')
    auth = basics.children[0]
    code, method = auth.children
    earlier = datetime(2026, 10, 1, tzinfo=timezone.utc)
    clock.freeze(earlier)
    assert course_categories.retire(admin, method.id) == 1
    clock.freeze(TODAY)
    assert course_categories.retire(admin, basics.id) == 3  # itself, 基础认证 and 认证人员守则
    assert course_categories.retire(admin, basics.id) == 0
    assert [retired_at(i) for i in (basics.id, auth.id, code.id, method.id)] == [TODAY, TODAY, TODAY, earlier]
    # still in the tree, shown as retired, for everyone
    assert outline(course_categories.tree(test1)) == [(level, name, i < 4) for i, (level, name, _)
                                                      in enumerate(DEMO_OUTLINE)]
    # no longer offered for new choices
    assert [name for _, name in course_categories.options(test1, None)] == ['专业课程']
    assert course_categories.options(test1, basics.id) == [] and course_categories.options(test1, auth.id) == []
    # and still named on what uses it: teacher1's binding
    with unit_of_work() as session:
        bound = session.exec(select(TeacherCategory.category_id)).all()
        assert code.id in bound
        assert training.category_paths(session, [code.id]) == {code.id: '基础课程 > 基础认证 > 认证人员守则'}
    # nothing new goes under a retired category
    with pytest.raises(NotAllowed, match='请先启用上级类别'):
        course_categories.add(admin, auth.id, '新的课程')


def test_restore_brings_back_only_the_one_asked_for_and_its_parent_first(people: dict[str, Actor]) -> None:
    admin = people['admin']
    basics = find(admin, '基础课程')
    auth = basics.children[0]
    course_categories.retire(admin, basics.id)
    for below in (auth, auth.children[0]):
        with pytest.raises(NotAllowed) as error:
            course_categories.restore(admin, below.id)
        assert error.value.message == '请先启用上级类别'
    course_categories.restore(admin, basics.id)
    assert outline([find(admin, '基础课程')]) == [(1, '基础课程', False), (2, '基础认证', True),
                                                 (3, '认证人员守则', True), (3, '审核原理与方法', True)]
    assert retired_at(basics.id) is None
    course_categories.restore(admin, auth.id)
    course_categories.restore(admin, auth.children[1].id)
    assert course_categories.options(admin, auth.id) == [(auth.children[1].id, '审核原理与方法')]
    course_categories.restore(admin, basics.id)  # restoring an active one changes nothing
    assert outline([find(admin, '基础课程')])[:2] == [(1, '基础课程', False), (2, '基础认证', False)]


def test_a_retired_category_can_be_renamed(people: dict[str, Actor]) -> None:
    admin = people['admin']
    code = find(admin, '基础课程', '基础认证', '认证人员守则')
    course_categories.retire(admin, code.id)
    course_categories.rename(admin, code.id, '认证人员行为守则')
    assert find(admin, '基础课程', '基础认证', '认证人员行为守则').retired
