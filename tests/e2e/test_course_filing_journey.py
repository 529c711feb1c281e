"""The training duties end to end in a real browser (R10.2–R10.4): the training body tb1 files a course naming
teacher1, teacher1 confirms it in 培训课程管理 › 课程备案管理, CCAA staff approve it from their queue; tb1 reports a
training plan of it, teacher1 confirms it in 培训计划管理, tb1 terminates it; teacher1 asks to be unbound from the
course, tb1 and then CCAA staff agree, and teacher1 sees 已解除绑定.

The journey runs on a server of its own: the filing changes what teacher1's pages show."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import as_user, open_from_queue, running_server, screenshot

PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'


@pytest.fixture(scope='module')
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(Path(tmp_path_factory.mktemp('course-filing-e2e'))) as url:
        yield url


def test_a_course_filed_confirmed_by_its_teacher_and_approved(browser: Browser, own_server: str,
                                                               tmp_path: Path) -> None:
    body = as_user(browser, own_server, 'tb1')
    body.goto('/institution')
    body.get_by_test_id('institution-filing').get_by_role('link', name='发起课程备案').click()
    expect(body.get_by_text('以培训机构名义备案')).to_be_visible()
    body.get_by_test_id('wizard-next').click()
    expect(body.get_by_text('* 课程备案信息')).to_be_visible()
    case_no = body.get_by_test_id('case-no').inner_text().split('：')[1]
    body.get_by_label('课程名称').fill('认证人员守则精讲')
    for level, option in ((1, '基础课程'), (2, '基础认证'), (3, '认证人员守则')):
        body.get_by_test_id(f'field-category-{level}').click()
        body.get_by_role('option', name=option, exact=True).click()
    body.get_by_test_id('field-teacher_ids').click()
    body.get_by_role('option', name='陈静').click()
    body.keyboard.press('Escape')
    body.get_by_label('课程大纲').fill('认证人员行为规范与案例，8 学时。')
    material = tmp_path / '课程大纲.pdf'
    material.write_bytes(PDF)
    body.locator('input[type=file]').set_input_files(str(material))
    expect(body.get_by_role('link', name='课程大纲.pdf')).to_be_visible()
    screenshot(body, 'course-filing-form')
    body.get_by_test_id('wizard-next').click()
    expect(body.get_by_text('请核对申请信息')).to_be_visible()
    body.get_by_test_id('wizard-submit').click()
    expect(body.get_by_text('课程备案 业务已成功提交')).to_be_visible()

    teacher = as_user(browser, own_server, 'teacher1')
    teacher.goto('/my/courses')
    teacher.get_by_role('navigation', name='培训课程管理').get_by_role('link', name='课程备案管理').click()
    row = teacher.get_by_test_id('filings').locator('tbody tr', has_text=case_no)
    expect(row).to_contain_text('待确认')
    expect(row).to_contain_text('华夏认证培训中心')
    row.get_by_role('button', name='详情').click()
    expect(teacher.get_by_test_id('detail')).to_contain_text('认证人员守则精讲')
    teacher.get_by_test_id('detail').get_by_role('button', name='关闭').click()
    row.get_by_role('button', name='确认').click()
    dialog = teacher.get_by_test_id('confirm')
    dialog.get_by_test_id('confirm-submit').click()
    expect(dialog.get_by_text('请选择确认结果')).to_be_visible()
    dialog.get_by_text('同意', exact=True).click()
    dialog.get_by_test_id('confirm-submit').click()
    expect(row).to_contain_text('教师已同意')
    screenshot(teacher, 'course-filings-teacher')

    staff = as_user(browser, own_server, 'admin')
    open_from_queue(staff, '/staff', case_no, '课程备案信息')
    expect(staff.get_by_test_id('application-facts')).to_contain_text('认证人员守则精讲')
    expect(staff.get_by_role('link', name='课程大纲.pdf')).to_have_attribute('href', re.compile(r'^/files/\d+$'))
    staff.get_by_test_id('action-approve').click()
    expect(staff).to_have_url(re.compile(r'/staff$'))

    teacher.reload()
    row = teacher.get_by_test_id('filings').locator('tbody tr', has_text=case_no)
    expect(row).to_contain_text('教师同意与课程备案')

    # 培训计划上报 of the filed course, confirmed by teacher1, then 终止 by the body
    body.goto('/institution')
    body.get_by_test_id('institution-filing').get_by_role('link', name='发起培训计划上报').click()
    expect(body.get_by_text('已备案课程 2 门')).to_be_visible()  # this one and the demo's
    body.get_by_test_id('wizard-next').click()
    expect(body.get_by_text('* 培训计划信息')).to_be_visible()
    plan_case_no = body.get_by_test_id('case-no').inner_text().split('：')[1]
    body.get_by_label('培训编号').fill('BA2026012-2026007')
    body.get_by_test_id('field-filing_case_id').click()
    body.get_by_role('option', name=re.compile('认证人员守则精讲')).click()
    body.get_by_label('培训开始日期').fill('2026-12-14')
    body.get_by_label('培训结束日期').fill('2026-12-16')
    body.get_by_test_id('field-online').get_by_text('线下').click()
    body.get_by_label('培训地点').fill('北京市朝阳区培训教室')
    body.get_by_label('计划人数').fill('40')
    body.get_by_test_id('field-teacher_ids').click()
    body.get_by_role('option', name='陈静').click()
    body.keyboard.press('Escape')
    screenshot(body, 'training-plan-form')
    body.get_by_test_id('wizard-next').click()
    expect(body.get_by_text('请核对申请信息')).to_be_visible()
    body.get_by_test_id('wizard-submit').click()
    expect(body.get_by_text('培训计划上报 业务已成功提交')).to_be_visible()

    teacher.get_by_role('navigation', name='培训课程管理').get_by_role('link', name='培训计划管理').click()
    plan_row = teacher.get_by_test_id('plans').locator('tbody tr', has_text='BA2026012-2026007')
    expect(plan_row).to_contain_text('待确认')
    plan_row.get_by_role('button', name='确认').click()
    answer = teacher.get_by_test_id('confirm')
    answer.get_by_text('同意', exact=True).click()
    answer.get_by_test_id('confirm-submit').click()
    expect(plan_row).to_have_count(0)  # the list shows 待确认 by default
    teacher.get_by_test_id('filter-status').click()
    teacher.get_by_role('option', name='同意', exact=True).click()
    teacher.get_by_test_id('filter-query').click()
    expect(plan_row).to_contain_text('否')
    screenshot(teacher, 'training-plans-teacher')

    body.goto('/my/cases')  # 本账号发起的事项 › 查看: the plan's page, with 终止 for the body
    body.get_by_test_id('cases-table').locator('tbody tr', has_text=plan_case_no).get_by_role('link', name='查看').click()
    body.get_by_test_id('terminate-plan').click()
    terminate = body.get_by_test_id('terminate')
    terminate.get_by_test_id('terminate-submit').click()
    expect(terminate.get_by_text('请填写终止原因')).to_be_visible()
    terminate.get_by_label('终止原因').fill('报名人数不足')
    terminate.get_by_test_id('terminate-submit').click()
    expect(body.get_by_test_id('terminate-plan')).to_have_count(0)
    teacher.get_by_test_id('filter-query').click()
    expect(plan_row).to_contain_text('是')
    public = browser.new_page(base_url=own_server)  # 培训计划查询, without logging in
    public.goto('/query/training-plans')
    public.get_by_label('培训编号/课程名称/培训机构').fill('BA2026012-2026007')
    public.get_by_role('button', name='查询').click()
    expect(public.get_by_role('row', name=re.compile('BA2026012-2026007'))).to_contain_text('已终止')
    public.close()

    # 解除备案: the reason, then the training body and CCAA staff
    teacher.goto('/my/courses/filings')
    row.get_by_role('button', name='解除备案').click()
    unbind = teacher.get_by_test_id('unbind')
    unbind.get_by_test_id('unbind-submit').click()
    expect(unbind.get_by_text('请填写解除原因')).to_be_visible()
    unbind.get_by_label('解除原因').fill('调往其他培训机构任教')
    unbind.get_by_test_id('unbind-submit').click()
    expect(row).to_contain_text('解除备案审核中')
    body.goto('/institution')
    request_no = body.get_by_test_id('queue').first.locator('tbody tr', has_text='解除备案').locator('td').first.inner_text()
    open_from_queue(body, '/institution', request_no, '解除备案信息')
    expect(body.get_by_test_id('application-facts')).to_contain_text('认证人员守则精讲')
    body.get_by_test_id('action-pass').click()
    expect(body).to_have_url(re.compile(r'/institution$'))
    open_from_queue(staff, '/staff', request_no, '解除备案信息')
    staff.get_by_test_id('action-approve').click()
    expect(staff).to_have_url(re.compile(r'/staff$'))
    teacher.reload()
    expect(teacher.get_by_test_id('filings').locator('tbody tr', has_text=case_no)).to_contain_text('已解除绑定')
