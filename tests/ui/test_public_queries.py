"""信息查询 pages without login (R3.4): each query's ways of looking up, masked results, one "未查询到", throttling."""
from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually

AUDITOR1_ID = '110108199007050020'
TEST1_ID = '110105198503120012'


def results(user: User) -> list[dict]:
    return [{k: v for k, v in row.items() if k != '_key'} for row in user.find(marker='query-results').elements.pop().rows]


def message(user: User) -> str:
    return user.find(marker='query-message').elements.pop().text


async def ask(user: User, mode: int, **values: str) -> None:
    """Fill the inputs of one way of looking up and press 查询; what the last lookup showed is wiped first, so that
    whatever appears next is this lookup's answer."""
    user.find(marker='query-message').elements.pop().set_text('')
    try:
        user.find(marker='query-results').elements.pop().rows = []
    except AssertionError:  # nothing shown yet
        pass
    for key, value in values.items():
        field = user.find(marker=f'query{mode}-{key}')
        field.clear()
        if value:
            field.type(value)
    user.find(marker=f'query{mode}-submit').click()


async def test_qualification_by_name_and_id_number(user: User) -> None:
    await user.open('/query/qualifications')  # no login
    await user.should_see('按姓名和证件号码查询', retries=100)
    user.find(kind=ui.tab, content='按姓名和证件号码查询').click()
    await ask(user, 1, name='王芳', id_number=AUDITOR1_ID)
    await eventually(lambda: _assert_equal(results(user), [{
        'cert_no': 'CCAA-QMS-2024-00123', 'holder': '王*', 'id_number': '110***********0020', 'field': 'QMS',
        'grade': '审核员', 'body': '华信认证中心有限公司', 'issued': '2024-01-15', 'expires': '2027-01-14',
        'status': '有效'}]))
    await ask(user, 1, name='王芳', id_number=TEST1_ID)
    await user.should_see('未查询到相关信息，请核对姓名和证件号码')
    await user.should_not_see(marker='query-results')
    await ask(user, 1, name='不存在', id_number=AUDITOR1_ID.replace('0020', '0021'))
    await user.should_see('未查询到相关信息，请核对姓名和证件号码')


async def test_qualification_by_certificate_number_from_a_link(user: User) -> None:
    await user.open('/query/qualifications?cert_no=CCAA-QMS-2024-00123')
    await eventually(lambda: _assert_equal([(r['holder'], r['status']) for r in results(user)], [('王*', '有效')]),
                     timeout=10)
    await user.open('/query/qualifications?cert_no=NOPE')
    await user.should_see('未查询到该证书，请核对证书编号', retries=100)


async def test_required_fields_are_asked_for(user: User) -> None:
    await user.open('/query/training-certificates')
    await user.should_see('按姓名和证件号码查询', retries=100)
    user.find(kind=ui.tab, content='按姓名和证件号码查询').click()
    await ask(user, 1, name='李明', id_number='')
    await user.should_see('请输入证件号码')
    assert user.find(marker='query1-id_number').elements.pop().error == '请输入证件号码'


async def test_training_certificate_by_number_and_by_person(user: User) -> None:
    await user.open('/query/training-certificates')
    await user.should_see('培训证书查询', retries=100)
    await ask(user, 0, cert_no='TB1-2025-000123')
    expected = [{'cert_no': 'TB1-2025-000123', 'holder': '李*', 'id_number': '110***********0012',
                 'course': 'GB/T 19001-2016 标准理解与审核', 'hours': 16, 'body': '华夏认证培训中心',
                 'issued': '2025-05-12'}]
    await eventually(lambda: _assert_equal(results(user), expected))
    user.find(kind=ui.tab, content='按姓名和证件号码查询').click()
    await ask(user, 1, name='李明', id_number=TEST1_ID)
    await eventually(lambda: _assert_equal(results(user), expected))


async def test_exam_results_once_published(user: User) -> None:
    await user.open('/query/exams')
    await user.should_see('按准考证号查询', retries=100)
    await ask(user, 0, admission_no='20251116010023', id_number=TEST1_ID)
    await eventually(lambda: _assert_equal([(r['name'], r['exam'], r['score'], r['passed']) for r in results(user)],
                                           [('李*', '2025年第三次认证人员注册全国统一考试', '82', '合格')]))
    await ask(user, 0, admission_no='20251116010023', id_number=AUDITOR1_ID)
    await user.should_see('未查询到考试成绩，请核对准考证号和证件号码（成绩公布后方可查询）')
    user.find(kind=ui.tab, content='按姓名和证件号码查询').click()
    await ask(user, 1, name='李明', id_number=TEST1_ID)
    await eventually(lambda: _assert_equal([r['score'] for r in results(user)], ['56.5', '82']))  # not the unsat one


async def test_teacher_register(user: User) -> None:
    await user.open('/query/teachers')
    await user.should_see('教师信息查询', retries=100)
    await ask(user, 0, name='陈静')
    await eventually(lambda: _assert_equal(results(user), [{
        'name': '陈静', 'categories': '基础课程 > 基础认证 > 认证人员守则\n专业课程 > 质量管理体系 > GB/T 19001 标准理解',
        'body': '华夏认证培训中心', 'status': '有效'}]))
    await ask(user, 0, name='陈')
    await user.should_see('未查询到该教师，请核对教师姓名')


async def test_too_many_lookups_are_refused(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_QUERY_LIMIT', '2')
    await user.open('/query/teachers')
    await user.should_see('教师信息查询', retries=100)
    for _ in range(2):
        await ask(user, 0, name='陈静')
        await eventually(lambda: _assert_equal(len(results(user)), 1))
    await ask(user, 0, name='陈静')
    await user.should_see('查询过于频繁，请稍后再试')
    await user.should_not_see(marker='query-results')
    await user.open('/query/exams')  # every query shares the budget
    await user.should_see('按准考证号查询', retries=100)
    await ask(user, 0, admission_no='20251116010023', id_number=TEST1_ID)
    await user.should_see('查询过于频繁，请稍后再试')


async def test_home_links_to_every_query(user: User) -> None:
    await user.open('/query/exams')
    await user.should_see('考试查询', retries=100)
    links = {link.text: link.props['href'] for link in user.find(ui.link).elements}
    assert {name: links[name] for name in ('培训证书查询', '职业资格查询', '考试查询', '教师信息查询')} == {
        '培训证书查询': '/query/training-certificates', '职业资格查询': '/query/qualifications',
        '考试查询': '/query/exams', '教师信息查询': '/query/teachers'}


async def test_inspector_register_by_number_and_by_person(user: User) -> None:
    await user.open('/query/inspectors')  # no login
    await user.should_see('按登记编号查询', retries=100)
    await user.should_not_see('正在建设中')
    await ask(user, 0, registration_no='JYJC-2025-110001')
    expected = [{'registration_no': 'JYJC-2025-110001', 'name': '张*', 'id_number': '110***********0010',
                 'employer': '华信检验检测中心有限公司', 'field': '环境监测', 'registered': '2025-03-15',
                 'valid_until': '2030-03-14', 'status': '有效'}]
    await eventually(lambda: _assert_equal(results(user), expected))
    user.find(kind=ui.tab, content='按姓名和证件号码查询').click()
    await ask(user, 1, name='张伟', id_number='110101198806150010')
    await eventually(lambda: _assert_equal(results(user), expected))
    await ask(user, 1, name='张伟', id_number='310110199103220025')  # a registered name, someone else's number
    await user.should_see('未查询到相关信息，请核对姓名和证件号码')
    await user.should_not_see(marker='query-results')
    await ask(user, 1, name='', id_number='110101198806150010')
    await user.should_see('请输入姓名')
    links = {link.text: link.props['href'] for link in user.find(ui.link).elements}
    assert links['教师信息查询'] == '/query/teachers'  # the other queries are a click away


async def test_home_leads_to_the_inspector_register(user: User) -> None:
    """常用服务 4 and the catalogue's 检验检测人员 tab, where the query is the one 事项, 在线查询."""
    await log_in(user, 'test1')
    await user.open('/')
    await user.should_see('共 11 个事项, 其中 11 项可在线申办', retries=100)  # 全部: the ten services and the query
    # 常用服务 is markup (ui.markup): its entries are links in one element
    await user.should_see(kind=ui.html, content='href="/query/inspectors">4. 检验检测人员信息登记查询</a>')
    user.find(kind=ui.tab, content='检验检测人员').click()
    await user.should_see('共 1 个事项, 其中 1 项可在线申办')
    [table] = [t for t in user.find(ui.table).elements if len(t.rows) == 1]
    assert table.rows == [{'no': 1, 'name': '检验检测人员信息登记查询', 'deadline': '', 'path': '/query/inspectors',
                           'action': '在线查询'}]
