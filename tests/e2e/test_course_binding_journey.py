"""绑定课程类别 end to end in a real browser (R10.1): teacher1 opens 培训课程管理, binds a category chosen in three
cascading selects with a 授课经历 typed in as evidence, and finds it in 课程管理 and in the public teacher query.

The journey runs on a server of its own: it changes teacher1's bindings, which other journeys read."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import as_user, running_server, screenshot


@pytest.fixture(scope='module')
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(Path(tmp_path_factory.mktemp('course-binding-e2e'))) as url:
        yield url


def test_a_teacher_binds_a_course_category(browser: Browser, own_server: str) -> None:
    teacher = as_user(browser, own_server, 'teacher1')
    teacher.goto('/my/courses')
    bound = teacher.get_by_test_id('bound-categories')
    expect(bound).to_contain_text('基础课程 > 基础认证 > 认证人员守则')
    teacher.get_by_test_id('bind-category').click()
    expect(teacher.get_by_text('已登记为培训教师')).to_be_visible()
    teacher.get_by_test_id('wizard-next').click()
    expect(teacher.get_by_text('* 课程类别')).to_be_visible()

    teacher.get_by_test_id('wizard-next').click()  # nothing chosen: the messages beside the picker and the rows
    expect(teacher.get_by_text('请选择课程类别')).to_be_visible()
    expect(teacher.get_by_text('请至少添加一条工作经历或授课经历')).to_be_visible()

    for level, option in ((1, '基础课程'), (2, '基础认证'), (3, '审核原理与方法')):
        teacher.get_by_test_id(f'field-category-{level}').click()
        teacher.get_by_role('option', name=option, exact=True).click()
    expect(teacher.get_by_text('请选择课程类别')).to_have_count(0)

    teaching = teacher.locator('.ccaa-experience', has=teacher.get_by_role('heading', name='授课经历', exact=True))
    teaching.get_by_role('button', name='添加', exact=True).click()
    dialog = teacher.locator('.q-dialog')
    dialog.get_by_label('开始日期').fill('2019-03-01')
    dialog.get_by_label('授课机构').fill('华夏认证培训中心')
    dialog.get_by_label('课程名称').fill('审核原理与方法')
    dialog.get_by_label('授课学时').fill('32')
    dialog.get_by_role('button', name='保存').click()
    expect(teaching.locator('tbody tr')).to_have_count(1)
    screenshot(teacher, 'course-binding-form')

    teacher.get_by_test_id('wizard-next').click()
    expect(teacher.get_by_text('请核对申请信息')).to_be_visible()
    expect(teacher.locator('.q-dialog')).to_contain_text('基础课程 > 基础认证 > 审核原理与方法')
    teacher.get_by_test_id('wizard-submit').click()
    expect(teacher.get_by_text('绑定课程类别 业务已成功提交')).to_be_visible()

    teacher.goto('/my/courses')
    expect(teacher.get_by_test_id('bound-categories')).to_contain_text('基础课程 > 基础认证 > 审核原理与方法')
    screenshot(teacher, 'course-management')
    teacher.goto('/query/teachers')
    teacher.get_by_label('教师姓名').fill('陈静')
    teacher.get_by_role('button', name='查询').click()
    expect(teacher.get_by_role('cell', name='基础课程 > 基础认证 > 审核原理与方法', exact=False)).to_be_visible()
