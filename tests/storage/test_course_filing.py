"""课程备案 (R10.2) on a real database: a training body files a course with teachers bound to its category; each
teacher confirms in 课程备案管理; one 不同意 returns it to the body, all 同意 send it to CCAA staff, whose 批准 files
it. Teachers see only the submitted filings that name them."""
from __future__ import annotations

import pytest
from sqlmodel import select

from domain.demo import _actor
from domain.engine import cases, messages, queues
from domain.services.course_filing import application as filings
from domain.services.course_filing import teachers
from domain.services.course_unbinding import application as unbindings
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Conflict, Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import TeacherCategory, TeacherProfile, User
from tests.storage.test_course_binding import category_id

RULES = ('基础课程', '基础认证', '认证人员守则')


@pytest.fixture
def people(demo_db: str, data_dir: object) -> dict[str, Actor]:
    with unit_of_work(write=True) as session:  # expert1 teaches the same category as teacher1
        expert = session.exec(select(User).where(User.account == 'expert1')).one()
        expert.is_teacher = True
        session.add(expert)
        session.add(TeacherProfile(user_id=expert.id, status='active', updated_at=clock.now()))  # type: ignore[arg-type]
        session.add(TeacherCategory(teacher_id=expert.id, category_id=category_id(*RULES), bound_at=clock.now()))  # type: ignore[arg-type]
    return {a: _actor(a) for a in ('tb1', 'cb1', 'teacher1', 'expert1', 'test1', 'admin')}


def mine(teacher: Actor, case_id: int, **filters: object) -> teachers.FilingRow | None:
    """The teacher's row of this filing in 课程备案管理 (the demo data has others), None when it is not listed."""
    return next((r for r in teachers.my_filings(teacher, **filters) if r.case_id == case_id), None)  # type: ignore[arg-type]


def filed(people: dict[str, Actor], *accounts: str) -> cases.CaseView:
    """A complete filing by tb1 naming these teachers, submitted."""
    tb1 = people['tb1']
    view = filings.start(tb1)
    filings.save_info(tb1, view.case.id, course_name='认证人员守则精讲', category_id=category_id(*RULES),
                      outline='认证人员行为规范与案例，8 学时。')
    filings.save_info(tb1, view.case.id, teacher_ids=[people[a].user_id for a in accounts])
    return filings.submit(tb1, view.case.id)


def test_only_training_bodies_file_and_only_bound_teachers_are_named(people: dict[str, Actor]) -> None:
    for account in ('cb1', 'test1'):
        with pytest.raises(NotAllowed):
            filings.start(people[account])
    tb1 = people['tb1']
    view = filings.start(tb1)
    assert [p.field for p in filings.problems(tb1, view.case.id)] == ['course_name', 'category_id', 'teacher_ids',
                                                                       'outline']
    with pytest.raises(Invalid) as refused:
        filings.save_info(tb1, view.case.id, category_id=category_id('基础课程', '基础认证'))
    assert refused.value.message == '请选择三级课程类别'
    filings.save_info(tb1, view.case.id, category_id=category_id(*RULES))
    assert [name for _, name in filings.teacher_options(tb1, category_id(*RULES))] == ['赵强', '陈静']
    with pytest.raises(Invalid) as refused:
        filings.save_info(tb1, view.case.id, teacher_ids=[people['test1'].user_id])  # no teacher
    assert refused.value.field == 'teacher_ids'
    filings.save_info(tb1, view.case.id, teacher_ids=[people['teacher1'].user_id])
    moved = filings.save_info(tb1, view.case.id, category_id=category_id('专业课程', '质量管理体系', 'GB/T 19001 标准理解'))
    assert moved.teacher_ids == (), 'another category asks for its own teachers'
    assert mine(people['teacher1'], view.case.id) is None, 'a draft is the body\'s alone'


def test_all_teachers_agree_then_staff_file_the_course(people: dict[str, Actor]) -> None:
    case = filed(people, 'teacher1', 'expert1')
    assert case.stage == 'teacher_confirmation'
    assert any('培训课程需要教师确认' in m.title for m in messages.list_messages(people['teacher1']))
    row = mine(people['teacher1'], case.id)
    assert row is not None
    assert (row.case_no, row.body_name, row.status, row.can_confirm) == (case.case_no, '华夏认证培训中心', '待确认', True)
    assert row.category_path == '基础课程 > 基础认证 > 认证人员守则'
    assert all(r.case.id != case.id for r in queues.staff_queue(people['admin'])), 'staff wait for the teachers'

    with pytest.raises(Invalid) as refused:
        teachers.confirm(people['teacher1'], case.id, '', '')
    assert refused.value.field == 'result'
    teachers.confirm(people['teacher1'], case.id, '同意', '')
    assert cases.get_case(people['tb1'], case.id).stage == 'teacher_confirmation', 'expert1 has not answered yet'
    with pytest.raises(NotAllowed):
        teachers.confirm(people['teacher1'], case.id, '同意', '')  # once
    teachers.confirm(people['expert1'], case.id, '同意', '可以承担')
    assert cases.get_case(people['tb1'], case.id).stage == 'ccaa_review'
    assert mine(people['teacher1'], case.id).status == '教师已同意'  # type: ignore[union-attr]
    [waiting] = [r for r in queues.staff_queue(people['admin']) if r.case.id == case.id]
    facts = cases.application_facts(people['admin'], case.id)
    assert facts['授课教师'] == '陈静（同意）、赵强（同意）'
    cases.act(people['admin'], case.id, 'approve', expected_version=waiting.case.version)
    assert mine(people['teacher1'], case.id).status == '教师同意与课程备案'  # type: ignore[union-attr]
    assert mine(people['teacher1'], case.id, status='待确认') is None
    assert mine(people['teacher1'], case.id, category_id=category_id('基础课程')) is not None
    assert mine(people['teacher1'], case.id, category_id=category_id('专业课程')) is None


def test_one_teacher_disagreeing_returns_the_filing_to_the_body(people: dict[str, Actor]) -> None:
    case = filed(people, 'teacher1', 'expert1')
    with pytest.raises(Invalid) as refused:
        teachers.confirm(people['expert1'], case.id, '不同意', '  ')
    assert refused.value.field == 'opinion'
    teachers.confirm(people['expert1'], case.id, '不同意', '本学期无法承担授课')
    returned = cases.get_case(people['tb1'], case.id)
    assert returned.stage == 'rectification'
    assert any('被退回整改' in m.title for m in messages.list_messages(people['tb1']))
    assert [r.status for r in teachers.my_filings(people['expert1'])] == ['教师不同意']
    assert mine(people['teacher1'], case.id).status == '机构修改中'  # type: ignore[union-attr]
    with pytest.raises(NotAllowed):
        teachers.confirm(people['teacher1'], case.id, '同意', '')

    filings.save_info(people['tb1'], case.id, teacher_ids=[people['teacher1'].user_id])
    again = filings.submit(people['tb1'], case.id)
    assert again.stage == 'teacher_confirmation'
    assert mine(people['teacher1'], case.id).status == '待确认', 'asked again'  # type: ignore[union-attr]
    assert teachers.my_filings(people['expert1']) == [], 'no longer named'


def test_teachers_see_only_filings_that_name_them(people: dict[str, Actor]) -> None:
    case = filed(people, 'teacher1')
    with pytest.raises(NotFound):
        teachers.detail(people['expert1'], case.id)
    with pytest.raises(NotFound):
        teachers.confirm(people['expert1'], case.id, '同意', '')
    with pytest.raises(NotFound):
        cases.get_case(people['teacher1'], case.id)  # the case page stays the body's and the staff's
    assert teachers.detail(people['teacher1'], case.id).facts['课程名称'] == '认证人员守则精讲'
    with pytest.raises(NotAllowed):  # the teachers' answer is no button of anyone's
        cases.act(people['admin'], case.id, 'teachers_agree', expected_version=case.version)


# -- 解除备案 (R10.3) -------------------------------------------------------------------------------------------

def approved(people: dict[str, Actor], *accounts: str) -> cases.CaseView:
    case = filed(people, *accounts)
    for account in accounts:
        teachers.confirm(people[account], case.id, '同意', '')
    waiting = cases.get_case(people['admin'], case.id)
    return cases.act(people['admin'], case.id, 'approve', expected_version=waiting.version)


def test_a_teacher_unbinds_a_filed_course_after_the_body_and_staff_agree(people: dict[str, Actor]) -> None:
    case = approved(people, 'teacher1')
    row = mine(people['teacher1'], case.id)
    assert row is not None and (row.status, row.can_unbind) == ('教师同意与课程备案', True)
    with pytest.raises(Invalid) as refused:
        unbindings.request(people['teacher1'], case.id, '  ')
    assert refused.value.field == 'reason'
    asked = unbindings.request(people['teacher1'], case.id, '调往其他培训机构任教')
    assert asked.stage == 'body_review'
    assert (mine(people['teacher1'], case.id).status, mine(people['teacher1'], case.id).can_unbind) == (  # type: ignore[union-attr]
        '解除备案审核中', False)
    with pytest.raises(Conflict):
        unbindings.request(people['teacher1'], case.id, '再次申请')

    [waiting] = [r for r in queues.institution_queue(people['tb1']) if r.case.id == asked.id]
    assert cases.application_facts(people['tb1'], asked.id)['解除原因'] == '调往其他培训机构任教'
    passed = cases.act(people['tb1'], asked.id, 'pass', expected_version=waiting.case.version)
    cases.act(people['admin'], asked.id, 'approve', expected_version=passed.version)
    assert (mine(people['teacher1'], case.id).status, mine(people['teacher1'], case.id).can_unbind) == (  # type: ignore[union-attr]
        '已解除绑定', False)
    assert cases.get_case(people['teacher1'], asked.id).outcome == 'unbound'


def test_only_filed_courses_can_be_unbound_and_a_refusal_keeps_the_binding(people: dict[str, Actor]) -> None:
    pending = filed(people, 'teacher1')
    with pytest.raises(NotAllowed):
        unbindings.request(people['teacher1'], pending.id, '理由')
    with pytest.raises(NotFound):
        unbindings.request(people['expert1'], pending.id, '理由')  # not named on it
    case = approved(people, 'expert1')
    asked = unbindings.request(people['expert1'], case.id, '理由')
    cases.act(people['tb1'], asked.id, 'reject', expected_version=asked.version, opinion='课程尚在开设，暂不同意')
    assert [r.status for r in teachers.my_filings(people['expert1']) if r.case_id == case.id] == ['教师同意与课程备案']
    assert unbindings.request(people['expert1'], case.id, '再次申请').stage == 'body_review'
