"""培训课程管理 › 培训计划管理 (R10.4) in the page: the plans that name the teacher, 待确认 first, the 课程名称 and
确认状态 filters with 查询 and 重置. (确认 and 终止 are driven in the browser journey.)"""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from domain.demo import _actor
from domain.engine import cases
from domain.services.course_filing import teachers as filing_teachers
from domain.services.training_plan import application as plans
from tests.ui.test_course_filing import by_testid, submitted_filing
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def plan_rows(user: User) -> list[tuple[str, str, str]]:
    tables = [e for e in user.current_layout.descendants() if isinstance(e, ui.table)
              and e.props.get('data-testid') == 'plans']
    return [(r['plan_no'], r['status'], r['terminated']) for r in tables[0].rows
            if r['plan_no'] == 'BA2026012-2026007'] if tables else []  # this test's plan (the demo data has others)


def reported_plan() -> None:
    filing = submitted_filing()
    filing_teachers.confirm(_actor('teacher1'), filing.id, '同意', '')
    admin = _actor('admin')
    cases.act(admin, filing.id, 'approve', expected_version=cases.get_case(admin, filing.id).version)
    tb1 = _actor('tb1')
    view = plans.start(tb1)
    plans.save_info(tb1, view.case.id, plan_no='BA2026012-2026007', filing_case_id=filing.id, start_on='2026-12-14',
                    end_on='2026-12-16', online=True, capacity=40, teacher_ids=[])
    plans.save_info(tb1, view.case.id, teacher_ids=[_actor('teacher1').user_id])
    plans.submit(tb1, view.case.id)


async def test_the_teachers_plans_with_their_filters(user: User) -> None:
    reported_plan()
    await log_in(user, 'teacher1')
    await user.open('/my/courses/plans')
    await eventually(lambda: _assert_equal(plan_rows(user), [('BA2026012-2026007', '待确认', '否')]), timeout=10)
    by_testid(user, ui.input, 'filter-course').set_value('QMS')
    user.find(kind=ui.button, content='查询').click()
    await eventually(lambda: _assert_equal(plan_rows(user), []), timeout=10)
    user.find(kind=ui.button, content='重置').click()
    await eventually(lambda: _assert_equal(plan_rows(user), [('BA2026012-2026007', '待确认', '否')]), timeout=10)
    by_testid(user, ui.select, 'filter-status').set_value('同意')
    user.find(kind=ui.button, content='查询').click()
    await eventually(lambda: _assert_equal(plan_rows(user), []), timeout=10)
