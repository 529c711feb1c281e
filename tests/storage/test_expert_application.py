"""专家申请 (R10.7) on a real database: who may apply, the draft and its checks beside each field, one open
application per person, 证明材料 read only by those who may see the case, every transition and refusal, 退回整改
and resubmission with what changed, and expert permission granted — or not — when CCAA staff decide."""
from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pytest
from PIL import Image

from domain.accounts import accounts
from domain.demo import _actor
from domain.engine import case_changes, cases, files, messages, my_cases, queues
from domain.services.expert_application import application as applications
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Conflict, Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import User

TODAY = datetime(2026, 11, 27, 2, 0, tzinfo=timezone.utc)  # a Friday: 10:00 in China
ANSWERS = dict(fields=['EMS', 'QMS'], title='副高级', employer='华信认证中心有限公司', years='12',
               resume='从事质量管理体系审核十二年，担任审核组长。')


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new('RGB', (4, 4), 'white').save(buffer, format='PNG')
    return buffer.getvalue()


@pytest.fixture
def people(demo_db: str, data_dir: object) -> dict[str, Actor]:
    clock.freeze(TODAY)
    return {a: _actor(a) for a in ('test1', 'auditor1', 'cb1', 'admin', 'expert1')}


def submitted(actor: Actor) -> cases.CaseView:
    view = applications.start(actor)
    applications.save_info(actor, view.case.id, **ANSWERS)
    return applications.submit(actor, view.case.id)


def step(actor: Actor, case: cases.CaseView, action: str, opinion: str = '') -> cases.CaseView:
    return cases.act(actor, case.id, action, expected_version=case.version, opinion=opinion)


def is_expert(actor: Actor) -> bool:
    with unit_of_work() as session:
        user = session.get(User, actor.user_id)
        assert user is not None
        return accounts.actor_of(session, user).is_expert


def test_who_may_apply(people: dict[str, Actor]) -> None:
    expert = people['expert1']
    assert [(i.label, i.passed) for i in applications.precheck(expert)] == [
        ('实名认证', True), ('专家权限', False), ('办理中的专家申请', True)]
    with pytest.raises(NotAllowed, match='您已具有专家权限'):
        applications.start(expert)
    with pytest.raises(NotAllowed, match='只有个人用户可以申请专家权限'):
        applications.start(people['cb1'])
    assert applications.precheck(people['admin'])[0].passed is False
    with unit_of_work(write=True) as session:
        user = session.get(User, people['test1'].user_id)
        user.real_name_verified = False  # type: ignore[union-attr]
        session.add(user)
    assert applications.precheck(people['test1'])[0].passed is False
    case_id = applications.start(people['test1']).case.id
    applications.save_info(people['test1'], case_id, **ANSWERS)
    with pytest.raises(Invalid, match='实名认证'):
        applications.submit(people['test1'], case_id)


def test_the_draft_refuses_bad_values_beside_their_fields(people: dict[str, Actor]) -> None:
    auditor = people['auditor1']
    view = applications.start(auditor)
    assert (view.case.stage, view.case.summary) == ('draft', '未选择专业领域')
    for name, value, message in (('fields', ['QMS', 'XYZ'], '请从选项中选择专业领域'),
                                 ('fields', 'QMS', '请从选项中选择专业领域'),
                                 ('title', '教授', '请从选项中选择职称'),
                                 ('employer', '字' * 201, '工作单位不能超过200个字'),
                                 ('employer', None, '请输入文字'),
                                 ('years', '61', '请填写0至60之间的整数'),
                                 ('years', '-1', '请填写0至60之间的整数'),
                                 ('years', '2.5', '请填写0至60之间的整数'),
                                 ('years', 2.5, '请填写0至60之间的整数'),
                                 ('years', True, '请填写0至60之间的整数'),
                                 ('resume', '字' * 2001, '专业特长及工作简历不能超过2000个字'),
                                 ('colour', 'red', '未知字段')):
        with pytest.raises(Invalid) as error:
            applications.save_info(auditor, view.case.id, **{name: value})
        assert (error.value.field, error.value.message) == (name, message)
    assert [(p.field, p.message) for p in applications.problems(auditor, view.case.id)] == [
        ('fields', '请至少选择一个申请专业领域'), ('title', '请选择职称'), ('employer', '请填写工作单位'),
        ('years', '请填写从事认证相关工作年限'), ('resume', '请填写专业特长及工作简历')]
    saved = applications.save_info(auditor, view.case.id, fields=['OHSMS', 'QMS', 'QMS'], employer='  某公司 ',
                                   years=7.0)
    assert (saved.fields, saved.employer, saved.years, saved.case.summary) == (
        ('QMS', 'OHSMS'), '某公司', 7, 'QMS、OHSMS')
    assert applications.save_info(auditor, view.case.id, years='').years is None
    assert applications.save_info(auditor, view.case.id, years=0).years == 0
    with pytest.raises(NotFound):
        applications.save_info(people['test1'], view.case.id, employer='别人的')  # not theirs: not even seen


def test_one_open_application_per_person(people: dict[str, Actor]) -> None:
    auditor = people['auditor1']
    first = applications.start(auditor)
    assert applications.start(auditor).case.id == first.case.id  # the draft reopens
    applications.save_info(auditor, first.case.id, **ANSWERS)
    case = applications.submit(auditor, first.case.id)
    assert applications.precheck(auditor, case.id)[-1].passed is True  # its own case is not another
    assert [(i.label, i.passed) for i in applications.precheck(auditor)][-1] == ('办理中的专家申请', False)
    with pytest.raises(NotAllowed, match=f'您已有一条办理中的专家申请【{case.case_no}】'):
        applications.start(auditor)


def test_evidence_is_checked_limited_and_readable_by_those_who_see_the_case(people: dict[str, Actor]) -> None:
    auditor, admin, test1 = people['auditor1'], people['admin'], people['test1']
    view = applications.start(auditor)
    with pytest.raises(Invalid) as error:
        applications.attach(auditor, view.case.id, 'evil.png', b'<script>alert(1)</script>')
    assert (error.value.field, error.value.message) == ('evidence', '仅支持 JPG、PNG 或 PDF 文件')
    for number in range(applications.EVIDENCE.limit):
        view = applications.attach(auditor, view.case.id, f'职称证书{number}.png', png())
    with pytest.raises(Invalid, match='证明材料最多5个'):
        applications.attach(auditor, view.case.id, '多余.png', png())
    view = applications.detach(auditor, view.case.id, view.attachments[0].file_id)
    kept = view.attachments[0].file_id
    assert len(view.attachments) == 4 and not files.can_read(admin, kept)  # a draft is seen by its applicant only
    applications.save_info(auditor, view.case.id, **ANSWERS)
    case = applications.submit(auditor, view.case.id)
    assert files.can_read(admin, kept) and not files.can_read(test1, kept)
    assert applications.facts(admin, case.id)['证明材料'] == '、'.join(f'职称证书{n}.png' for n in range(1, 5))
    with pytest.raises(NotAllowed):
        applications.attach(auditor, case.id, '晚了.png', png())


def test_approval_grants_expert_permission(people: dict[str, Actor]) -> None:
    auditor, admin, cb1 = people['auditor1'], people['admin'], people['cb1']
    case = submitted(auditor)
    assert (case.stage_label, case.stage_due_on) == ('CCAA审核', date(2026, 12, 11))  # 10 working days
    assert my_cases.countdown(case) == '剩余 10 个工作日'
    assert f'您有一条业务流水号【{case.case_no}】的专家申请需要审核' in [m.title for m in messages.list_messages(admin)]
    assert case.id in [r.case.id for r in queues.staff_queue(admin)]
    assert applications.facts(admin, case.id) == {
        '申请专业领域': 'QMS 质量管理体系、EMS 环境管理体系', '职称': '副高级', '工作单位': '华信认证中心有限公司',
        '从事认证相关工作年限': '12 年', '专业特长及工作简历': '从事质量管理体系审核十二年，担任审核组长。', '证明材料': ''}
    with pytest.raises(NotAllowed):
        applications.save_info(auditor, case.id, employer='改')  # submitted: no more editing
    with pytest.raises(NotFound):
        step(cb1, case, 'approve')  # no body is routed: the case is not even seen
    with pytest.raises(NotAllowed):
        step(auditor, case, 'approve')
    with pytest.raises(Invalid):
        step(admin, case, 'refuse')  # 不予批准 needs a reason
    assert not is_expert(auditor)

    closed = step(admin, case, 'approve', '同意')
    assert (closed.stage, closed.outcome) == ('closed', 'approved')
    with pytest.raises(Conflict):
        step(admin, case, 'approve')  # a stale screen
    assert is_expert(auditor)
    assert auditor.user_id in [user_id for user_id, _ in cases.experts(admin)]
    assert any('已办结：已批准' in m.title for m in messages.list_messages(auditor))
    assert applications.precheck(_actor('auditor1'))[1].passed is False  # an expert now: nothing left to apply for


def test_refusal_grants_nothing_and_a_return_shows_what_changed(people: dict[str, Actor]) -> None:
    auditor, admin = people['auditor1'], people['admin']
    case = submitted(auditor)
    returned = step(admin, case, 'return', '请补充职称证书')
    assert (returned.stage, returned.editable) == ('rectification', True)
    applications.attach(auditor, case.id, '职称证书.png', png())
    applications.save_info(auditor, case.id, years='15')
    resubmitted = applications.submit(auditor, case.id)
    assert resubmitted.stage == 'ccaa_review'
    changes = case_changes.changes_since_return(admin, case.id)
    assert changes is not None and [(f.label, f.before, f.after) for f in changes.facts] == [
        ('从事认证相关工作年限', '12 年', '15 年'), ('证明材料', '', '职称证书.png')]

    refused = step(admin, resubmitted, 'refuse', '认证工作经历不足')
    assert refused.outcome == 'refused' and not is_expert(auditor)
    again = applications.start(auditor)  # free to apply again
    assert again.case.id != case.id
