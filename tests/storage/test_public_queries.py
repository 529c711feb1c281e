"""信息查询 (R3.4) on the demo data: matches, mismatches that say no more than "未查询到", masking, unpublished scores."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlmodel import select

from domain.portal import public_queries as queries
from domain.shared import clock
from domain.shared.errors import Invalid, NotFound, Throttled
from storage.db import unit_of_work
from storage.tables import Exam, ExamRegistration

CLIENT = '203.0.113.9'
TEST1 = ('李明', '110105198503120012')
AUDITOR1 = ('王芳', '110108199007050020')
PERSON_NOT_FOUND = '未查询到相关信息，请核对姓名和证件号码'


def test_qualification_by_number_and_by_person_is_masked(demo_db: str) -> None:
    by_number = queries.qualifications_by_number(CLIENT, ' CCAA-QMS-2024-00123 ')
    by_person = queries.qualifications_by_person(CLIENT, *AUDITOR1)
    assert by_number == by_person
    [c] = by_person
    assert (c.cert_no, c.holder_name, c.holder_id_number, c.grade, c.body_name, c.status_label) == (
        'CCAA-QMS-2024-00123', '王*', '110***********0020', '审核员', '华信认证中心有限公司', '有效')
    with pytest.raises(NotFound, match='未查询到该证书，请核对证书编号'):
        queries.qualifications_by_number(CLIENT, 'CCAA-QMS-2024-99999')


@pytest.mark.parametrize('name, id_number', [
    ('王芳', '110105198503120012'),  # a real name with someone else's ID number
    ('王芳', '110108199007050021'),  # the right name, one digit off
    ('王五', '110108199007050020'),  # the right ID number, another name
    ('无此人', '110101199001011234'),  # nobody
])
def test_a_mismatch_never_tells_whether_the_name_exists(demo_db: str, name: str, id_number: str) -> None:
    with pytest.raises(NotFound) as error:
        queries.qualifications_by_person(CLIENT, name, id_number)
    assert error.value.message == PERSON_NOT_FOUND


def test_name_and_id_number_are_both_required_and_not_counted(demo_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_QUERY_LIMIT', '1')
    with pytest.raises(Invalid) as error:
        queries.qualifications_by_person(CLIENT, '王芳', '  ')
    assert (error.value.field, error.value.message) == ('id_number', '请输入证件号码')
    with pytest.raises(Invalid) as error:
        queries.exam_results_by_person(CLIENT, '', AUDITOR1[1])
    assert (error.value.field, error.value.message) == ('name', '请输入姓名')
    with pytest.raises(Invalid, match='请输入准考证号'):
        queries.exam_results_by_admission_no(CLIENT, '', AUDITOR1[1])
    assert queries.qualifications_by_person(CLIENT, *AUDITOR1)  # the one lookup allowed is still there


def test_over_the_limit_nothing_is_looked_up(demo_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_QUERY_LIMIT', '2')
    queries.teachers_by_name(CLIENT, '陈静')
    with pytest.raises(NotFound):
        queries.teachers_by_name(CLIENT, '无此人')
    with pytest.raises(Throttled, match='查询过于频繁，请稍后再试'):
        queries.qualifications_by_person(CLIENT, *AUDITOR1)
    with pytest.raises(Throttled):
        queries.exam_results_by_person(CLIENT, *TEST1)  # one budget across every query
    assert queries.teachers_by_name('another client', '陈静')


def test_training_certificates(demo_db: str) -> None:
    [c] = queries.training_certificates_by_number(CLIENT, 'TB1-2025-000123')
    assert queries.training_certificates_by_person(CLIENT, '李明', '110105198503120012 ') == [c]
    assert (c.holder_name, c.holder_id_number, c.course_name, c.body_name, c.issued_on.isoformat()) == (
        '李*', '110***********0012', 'GB/T 19001-2016 标准理解与审核', '华夏认证培训中心', '2025-05-12')
    with pytest.raises(NotFound, match=PERSON_NOT_FOUND):
        queries.training_certificates_by_person(CLIENT, *AUDITOR1)  # a real person without one
    with pytest.raises(NotFound, match='未查询到该证书'):
        queries.training_certificates_by_number(CLIENT, 'CCAA-QMS-2024-00123')  # a personnel certificate is not one


def test_exam_results_show_only_published_scores(demo_db: str) -> None:
    results = queries.exam_results_by_person(CLIENT, *TEST1)
    assert [(r.holder_name, r.score, r.passed) for r in results] == [('李*', '56.5', '不合格'), ('李*', '82', '合格')]
    assert '2025年第三次认证人员注册全国统一考试' == results[1].exam_name
    [passed] = queries.exam_results_by_admission_no(CLIENT, '20251116010023', TEST1[1])
    assert passed == results[1]

    with unit_of_work() as session:
        coming = session.exec(select(ExamRegistration).where(ExamRegistration.user_id == _user_id('test1'),
                                                             ExamRegistration.score.is_(None))).one()  # type: ignore[union-attr]
    admission_no = coming.admission_no
    assert admission_no
    with pytest.raises(NotFound, match='成绩公布后方可查询'):
        queries.exam_results_by_admission_no(CLIENT, admission_no, TEST1[1])
    with pytest.raises(NotFound, match='未查询到考试成绩，请核对姓名和证件号码'):
        queries.exam_results_by_person(CLIENT, *AUDITOR1)  # registered, but not yet accepted nor sat
    with pytest.raises(NotFound):
        queries.exam_results_by_admission_no(CLIENT, '20251116010023', AUDITOR1[1])  # someone else's number

    with unit_of_work(write=True) as session:  # the exam is sat and its scores published
        registration = session.get(ExamRegistration, coming.id)
        registration.score, registration.passed = Decimal('71.5'), True
        exam = session.get(Exam, registration.exam_id)
        exam.scores_published_at = clock.now()
        session.add_all([registration, exam])
    [published] = queries.exam_results_by_admission_no(CLIENT, admission_no, f' {TEST1[1]} ')
    assert (published.score, published.passed) == ('71.5', '合格')


def test_teachers_by_full_name(demo_db: str) -> None:
    [teacher] = queries.teachers_by_name(CLIENT, ' 陈静 ')
    assert teacher.name == '陈静'
    assert teacher.categories == ('基础课程 > 基础认证 > 认证人员守则', '专业课程 > 质量管理体系 > GB/T 19001 标准理解')
    assert (teacher.body_name, teacher.status) == ('华夏认证培训中心', '有效')
    for name in ('陈', '李明'):  # a fragment; a person who is no teacher
        with pytest.raises(NotFound, match='未查询到该教师'):
            queries.teachers_by_name(CLIENT, name)


def _user_id(account: str) -> int:
    from domain.demo import _actor
    return _actor(account).user_id


def test_dates_are_relative_to_today(demo_db: str) -> None:
    """The demo's review window is open whenever the demo is loaded."""
    with unit_of_work() as session:
        open_for_review = session.exec(select(Exam).where(Exam.score_review_allowed,
                                                          Exam.score_review_until >= clock.today())).all()  # type: ignore[operator]
    assert len(open_for_review) == 1
    assert open_for_review[0].score_review_until - clock.today() == timedelta(days=15)


# -- 检验检测人员信息登记查询 ---------------------------------------------------------------------------------

INSPECTOR = ('张伟', '110101198806150010')  # in the demo's register of inspection and testing personnel
INSPECTOR_TWICE = ('刘洋', '310110199103220025')  # registered in two fields


def test_inspector_by_registration_number_and_by_person_is_masked(demo_db: str) -> None:
    [by_number] = queries.inspectors_by_number(CLIENT, ' jyjc-2025-110001 ')  # trimmed, upper-cased
    assert queries.inspectors_by_person(CLIENT, INSPECTOR[0], f' {INSPECTOR[1]} ') == [by_number]
    assert (by_number.registration_no, by_number.name, by_number.id_number, by_number.employer, by_number.field,
            by_number.registered_on.isoformat(), by_number.valid_until.isoformat()) == (
        'JYJC-2025-110001', '张*', '110***********0010', '华信检验检测中心有限公司', '环境监测', '2025-03-15', '2030-03-14')
    assert INSPECTOR[0] not in repr(by_number) and INSPECTOR[1] not in repr(by_number)
    assert [p.field for p in queries.inspectors_by_person(CLIENT, *INSPECTOR_TWICE)] == ['化妆品检测', '食品检测']
    with pytest.raises(NotFound) as error:
        queries.inspectors_by_number(CLIENT, 'JYJC-2025-999999')
    assert error.value.message == '未查询到登记信息，请核对登记编号'


@pytest.mark.parametrize('name, id_number', [
    ('张伟', INSPECTOR_TWICE[1]),  # a registered name with another registered person's ID number
    ('张伟', '110101198806150011'),  # the right name, one digit off
    ('李明', INSPECTOR[1]),  # the right ID number, another name (a platform user, not in the register)
    ('无此人', '110101199001011234'),  # nobody
])
def test_an_inspector_mismatch_never_tells_whether_the_name_exists(demo_db: str, name: str, id_number: str) -> None:
    with pytest.raises(NotFound) as error:
        queries.inspectors_by_person(CLIENT, name, id_number)
    assert error.value.message == PERSON_NOT_FOUND


def test_an_inspectors_status_reads_expired_past_its_valid_until(demo_db: str) -> None:
    clock.freeze(datetime(2027, 1, 4, 2, 0, tzinfo=timezone.utc))
    assert [p.status for p in queries.inspectors_by_number(CLIENT, 'JYJC-2025-110001')] == ['有效']
    assert [p.status for p in queries.inspectors_by_number(CLIENT, 'JYJC-2022-440004')] == ['暂停']
    assert [p.status for p in queries.inspectors_by_number(CLIENT, 'JYJC-2019-510005')] == ['已过期']
    clock.freeze(datetime(2030, 3, 15, 2, 0, tzinfo=timezone.utc))  # the day after 有效期至
    assert [p.status for p in queries.inspectors_by_person(CLIENT, *INSPECTOR)] == ['已过期']


def test_inspector_lookups_count_against_the_one_budget(demo_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_QUERY_LIMIT', '3')
    with pytest.raises(Invalid) as error:
        queries.inspectors_by_number(CLIENT, ' ')
    assert (error.value.field, error.value.message) == ('registration_no', '请输入登记编号')
    with pytest.raises(Invalid, match='请输入证件号码'):
        queries.inspectors_by_person(CLIENT, INSPECTOR[0], '')  # neither is counted
    queries.teachers_by_name(CLIENT, '陈静')
    with pytest.raises(NotFound):
        queries.inspectors_by_person(CLIENT, '无此人', INSPECTOR[1])  # a miss counts as well
    assert queries.inspectors_by_number(CLIENT, 'JYJC-2025-110001')
    with pytest.raises(Throttled, match='查询过于频繁，请稍后再试'):
        queries.inspectors_by_number(CLIENT, 'JYJC-2025-110001')
    with pytest.raises(Throttled):
        queries.inspectors_by_person(CLIENT, *INSPECTOR)
    assert queries.inspectors_by_person('another client', *INSPECTOR)
