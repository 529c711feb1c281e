"""培训计划上报 (R10.4) on a real database: a training body plans one of its filed courses with teachers who teach
it; each teacher confirms in 培训计划管理; one 不同意 returns the plan, all 同意 make it 已确认; the body may 终止 it."""
from __future__ import annotations

from datetime import date

import pytest

from domain.engine import cases, messages
from domain.portal import public_queries
from domain.services.training_plan import application as plans
from domain.services.training_plan import teachers
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotAllowed, NotFound
from tests.storage.test_course_binding import category_id
from tests.storage.test_course_filing import approved, filed, people  # noqa: F401  (the fixture)


def mine(teacher: Actor, case_id: int, **filters: object) -> teachers.PlanRow | None:
    """The teacher's row of this plan in 培训计划管理 (the demo data has others), None when it is not listed."""
    return next((r for r in teachers.my_plans(teacher, **filters) if r.case_id == case_id), None)  # type: ignore[arg-type]


def reported(people: dict[str, Actor], filing: cases.CaseView, *accounts: str) -> cases.CaseView:
    tb1 = people['tb1']
    view = plans.start(tb1)
    plans.save_info(tb1, view.case.id, plan_no='BA2026012-2026007', filing_case_id=filing.id, start_on='2026-12-14',
                    end_on='2026-12-16', online=False, place='北京市朝阳区培训教室', capacity=40)
    plans.save_info(tb1, view.case.id, teacher_ids=[people[a].user_id for a in accounts])
    return plans.submit(tb1, view.case.id)


def test_a_plan_needs_a_filed_course_and_its_teachers(people: dict[str, Actor]) -> None:
    tb1 = people['tb1']
    assert [i.passed for i in plans.precheck(people['cb1'])] == [False, False]
    with pytest.raises(NotAllowed):
        plans.start(people['cb1'])
    filing = approved(people, 'teacher1')
    view = plans.start(tb1)
    assert (filing.id, '认证人员守则精讲（基础课程 > 基础认证 > 认证人员守则）') in plans.course_options(tb1)
    pending = filed(people, 'teacher1')
    assert pending.id not in dict(plans.course_options(tb1)), 'only filed courses'
    assert [p.field for p in plans.problems(tb1, view.case.id)] == [
        'plan_no', 'filing_case_id', 'start_on', 'end_on', 'online', 'capacity', 'teacher_ids']
    plans.save_info(tb1, view.case.id, filing_case_id=filing.id, start_on='2026-12-16', end_on='2026-12-14',
                    online=False, capacity=40)
    assert {p.field: p.message for p in plans.problems(tb1, view.case.id)}['end_on'] == '培训结束日期不能早于开始日期'
    assert 'place' in {p.field for p in plans.problems(tb1, view.case.id)}
    with pytest.raises(Invalid) as refused:
        plans.save_info(tb1, view.case.id, teacher_ids=[people['expert1'].user_id])  # does not teach the course
    assert refused.value.field == 'teacher_ids'
    with pytest.raises(Invalid):
        plans.save_info(tb1, view.case.id, capacity=0)
    assert plans.teacher_options(tb1, filing.id) == [(people['teacher1'].user_id, '陈静')]


def test_teachers_confirm_and_the_body_terminates(people: dict[str, Actor]) -> None:
    filing = approved(people, 'teacher1', 'expert1')
    case = reported(people, filing, 'teacher1', 'expert1')
    assert case.stage == 'teacher_confirmation'
    assert any('BA2026012-2026007' in m.title and '需要教师确认' in m.title
               for m in messages.list_messages(people['teacher1']))
    row = mine(people['teacher1'], case.id)
    assert row is not None and (row.plan_no, row.course_name, row.status, row.terminated, row.can_confirm) == (
        'BA2026012-2026007', '认证人员守则精讲', '待确认', False, True)
    assert mine(people['teacher1'], case.id, course_name='守则精讲') == row
    assert mine(people['teacher1'], case.id, course_name='QMS') is None
    assert mine(people['teacher1'], case.id, category_id=category_id('专业课程')) is None
    with pytest.raises(NotFound):  # public only once every teacher has agreed
        public_queries.training_plans('127.0.0.7', 'BA2026012-2026007')
    teachers.confirm(people['teacher1'], case.id, '同意', '')
    teachers.confirm(people['expert1'], case.id, '同意', '按时授课')
    assert cases.get_case(people['tb1'], case.id).stage_label == '已确认'
    [public] = [p for p in public_queries.training_plans('127.0.0.7', '华夏认证培训') if p.plan_no == 'BA2026012-2026007']
    assert (public.plan_no, public.course_name, public.mode, public.place, public.status) == (
        'BA2026012-2026007', '认证人员守则精讲', '线下', '北京市朝阳区培训教室', '已确认')
    assert mine(people['teacher1'], case.id, status='同意').can_confirm is False  # type: ignore[union-attr]

    with pytest.raises(NotAllowed):
        plans.terminate(people['cb1'], case.id, '原因')
    with pytest.raises(Invalid):
        plans.terminate(people['tb1'], case.id, ' ')
    closed = plans.terminate(people['tb1'], case.id, '报名人数不足')
    assert (closed.status_label, closed.outcome) == ('已完结', 'terminated')
    assert mine(people['teacher1'], case.id).terminated is True  # type: ignore[union-attr]
    assert teachers.detail(people['teacher1'], case.id)[1]['终止原因'] == '报名人数不足'
    assert public_queries.training_plans('127.0.0.7', '守则精讲')[0].status == '已终止'
    by_category = public_queries.training_plans_by_category('127.0.0.7', '认证人员守则', '2026-12-16')
    assert 'BA2026012-2026007' in [p.plan_no for p in by_category]
    with pytest.raises(NotFound):  # ended by then, as has the demo's confirmed plan
        public_queries.training_plans_by_category('127.0.0.7', '认证人员守则', '2026-12-17')
    with pytest.raises(Invalid):
        public_queries.training_plans_by_category('127.0.0.7', '认证人员守则', '12/17')


def test_one_disagreement_returns_the_plan_and_strangers_see_nothing(people: dict[str, Actor]) -> None:
    filing = approved(people, 'teacher1', 'expert1')
    case = reported(people, filing, 'teacher1')
    with pytest.raises(NotFound):
        teachers.detail(people['expert1'], case.id)
    with pytest.raises(Invalid):
        teachers.confirm(people['teacher1'], case.id, '不同意', '')
    teachers.confirm(people['teacher1'], case.id, '不同意', '12月14日另有授课安排')
    assert cases.get_case(people['tb1'], case.id).stage == 'rectification'
    assert plans.may_terminate(people['tb1'], case.id) is False
    plans.save_info(people['tb1'], case.id, start_on=date(2026, 12, 21), end_on=date(2026, 12, 23))
    assert plans.submit(people['tb1'], case.id).stage == 'teacher_confirmation'
    assert mine(people['teacher1'], case.id).status == '待确认'  # type: ignore[union-attr]


def test_a_terminated_plan_takes_no_confirmation(people: dict[str, Actor]) -> None:
    filing = approved(people, 'teacher1')
    case = reported(people, filing, 'teacher1')
    plans.terminate(people['tb1'], case.id, '场地取消')
    assert mine(people['teacher1'], case.id).can_confirm is False  # type: ignore[union-attr]
    with pytest.raises(NotAllowed):
        teachers.confirm(people['teacher1'], case.id, '同意', '')
    with pytest.raises(NotAllowed):
        plans.terminate(people['tb1'], case.id, '再次终止')
