"""培训课程管理 › 课程管理 and 绑定课程类别 (R10.1) in the page: the teacher's bound categories, the three cascading
selects, the evidence rows added through the experience table, the messages beside the fields, and the binding
listed once submitted."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from domain.demo import _actor
from domain.engine import cases, my_cases
from domain.services.course_binding import application as bindings
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def level(user: User, number: int) -> ui.select:
    return next(e for e in user.find(ui.select).elements if e.props.get('data-testid') == f'field-category-{number}')


def drafts() -> list[cases.CaseView]:
    return [c for c in my_cases.all_my_cases(_actor('teacher1'), my_cases.CaseQuery())
            if c.stage == 'draft' and c.service_code == 'course_binding']


def bound_rows(user: User) -> list[str]:
    tables = [e for e in user.current_layout.descendants() if isinstance(e, ui.table)
              and e.props.get('data-testid') == 'bound-categories']
    return [row['path'] for row in tables[0].rows] if tables else []


def options(select: ui.select) -> list[str]:
    return list(select.options.values()) if isinstance(select.options, dict) else list(select.options)


async def test_bind_a_category_from_course_management(user: User) -> None:
    await log_in(user, 'teacher1')
    await user.open('/my/courses')
    await eventually(lambda: _assert_equal(bound_rows(user), ['基础课程 > 基础认证 > 认证人员守则',
                                                              '专业课程 > 质量管理体系 > GB/T 19001 标准理解']), timeout=10)
    user.find(kind=ui.button, content='绑定课程类别').click()
    await user.should_see('绑定课程类别　在线申请', retries=100)
    await user.should_see('已登记为培训教师', retries=50)
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('* 课程类别', retries=100)
    await user.should_see(kind=ui.button, content='下一步 >', retries=100)  # the evidence tables are built
    await eventually(lambda: _assert_equal(options(level(user, 1)), ['基础课程', '专业课程']), timeout=10)
    [case] = drafts()

    user.find(kind=ui.button, content='下一步 >').click()  # nothing chosen: messages beside the picker and the rows
    await user.should_see('请选择课程类别', retries=50)
    await user.should_see('请至少添加一条工作经历或授课经历')

    level(user, 1).set_value(next(k for k, v in level(user, 1).options.items() if v == '基础课程'))
    await eventually(lambda: _assert_equal(options(level(user, 2)), ['基础认证']), timeout=10)
    level(user, 2).set_value(next(iter(level(user, 2).options)))
    await eventually(lambda: _assert_equal(options(level(user, 3)), ['认证人员守则', '审核原理与方法']), timeout=10)
    level(user, 3).set_value(next(k for k, v in level(user, 3).options.items() if v == '认证人员守则'))
    await user.should_see('您已绑定该课程类别', retries=50)  # refused beside the picker at once
    level(user, 3).set_value(next(k for k, v in level(user, 3).options.items() if v == '审核原理与方法'))
    await eventually(lambda: _assert_equal(bindings.application(_actor('teacher1'), case.id).category_path,
                                           '基础课程 > 基础认证 > 审核原理与方法'), timeout=10)

    user.find(marker='teaching_experience-add').click()
    await user.should_see('添加授课经历')
    user.find(marker='start_date').type('2019-03-01')
    user.find(marker='organization').type('华夏认证培训中心')
    user.find(marker='course_name').type('审核原理与方法')
    user.find(marker='hours').type('32')
    user.find(marker='teaching_experience-save').click()
    [teaching] = user.find(marker='experience-teaching_experience').elements
    await eventually(lambda: _assert_equal([r['organization'] for r in teaching.table.rows], ['华夏认证培训中心']),
                     timeout=10)

    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('请核对申请信息', retries=100)
    user.find(kind=ui.button, content='提交').click()
    await user.should_see('绑定课程类别 业务已成功提交', retries=100)
    assert cases.get_case(_actor('teacher1'), case.id).outcome == 'bound'

    await user.open('/my/courses')
    await eventually(lambda: _assert_equal(bound_rows(user)[-1:], ['基础课程 > 基础认证 > 审核原理与方法']), timeout=10)


async def test_a_person_who_is_not_a_teacher_is_told_so(user: User) -> None:
    await log_in(user, 'test1')
    await user.open('/my/courses')
    await user.should_see('只有培训教师可以绑定课程类别', retries=100)
    await user.open('/apply/course_binding')
    await user.should_see('只有培训教师可以绑定课程类别', retries=100)
    user.find(kind=ui.button, content='下一步 >').click()
    await eventually(lambda: _assert_equal([c for c in my_cases.all_my_cases(_actor('test1'), my_cases.CaseQuery())
                                            if c.service_code == 'course_binding'], []))
