"""证书注销申请 (R11.1) on a real database: which certificates can be cancelled, the draft and its checks, one open
application per certificate, every transition and refusal, 退回整改 and resubmission, and the certificate shown as
已注销 — to its holder, on the verification page and in the public lookup — once CCAA staff approve."""
from __future__ import annotations

import secrets
from datetime import date, datetime, timezone

import pytest
from sqlmodel import select

from domain.demo import _actor
from domain.engine import case_changes, cases, messages, my_cases, queues
from domain.portal import public_queries
from domain.records import certificates
from domain.services.certificate_cancellation import application as applications
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Conflict, Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Certificate, Institution

TODAY = datetime(2026, 11, 27, 2, 0, tzinfo=timezone.utc)  # a Friday: 10:00 in China
QMS = 'CCAA-QMS-2024-00123'


@pytest.fixture
def people(demo_db: str, data_dir: object) -> dict[str, Actor]:
    clock.freeze(TODAY)
    return {a: _actor(a) for a in ('test1', 'auditor1', 'cb1', 'admin', 'expert1')}


def certificate(cert_no: str = QMS) -> Certificate:
    with unit_of_work() as session:
        return session.exec(select(Certificate).where(Certificate.cert_no == cert_no)).one()


def add_certificate(holder: Actor, cert_no: str, *, status: str = 'valid', expires: date = date(2028, 6, 30)) -> int:
    with unit_of_work(write=True) as session:
        body = session.exec(select(Institution).where(Institution.code == 'CB-B')).one()
        row = Certificate(cert_no=cert_no, holder_id=holder.user_id, body_id=body.id, field='EMS', grade='审核员',
                          issued_on=date(2025, 7, 1), expires_on=expires, status=status,
                          verify_token=secrets.token_urlsafe(24))
        session.add(row)
        session.flush()
        return row.id  # type: ignore[return-value]


def submitted(actor: Actor) -> cases.CaseView:
    view = applications.start(actor)
    applications.save_info(actor, view.case.id, reason='不再从事认证审核工作', declared=True)
    return applications.submit(actor, view.case.id)


def step(actor: Actor, case: cases.CaseView, action: str, opinion: str = '') -> cases.CaseView:
    return cases.act(actor, case.id, action, expected_version=case.version, opinion=opinion)


def test_only_the_holders_valid_or_suspended_certificates_can_be_cancelled(people: dict[str, Actor]) -> None:
    auditor = people['auditor1']
    add_certificate(auditor, 'CCAA-EMS-2025-00001', status='suspended')
    add_certificate(auditor, 'CCAA-EMS-2025-00002', status='revoked')
    add_certificate(auditor, 'CCAA-EMS-2025-00003', expires=date(2026, 11, 1))  # expired
    offered = applications.cancellable_certificates(auditor)
    assert [(c.cert_no, c.status_label) for c in offered] == [(QMS, '有效'), ('CCAA-EMS-2025-00001', '暂停')]
    assert applications.cancellable_certificates(people['expert1']) == []
    with pytest.raises(NotAllowed, match='没有可以注销的证书'):
        applications.start(people['expert1'])
    assert applications.precheck(people['expert1'])[-1].passed is False
    with pytest.raises(NotAllowed):
        applications.start(people['cb1'])


def test_a_new_draft_has_the_single_certificate_chosen_and_refuses_bad_values(people: dict[str, Actor]) -> None:
    auditor = people['auditor1']
    view = applications.start(auditor)
    assert view.certificate_id == certificate().id and view.case.stage == 'draft'
    assert view.case.summary == QMS
    others = add_certificate(people['test1'], 'CCAA-EMS-2025-00009')
    for name, value, message in (('certificate_id', others, '请从选项中选择证书'),
                                 ('certificate_id', 'x', '请从选项中选择证书'),
                                 ('reason', '随便', '请从选项中选择注销原因'),
                                 ('note', '字' * 501, '补充说明不能超过500字'),
                                 ('declared', 'yes', '请确认本人承诺'),
                                 ('colour', 'red', '未知字段')):
        with pytest.raises(Invalid) as error:
            applications.save_info(auditor, view.case.id, **{name: value})
        assert (error.value.field, error.value.message) == (name, message)
    with pytest.raises(NotFound):
        applications.save_info(people['test1'], view.case.id, reason='其他')  # not theirs: not even seen


def test_submission_lists_what_is_missing(people: dict[str, Actor]) -> None:
    auditor = people['auditor1']
    case_id = applications.start(auditor).case.id
    assert [(p.field, p.message) for p in applications.problems(auditor, case_id)] == [
        ('reason', '请选择注销原因'), ('declared', '请阅读并勾选本人承诺')]
    applications.save_info(auditor, case_id, reason='其他', declared=True)
    with pytest.raises(Invalid, match='补充说明为必填'):
        applications.submit(auditor, case_id)
    applications.save_info(auditor, case_id, note='  已退休  ')
    assert applications.application(auditor, case_id).note == '已退休'
    assert applications.submit(auditor, case_id).stage == 'ccaa_review'


def test_one_open_application_per_certificate(people: dict[str, Actor]) -> None:
    auditor = people['auditor1']
    first = applications.start(auditor)
    second = applications.start(auditor)  # opened all the same; the certificate is not chosen for it
    assert second.certificate_id is None
    with pytest.raises(Invalid, match=f'已在办理中（业务号 {first.case.case_no}）'):
        applications.save_info(auditor, second.case.id, certificate_id=certificate().id)


def test_approval_cancels_the_certificate_everywhere(people: dict[str, Actor]) -> None:
    auditor, admin, cb1 = people['auditor1'], people['admin'], people['cb1']
    case = submitted(auditor)
    assert (case.stage_label, case.stage_due_on) == ('CCAA审核', date(2026, 12, 4))  # 5 working days
    assert my_cases.countdown(case) == '剩余 5 个工作日'  # no 办结期限 in the catalogue: the stage's counts down
    assert f'您有一条业务流水号【{case.case_no}】的证书注销申请需要审核' in [m.title for m in messages.list_messages(admin)]
    assert case.id in [r.case.id for r in queues.staff_queue(admin)]
    assert applications.facts(admin, case.id)['注销原因'] == '不再从事认证审核工作'
    with pytest.raises(NotAllowed):
        applications.save_info(auditor, case.id, note='改')  # submitted: no more editing
    with pytest.raises(NotAllowed):
        step(cb1, case, 'approve')  # the body reads its auditor's case but does not decide it
    with pytest.raises(NotAllowed):
        step(auditor, case, 'approve')
    with pytest.raises(Invalid):
        step(admin, case, 'refuse')  # 不予注销 needs a reason
    assert certificate().status == 'valid'  # nothing before 批准

    closed = step(admin, case, 'approve', '同意注销')
    assert (closed.stage, closed.outcome) == ('closed', 'approved')
    with pytest.raises(Conflict):
        step(admin, case, 'approve')  # a stale screen
    row = certificate()
    assert (row.status, row.cancelled_on) == ('cancelled', date(2026, 11, 27))
    mine = certificates.my_certificates(auditor)[0]
    assert (mine.status_label, mine.cancellable, mine.cancelled_on) == ('已注销', False, date(2026, 11, 27))
    public = certificates.verify(row.verify_token)
    assert (public.status_label, public.cancelled_on) == ('已注销', date(2026, 11, 27))
    assert public_queries.qualifications_by_number('203.0.113.9', QMS)[0].status_label == '已注销'
    assert applications.cancellable_certificates(auditor) == []
    assert any('已办结：已批准' in m.title for m in messages.list_messages(auditor))


def test_refusal_frees_the_certificate_and_a_return_comes_back_to_ccaa(people: dict[str, Actor]) -> None:
    auditor, admin = people['auditor1'], people['admin']
    case = submitted(auditor)
    returned = step(admin, case, 'return', '请说明不再从事认证工作的情况')
    assert (returned.stage, returned.editable) == ('rectification', True)
    other = add_certificate(auditor, 'CCAA-EMS-2025-00004')
    with pytest.raises(Invalid, match='不能更换证书'):
        applications.save_info(auditor, case.id, certificate_id=other)
    applications.save_info(auditor, case.id, note='已调往非认证岗位')
    resubmitted = applications.submit(auditor, case.id)
    assert resubmitted.stage == 'ccaa_review'
    changes = case_changes.changes_since_return(admin, case.id)
    assert changes is not None and [(f.label, f.before, f.after) for f in changes.facts] == [
        ('补充说明', '', '已调往非认证岗位')]

    refused = step(admin, resubmitted, 'refuse', '证书正在暂停审查中')
    assert (refused.outcome, certificate().status) == ('refused', 'valid')
    again = applications.start(auditor)
    applications.save_info(auditor, again.case.id, certificate_id=certificate().id)  # free again
