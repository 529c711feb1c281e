"""年度确认申请 (R6) on a real database: which certificates are due, the draft and its checks, one open application per
certificate and year, every transition and refusal, 退回整改 and resubmission, and the year recorded on 批准."""
from __future__ import annotations

import secrets
from datetime import date, datetime, timezone

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from domain.demo import _actor
from domain.engine import case_changes, cases, messages, queues
from domain.records import certificates
from domain.services.annual_confirmation import application as applications
from domain.shared import clock
from domain.shared.actors import Actor
from tests.case_helpers import submit
from domain.shared.errors import Conflict, Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import AnnualConfirmation, Certificate, Institution

TODAY = datetime(2026, 11, 27, 2, 0, tzinfo=timezone.utc)  # a Friday: 10:00 in China
ANSWERS = dict(has_complaints=False, development_done=True, keeps_personal_qualities=True,
               follows_code_of_conduct=True, development_start='2026-03-01', development_end='2026-03-03',
               development_content='参加 GB/T 19001 标准换版培训 16 学时')


@pytest.fixture
def people(demo_db: str, data_dir: object) -> dict[str, Actor]:
    clock.freeze(TODAY)
    return {a: _actor(a) for a in ('test1', 'auditor1', 'cb1', 'cb2', 'admin', 'expert1')}


def qms() -> Certificate:
    with unit_of_work() as session:
        return session.exec(select(Certificate).where(Certificate.cert_no == 'CCAA-QMS-2024-00123')).one()


def add_certificate(holder: Actor, cert_no: str, issued: date, expires: date, *, status: str = 'valid',
                    last_confirmed: int | None = None) -> int:
    with unit_of_work(write=True) as session:
        body = session.exec(select(Institution).where(Institution.code == 'CB-B')).one()
        certificate = Certificate(cert_no=cert_no, holder_id=holder.user_id, body_id=body.id, field='EMS',
                                  grade='审核员', issued_on=issued, expires_on=expires, status=status,
                                  last_confirmed_year=last_confirmed, verify_token=secrets.token_urlsafe(24))
        session.add(certificate)
        session.flush()
        return certificate.id  # type: ignore[return-value]


def complete_draft(actor: Actor) -> applications.ApplicationView:
    view = applications.start(actor)
    return applications.save_info(actor, view.case.id, **ANSWERS)


def submitted(actor: Actor) -> cases.CaseView:
    return applications.submit(actor, complete_draft(actor).case.id)


def step(actor: Actor, case: cases.CaseView, action: str, opinion: str = '') -> cases.CaseView:
    if action in ('submit', 'resubmit'):  # only through a service's submission
        return submit(actor, case)
    return cases.act(actor, case.id, action, expected_version=case.version, opinion=opinion)


def certificate_at(issued: date, expires: date, status: str = 'valid', last: int | None = None) -> Certificate:
    return Certificate(cert_no='X', holder_id=1, field='QMS', grade='审核员', issued_on=issued, expires_on=expires,
                       status=status, last_confirmed_year=last, verify_token='t')


# -- which certificates are due ------------------------------------------------------------------------------

def test_confirmable_years_follow_issue_confirmation_and_expiry() -> None:
    today = date(2026, 11, 27)
    years = applications.confirmable_years
    assert years(certificate_at(date(2024, 1, 15), date(2027, 1, 14), last=2025), today) == (2026,)
    assert years(certificate_at(date(2024, 1, 15), date(2027, 1, 14)), today) == (2025, 2026)  # none confirmed yet
    assert years(certificate_at(date(2024, 1, 15), date(2027, 1, 14), last=2026), today) == ()  # confirmed this year
    assert years(certificate_at(date(2026, 11, 27), date(2029, 11, 26)), today) == ()  # just issued: covered
    # expired less than 3 months ago: the years up to the one it expired in; longer ago: no more
    assert years(certificate_at(date(2022, 9, 1), date(2025, 8, 31), last=2024), date(2025, 11, 30)) == (2025,)
    assert years(certificate_at(date(2022, 9, 1), date(2025, 8, 31), last=2024), date(2025, 12, 1)) == ()
    for status in ('suspended', 'revoked', 'cancelled'):
        assert years(certificate_at(date(2024, 1, 15), date(2027, 1, 14), status, 2025), today) == ()


def test_only_the_applicants_own_due_certificates_are_offered(people: dict[str, Actor]) -> None:
    due = applications.due_certificates(people['auditor1'])
    assert [(c.cert_no, c.field, c.grade, c.years) for c in due] == [('CCAA-QMS-2024-00123', 'QMS', '审核员', (2026,))]
    assert due[0].label == 'CCAA-QMS-2024-00123（QMS 审核员）'
    # test1's FSMS certificate was issued by the demo's approval this year: not due
    assert certificates.my_certificates(people['test1']) and applications.due_certificates(people['test1']) == []
    items = {i.label: i for i in applications.precheck(people['test1'])}
    assert not items['待年度确认证书'].passed and items['待年度确认证书'].detail == '您没有需要进行年度确认的证书'
    assert items['实名认证'].passed
    with pytest.raises(NotAllowed, match='您没有需要进行年度确认的证书'):
        applications.start(people['test1'])
    with pytest.raises(NotAllowed):
        applications.start(people['cb1'])


# -- the draft -----------------------------------------------------------------------------------------------

def test_a_new_draft_has_the_single_due_certificate_chosen_and_routes_to_its_body(people: dict[str, Actor]) -> None:
    view = applications.start(people['auditor1'])
    assert (view.case.stage, view.wizard_step, view.certificate_id, view.confirm_year) == ('draft', 'info', qms().id, 2026)
    assert view.case.title == '年度确认申请 (CCAA-QMS-2024-00123: 2026年度)'
    assert view.case.body_id == qms().body_id
    view = applications.save_info(people['auditor1'], view.case.id, has_complaints=True, remarks='无',
                                  development_start='2026-01-05', wizard_step='precheck')
    again = applications.application(people['auditor1'], view.case.id)
    assert (again.has_complaints, again.remarks, again.development_start, again.wizard_step) == (
        True, '无', date(2026, 1, 5), 'precheck')


def test_autosave_refuses_bad_values_beside_their_fields(people: dict[str, Actor]) -> None:
    auditor = people['auditor1']
    case_id = applications.start(auditor).case.id
    other = add_certificate(people['test1'], 'CCAA-EMS-2023-00999', date(2023, 5, 1), date(2026, 12, 31))
    not_due = add_certificate(auditor, 'CCAA-EMS-2026-00001', date(2026, 2, 1), date(2029, 1, 31))
    for values, field in (({'certificate_id': other}, 'certificate_id'),
                          ({'certificate_id': not_due}, 'certificate_id'),
                          ({'confirm_year': 2025}, 'confirm_year'),
                          ({'has_complaints': '是'}, 'has_complaints'),
                          ({'development_start': '2026-13-01'}, 'development_start'),
                          ({'development_end': '2026/3/1'}, 'development_end'),
                          ({'remarks': '长' * 2001}, 'remarks'),
                          ({'nonsense': 1}, 'nonsense')):
        with pytest.raises(Invalid) as error:
            applications.save_info(auditor, case_id, **values)
        assert error.value.field == field
    assert applications.application(auditor, case_id).certificate_id == qms().id  # nothing was written
    with pytest.raises(NotFound):
        applications.save_info(people['test1'], case_id, remarks='x')
    with pytest.raises(NotFound):
        applications.application(people['cb1'], case_id)  # a draft is the applicant's alone


def test_submission_lists_what_is_missing_and_the_period_in_order(people: dict[str, Actor]) -> None:
    auditor = people['auditor1']
    case_id = applications.start(auditor).case.id
    assert {p.field: p.message for p in applications.problems(auditor, case_id)} == {
        'has_complaints': '请选择是否有投诉记录', 'development_done': '请选择是否完成专业发展/继续教育',
        'keeps_personal_qualities': '请选择是否持续具备审核员个人素质',
        'follows_code_of_conduct': '请选择是否持续遵守CCAA审核员行为准则'}
    applications.save_info(auditor, case_id, **{**ANSWERS, 'development_start': '2026-05-01',
                                                'development_end': '2026-04-30'})
    # the end before the start is kept (nothing typed is lost) but stops submission, beside the end
    assert [(p.field, p.message) for p in applications.problems(auditor, case_id)] == [
        ('development_end', '专业发展结束时间不能早于专业发展开始时间')]
    with pytest.raises(Invalid, match='不能早于'):
        applications.submit(auditor, case_id)
    assert cases.get_case(auditor, case_id).stage == 'draft'
    applications.save_info(auditor, case_id, certificate_id=None)
    assert 'certificate_id' in {p.field for p in applications.problems(auditor, case_id)}


# -- one open application per certificate and year ------------------------------------------------------------

def test_one_open_application_per_certificate_and_year(people: dict[str, Actor]) -> None:
    auditor = people['auditor1']
    first = complete_draft(auditor)
    second = applications.start(auditor)  # the only due certificate is taken: nothing chosen
    assert second.certificate_id is None
    with pytest.raises(Invalid, match=first.case.case_no) as error:
        applications.save_info(auditor, second.case.id, certificate_id=qms().id)
    assert error.value.field == 'certificate_id'
    # the database refuses a second claim even past the check
    with pytest.raises(IntegrityError):
        with unit_of_work(write=True) as session:
            row = session.get(AnnualConfirmation, second.case.id)
            assert row is not None
            row.open_key = f'{qms().id}:2026'
            session.add(row)
    # once the first is refused, the certificate and year are free again
    case = step(people['cb1'], applications.submit(auditor, first.case.id), 'reject', '未提供继续教育证明')
    assert (case.stage, case.outcome) == ('closed', 'refused')
    view = applications.save_info(auditor, second.case.id, certificate_id=qms().id)
    assert (view.certificate_id, view.confirm_year) == (qms().id, 2026)
    assert qms().last_confirmed_year == 2025


# -- the workflow ----------------------------------------------------------------------------------------------

def test_from_submission_to_approval_the_certificate_records_the_year(people: dict[str, Actor]) -> None:
    auditor, cb1, admin = people['auditor1'], people['cb1'], people['admin']
    case = submitted(auditor)
    assert (case.stage, case.stage_label, case.status.value) == ('body_review', '机构审核', 'in_progress')
    assert case.due_on == date(2026, 11, 30) and case.stage_due_on == date(2026, 11, 30)  # 1 working day
    assert applications.application(auditor, case.id).wizard_step == 'done'
    assert f'您有一条业务流水号【{case.case_no}】的年度确认申请需要机构审核' in [
        m.title for m in messages.list_messages(cb1)]
    assert case.id in [r.case.id for r in queues.institution_queue(cb1)]
    assert applications.facts(cb1, case.id)['证书信息'] == 'CCAA-QMS-2024-00123（QMS 审核员）'
    with pytest.raises(NotAllowed):
        applications.save_info(auditor, case.id, remarks='改')  # submitted: no more editing

    case = step(cb1, case, 'pass', '材料属实')
    assert (case.stage, case.stage_label) == ('ccaa_review', 'CCAA审批')
    assert case.id in [r.case.id for r in queues.staff_queue(admin)]
    case = step(admin, case, 'pass')
    assert (case.stage, case.stage_label) == ('ccaa_decision', 'CCAA批准')
    assert qms().last_confirmed_year == 2025  # not before 批准
    case = step(admin, case, 'approve', '同意确认')
    assert (case.stage, case.status.value, case.outcome) == ('closed', 'closed', 'approved')

    assert qms().last_confirmed_year == 2026
    mine = certificates.my_certificates(auditor)[0]
    assert (mine.last_confirmed_year, mine.confirmed_text) == (2026, '2026 年度')
    assert certificates.verify(qms().verify_token).confirmed_text == '2026 年度'
    assert applications.due_certificates(auditor) == []
    assert [e.action_label for e in cases.timeline(auditor, case.id)] == ['提交', '通过', '通过', '批准']
    assert any('已办结：已批准' in m.title for m in messages.list_messages(auditor))


def test_refusals_wrong_actor_wrong_stage_stale_version(people: dict[str, Actor]) -> None:
    auditor, cb1, cb2, admin = people['auditor1'], people['cb1'], people['cb2'], people['admin']
    case = submitted(auditor)
    with pytest.raises(NotFound):
        step(cb2, case, 'pass')  # another body does not even see it
    with pytest.raises(NotAllowed):
        step(admin, case, 'pass')  # CCAA staff do not act at 机构审核
    with pytest.raises(NotAllowed):
        step(auditor, case, 'pass')
    with pytest.raises(NotAllowed):
        step(cb1, case, 'approve')  # not offered at this stage
    with pytest.raises(Invalid):
        step(cb1, case, 'reject')  # 不通过 needs an opinion
    passed = step(cb1, case, 'pass')
    with pytest.raises(Conflict):
        step(cb1, case, 'pass')  # a stale screen
    with pytest.raises(NotAllowed):
        step(cb1, passed, 'pass')  # the body's part is done
    decided = step(admin, passed, 'pass')
    with pytest.raises(Invalid):
        step(admin, decided, 'refuse')
    refused = step(admin, decided, 'refuse', '继续教育学时不足')
    assert (refused.stage, refused.outcome) == ('closed', 'refused')
    assert qms().last_confirmed_year == 2025
    assert applications.due_certificates(auditor)[0].years == (2026,)  # may apply again
    assert applications.start(auditor).certificate_id == qms().id


def test_a_returned_case_is_corrected_and_goes_back_to_the_stage_that_returned_it(people: dict[str, Actor]) -> None:
    auditor, cb1, admin = people['auditor1'], people['cb1'], people['admin']
    case = step(cb1, submitted(auditor), 'pass')
    with pytest.raises(Invalid):
        step(admin, case, 'return')  # 退回整改 needs an opinion
    returned = step(admin, case, 'return', '请补充专业发展内容')
    assert (returned.stage, returned.editable) == ('rectification', True)
    assert any('被退回整改' in m.title for m in messages.list_messages(auditor))

    other = add_certificate(auditor, 'CCAA-EMS-2023-00777', date(2023, 6, 1), date(2026, 12, 31), last_confirmed=2025)
    with pytest.raises(Invalid, match='不能更换证书'):
        applications.save_info(auditor, case.id, certificate_id=other)
    applications.save_info(auditor, case.id, development_content='参加标准换版培训 24 学时，并完成 3 次现场审核',
                           development_end='2026-03-05')
    resubmitted = applications.submit(auditor, case.id)
    assert (resubmitted.stage, cases.get_case(admin, case.id).version) == ('ccaa_review', resubmitted.version)

    changes = case_changes.changes_since_return(admin, case.id)
    assert changes is not None and changes.returned_at_stage == 'CCAA审批'
    assert {(f.label, f.after) for f in changes.facts} == {
        ('专业发展内容', '参加标准换版培训 24 学时，并完成 3 次现场审核'), ('专业发展结束时间', '2026-03-05')}
    assert step(admin, step(admin, resubmitted, 'pass'), 'approve').outcome == 'approved'
    assert qms().last_confirmed_year == 2026


def test_the_body_may_return_too_and_gets_the_resubmission(people: dict[str, Actor]) -> None:
    auditor, cb1 = people['auditor1'], people['cb1']
    returned = step(cb1, submitted(auditor), 'return', '是否有投诉记录填写有误')
    applications.save_info(auditor, returned.id, has_complaints=True)
    again = applications.submit(auditor, returned.id)
    assert again.stage == 'body_review'
    assert again.id in [r.case.id for r in queues.institution_queue(cb1)]
    changes = case_changes.changes_since_return(cb1, again.id)
    assert changes is not None and [(f.label, f.before, f.after) for f in changes.facts] == [('是否有投诉记录', '否', '是')]


def test_submission_routes_to_the_body_the_certificate_is_with_then(people: dict[str, Actor]) -> None:
    draft = complete_draft(people['auditor1'])
    with unit_of_work(write=True) as session:  # the certificate moved to body B (a transfer) after it was chosen
        certificate = session.exec(select(Certificate).where(Certificate.cert_no == 'CCAA-QMS-2024-00123')).one()
        certificate.body_id = people['cb2'].institution_id
        session.add(certificate)
    case = applications.submit(people['auditor1'], draft.case.id)
    assert case.body_id == people['cb2'].institution_id
    assert case.id in [r.case.id for r in queues.institution_queue(people['cb2'])]
    assert case.id not in [r.case.id for r in queues.institution_queue(people['cb1'])]
