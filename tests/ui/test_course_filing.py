"""培训课程管理 › 课程备案管理 (R10.2) in the page: the filings that name the teacher, the 状态 filter with 查询 and
重置, and the page refused to anyone who is not a teacher. (确认 in its dialog is driven in the browser journey.)"""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from domain.demo import _actor
from domain.engine import cases
from domain.services.course_filing import application as filings
from tests.storage.test_course_binding import category_id
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def by_testid(user: User, kind: type, testid: str):  # type: ignore[no-untyped-def]
    return next(e for e in user.find(kind).elements if e.props.get('data-testid') == testid)


def filing_rows(user: User, case_no: str) -> list[tuple[str, str, bool]]:
    """The rows of this filing (the demo data has others)."""
    tables = [e for e in user.current_layout.descendants() if isinstance(e, ui.table)
              and e.props.get('data-testid') == 'filings']
    return [(r['case_no'], r['status'], r['can_confirm']) for r in tables[0].rows if r['case_no'] == case_no] \
        if tables else []


def submitted_filing() -> cases.CaseView:
    tb1 = _actor('tb1')
    view = filings.start(tb1)
    filings.save_info(tb1, view.case.id, course_name='认证人员守则精讲',
                      category_id=category_id('基础课程', '基础认证', '认证人员守则'), outline='8 学时')
    filings.save_info(tb1, view.case.id, teacher_ids=[_actor('teacher1').user_id])
    return filings.submit(tb1, view.case.id)


async def test_the_teachers_filings_with_the_status_filter(user: User) -> None:
    case = submitted_filing()
    await log_in(user, 'teacher1')
    await user.open('/my/courses/filings')
    await eventually(lambda: _assert_equal(filing_rows(user, case.case_no), [(case.case_no, '待确认', True)]), timeout=10)
    by_testid(user, ui.select, 'filter-status').set_value('教师同意与课程备案')
    user.find(kind=ui.button, content='查询').click()
    await eventually(lambda: _assert_equal(filing_rows(user, case.case_no), []), timeout=10)
    user.find(kind=ui.button, content='重置').click()
    await eventually(lambda: _assert_equal(filing_rows(user, case.case_no), [(case.case_no, '待确认', True)]), timeout=10)
    assert by_testid(user, ui.select, 'filter-status').value == '全部'


async def test_someone_who_is_not_a_teacher_is_told_so(user: User) -> None:
    await log_in(user, 'test1')
    await user.open('/my/courses/filings')
    await user.should_see('只有培训教师可以查看课程备案', retries=100)
