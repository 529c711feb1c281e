"""The 认证人员注册全国统一考试报名 wizard (考前说明 → 填写报名信息 → 操作完成) and staff review of it (R9.2, R9.3)."""
from __future__ import annotations

import io

from nicegui import ui
from nicegui.testing import User
from PIL import Image

from domain.demo import _actor
from domain.engine import cases, my_cases
from domain.records import exams
from domain.services.exam_registration import application as applications
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually

ANSWERS = dict(ethnicity='汉族', education='本科', residence_city='南京', employer='南京质量认证有限公司')


def by_testid(user: User, kind: type, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in user.find(kind).elements if e.props.get('data-testid') == f'field-{name}')


def drafts(account: str = 'expert1') -> list[cases.CaseView]:
    return [c for c in my_cases.all_my_cases(_actor(account), my_cases.CaseQuery())
            if c.stage == 'draft' and c.service_code == 'exam_registration']


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new('RGB', (600, 800), 'white').save(buffer, format='PNG')
    return buffer.getvalue()


async def test_the_form_fills_from_the_account_and_keeps_what_is_chosen(user: User) -> None:
    await log_in(user, 'expert1')
    await user.open('/services/exam_registration')
    await user.should_see('认证人员注册全国统一考试报名　在线申请', retries=100)
    await user.should_see('考前说明', retries=50)
    await user.should_see('正在报名的考试：', retries=50)
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('报考信息填写', retries=100)
    await user.should_see('赵强')  # from the account, read-only
    case = drafts()[0]
    user.find(kind=ui.button, content='下一步 >').click()
    await eventually(lambda: _assert_equal(by_testid(user, ui.select, 'exam_id').props.get('error-message'),
                                           '请选择考试'))
    await eventually(lambda: _assert_equal(user.find(ui.image).elements.pop().error_label.text, '请上传照片'))

    exam = applications.open_exams(_actor('expert1'))[0]
    by_testid(user, ui.select, 'exam_id').set_value(exam.id)
    city = by_testid(user, ui.select, 'exam_city_id')
    await eventually(lambda: _assert_equal(list(city.options.values())[:1], ['北京（剩余 199 个考位）']))
    city.set_value(exam.cities[1].id)
    by_testid(user, ui.select, 'ethnicity').set_value('汉族')
    by_testid(user, ui.input, 'residence_city').set_value('上海')
    await eventually(lambda: _assert_equal(
        (applications.application(_actor('expert1'), case.id).exam_city_id,
         applications.application(_actor('expert1'), case.id).residence_city), (exam.cities[1].id, '上海')),
        timeout=10)
    by_testid(user, ui.input, 'contact').set_value('1380000')
    await eventually(lambda: _assert_equal(by_testid(user, ui.input, 'contact').props.get('error-message'),
                                           '请输入正确的11位手机号码'), timeout=10)

    await user.open(f'/my/cases/{case.id}/edit')  # reopens at the step it was left at, with what was chosen
    await user.should_see('报考信息填写', retries=100)
    await eventually(lambda: _assert_equal(by_testid(user, ui.select, 'exam_city_id').value, exam.cities[1].id))
    assert by_testid(user, ui.input, 'residence_city').value == '上海'


async def test_staff_accept_a_registration_that_needs_review(user: User) -> None:
    expert = _actor('expert1')
    view = applications.start(expert)
    exam = next(e for e in applications.open_exams(expert) if e.needs_review)  # the demo's coming exam
    applications.save_info(expert, view.case.id, exam_id=exam.id, exam_city_id=exam.cities[0].id, **ANSWERS)
    applications.upload_photo(expert, view.case.id, '照片.png', png())
    case = applications.submit(expert, view.case.id)

    await log_in(user, 'admin')
    await user.should_see('协会工作台', retries=50)
    await user.open(f'/staff/cases/{case.id}')
    await user.should_see('报名信息', retries=100)
    await user.should_see('南京质量认证有限公司')
    await user.should_see(kind=ui.button, content='审核通过', retries=100)
    user.find(kind=ui.button, content='审核通过').click()
    await eventually(lambda: _assert_equal(exams.my_exams(expert)[0].status_label, '报名成功'), timeout=10)
    assert exams.my_exams(expert)[0].admission_no.endswith('010001')


async def test_test1_finds_the_demo_exam_open_for_registration(user: User) -> None:
    """#14: the demo has an exam test1 may register for (the other open one is test1's already): 考前说明 names it,
    考试列表 offers it with its cities' seats, and it is accepted on 提交, without 报名审核."""
    test1 = _actor('test1')
    [exam] = applications.open_exams(test1)
    assert not exam.needs_review and '信息安全管理体系' in exam.name
    await log_in(user, 'test1')
    await user.should_see('您好李明')
    await user.open('/services/exam_registration')
    await user.should_see(f'正在报名的考试：{exam.label}', retries=100)
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('报考信息填写', retries=100)
    await user.should_see('李明')
    exam_select = by_testid(user, ui.select, 'exam_id')
    assert exam_select.options == {exam.id: exam.label}
    exam_select.set_value(exam.id)
    city = by_testid(user, ui.select, 'exam_city_id')
    await eventually(lambda: _assert_equal(list(city.options.values()), [
        '北京（剩余 200 个考位）', '上海（剩余 150 个考位）', '广州（剩余 100 个考位）']))
    city.set_value(exam.cities[1].id)
    [case] = drafts('test1')
    await eventually(lambda: _assert_equal(applications.application(test1, case.id).exam_city_id, exam.cities[1].id),
                     timeout=10)
    applications.save_info(test1, case.id, **ANSWERS)
    applications.upload_photo(test1, case.id, '照片.png', png())
    assert applications.submit(test1, case.id).outcome == 'approved'
    mine = next(e for e in exams.my_exams(test1) if e.exam_id == exam.id)
    assert (mine.city, mine.status_label, mine.admission_no) == ('上海', '报名成功', f'{exam.exam_date:%Y%m%d}020001')


async def test_staff_accept_auditor1s_demo_registration_from_their_queue(user: User) -> None:
    """#14: auditor1's demo registration waits in the staff's 报名审核; 审核通过 gives it its 准考证号."""
    auditor = _actor('auditor1')
    assert [(e.status_label, e.admission_no) for e in exams.my_exams(auditor)] == [('待审核', '')]
    await log_in(user, 'admin')
    await user.should_see('协会工作台', retries=50)
    await eventually(lambda: _assert_equal('报名审核 (1)' in [t.props.get('label') for t in user.find(ui.tab).elements],
                                           True))
    queue = next(t for t in user.find(ui.table).elements if t.props.get('data-testid') == 'queue')
    row = next(r for r in queue.rows if r['stage'] == '报名审核')
    assert (row['applicant'], row['title']) == ('王芳', '认证人员注册全国统一考试报名 (' + exams.my_exams(auditor)[0].exam_name
                                                 + ')')
    await user.open(row['link'])
    await user.should_see('报名信息', retries=100)
    await user.should_see('王芳')
    await user.should_see(kind=ui.button, content='审核通过', retries=100)
    user.find(kind=ui.button, content='审核通过').click()
    await eventually(lambda: _assert_equal(exams.my_exams(auditor)[0].status_label, '报名成功'), timeout=10)
    registration = exams.my_exams(auditor)[0]
    assert (registration.city, registration.admission_no) == ('北京', f'{registration.exam_date:%Y%m%d}010001')
    assert cases.get_case(auditor, row['id']).outcome == 'approved'
