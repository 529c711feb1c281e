"""绑定课程类别 (R10.1) on a real database: only active teachers bind, only a third-level category in use that they
have not bound yet, with at least one 工作经历 or 授课经历; 提交 completes the binding in the same transaction, and
课程管理 and the public teacher query show it."""
from __future__ import annotations

import pytest
from sqlmodel import select

from domain.demo import _actor
from domain.engine import experiences, my_cases
from domain.portal import public_queries
from domain.records import course_categories, training
from domain.services.course_binding import application as bindings
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotAllowed
from storage.db import unit_of_work
from storage.tables import TeacherCategory

TEACHING = {'start_date': '2019-03-01', 'end_date': None, 'organization': '华夏认证培训中心',
            'course_name': '审核原理与方法', 'hours': 32}


@pytest.fixture
def people(demo_db: str, data_dir: object) -> dict[str, Actor]:
    return {a: _actor(a) for a in ('teacher1', 'test1', 'admin', 'tb1')}


def category_id(*names: str) -> int:
    with unit_of_work() as session:
        found = training.category_at(session, *names)
    assert found is not None
    return found


def bound_paths(teacher: Actor) -> list[str]:
    return [b.path for b in bindings.bound_categories(teacher)]


def test_a_teacher_binds_a_category_with_teaching_experience(people: dict[str, Actor]) -> None:
    teacher = people['teacher1']
    assert bound_paths(teacher) == ['基础课程 > 基础认证 > 认证人员守则', '专业课程 > 质量管理体系 > GB/T 19001 标准理解']
    view = bindings.start(teacher)
    target = category_id('基础课程', '基础认证', '审核原理与方法')
    view = bindings.save_info(teacher, view.case.id, category_id=target)
    assert (view.category_path, view.lineage[-1]) == ('基础课程 > 基础认证 > 审核原理与方法', target)
    assert [p.field for p in bindings.problems(teacher, view.case.id)] == ['evidence']
    with pytest.raises(Invalid) as refused:
        bindings.submit(teacher, view.case.id)
    assert refused.value.message == '请至少添加一条工作经历或授课经历'

    experiences.save_row(teacher, 'teaching_experience', TEACHING, case_id=view.case.id)
    closed = bindings.submit(teacher, view.case.id, view.case.version)
    assert (closed.status_label, closed.outcome) == ('已完结', 'bound')
    assert bound_paths(teacher)[-1] == '基础课程 > 基础认证 > 审核原理与方法'
    assert bindings.facts(teacher, closed.id) == {'课程类别': '基础课程 > 基础认证 > 审核原理与方法'}
    mine = [c for c in my_cases.all_my_cases(teacher, my_cases.CaseQuery()) if c.id == closed.id]
    assert mine[0].title == '绑定课程类别 (基础课程 > 基础认证 > 审核原理与方法)'
    [found] = public_queries.teachers_by_name('127.0.0.9', '陈静')
    assert '审核原理与方法' in ' '.join(found.categories)


def test_only_a_third_level_category_in_use_not_bound_yet(people: dict[str, Actor]) -> None:
    teacher = people['teacher1']
    case_id = bindings.start(teacher).case.id
    refusals = {
        category_id('基础课程', '基础认证'): '请选择三级课程类别',
        category_id('基础课程', '基础认证', '认证人员守则'): '您已绑定该课程类别',
    }
    for value, message in refusals.items():
        with pytest.raises(Invalid) as refused:
            bindings.save_info(teacher, case_id, category_id=value)
        assert (refused.value.field, refused.value.message) == ('category_id', message)
    retired = category_id('基础课程', '基础认证', '审核原理与方法')
    course_categories.retire(people['admin'], category_id('基础课程', '基础认证'))  # its children go with it
    with pytest.raises(Invalid) as refused:
        bindings.save_info(teacher, case_id, category_id=retired)
    assert refused.value.message == '该课程类别已停用，请选择其他类别'
    assert bindings.application(teacher, case_id).category_id is None


def test_a_category_retired_after_it_was_chosen_is_refused_on_submit(people: dict[str, Actor]) -> None:
    teacher = people['teacher1']
    view = bindings.start(teacher)
    target = category_id('基础课程', '基础认证', '审核原理与方法')
    bindings.save_info(teacher, view.case.id, category_id=target)
    experiences.save_row(teacher, 'work_experience', {
        'employer': '华夏认证培训中心', 'start_date': '2015-01-01', 'end_date': None, 'department': '',
        'position': '讲师', 'referee_name': '张伟', 'referee_phone': '13912345678'}, case_id=view.case.id)
    course_categories.retire(people['admin'], target)
    with pytest.raises(Invalid) as refused:
        bindings.submit(teacher, view.case.id)
    assert refused.value.message == '该课程类别已停用，请选择其他类别'
    with unit_of_work() as session:
        assert session.exec(select(TeacherCategory).where(TeacherCategory.category_id == target)).all() == []


def test_only_active_teachers_may_bind(people: dict[str, Actor]) -> None:
    assert [i.passed for i in bindings.precheck(people['test1'])] == [True, False]
    for account in ('test1', 'tb1', 'admin'):
        with pytest.raises(NotAllowed):
            bindings.start(people[account])
    assert bindings.precheck(people['teacher1'])[1].detail == '已登记为培训教师'
