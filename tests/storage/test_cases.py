"""The case service on a real database: transitions, refusals, timeline, messages, concurrency."""
from __future__ import annotations

import threading
from datetime import date, datetime, timezone

import pytest
from sqlmodel import select

from domain.demo import _actor
from domain.engine import cases, messages, reviews
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Conflict, Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Case, CaseEvent, Institution, Message
from tests.case_helpers import pay_online, submit


@pytest.fixture
def people(demo_db: str, data_dir: object) -> dict[str, Actor]:
    return {a: _actor(a) for a in ('test1', 'auditor1', 'cb1', 'cb2', 'admin', 'expert1', 'teacher1')}


def body_id(code: str) -> int:
    with unit_of_work() as session:
        return session.exec(select(Institution.id).where(Institution.code == code)).one()  # type: ignore[return-value]


def new_case(people: dict[str, Actor], payer: str = 'person') -> cases.CaseView:
    return cases.create_draft(people['test1'], 'registration', summary='体系认证审核员: QMS', body_id=body_id('CB-A'),
                              payer=payer)


def step(actor: Actor, case: cases.CaseView, action: str, opinion: str = '', **kw: int) -> cases.CaseView:
    if action in ('submit', 'resubmit'):  # only through a service's submission
        return submit(actor, case)
    return cases.act(actor, case.id, action, expected_version=case.version, opinion=opinion, **kw)


def events(case_id: int) -> list[CaseEvent]:
    with unit_of_work() as session:
        return list(session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)))


def inbox(actor: Actor) -> list[str]:
    return [m.title for m in messages.list_messages(actor)]


def test_draft_gets_a_case_number_and_waits_in_drafts(people: dict[str, Actor]) -> None:
    case = new_case(people)
    assert len(case.case_no) == 14 and case.case_no.isdigit()
    assert (case.stage, case.status.value, case.status_label, case.editable) == ('draft', 'draft', '草稿箱', True)
    assert case.title == '人员注册申请 (体系认证审核员: QMS)'


def test_submission_is_only_the_services_own(people: dict[str, Actor]) -> None:
    case = new_case(people)
    assert [o.key for o in cases.actions_for(people['test1'], case.id) if not o.by_service] == []
    with pytest.raises(NotAllowed):
        cases.act(people['test1'], case.id, 'submit', expected_version=case.version)
    returned = step(people['cb1'], step(people['test1'], case, 'submit'), 'return', '请补充')
    with pytest.raises(NotAllowed):
        cases.act(people['test1'], returned.id, 'resubmit', expected_version=returned.version)
    assert cases.get_case(people['test1'], case.id).stage == 'rectification'


def test_institution_accounts_cannot_apply(people: dict[str, Actor]) -> None:
    with pytest.raises(NotAllowed):
        cases.create_draft(people['cb1'], 'registration')


def test_submit_sets_due_dates_on_working_days(people: dict[str, Actor]) -> None:
    clock.freeze(datetime(2025, 9, 30, 2, 0, tzinfo=timezone.utc))  # the day before National Day
    case = step(people['test1'], new_case(people), 'submit')
    assert case.stage == 'body_review'
    # 15 working days: the holiday week skipped, the make-up Saturday 10-11 counted
    assert case.due_on == date(2025, 10, 28)
    assert case.stage_due_on == date(2025, 10, 14)  # 5 working days


def test_whole_journey_writes_one_event_per_action(people: dict[str, Actor]) -> None:
    p = people
    case = step(p['test1'], new_case(p), 'submit')
    case = step(p['cb1'], case, 'pass', '初核通过')
    case = pay_online(p['test1'], case)
    case = step(p['admin'], case, 'assign_expert', expert_id=p['expert1'].user_id)
    case = reviews.submit_evaluation(p['expert1'], case.id, case.version, '同意注册', '符合')
    case = step(p['admin'], case, 'pass')
    case = step(p['admin'], case, 'approve')
    assert (case.stage, case.status.value, case.outcome) == ('closed', 'closed', 'approved')
    assert [e.to_stage for e in events(case.id)] == [
        'body_review', 'payment', 'ccaa_review', 'expert_review', 'ccaa_review', 'ccaa_decision', 'closed']
    timeline = cases.timeline(p['test1'], case.id)
    assert timeline[0].actor_name == '李明' and timeline[1].actor_name == '华信认证中心有限公司'
    assert timeline[1].opinion == '初核通过' and timeline[1].to_label == '待缴费'
    assert f'您的业务【{case.case_no}】人员注册申请已办结：已批准' in inbox(p['test1'])


def test_expert_is_told_in_the_manuals_words(people: dict[str, Actor]) -> None:
    p = people
    case = step(p['cb1'], step(p['test1'], new_case(p, payer='institution'), 'submit'), 'pass')
    case = step(p['admin'], step(p['cb1'], case, 'confirm_payment'), 'assign_expert', expert_id=p['expert1'].user_id)
    assert f'您有一条业务流水号【{case.case_no}】的认证人员注册需要评价' in inbox(p['expert1'])
    with unit_of_work() as session:
        link = session.exec(select(Message.link).where(Message.case_id == case.id,
                                                       Message.recipient_id == p['expert1'].user_id)).first()
    assert link == f'/expert/cases/{case.id}'


def test_body_staff_are_told_of_new_cases(people: dict[str, Actor]) -> None:
    case = step(people['test1'], new_case(people), 'submit')
    assert any(case.case_no in title for title in inbox(people['cb1']))
    assert not any(case.case_no in title for title in inbox(people['cb2']))


def test_return_and_resubmit_goes_back_to_the_returning_stage(people: dict[str, Actor]) -> None:
    p = people
    case = step(p['cb1'], step(p['test1'], new_case(p), 'submit'), 'pass')
    case = pay_online(p['test1'], case)
    case = step(p['admin'], case, 'return', '请补充审核经历')
    assert (case.stage, case.status.value, case.editable) == ('rectification', 'in_progress', True)
    assert any('被退回整改' in t for t in inbox(p['test1']))
    case = step(p['test1'], case, 'resubmit')
    assert case.stage == 'ccaa_review'
    assert [e.round for e in events(case.id)][-1] == 2


def test_wrong_actor_is_refused_and_nothing_changes(people: dict[str, Actor]) -> None:
    case = step(people['test1'], new_case(people), 'submit')
    with pytest.raises(NotFound):  # body B may not even see body A's case
        step(people['cb2'], case, 'pass')
    with pytest.raises(NotAllowed):
        step(people['admin'], case, 'pass')
    assert cases.get_case(people['test1'], case.id) == case
    assert len(events(case.id)) == 1


def test_stale_version_is_refused(people: dict[str, Actor]) -> None:
    case = step(people['test1'], new_case(people), 'submit')
    step(people['cb1'], case, 'return', '补充')
    with pytest.raises(Conflict):
        step(people['cb1'], case, 'pass')  # the screen still shows the old version


def test_assigning_a_non_expert_is_refused(people: dict[str, Actor]) -> None:
    p = people
    case = step(p['cb1'], step(p['test1'], new_case(p, payer='institution'), 'submit'), 'pass')
    case = step(p['cb1'], case, 'confirm_payment')
    with pytest.raises(Invalid):
        step(p['admin'], case, 'assign_expert', expert_id=p['teacher1'].user_id)
    assert cases.get_case(p['admin'], case.id).stage == 'ccaa_review'


def test_other_applicants_see_nothing(people: dict[str, Actor]) -> None:
    case = new_case(people)
    for someone in ('auditor1', 'cb1', 'admin', 'expert1'):
        with pytest.raises(NotFound):
            cases.get_case(people[someone], case.id)


def test_two_concurrent_submits_of_one_version_one_wins(people: dict[str, Actor]) -> None:
    case = new_case(people)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def submit_once() -> None:
        barrier.wait()
        try:
            submit(people['test1'], case)
            results.append('ok')
        except Conflict:
            results.append('conflict')

    threads = [threading.Thread(target=submit_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ['conflict', 'ok']
    assert len(events(case.id)) == 1
    with unit_of_work() as session:
        assert session.get(Case, case.id).version == case.version + 1  # type: ignore[union-attr]


def test_payment_and_evaluation_are_taken_only_through_their_services(people: dict[str, Actor]) -> None:
    p = people
    paying = step(p['cb1'], step(p['test1'], new_case(p), 'submit'), 'pass')
    for action in ('pay_online', 'pay_offline'):
        with pytest.raises(NotAllowed, match='须在相应页面办理'):
            step(p['test1'], paying, action)
    assert cases.get_case(p['test1'], paying.id).stage == 'payment'
    assert {o.key: o.by_service for o in cases.actions_for(p['test1'], paying.id)} == {
        'pay_online': True, 'pay_offline': True}
    case = step(p['admin'], pay_online(p['test1'], paying), 'assign_expert', expert_id=p['expert1'].user_id)
    with pytest.raises(NotAllowed):
        step(p['expert1'], case, 'evaluate', '符合')
    assert reviews.evaluations(p['admin'], case.id) == []
    case = reviews.submit_evaluation(p['expert1'], case.id, case.version, '同意注册', '符合')
    assert case.stage == 'ccaa_review' and [e.result for e in reviews.evaluations(p['admin'], case.id)] == ['同意注册']


def test_a_stale_evaluation_writes_nothing(people: dict[str, Actor]) -> None:
    p = people
    case = step(p['cb1'], step(p['cb1'], step(p['test1'], new_case(p, payer='institution'), 'submit'), 'pass'),
                'confirm_payment')
    case = step(p['admin'], case, 'assign_expert', expert_id=p['expert1'].user_id)
    with pytest.raises(Conflict):
        reviews.submit_evaluation(p['expert1'], case.id, case.version - 1, '同意注册', '符合')
    assert reviews.evaluations(p['admin'], case.id) == []
    assert cases.get_case(p['admin'], case.id).stage == 'expert_review'


def test_the_experts_nonconformities_stand_in_the_opinion_whatever_the_page_sent(people: dict[str, Actor]) -> None:
    """#14: a row marked 不符合 appears in the 专家评价意见 even when the page sent an opinion without it (a reload)."""
    p = people
    with unit_of_work() as session:
        paying = session.exec(select(Case).where(Case.stage == 'payment')).first()
    assert paying is not None
    case = pay_online(p['test1'], cases.get_case(p['test1'], paying.id))  # type: ignore[arg-type]
    case = step(p['admin'], case, 'assign_expert', expert_id=p['expert1'].user_id)
    work = reviews.rows_of(p['expert1'], case.id)['work_experience'][0]
    marked = reviews.set_verdict(p['expert1'], case.id, 'work_experience', work.id, '不符合', '证明人电话无法接通')
    line = reviews.nonconformity_line('work_experience', marked, '证明人电话无法接通')
    reviews.submit_evaluation(p['expert1'], case.id, case.version, '同意注册', '总体材料齐全。')
    assert [e.opinion for e in reviews.evaluations(p['admin'], case.id)] == [f'总体材料齐全。\n{line}']
