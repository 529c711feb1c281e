"""申诉 and 投诉 (R8) on a real database: the draft and its checks, attachments checked by content and read only by
those who may see the case, the appeal's expert evaluation and the complaint's shorter path, 不予受理, 退回整改,
and the 处理意见 fed back to the filer."""
from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest
from PIL import Image

from domain.demo import _actor
from domain.engine import case_changes, cases, files, messages, my_cases, queues, reviews
from domain.services.grievances import application as grievances
from domain.shared import calendar, clock
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotAllowed, NotFound

TODAY = datetime(2026, 11, 27, 2, 0, tzinfo=timezone.utc)  # a Friday: 10:00 in China
APPEAL = dict(subject='对年度确认不予确认决定的申诉', respondent='CCAA 年度确认决定',
              facts='本人已完成 2026 年度继续教育 24 学时，证明材料见附件。', request='请求撤销不予确认的决定')
COMPLAINT = dict(subject='审核组长要求额外费用', respondent='某认证公司 张某',
                 facts='2026 年 10 月现场审核时，审核组长要求支付“加急费”。', request='请求调查处理')


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new('RGB', (4, 4), 'white').save(buffer, format='PNG')
    return buffer.getvalue()


@pytest.fixture
def people(demo_db: str, data_dir: object) -> dict[str, Actor]:
    clock.freeze(TODAY)
    return {a: _actor(a) for a in ('test1', 'auditor1', 'cb1', 'admin', 'expert1')}


def filed(actor: Actor, service: str, answers: dict[str, str]) -> cases.CaseView:
    view = grievances.start(actor, service)
    grievances.save_info(actor, view.case.id, **answers)
    return grievances.submit(actor, view.case.id)


def step(actor: Actor, case: cases.CaseView, action: str, opinion: str = '', expert_id: int | None = None
         ) -> cases.CaseView:
    return cases.act(actor, case.id, action, expected_version=case.version, opinion=opinion, expert_id=expert_id)


def test_the_draft_checks_each_field_beside_it(people: dict[str, Actor]) -> None:
    applicant = people['test1']
    view = grievances.start(applicant, 'appeal')
    assert (view.case.stage, view.form.labels['respondent']) == ('draft', '申诉对象')
    for name, value, message in (('subject', '字' * 101, '申诉主题不能超过100个字'),
                                 ('related_case_no', '123', '业务号为14位数字'),
                                 ('related_case_no', '20990101000001', '未找到您名下的该业务，请核对业务号'),
                                 ('facts', None, '请输入文字'),
                                 ('colour', 'red', '未知字段')):
        with pytest.raises(Invalid) as error:
            grievances.save_info(applicant, view.case.id, **{name: value})
        assert (error.value.field, error.value.message) == (name, message)
    assert [(p.field, p.message) for p in grievances.problems(applicant, view.case.id)] == [
        ('subject', '请填写申诉主题'), ('respondent', '请填写申诉对象'), ('facts', '请填写事实与理由'),
        ('request', '请填写申诉请求')]
    own = next(c for c in my_cases.all_my_cases(applicant, my_cases.CaseQuery()) if c.id != view.case.id)
    saved = grievances.save_info(applicant, view.case.id, related_case_no=own.case_no, subject='  关于决定的申诉 ')
    assert (saved.related_case_no, saved.subject, saved.case.summary) == (own.case_no, '关于决定的申诉', '关于决定的申诉')
    complaint = grievances.start(applicant, 'complaint')  # a complaint may cite anyone's case number
    assert grievances.save_info(applicant, complaint.case.id, related_case_no='20990101000001').related_case_no
    with pytest.raises(NotFound):
        grievances.start(applicant, 'registration')
    with pytest.raises(NotFound):
        grievances.save_info(people['auditor1'], view.case.id, subject='别人的')


def test_attachments_are_checked_limited_and_readable_only_by_those_who_see_the_case(people: dict[str, Actor]) -> None:
    auditor, admin, test1 = people['auditor1'], people['admin'], people['test1']
    view = grievances.start(auditor, 'complaint')
    with pytest.raises(Invalid, match='仅支持 JPG、PNG 或 PDF 文件'):
        grievances.attach(auditor, view.case.id, 'evil.png', b'<script>alert(1)</script>')
    for number in range(grievances.MAX_FILES):
        view = grievances.attach(auditor, view.case.id, f'证据{number}.png', png())
    assert [a.name for a in view.attachments] == [f'证据{n}.png' for n in range(5)]
    with pytest.raises(Invalid, match='附件最多5个'):
        grievances.attach(auditor, view.case.id, '多余.png', png())
    first = view.attachments[0].file_id
    view = grievances.detach(auditor, view.case.id, first)
    assert len(view.attachments) == 4 and not files.can_read(admin, first)
    kept = view.attachments[0].file_id
    assert not files.can_read(admin, kept)  # a draft is seen by nobody but the filer
    grievances.save_info(auditor, view.case.id, **COMPLAINT)
    grievances.submit(auditor, view.case.id)
    assert files.can_read(admin, kept) and files.can_read(auditor, kept)
    assert not files.can_read(test1, kept)
    with pytest.raises(NotAllowed):
        grievances.attach(auditor, view.case.id, '晚了.png', png())  # submitted: no more changes
    assert grievances.facts(admin, view.case.id)['附件'] == '、'.join(f'证据{n}.png' for n in range(1, 5))


def test_an_appeal_goes_through_the_expert_and_the_opinion_is_fed_back(people: dict[str, Actor]) -> None:
    auditor, admin, expert = people['auditor1'], people['admin'], people['expert1']
    case = filed(auditor, 'appeal', APPEAL)
    assert (case.stage_label, case.due_on) == ('申诉受理', calendar.add_working_days(clock.today(), 90))
    assert f'您有一条业务流水号【{case.case_no}】的申诉需要受理' in [m.title for m in messages.list_messages(admin)]
    assert case.id in [r.case.id for r in queues.staff_queue(admin)]
    with pytest.raises(NotAllowed):
        step(auditor, case, 'assign_expert', expert_id=expert.user_id)

    case = step(admin, case, 'assign_expert', expert_id=expert.user_id)
    assert (case.stage_label, case.expert_id) == ('专家评价', expert.user_id)
    assert f'您有一条业务流水号【{case.case_no}】的申诉需要评价' in [m.title for m in messages.list_messages(expert)]
    assert case.id in [r.case.id for r in queues.expert_queue(expert)]
    assert reviews.evaluation_results('appeal') == ['申诉成立', '申诉部分成立', '申诉不成立']
    with pytest.raises(Invalid):
        reviews.submit_evaluation(expert, case.id, case.version, '同意注册', '不适用于申诉')
    with pytest.raises(NotAllowed):
        cases.act(expert, case.id, 'evaluate', expected_version=case.version, opinion='绕过')  # only by the service
    case = reviews.submit_evaluation(expert, case.id, case.version, '申诉成立', '继续教育证明真实有效')
    assert case.stage_label == 'CCAA处理意见'
    assert [(e.result, e.opinion) for e in reviews.evaluations(admin, case.id)] == [('申诉成立', '继续教育证明真实有效')]
    with pytest.raises(Invalid):
        step(admin, case, 'conclude')  # the 处理意见 is what the appellant gets: it is required
    case = step(admin, case, 'conclude', '经专家评价，申诉成立，撤销原决定，请重新提交年度确认申请。')
    assert (case.stage, case.outcome) == ('closed', 'concluded')
    notice = next(m for m in messages.list_messages(auditor) if case.case_no in m.title)
    assert notice.title.endswith('已办结：已处理') and '申诉成立，撤销原决定' in notice.body
    assert [e.action_label for e in cases.timeline(auditor, case.id)] == ['提交', '受理并分配专家', '提交', '办结']
    # the appellant reads CCAA's 处理意见, not which expert evaluated nor what the expert wrote to CCAA
    seen = [(e.actor_name, e.opinion) for e in cases.timeline(auditor, case.id)]
    assert seen[2] == ('评审专家', '') and seen[3][1].startswith('经专家评价，申诉成立')
    assert all(expert.name not in name and '继续教育证明真实有效' not in opinion for name, opinion in seen)
    staff_sees = [(e.actor_name, e.opinion) for e in cases.timeline(admin, case.id)]
    assert staff_sees[2] == (expert.name, '评价结果：申诉成立。继续教育证明真实有效')


def test_a_complaint_is_accepted_or_not_and_may_be_returned(people: dict[str, Actor]) -> None:
    auditor, admin = people['auditor1'], people['admin']
    case = filed(auditor, 'complaint', COMPLAINT)
    assert case.stage_label == '投诉受理'
    returned = step(admin, case, 'return', '请补充发生的时间和地点')
    assert returned.editable
    grievances.save_info(auditor, case.id, facts=COMPLAINT['facts'] + '地点：苏州，时间：10 月 12 日。')
    resubmitted = grievances.submit(auditor, case.id)
    assert resubmitted.stage == 'acceptance'
    changes = case_changes.changes_since_return(admin, case.id)
    assert changes is not None and [f.label for f in changes.facts] == ['事实与理由']
    accepted = step(admin, resubmitted, 'accept')
    assert accepted.stage_label == 'CCAA处理意见'
    assert step(admin, accepted, 'conclude', '已转交认证机构核查并责令整改').outcome == 'concluded'

    other = filed(auditor, 'complaint', COMPLAINT)
    with pytest.raises(Invalid):
        step(admin, other, 'not_accept')
    refused = step(admin, other, 'not_accept', '不属于本会受理范围')
    assert refused.outcome == 'not_accepted'
    assert any(m.title.endswith('已办结：不予受理') for m in messages.list_messages(auditor))


def test_an_institution_files_a_complaint_in_its_own_name(people: dict[str, Actor]) -> None:
    cb1, admin = people['cb1'], people['admin']
    assert [(i.label, i.passed) for i in grievances.precheck(cb1)] == [('机构账号', True)]
    case = filed(cb1, 'complaint', COMPLAINT)
    assert case.stage == 'acceptance'
    assert case.id in [c.id for c in my_cases.all_my_cases(cb1, my_cases.CaseQuery())]
    assert step(admin, step(admin, case, 'accept'), 'conclude', '已核实处理').outcome == 'concluded'
    with pytest.raises(NotAllowed, match='机构账号只能办理机构事项'):
        cases.create_draft(cb1, 'registration')
