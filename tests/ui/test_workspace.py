"""The counterparts' workspaces: a body reviews, CCAA staff assign an expert, the expert evaluates."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from sqlmodel import select

from domain.demo import _actor
from domain.engine import cases, messages, my_cases, queues, reviews
from storage.db import unit_of_work
from storage.tables import Case
from tests.case_helpers import pay_online
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def case_at(stage: str, summary_part: str = '') -> Case:
    with unit_of_work() as session:
        return next(c for c in session.exec(select(Case).where(Case.stage == stage)) if summary_part in c.summary)


async def should_see_tab(user: User, label: str) -> None:
    await eventually(lambda: _assert_equal(label in [t.props.get('label') for t in user.find(ui.tab).elements], True))


def queue_rows(user: User) -> list[dict]:
    return next(t for t in user.find(ui.table).elements if t.props.get('data-testid') == 'queue').rows


async def test_body_returns_a_case_with_an_opinion(user: User) -> None:
    await log_in(user, 'cb1')
    await user.should_see('机构工作台')  # '/' leads institution staff to their workspace
    await should_see_tab(user, '待办业务 (1)')
    await eventually(lambda: _assert_equal(len(queue_rows(user)), 1))
    row = queue_rows(user)[0]
    assert (row['stage'], row['applicant']) == ('机构初核', '李明')
    assert row['countdown'].startswith('剩余')
    await user.open(row['link'])
    await user.should_see('办理过程', retries=100)
    user.find(kind=ui.button, content='退回整改').click()
    opinion = user.find(ui.textarea).elements.pop()
    await eventually(lambda: _assert_equal(opinion.props.get('error-message'), '请填写意见'))
    opinion.set_value('请补充审核经历证明')
    user.find(kind=ui.button, content='退回整改').click()
    await user.should_see('办理成功')
    await should_see_tab(user, '待办业务 (0)')
    assert cases.get_case(_actor('test1'), row['id']).stage == 'rectification'
    assert any('被退回整改' in m.title for m in messages.list_messages(_actor('test1')))


async def test_other_body_cannot_open_the_case(user: User) -> None:
    case = case_at('body_review')
    await log_in(user, 'cb2')
    await user.should_see('机构工作台')
    await should_see_tab(user, '待办业务 (0)')
    await user.open(f'/institution/cases/{case.id}')
    await user.should_see('未找到该业务')
    await user.should_not_see('办理意见')


async def test_an_applicant_cannot_work_their_own_draft_from_a_desk(user: User) -> None:
    """An applicant opening the staff, institution or expert page of their own draft gets no buttons: the desks
    are their workers' only, and 提交 is taken only by the service's own submission."""
    draft = case_at('draft')
    await log_in(user, 'test1')
    await user.should_see('您好李明', retries=50)
    for path in (f'/staff/cases/{draft.id}', f'/institution/cases/{draft.id}', f'/expert/cases/{draft.id}'):
        await user.open(path)
        await user.should_see('您没有', retries=100)
        await user.should_not_see(kind=ui.button, content='提交')
    assert cases.get_case(_actor('test1'), draft.id).stage == 'draft'


async def test_staff_assign_an_expert_who_evaluates(user: User) -> None:
    paying = case_at('payment')
    pay_online(_actor('test1'), paying)
    await log_in(user, 'admin')
    await user.should_see('协会工作台')
    await user.should_see('待办 2 件，其中已超期 0 件')  # and the demo's exam registration in 报名审核
    await user.open(f'/staff/cases/{paying.id}')
    await user.should_see('办理过程', retries=100)
    user.find(kind=ui.button, content='分配专家').click()
    expert_select = user.find(ui.select).elements.pop()
    await eventually(lambda: _assert_equal(expert_select.props.get('error-message'), '请选择专家'))
    expert_select.set_value(_actor('expert1').user_id)
    user.find(kind=ui.button, content='分配专家').click()
    await user.should_see('办理成功')
    assert cases.get_case(_actor('admin'), paying.id).stage == 'expert_review'

    user.find('退出登录').click()
    await user.should_see('个人登录')
    await log_in(user, 'expert1')
    await user.should_see('您好赵强')
    await user.open('/my/expert')
    await user.should_see('人员注册')
    await eventually(lambda: _assert_equal([r['id'] for r in queue_rows(user)], [paying.id]))
    await user.open(f'/expert/cases/{paying.id}')
    await user.should_see('办理过程', retries=100)
    await user.should_see('申请材料')
    opinion = next(t for t in user.find(ui.textarea).elements if t.props.get('label') == '专家评价意见')
    # mark the first work row 不符合: it is appended to the opinion; marking it 符合 takes it out again
    work_rows = reviews.rows_of(_actor('expert1'), paying.id)['work_experience']
    verdict_cell = next(c for c in user.find(ui.column).elements
                        if c.props.get('data-testid') == f'verdict-work_experience:{work_rows[0].id}')
    radio = next(e for e in verdict_cell.descendants() if isinstance(e, ui.radio))
    reason = next(e for e in verdict_cell.descendants() if isinstance(e, ui.input))
    opinion.set_value('总体材料齐全。')
    reason.set_value('证明人电话无法接通')
    radio.set_value('不符合')
    await eventually(lambda: _assert_equal(opinion.value.splitlines(), [
        '总体材料齐全。', '【工作经历】北京精工制造有限公司 2007-07-15 2015-06-30：不符合，证明人电话无法接通']))
    assert reviews.rows_of(_actor('expert1'), paying.id)['work_experience'][0].verdict == '不符合'
    radio.set_value('符合')
    await eventually(lambda: _assert_equal(opinion.value, '总体材料齐全。'))
    radio.set_value('不符合')
    await eventually(lambda: _assert_equal(len(opinion.value.splitlines()), 2))
    user.find(kind=ui.button, content='提交').click()
    result = next(e for e in user.find(ui.select).elements if e.props.get('label') == '评价结果')
    await eventually(lambda: _assert_equal(result.props.get('error-message'), '请选择评价结果'))
    result.set_value('同意注册')
    user.find(kind=ui.button, content='提交').click()
    await eventually(lambda: _assert_equal(cases.get_case(_actor('admin'), paying.id).stage, 'ccaa_review'))


async def test_a_stale_screen_gets_a_clear_message(user: User) -> None:
    case = case_at('body_review')
    await log_in(user, 'cb1')
    await should_see_tab(user, '待办业务 (1)')
    await user.open(f'/institution/cases/{case.id}')
    await user.should_see('办理过程', retries=100)
    cases.act(_actor('cb1'), case.id, 'pass', expected_version=case.version)  # someone else, a moment earlier
    user.find(kind=ui.button, content='通过').click()
    await user.should_see('该业务已被他人处理或已发生变化，请刷新后重试')
    assert cases.get_case(_actor('cb1'), case.id).stage == 'payment'


async def test_a_resubmitted_case_shows_what_changed_since_the_return(user: User) -> None:
    from domain.engine import experiences
    from domain.services.registration import application as applications
    returned = case_at('rectification')  # the demo's case that 中正认证 returned
    applicant = _actor('test1')
    job = experiences.list_case_rows(applicant, 'work_experience', returned.id)[0]
    experiences.save_row(applicant, 'work_experience', {**job.values, 'referee_phone': '13912345678'}, job.id,
                         case_id=returned.id)
    applications.submit(applicant, returned.id)
    await log_in(user, 'cb2')
    await should_see_tab(user, '待办业务 (1)')
    await user.open(f'/institution/cases/{returned.id}')
    await user.should_see('自第1轮退回整改以来的修改', retries=100)
    await user.should_see(f'【工作经历】{job.texts["employer"]}')
    await user.should_see(f'证明人电话：{job.texts["referee_phone"]} → 13912345678')
    assert '修改' in [b.text for b in user.find(ui.badge).elements]


async def test_the_case_header_leaves_out_what_the_case_does_not_have(user: User) -> None:
    case = case_at('body_review')
    await log_in(user, 'cb1')
    await should_see_tab(user, '待办业务 (1)')
    await user.open(f'/institution/cases/{case.id}')
    await user.should_see('办理过程', retries=100)
    await user.should_see('个人缴费')
    await user.should_not_see('评价专家')  # nobody has been assigned yet


async def test_the_queue_counts_down_the_stage_and_the_case_page_names_both_limits(user: User) -> None:
    """#14: 剩余时间 has one meaning — the whole case's 办结期限 — and the stage's own limit is 环节剩余时间."""
    waiting = queues.institution_queue(_actor('cb1'))[0]
    await log_in(user, 'cb1')
    await user.open('/institution')
    await user.should_see('待办业务', retries=100)
    table = next(t for t in user.find(ui.table).elements if t.props.get('data-testid') == 'queue')
    assert [c['label'] for c in table.columns if c['name'] == 'countdown'] == ['环节剩余时间']
    assert next(r for r in table.rows if r['id'] == waiting.case.id)['countdown'] == waiting.countdown
    await user.open(f'/institution/cases/{waiting.case.id}')
    await user.should_see('环节剩余时间', retries=100)
    await user.should_see(my_cases.countdown(waiting.case))
    await user.should_see(my_cases.stage_countdown(waiting.case))
