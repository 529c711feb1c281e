"""人员注册申请 from the applicant's side: draft, autosave, 条件自检, submission, rectification, certificate."""
from __future__ import annotations

import pytest

from domain.demo import LIBRARY, _actor
from domain.engine import case_changes, cases, experiences, reviews
from domain.portal import public_queries
from domain.records import certificates
from domain.services.registration import application as applications
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotAllowed, NotFound
from tests.case_helpers import pay_online


@pytest.fixture
def people(demo_db: str, data_dir: object) -> dict[str, Actor]:
    return {a: _actor(a) for a in ('test1', 'auditor1', 'cb1', 'cb2', 'admin', 'expert1')}


def body_a() -> int:
    return next(i for i, name in applications.certification_bodies() if name == '华信认证中心有限公司')


def complete_draft(actor: Actor, field: str = 'EnMS', grade: str = '审核员') -> int:
    case_id = applications.start(actor).case.id
    applications.save_info(actor, case_id, application_type='体系认证审核员', grade=grade, field=field,
                           narrow_scope=False, payer='person', body_id=body_a())
    for kind, rows in LIBRARY.items():
        for values in rows:
            experiences.save_row(actor, kind, values, case_id=case_id)
    return case_id


def test_a_new_draft_waits_in_drafts_with_its_step(people: dict[str, Actor]) -> None:
    view = applications.start(people['test1'])
    assert (view.case.stage, view.wizard_step, view.case.summary) == ('draft', 'info', '未选择申请类型: 未选择专业')
    view = applications.save_info(people['test1'], view.case.id, application_type='体系认证审核员', grade='实习审核员',
                                  field='EMS')
    assert view.case.summary == '实习审核员: EMS'
    assert applications.application(people['test1'], view.case.id).grade == '实习审核员'


def test_autosave_refuses_unknown_options_and_other_users(people: dict[str, Actor]) -> None:
    case_id = applications.start(people['test1']).case.id
    with pytest.raises(Invalid) as error:
        applications.save_info(people['test1'], case_id, field='XYZ')
    assert error.value.field == 'field'
    with pytest.raises(NotFound):
        applications.save_info(people['auditor1'], case_id, field='QMS')


def test_submission_lists_what_is_missing(people: dict[str, Actor]) -> None:
    case_id = applications.start(people['auditor1']).case.id
    fields = {p.field for p in applications.problems(people['auditor1'], case_id)}
    assert {'application_type', 'field', 'narrow_scope', 'payer', 'body_id', 'education', 'work_experience'} <= fields
    with pytest.raises(Invalid):
        applications.submit(people['auditor1'], case_id)
    assert cases.get_case(people['auditor1'], case_id).stage == 'draft'


def test_precheck_computes_eligibility_from_the_rows(people: dict[str, Actor]) -> None:
    case_id = complete_draft(people['test1'])
    items = {i.label: i for i in applications.precheck(people['test1'], case_id)}
    assert items['实名认证'].passed and items['学历'].passed and items['工作经历'].passed
    assert items['重复申请'].passed
    # the 审核员 grade needs 2 years of professional experience: a fresh start fails
    for row in experiences.list_case_rows(people['test1'], 'professional_experience', case_id):
        experiences.save_row(people['test1'], 'professional_experience',
                             {**row.values, 'start_date': '2026-01-01'}, row.id, case_id=case_id)
    items = {i.label: i for i in applications.precheck(people['test1'], case_id)}
    assert not items['专业工作经历'].passed
    with pytest.raises(Invalid, match='专业工作经历'):
        applications.submit(people['test1'], case_id)


def test_an_open_registration_for_the_same_field_blocks_another(people: dict[str, Actor]) -> None:
    first = complete_draft(people['test1'], field='EnMS')
    applications.submit(people['test1'], first)
    second = complete_draft(people['test1'], field='EnMS')
    items = {i.label: i for i in applications.precheck(people['test1'], second)}
    assert not items['重复申请'].passed and cases.get_case(people['test1'], first).case_no in items['重复申请'].detail


def test_submit_return_edit_resubmit_and_approve_issues_a_certificate(people: dict[str, Actor]) -> None:
    p = people
    case_id = complete_draft(p['test1'], field='HACCP', grade='实习审核员')
    case = applications.submit(p['test1'], case_id)
    assert case.stage == 'body_review' and applications.application(p['test1'], case_id).wizard_step == 'done'
    case = cases.act(p['cb1'], case_id, 'return', expected_version=case.version, opinion='请补充')
    applications.save_info(p['test1'], case_id, narrow_scope=True)  # editable again while returned
    case = applications.submit(p['test1'], case_id)
    assert case.stage == 'body_review'
    with pytest.raises(NotAllowed):
        applications.save_info(p['test1'], case_id, narrow_scope=False)  # not while a reviewer has it
    case = cases.act(p['cb1'], case_id, 'pass', expected_version=case.version)
    case = pay_online(p['test1'], case)
    case = cases.act(p['admin'], case_id, 'pass', expected_version=case.version)
    cases.act(p['admin'], case_id, 'approve', expected_version=case.version)
    issued = [c for c in certificates.my_certificates(p['test1']) if c.field == 'HACCP']
    assert [(c.grade, c.body_name, c.status_label) for c in issued] == [('实习审核员', '华信认证中心有限公司', '有效')]


def test_a_sub_specialty_belongs_to_its_field_and_reaches_the_certificate(people: dict[str, Actor]) -> None:
    p = people
    case_id = complete_draft(p['test1'], field='EMS')
    with pytest.raises(Invalid) as refused:
        applications.save_info(p['test1'], case_id, sub_field='QMS建工')  # EMS has no 子专业
    assert refused.value.field == 'sub_field'
    applications.save_info(p['test1'], case_id, field='QMS', sub_field='QMS建工')
    assert cases.get_case(p['test1'], case_id).summary == '体系认证审核员: QMS QMS建工'
    applications.save_info(p['test1'], case_id, field='EMS')  # another field drops it
    assert applications.application(p['test1'], case_id).sub_field is None
    view = applications.save_info(p['test1'], case_id, field='QMS', sub_field='QMS建工')
    assert (view.field, view.sub_field) == ('QMS', 'QMS建工')

    case = applications.submit(p['test1'], case_id)
    assert cases.application_facts(p['cb1'], case_id)['申请专业'] == 'QMS QMS建工'  # what reviewers and 查看 show
    case = cases.act(p['cb1'], case_id, 'pass', expected_version=case.version)
    case = pay_online(p['test1'], case)
    case = cases.act(p['admin'], case_id, 'pass', expected_version=case.version)
    cases.act(p['admin'], case_id, 'approve', expected_version=case.version)
    issued = next(c for c in certificates.my_certificates(p['test1']) if c.cert_no.endswith(case.case_no))
    assert (issued.field, issued.scope) == ('QMS QMS建工', '质量管理体系（工程建设施工）')
    found = public_queries.qualifications_by_number('10.9.9.9', issued.cert_no)
    assert [c.field for c in found] == ['QMS QMS建工']


def test_only_the_current_reviewer_marks_rows(people: dict[str, Actor]) -> None:
    p = people
    case_id = complete_draft(p['test1'], field='ITSMS')
    applications.submit(p['test1'], case_id)
    row = reviews.rows_of(p['cb1'], case_id)['work_experience'][0]
    with pytest.raises(Invalid):
        reviews.set_verdict(p['cb1'], case_id, 'work_experience', row.id, '不符合', '')
    marked = reviews.set_verdict(p['cb1'], case_id, 'work_experience', row.id, '不符合', '证明材料缺失')
    assert (marked.verdict, marked.verdict_reason) == ('不符合', '证明材料缺失')
    assert reviews.nonconformity_line('work_experience', marked, '证明材料缺失').startswith('【工作经历】北京精工制造有限公司')
    with pytest.raises(NotAllowed):
        reviews.set_verdict(p['admin'], case_id, 'work_experience', row.id, '符合')  # not CCAA's stage yet
    with pytest.raises(NotFound):
        reviews.set_verdict(p['cb2'], case_id, 'work_experience', row.id, '符合')


def test_expert_evaluation_records_the_result(people: dict[str, Actor]) -> None:
    p = people
    case_id = complete_draft(p['test1'], field='FSMS', grade='实习审核员')
    case = applications.submit(p['test1'], case_id)
    case = cases.act(p['cb1'], case_id, 'pass', expected_version=case.version)
    case = pay_online(p['test1'], case)
    case = cases.act(p['admin'], case_id, 'assign_expert', expected_version=case.version,
                     expert_id=p['expert1'].user_id)
    with pytest.raises(Invalid):
        reviews.submit_evaluation(p['expert1'], case_id, case.version, '', '意见')
    case = reviews.submit_evaluation(p['expert1'], case_id, case.version, '同意注册', '经历真实完整')
    assert case.stage == 'ccaa_review'
    assert [(e.expert_name, e.result) for e in reviews.evaluations(p['admin'], case_id)] == [('赵强', '同意注册')]


def test_the_reviewer_sees_what_changed_since_the_return(people: dict[str, Actor]) -> None:
    p = people
    case_id = complete_draft(p['test1'], field='EnMS')
    case = applications.submit(p['test1'], case_id)
    assert case_changes.changes_since_return(p['cb1'], case_id) is None  # never returned
    jobs = experiences.list_case_rows(p['test1'], 'work_experience', case_id)
    audits = experiences.list_case_rows(p['test1'], 'audit_experience', case_id)
    cases.act(p['cb1'], case_id, 'return', expected_version=case.version, opinion='请补充')

    experiences.save_row(p['test1'], 'work_experience', {**jobs[0].values, 'position': '质量部经理'}, jobs[0].id,
                         case_id=case_id)
    added = experiences.save_row(p['test1'], 'work_experience', {**jobs[0].values, 'employer': '新华认证咨询公司'},
                                 case_id=case_id)
    experiences.delete_row(p['test1'], 'audit_experience', audits[-1].id, case_id=case_id)
    applications.save_info(p['test1'], case_id, narrow_scope=True)
    applications.submit(p['test1'], case_id)

    changes = case_changes.changes_since_return(p['cb1'], case_id)
    assert changes is not None and changes.since_round == 1
    assert (changes.returned_by, changes.returned_at_stage) == ('华信认证中心有限公司', '机构初核')
    assert [(f.label, f.before, f.after) for f in changes.facts] == [('是否缩小专业范围', '否', '是')]
    assert [(r.kind, r.row_id, r.change) for r in changes.rows] == [
        ('work_experience', jobs[0].id, '修改'), ('work_experience', added.id, '新增'),
        ('audit_experience', audits[-1].id, '删除')]
    changed = next(r for r in changes.rows if r.change == '修改')
    assert [(f.label, f.after) for f in changed.fields] == [('职务/职称', '质量部经理')]
    assert changes.flag_of('work_experience', added.id) == '新增'
    assert changes.flag_of('work_experience', jobs[0].id) == '修改'
    assert changes.flag_of('audit_experience', audits[-1].id) == ''  # gone: not a row of the application any more
    assert case_changes.changes_since_return(p['test1'], case_id) is not None  # the applicant may see it too
    with pytest.raises(NotFound):
        case_changes.changes_since_return(p['cb2'], case_id)


def test_a_resubmission_without_edits_shows_no_changes(people: dict[str, Actor]) -> None:
    p = people
    case_id = complete_draft(p['test1'], field='ITSMS')
    case = applications.submit(p['test1'], case_id)
    cases.act(p['cb1'], case_id, 'return', expected_version=case.version, opinion='请核实')
    applications.submit(p['test1'], case_id)
    changes = case_changes.changes_since_return(p['cb1'], case_id)
    assert changes is not None and changes.unchanged
