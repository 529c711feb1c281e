"""The 人员注册申请 wizard: 条件自检 → 个人注册申请 → 个人信息填报 → 操作完成, drafts and reopening."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from domain.demo import _actor
from domain.engine import cases, experiences
from domain.services.registration import application as applications
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def radio(user: User, name: str) -> ui.radio:
    return next(r for r in user.find(ui.radio).elements if r.props.get('data-testid') == f'field-{name}')


def select(user: User, label: str) -> ui.select:
    return next(s for s in user.find(ui.select).elements if s.props.get('label') == label)


async def test_apply_from_precheck_to_done(user: User) -> None:
    await log_in(user)
    await user.open('/services/registration')  # 在线办理 leads to the wizard
    await user.should_see('条件自检', retries=100)
    await user.should_see('账号已通过实名认证')
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('* 申请信息', retries=50)
    await user.should_see(kind=ui.button, content='下一步 >', retries=50)
    view = applications.application(_actor('test1'), max(c.id for c in _drafts()))
    assert view.case.stage == 'draft'

    user.find(kind=ui.button, content='下一步 >').click()  # nothing chosen yet: messages beside the fields
    await eventually(lambda: _assert_equal(radio(user, 'application_type').error_label.text, '请选择申请类型'))
    radio(user, 'application_type').set_value('体系认证审核员')
    radio(user, 'grade').set_value('实习审核员')
    select(user, '* 申请专业').set_value('EnMS')
    radio(user, 'narrow_scope').set_value(False)
    radio(user, 'payer').set_value('person')
    assert select(user, '* 执业机构').props['hint'] == '请选择【执业机构】，(可输入筛选)'
    select(user, '* 执业机构').set_value(next(i for i, n in applications.certification_bodies() if n.startswith('华信')))
    def saved() -> tuple[object, ...]:
        saved_view = applications.application(_actor('test1'), view.case.id)
        return saved_view.case.summary, saved_view.narrow_scope, saved_view.payer, saved_view.body_id is not None

    await eventually(lambda: _assert_equal(saved(), ('实习审核员: EnMS', False, 'person', True)), timeout=10)

    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('个人信息填报', retries=100)
    await user.should_see('从基本信息库添加')
    for kind in ('education', 'work_experience', 'professional_experience'):
        library = [r.id for r in experiences.list_library(_actor('test1'), kind)]
        experiences.copy_rows(_actor('test1'), kind, library, view.case.id)  # as the pick dialog does
    await user.should_see(kind=ui.button, content='暂存草稿', retries=50)
    user.find(kind=ui.button, content='暂存草稿').click()
    await user.should_see('草稿已保存，可在 个人中心 › 我的事项 › 草稿箱 中继续填报')

    await user.open(f'/my/cases/{view.case.id}/edit')  # reopens at the step it was left at
    await user.should_see('需要添加的经历可以点击“添加”按钮直接添加或点击“从基本信息库添加”从已有的经历中勾选相关经历。')
    await user.should_see(kind=ui.button, content='下一步 >', retries=50)
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('请核对申请信息', retries=100)
    user.find(kind=ui.button, content='提交').click()
    await user.should_see('人员注册申请 业务已成功提交', retries=100)
    await user.should_see('你可以前往用户中心-我的事项查看相关业务信息。')
    assert cases.get_case(_actor('test1'), view.case.id).stage == 'body_review'


async def test_a_submitted_case_cannot_be_edited(user: User) -> None:
    await log_in(user)
    submitted = next(c for c in _all() if c.stage == 'body_review')
    await user.open(f'/apply/registration/{submitted.id}')
    await user.should_see('该业务已提交，不能再编辑。', retries=100)


async def test_someone_elses_draft_is_not_found(user: User) -> None:
    draft = next(c for c in _drafts())
    await log_in(user, 'auditor1')
    await user.open(f'/apply/registration/{draft.id}')
    await user.should_see('未找到该业务', retries=100)


def _all() -> list[cases.CaseView]:
    from domain.engine import my_cases
    return my_cases.all_my_cases(_actor('test1'), my_cases.CaseQuery())


def _drafts() -> list[cases.CaseView]:
    return [c for c in _all() if c.stage == 'draft']


async def test_sub_specialty_offered_by_its_field(user: User) -> None:
    draft = applications.start(_actor('test1')).case.id
    await log_in(user)
    await user.open(f'/apply/registration/{draft}?step=info')
    await user.should_see('* 申请信息', retries=100)
    assert user.client is not None  # hidden elements too: user.find sees only the visible ones
    sub = next(e for e in user.client.elements.values()
               if isinstance(e, ui.select) and e.props.get('label') == '子专业（可选）')
    select(user, '* 申请专业').set_value('EnMS')
    await eventually(lambda: _assert_equal(applications.application(_actor('test1'), draft).field, 'EnMS'))
    assert not sub.visible  # EnMS has none
    select(user, '* 申请专业').set_value('QMS')
    await eventually(lambda: _assert_equal((sub.visible, list(sub.options)), (True, ['QMS建工'])))
    sub.set_value('QMS建工')
    await eventually(lambda: _assert_equal(cases.get_case(_actor('test1'), draft).summary, '未选择申请类型: QMS QMS建工'))
    select(user, '* 申请专业').set_value('EMS')  # another field: the 子专业 goes
    await eventually(lambda: _assert_equal((sub.visible, sub.value), (False, None)))
    assert applications.application(_actor('test1'), draft).sub_field is None
