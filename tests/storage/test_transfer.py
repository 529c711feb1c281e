"""人员转换执业机构 (R7): who may apply, the draft and its checks, each stage's routed body, return and resubmit,
and approval moving the certificate to the receiving body."""
from __future__ import annotations

import pytest
from sqlmodel import select

from domain.demo import BODY_A, BODY_B, _actor
from domain.engine import case_changes, cases, files, messages, queues
from domain.records import certificates
from domain.services.transfer import application as transfers
from domain.services.transfer.workflow import CLOSING_ACTIONS, SERVICE_CODE, WORKFLOW
from domain.shared.actors import Actor
from domain.shared.errors import Conflict, Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Certificate, TransferApplication

PDF = b'%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'


@pytest.fixture
def people(demo_db: str, data_dir: object) -> dict[str, Actor]:
    return {a: _actor(a) for a in ('test1', 'auditor1', 'cb1', 'cb2', 'admin', 'expert1')}


def body(name: str) -> int:
    from domain.services.registration import application as registration_application
    return next(i for i, n in registration_application.certification_bodies() if n == name)


def draft_to_b(p: dict[str, Actor], **values: object) -> int:
    case_id = transfers.start(p['auditor1']).case.id
    transfers.save_info(p['auditor1'], case_id, to_body_id=body(BODY_B), **values)
    return case_id


def submitted(p: dict[str, Actor]) -> cases.CaseView:
    return transfers.submit(p['auditor1'], draft_to_b(p, reason='工作单位变动'))


def step(actor: Actor, case: cases.CaseView, action: str, opinion: str = '') -> cases.CaseView:
    return cases.act(actor, case.id, action, expected_version=case.version, opinion=opinion)


# -- who may apply ------------------------------------------------------------------------------------------

def test_only_a_certified_auditor_may_apply(people: dict[str, Actor]) -> None:
    items = {i.label: i for i in transfers.precheck(people['expert1'])}  # no certificate
    assert not items['认证人员'].passed and items['认证人员'].detail == transfers.NOT_AUDITOR
    with pytest.raises(NotAllowed, match='持有有效证书'):
        transfers.start(people['expert1'])
    with pytest.raises(NotAllowed):
        transfers.start(people['cb1'])
    assert transfers.current_body(people['expert1']) is None
    items = {i.label: i for i in transfers.precheck(people['auditor1'])}
    assert items['认证人员'].passed and BODY_A in items['认证人员'].detail


def test_an_expired_certificate_does_not_count(people: dict[str, Actor]) -> None:
    with unit_of_work(write=True) as session:
        certificate = session.exec(select(Certificate).where(Certificate.holder_id == people['auditor1'].user_id)).one()
        certificate.expires_on = certificate.issued_on
        session.add(certificate)
    assert transfers.current_body(people['auditor1']) is None
    with pytest.raises(NotAllowed):
        transfers.start(people['auditor1'])


def test_the_form_is_prefilled_from_the_person_and_the_certificate(people: dict[str, Actor]) -> None:
    view = transfers.start(people['auditor1'])
    a = view.applicant
    assert (a.file_no, a.name, a.id_type, a.gender, a.birth_date) == ('QMS-2024-00123', '王芳', '居民身份证', '女',
                                                                      '1990-07-05')
    assert a.id_number == '110***********0020' and a.mobile == '13800000002' and a.email == 'auditor1@example.com'
    assert (view.from_body_name, view.transfer_type, view.wizard_step) == (BODY_A, '认证转会', 'info')
    assert view.certificates == ('CCAA-QMS-2024-00123（QMS 审核员）',)
    assert (view.case.stage, view.case.body_id, view.case.summary) == ('draft', body(BODY_A), f'{BODY_A} → 未选择转入机构')
    assert [n for _, n in transfers.transfer_bodies(people['auditor1'])] == [BODY_B]  # not the current one


def test_one_open_transfer_per_person(people: dict[str, Actor]) -> None:
    first = transfers.start(people['auditor1'])
    assert transfers.start(people['auditor1']).case.id == first.case.id  # the draft reopens
    transfers.save_info(people['auditor1'], first.case.id, to_body_id=body(BODY_B))
    transfers.submit(people['auditor1'], first.case.id)
    items = {i.label: i for i in transfers.precheck(people['auditor1'])}
    assert not items['办理中的转会申请'].passed and first.case.case_no in items['办理中的转会申请'].detail
    with pytest.raises(NotAllowed, match=first.case.case_no):
        transfers.start(people['auditor1'])
    with unit_of_work() as session:  # the database itself keeps it to one
        assert session.exec(select(TransferApplication.open_for)).all() == [people['auditor1'].user_id]


# -- the form's checks ----------------------------------------------------------------------------------------

def test_autosave_refuses_unknown_options_the_same_body_and_other_users(people: dict[str, Actor]) -> None:
    case_id = transfers.start(people['auditor1']).case.id
    for values, field in (({'reason': '想换'}, 'reason'), ({'transfer_type': '其他转会'}, 'transfer_type'),
                          ({'to_body_id': body(BODY_A)}, 'to_body_id'), ({'note': '长' * 501}, 'note'),
                          ({'colour': 'red'}, 'colour')):
        with pytest.raises(Invalid) as error:
            transfers.save_info(people['auditor1'], case_id, **values)
        assert error.value.field == field
    with pytest.raises(Invalid, match='不能与转出机构相同'):
        transfers.save_info(people['auditor1'], case_id, to_body_id=body(BODY_A))
    with pytest.raises(NotFound):
        transfers.save_info(people['test1'], case_id, reason='其他')
    with pytest.raises(NotFound):
        transfers.application(people['cb2'], case_id)  # a draft is the applicant's alone
    view = transfers.save_info(people['auditor1'], case_id, to_body_id=body(BODY_B), reason='个人职业发展')
    assert (view.to_body_name, view.reason, view.case.summary) == (BODY_B, '个人职业发展', f'{BODY_A} → {BODY_B}')


def test_note_is_required_when_the_reason_is_other(people: dict[str, Actor]) -> None:
    case_id = draft_to_b(people, reason='其他')
    assert [(p.field, p.message) for p in transfers.problems(people['auditor1'], case_id)] == [
        ('note', '转会理由为【其他】时，补充说明为必填')]
    with pytest.raises(Invalid, match='补充说明为必填'):
        transfers.submit(people['auditor1'], case_id)
    assert cases.get_case(people['auditor1'], case_id).stage == 'draft'
    transfers.save_info(people['auditor1'], case_id, note='  家庭原因迁居上海  ')
    assert transfers.application(people['auditor1'], case_id).note == '家庭原因迁居上海'
    assert transfers.submit(people['auditor1'], case_id).stage == 'from_body_review'


def test_a_missing_receiving_body_is_reported(people: dict[str, Actor]) -> None:
    case_id = transfers.start(people['auditor1']).case.id
    assert [p.field for p in transfers.problems(people['auditor1'], case_id)] == ['to_body_id']


def test_the_reason_file_is_checked_by_content_and_readable_by_the_routed_bodies(people: dict[str, Actor],
                                                                                  data_dir: object) -> None:
    p = people
    case_id = draft_to_b(p)
    with pytest.raises(Invalid) as error:
        transfers.upload_reason_file(p['auditor1'], case_id, '理由.pdf', b'<html>%PDF-1.7 not really</html>')
    assert (error.value.field, error.value.message) == ('reason_file_id', files.MSG_TYPE)
    with pytest.raises(Invalid, match='10 MB'):
        transfers.upload_reason_file(p['auditor1'], case_id, '理由.pdf', b'%PDF-1.7\n' + b'0' * files.MAX_UPLOAD_BYTES)
    view = transfers.upload_reason_file(p['auditor1'], case_id, 'C:\\docs\\离职证明.pdf', PDF)
    assert view.reason_file_name == '离职证明.pdf' and view.reason_file_id is not None
    someone_elses = files.save_upload(p['test1'], transfers.FILE_PURPOSE, 'x.pdf', PDF)
    with pytest.raises(Invalid):
        transfers.save_info(p['auditor1'], case_id, reason_file_id=someone_elses)
    assert not files.can_read(p['cb2'], view.reason_file_id)  # still a draft
    case = transfers.submit(p['auditor1'], case_id)
    assert files.open_file(p['cb1'], view.reason_file_id).data == PDF
    assert not files.can_read(p['cb2'], view.reason_file_id)  # the releasing body has not decided yet
    step(p['cb1'], case, 'pass')
    assert files.open_file(p['cb2'], view.reason_file_id).content_type == 'application/pdf'
    assert not files.can_read(p['test1'], view.reason_file_id)


def test_the_receiving_body_sees_nothing_of_the_case_before_the_releasing_body_lets_it_go(
        people: dict[str, Actor]) -> None:
    p = people
    case = submitted(p)

    def hidden_from_b() -> None:
        with pytest.raises(NotFound):
            cases.get_case(p['cb2'], case.id)
        with pytest.raises(NotFound):
            cases.timeline(p['cb2'], case.id)
        with pytest.raises(NotFound):
            cases.application_facts(p['cb2'], case.id)
        assert case.id not in {c.id for c in queues.handled_by_institution(p['cb2'])}

    hidden_from_b()
    returned = step(p['cb1'], case, 'return', '请补充离职证明')  # returned before it was released: still not B's
    hidden_from_b()
    case = transfers.submit(p['auditor1'], returned.id)
    case = step(p['cb1'], case, 'pass')
    assert cases.get_case(p['cb2'], case.id).stage == 'to_body_review'
    assert case.id in {c.id for c in queues.handled_by_institution(p['cb2'])}
    returned = step(p['cb2'], case, 'return', '请补充劳动合同')
    assert cases.get_case(p['cb2'], returned.id).stage == 'rectification'  # B has had its turn: it keeps seeing it


# -- the workflow ------------------------------------------------------------------------------------------------

def test_each_stage_is_taken_by_its_routed_party_only(people: dict[str, Actor]) -> None:
    p = people
    case = submitted(p)
    assert (case.stage, case.stage_label, case.to_body_id) == ('from_body_review', '转出机构审核', body(BODY_B))
    assert case.due_on is not None
    for wrong in ('admin', 'auditor1'):
        with pytest.raises(NotAllowed):
            step(p[wrong], case, 'pass')
    for outside in ('test1', 'cb2'):  # the receiving body's turn has not come: it cannot even see the case
        with pytest.raises(NotFound):
            step(p[outside], case, 'pass')
    with pytest.raises(NotAllowed, match='转出机构审核'):
        step(p['cb1'], case, 'approve')  # an action of another stage

    case = step(p['cb1'], case, 'pass', '同意转出')
    assert (case.stage, case.stage_label) == ('to_body_review', '转入机构审核')
    for wrong in ('cb1', 'admin'):
        with pytest.raises(NotAllowed):
            step(p[wrong], case, 'pass')
    case = step(p['cb2'], case, 'pass', '同意接收')
    assert case.stage_label == 'CCAA审核'
    for wrong in ('cb1', 'cb2'):
        with pytest.raises(NotAllowed):
            step(p[wrong], case, 'pass')
    case = step(p['admin'], case, 'pass')
    assert case.stage_label == 'CCAA决定'
    assert [o.key for o in cases.actions_for(p['admin'], case.id)] == ['approve', 'refuse']
    with pytest.raises(Invalid):
        step(p['admin'], case, 'refuse')  # needs an opinion
    step(p['admin'], case, 'approve', '同意转会')
    labels = [(e.action_label, e.from_label, e.to_label) for e in cases.timeline(p['auditor1'], case.id)]
    assert labels == [('提交', '草稿箱', '转出机构审核'), ('通过', '转出机构审核', '转入机构审核'),
                      ('通过', '转入机构审核', 'CCAA审核'), ('通过', 'CCAA审核', 'CCAA决定'), ('批准', 'CCAA决定', '已结束')]
    assert cases.timeline(p['auditor1'], case.id)[1].actor_name == BODY_A
    assert cases.timeline(p['auditor1'], case.id)[2].actor_name == BODY_B


def test_a_stale_screen_gets_the_conflict_message(people: dict[str, Actor]) -> None:
    p = people
    case = submitted(p)
    step(p['cb1'], case, 'pass')
    with pytest.raises(Conflict, match='已被他人处理'):
        step(p['cb1'], case, 'return', '请补充')  # the same screen, loaded before the pass
    moved = cases.get_case(p['cb2'], case.id)
    with pytest.raises(Conflict):
        cases.act(p['cb2'], case.id, 'pass', expected_version=moved.version - 1)


def test_each_body_sees_the_case_in_its_queue_at_its_own_stage_only(people: dict[str, Actor]) -> None:
    p = people

    def waiting(account: str) -> list[str]:
        rows = queues.institution_queue(p[account]) if account != 'admin' else queues.staff_queue(p[account])
        return [r.case.case_no for r in rows if r.case.service_code == SERVICE_CODE]

    case = submitted(p)
    assert (waiting('cb1'), waiting('cb2'), waiting('admin')) == ([case.case_no], [], [])
    case = step(p['cb1'], case, 'pass')
    assert (waiting('cb1'), waiting('cb2'), waiting('admin')) == ([], [case.case_no], [])
    case = step(p['cb2'], case, 'pass')
    assert (waiting('cb1'), waiting('cb2'), waiting('admin')) == ([], [], [case.case_no])
    # both bodies keep it among their cases, and both may open it
    assert case.case_no in [c.case_no for c in queues.handled_by_institution(p['cb1'])]
    assert case.case_no in [c.case_no for c in queues.handled_by_institution(p['cb2'])]
    assert cases.parties(p['cb2'], case.id).to_body_name == BODY_B


def test_the_receiving_body_is_told_when_the_case_reaches_it(people: dict[str, Actor]) -> None:
    p = people
    case = submitted(p)
    titles = lambda account: [m.title for m in messages.list_messages(p[account], messages.MESSAGE)]  # noqa: E731
    assert any('需要转出机构审核' in t and case.case_no in t for t in titles('cb1'))
    assert not any(case.case_no in t for t in titles('cb2'))
    step(p['cb1'], case, 'pass')
    assert any('需要转入机构审核' in t and case.case_no in t for t in titles('cb2'))


def test_return_and_resubmit_go_back_to_the_stage_that_returned(people: dict[str, Actor]) -> None:
    p = people
    case = step(p['cb1'], submitted(p), 'pass')
    case = step(p['cb2'], case, 'return', '请上传离职证明')
    assert case.stage == 'rectification' and case.editable
    assert all(item.passed for item in transfers.precheck(p['auditor1'], case.id))  # its own case does not count
    assert not all(item.passed for item in transfers.precheck(p['auditor1']))
    transfers.save_info(p['auditor1'], case.id, reason='其他', note='原单位已同意')
    transfers.upload_reason_file(p['auditor1'], case.id, '离职证明.pdf', PDF)
    case = transfers.submit(p['auditor1'], case.id)
    assert case.stage == 'to_body_review'  # not back to the 转出机构
    with pytest.raises(NotAllowed):
        transfers.save_info(p['auditor1'], case.id, note='改')  # not while a reviewer has it
    changes = case_changes.changes_since_return(p['cb2'], case.id)
    assert changes is not None and changes.returned_at_stage == '转入机构审核'
    assert [(f.label, f.before, f.after) for f in changes.facts] == [
        ('转会理由', '工作单位变动', '其他'), ('补充说明', '', '原单位已同意'), ('转会理由文件', '', '离职证明.pdf')]


def test_refusal_closes_the_case_and_lets_the_person_apply_again(people: dict[str, Actor]) -> None:
    p = people
    case = submitted(p)
    with pytest.raises(Invalid):
        step(p['cb1'], case, 'reject')  # 不通过 needs an opinion
    case = step(p['cb1'], case, 'reject', '劳动合同未到期')
    assert (case.status.value, case.outcome) == ('closed', 'refused')
    assert [c.body_name for c in certificates.my_certificates(p['auditor1'])] == [BODY_A]
    again = transfers.start(p['auditor1'])
    assert again.case.id != case.id and again.case.stage == 'draft'


def test_approval_moves_the_certificate_to_the_receiving_body(people: dict[str, Actor]) -> None:
    p = people
    case = submitted(p)
    for actor, action in (('cb1', 'pass'), ('cb2', 'pass'), ('admin', 'pass'), ('admin', 'approve')):
        case = step(p[actor], case, action)
    assert (case.status.value, case.outcome) == ('closed', 'approved')
    mine = certificates.my_certificates(p['auditor1'])
    assert [(c.cert_no, c.body_name, c.status_label) for c in mine] == [('CCAA-QMS-2024-00123', BODY_B, '有效')]
    assert certificates.verify(mine[0].verify_token).body_name == BODY_B
    assert transfers.current_body(p['auditor1']) == (body(BODY_B), BODY_B)
    assert [n for _, n in transfers.transfer_bodies(p['auditor1'])] == [BODY_A]
    assert transfers.start(p['auditor1']).from_body_name == BODY_B  # and may move on later


def test_every_closing_action_releases_the_open_transfer() -> None:
    assert set(CLOSING_ACTIONS) == {'approve', 'refuse', 'reject'}
    closing = [a for stage in WORKFLOW.stages for a in stage.actions if a.key in CLOSING_ACTIONS]
    assert closing and all(a.effect is not None for a in closing)
