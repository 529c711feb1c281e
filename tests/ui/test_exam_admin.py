"""考试管理 (R9.1) for CCAA staff: 发布考试 with messages beside the fields, 录入成绩 and 公布成绩."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from domain.demo import _actor
from domain.records import exam_admin, exams
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def field(user: User, kind: type, label: str):  # type: ignore[no-untyped-def]
    return next(e for e in user.find(kind).elements if e.props.get('label') == label)


async def test_staff_publish_an_exam(user: User) -> None:
    await log_in(user, 'admin')
    await user.should_see('协会工作台', retries=50)
    user.find('考试管理').click()
    await user.should_see(kind=ui.button, content='发布考试', retries=100)
    user.find(kind=ui.button, content='发布考试').click()
    await user.should_see('* 考试名称', retries=50)
    field(user, ui.input, '* 考试名称').set_value('2027年第二次认证人员注册全国统一考试')
    field(user, ui.input, '* 考试科目').set_value('认证通用基础')
    field(user, ui.input, '* 报名开始日期').set_value('2027-03-01')
    field(user, ui.input, '* 报名截止日期').set_value('2027-03-31')
    field(user, ui.input, '* 考试日期').set_value('2027-03-20')
    field(user, ui.textarea, '* 考试城市及考位').set_value('北京,100')
    user.find(marker='publish-submit').click()
    await eventually(lambda: _assert_equal(field(user, ui.input, '* 考试日期').props.get('error-message'),
                                           '考试日期应在报名截止日期之后'))
    field(user, ui.input, '* 考试日期').set_value('2027-05-16')  # corrected; the rest is still there
    user.find(marker='publish-submit').click()
    await user.should_see('考试已发布', retries=100)
    assert [r.name for r in exam_admin.exams(_actor('admin'))][0] == '2027年第二次认证人员注册全国统一考试'


async def test_staff_enter_and_publish_scores(user: User) -> None:
    coming = next(e for e in exams.my_exams(_actor('test1')) if not e.scores_published and e.admission_no)
    await log_in(user, 'admin')
    await user.should_see('协会工作台', retries=50)
    await user.open('/staff/exams')
    await user.should_see(kind=ui.button, content='发布考试', retries=100)
    await user.should_see(kind=ui.table, retries=100)
    row = next(r for r in user.find(ui.table).elements.pop().rows if r['id'] == coming.exam_id)
    user.find(ui.table).trigger('scores', row)  # what 录入成绩 in the row sends from the browser
    await user.should_see('录入成绩：', retries=50)
    field(user, ui.textarea, '成绩').set_value(f'{coming.admission_no},88')
    user.find(kind=ui.button, content='保存').click()
    await user.should_see('已录入 1 条成绩', retries=50)
    user.find(ui.table).trigger('publish', row)
    await user.should_see(marker='publish-scores', retries=50)
    user.find(marker='publish-scores').click()
    await user.should_see('成绩已公布，已通知 1 名考生', retries=50)
    assert next(e for e in exams.my_exams(_actor('test1')) if e.exam_id == coming.exam_id).score_label == '88'

