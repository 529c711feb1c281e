"""人员转换执业机构: the wizard for a certified auditor, the message for anyone else, and the bodies' case page."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from domain.demo import BODY_B, _actor
from domain.engine import cases
from domain.records import certificates
from domain.services.transfer import application as transfers
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually

PDF = b'%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'


def by_testid(user: User, kind: type, testid: str):  # type: ignore[no-untyped-def]
    return next(e for e in user.find(kind).elements if e.props.get('data-testid') == testid)


def body_b() -> int:
    return next(i for i, n in transfers.transfer_bodies(_actor('auditor1')) if n == BODY_B)


def open_transfer() -> transfers.TransferView:
    auditor = _actor('auditor1')
    with_case = [c for c in _cases() if c.service_code == 'transfer']
    return transfers.application(auditor, max(c.id for c in with_case))


def _cases() -> list[cases.CaseView]:
    from domain.engine import my_cases
    return my_cases.all_my_cases(_actor('auditor1'), my_cases.CaseQuery())


async def test_a_certified_auditor_applies_from_precheck_to_done(user: User) -> None:
    await log_in(user, 'auditor1')
    await user.open('/services/transfer')  # 在线办理 leads to the wizard
    await user.should_see('条件自检', retries=100)
    await user.should_see('持有有效证书，执业机构：华信认证中心有限公司')
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('转会申请信息', retries=100)
    await user.should_see(kind=ui.button, content='下一步 >', retries=50)
    draft = open_transfer()
    assert draft.case.stage == 'draft'
    readonly = {e.props['data-testid']: e.value for e in user.find(ui.input).elements
                if str(e.props.get('data-testid', '')).startswith('applicant-')}
    assert readonly['applicant-file_no'] == 'QMS-2024-00123'
    assert readonly['applicant-id_number'] == '110***********0020'
    assert (readonly['applicant-name'], readonly['applicant-gender']) == ('王芳', '女')
    assert by_testid(user, ui.input, 'field-from_body').value == '华信认证中心有限公司'
    to_body = by_testid(user, ui.select, 'field-to_body_id')
    assert list(to_body.options.values()) == [BODY_B]  # not the body the auditor is at now

    user.find(kind=ui.button, content='下一步 >').click()  # nothing chosen: the message beside the field
    await eventually(lambda: _assert_equal(to_body.props.get('error-message'), '请选择转入机构'))
    to_body.set_value(body_b())
    by_testid(user, ui.select, 'field-reason').set_value('其他')
    await eventually(lambda: _assert_equal(open_transfer().reason, '其他'), timeout=10)
    assert open_transfer().to_body_name == BODY_B
    user.find(kind=ui.button, content='下一步 >').click()
    note = by_testid(user, ui.textarea, 'field-note')
    await eventually(lambda: _assert_equal(note.props.get('error-message'), '转会理由为【其他】时，补充说明为必填'))
    note.set_value('家庭原因迁居北京')
    await eventually(lambda: _assert_equal(open_transfer().note, '家庭原因迁居北京'), timeout=10)  # saved as typed

    upload = user.find(ui.upload).elements.pop()
    await upload.handle_uploads([ui.upload.SmallFileUpload('离职证明.pdf', 'application/pdf', PDF)])
    await user.should_see('已上传：离职证明.pdf')
    user.find(kind=ui.button, content='暂存草稿').click()
    await user.should_see('草稿已保存，可在 个人中心 › 我的事项 › 草稿箱 中继续填报')

    await user.open(f'/my/cases/{draft.case.id}/edit')  # reopens at the step it was left at, nothing lost
    await user.should_see('转会申请信息', retries=100)
    await user.should_see('已上传：离职证明.pdf')
    assert by_testid(user, ui.textarea, 'field-note').value == '家庭原因迁居北京'
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('请核对申请信息', retries=100)
    user.find(kind=ui.button, content='提交').click()
    await user.should_see('人员转换执业机构 业务已成功提交', retries=100)
    await user.should_see('你可以前往用户中心-我的事项查看相关业务信息。')
    assert cases.get_case(_actor('auditor1'), draft.case.id).stage == 'from_body_review'

    await user.open('/apply/transfer')  # one open transfer at a time
    await user.should_see('条件自检', retries=100)
    await user.should_see(f'您已有一条未办结的人员转换执业机构业务【{draft.case.case_no}】，办结后才能再次申请')


async def test_someone_without_a_certificate_gets_a_message_instead_of_the_form(user: User) -> None:
    await log_in(user, 'expert1')
    await user.open('/services/transfer')
    await user.should_see('只有持有有效证书的认证人员可以申请人员转换执业机构', retries=100)
    await user.should_not_see('转会申请信息')
    await user.should_not_see('下一步 >')


async def test_an_upload_that_is_not_an_image_or_pdf_is_refused_beside_the_field(user: User) -> None:
    case_id = transfers.start(_actor('auditor1')).case.id
    await log_in(user, 'auditor1')
    await user.open(f'/apply/transfer/{case_id}?step=info')
    await user.should_see('转会申请信息', retries=100)
    upload = user.find(ui.upload).elements.pop()
    await upload.handle_uploads([ui.upload.SmallFileUpload('理由.pdf', 'application/pdf', b'<html>not a pdf</html>')])
    await user.should_see('仅支持 JPG、PNG 或 PDF 文件')
    assert transfers.application(_actor('auditor1'), case_id).reason_file_id is None


async def test_each_body_handles_the_case_at_its_own_stage(user: User) -> None:
    auditor = _actor('auditor1')
    case_id = transfers.start(auditor).case.id
    transfers.save_info(auditor, case_id, to_body_id=body_b(), reason='工作单位变动')
    transfers.upload_reason_file(auditor, case_id, '离职证明.pdf', PDF)
    case = transfers.submit(auditor, case_id)

    await log_in(user, 'cb2')  # not yet its stage
    await user.should_see('机构工作台', retries=100)
    await user.should_see('待办业务 (0)', retries=100)
    await user.open(f'/institution/cases/{case_id}')  # nor may it see the case before it is released to it
    await user.should_see('未找到该业务', retries=100)
    await user.should_not_see('转会申请信息')

    user.find('退出登录').click()
    await user.should_see('个人登录')
    await log_in(user, 'cb1')
    await user.should_see('待办业务 (2)', retries=100)  # the demo's registration and this transfer
    await user.open(f'/institution/cases/{case_id}')
    await user.should_see('转会申请信息', retries=100)
    await user.should_see('转出机构审核')
    await user.should_see('离职证明.pdf')
    await user.should_see('110***********0020')  # masked for the reviewer
    await user.should_see('138****0002')
    await user.should_see(kind=ui.button, content='通过', retries=100)
    cases.act(_actor('cb1'), case_id, 'pass', expected_version=case.version)  # another screen was quicker
    user.find(kind=ui.button, content='通过').click()
    await user.should_see('该业务已被他人处理或已发生变化，请刷新后重试')

    user.find('退出登录').click()
    await user.should_see('个人登录')
    await log_in(user, 'cb2')
    await user.should_see('待办业务 (1)', retries=100)
    await user.open(f'/institution/cases/{case_id}')
    await user.should_see('转入机构审核', retries=100)
    await user.should_see(kind=ui.button, content='通过', retries=100)
    user.find(kind=ui.button, content='通过').click()
    await user.should_see('办理成功')
    assert cases.get_case(auditor, case_id).stage == 'ccaa_review'


async def test_my_certificates_show_the_new_body_after_approval(user: User) -> None:
    auditor, cb1, cb2, admin = (_actor(a) for a in ('auditor1', 'cb1', 'cb2', 'admin'))
    case_id = transfers.start(auditor).case.id
    transfers.save_info(auditor, case_id, to_body_id=body_b())
    case = transfers.submit(auditor, case_id)
    for actor, action in ((cb1, 'pass'), (cb2, 'pass'), (admin, 'pass'), (admin, 'approve')):
        case = cases.act(actor, case_id, action, expected_version=case.version)
    await log_in(user, 'auditor1')
    await user.open('/my/certificates')
    await user.should_see(kind=ui.table, retries=100)
    table = user.find(ui.table).elements.pop()
    assert [(r['cert_no'], r['body']) for r in table.rows] == [('CCAA-QMS-2024-00123', BODY_B)]
    token = certificates.my_certificates(auditor)[0].verify_token
    await user.open(f'/verify/{token}')
    await user.should_see(BODY_B, retries=100)
