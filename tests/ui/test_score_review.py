"""考试成绩复核申请 (R9.5): from 我的考试's 成绩复核 through the 说明 and the form to 操作完成, and staff correcting the
score."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from domain.demo import _actor
from domain.engine import cases
from domain.records import exams
from domain.services.score_review import application as reviews
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def by_testid(user: User, kind: type, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in user.find(kind).elements if e.props.get('data-testid') == f'field-{name}')


async def test_apply_from_my_exams(user: User) -> None:
    mine = next(e for e in exams.my_exams(_actor('test1')) if e.review_allowed)
    await log_in(user)
    await user.open(mine.review_url)  # what 我的考试's 成绩复核 links to
    await user.should_see('考试成绩复核申请　在线申请', retries=100)
    await user.should_see('考试成绩复核申请说明', retries=50)
    await user.should_see(kind=ui.button, content='下一步 >', retries=50)
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('请阅读考试成绩复核申请说明并勾选', retries=50)  # the tick comes first
    user.find(kind=ui.checkbox).elements.pop().set_value(True)
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('考试成绩复核申请表单', retries=100)
    await user.should_see(kind=ui.button, content='下一步 >', retries=50)
    assert by_testid(user, ui.select, 'exam_id').value == mine.exam_id
    assert by_testid(user, ui.input, 'admission_no').value == mine.admission_no
    user.find(kind=ui.button, content='下一步 >').click()
    await eventually(lambda: _assert_equal(by_testid(user, ui.textarea, 'reason').props.get('error-message'),
                                           '请输入复核原因'))
    by_testid(user, ui.textarea, 'reason').set_value('第三大题疑似漏评')
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('请核对申请信息', retries=100)
    user.find(kind=ui.button, content='提交').click()
    await user.should_see('考试成绩复核申请 业务已成功提交', retries=100)


async def test_staff_correct_the_score(user: User) -> None:
    test1 = _actor('test1')
    mine = next(e for e in exams.my_exams(test1) if e.review_allowed)
    view = reviews.start(test1, True, mine.exam_id)
    reviews.save_info(test1, view.case.id, reason='总分疑似计算错误')
    case = reviews.submit(test1, view.case.id)

    await log_in(user, 'admin')
    await user.should_see('协会工作台', retries=50)
    await user.open(f'/staff/cases/{case.id}')
    await user.should_see('成绩复核申请信息', retries=100)
    await user.should_see('总分疑似计算错误')
    await user.should_see(kind=ui.button, content='维持原成绩', retries=100)
    score = next(e for e in user.find(ui.input).elements if e.props.get('label') == '复核后成绩')
    score.set_value('62.5')
    user.find(kind=ui.button, content='更正成绩').click()
    await eventually(lambda: _assert_equal(
        next(t for t in user.find(ui.textarea).elements if t.props.get('label') == '复核说明')
        .props.get('error-message'), '请填写复核说明'))
    next(t for t in user.find(ui.textarea).elements if t.props.get('label') == '复核说明').set_value('漏计 6 分')
    user.find(kind=ui.button, content='更正成绩').click()
    await eventually(lambda: _assert_equal(cases.get_case(test1, case.id).outcome, 'corrected'), timeout=10)
    assert next(e for e in exams.my_exams(test1) if e.exam_id == mine.exam_id).score_label == '62.5'
