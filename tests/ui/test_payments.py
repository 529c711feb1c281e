"""个人缴费 in the pages: the panel on 查看, the sandbox pay page, the notify endpoint, 缴费记录, 缴费信息 for staff."""
from __future__ import annotations

import io

from nicegui import ui
from nicegui.testing import User
from PIL import Image
from sqlmodel import select

from domain.demo import _actor
from domain.engine import cases, files
from domain.records import payments
from domain.shared import clock
from storage.db import unit_of_work
from storage.tables import Case, Payment
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def paying_case() -> Case:
    with unit_of_work() as session:
        return session.exec(select(Case).where(Case.stage == 'payment', Case.payer == 'person')).one()


def payment_rows(case_id: int) -> list[Payment]:
    with unit_of_work() as session:
        return list(session.exec(select(Payment).where(Payment.case_id == case_id).order_by(Payment.id)))


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new('RGB', (8, 8), (30, 120, 200)).save(buffer, 'PNG')
    return buffer.getvalue()


def field(user: User, marker: str) -> ui.input:
    return user.find(marker=marker).elements.pop()


async def open_paying_case(user: User) -> Case:
    case = paying_case()
    await log_in(user)
    await user.should_see('您好李明', retries=20)
    await user.open(f'/my/cases/{case.id}')
    await user.should_see('个人缴费', retries=20)
    return case


async def test_the_panel_offers_both_ways_and_checks_the_invoice_beside_its_fields(user: User) -> None:
    case = await open_paying_case(user)
    await user.should_see('200.00 元', retries=20)
    await user.should_see('线上缴费', retries=20)
    await user.should_see('线下缴费', retries=20)
    user.find(marker='pay-invoice').click()
    field(user, 'invoice_title').set_value('北京精工制造有限公司')
    field(user, 'invoice_tax_no').set_value('9111-bad')
    field(user, 'invoice_email').set_value('finance@')
    user.find(marker='pay-online').click()
    await eventually(lambda: _assert_equal(field(user, 'invoice_tax_no').error, '纳税人识别号应为15至20位数字或大写字母'),
                     timeout=10)
    assert field(user, 'invoice_email').error == '请输入有效的接收邮箱'
    assert field(user, 'invoice_title').error is None
    assert (field(user, 'invoice_title').value, field(user, 'invoice_tax_no').value) == ('北京精工制造有限公司',
                                                                                         '9111-bad')
    assert payment_rows(case.id) == []


async def test_pay_online_in_the_sandbox(user: User) -> None:
    case = await open_paying_case(user)
    user.find(marker='pay-invoice').click()
    field(user, 'invoice_title').set_value('北京精工制造有限公司')
    field(user, 'invoice_tax_no').set_value('91110105MA01ABCD2X')
    field(user, 'invoice_email').set_value('finance@example.com')
    user.find(marker='pay-online').click()
    await user.should_see('收银台', retries=20)
    await user.should_see('中国认证认可协会', retries=20)
    await user.should_see(f'人员注册申请缴费（业务号 {case.case_no}）', retries=20)
    [payment] = payment_rows(case.id)
    assert payment.invoice_email == 'finance@example.com'
    user.find(marker='sandbox-paid').click()
    await user.should_see('CCAA审批', retries=20)
    await eventually(lambda: _assert_equal(user.find(marker='pay-result').elements.pop().text, '支付成功'), timeout=10)
    await user.should_not_see('在线支付')
    assert payment_rows(case.id)[0].status == 'paid'
    assert cases.get_case(_actor('test1'), case.id).stage == 'ccaa_review'


async def test_a_failed_payment_says_so_and_offers_paying_again(user: User) -> None:
    case = await open_paying_case(user)
    user.find(marker='pay-invoice').click()
    field(user, 'invoice_title').set_value('李明')
    field(user, 'invoice_tax_no').set_value('110105198503120012')
    field(user, 'invoice_email').set_value('liming@example.com')
    user.find(marker='pay-online').click()
    await user.should_see('收银台', retries=20)
    user.find(marker='sandbox-failed').click()
    await eventually(lambda: _assert_equal(user.find(marker='pay-result').elements.pop().text,
                                           '支付失败，请重新支付或选择线下缴费'), timeout=10)
    await user.should_see('在线支付', retries=20)
    assert [p.status for p in payment_rows(case.id)] == ['failed']
    assert [field(user, name).value for name in ('invoice_title', 'invoice_tax_no', 'invoice_email')] == [
        '李明', '110105198503120012', 'liming@example.com'], 'the invoice is not typed again'
    assert cases.get_case(_actor('test1'), case.id).stage == 'payment'


async def test_the_sandbox_page_is_the_payers_alone(user: User) -> None:
    case = paying_case()
    reference = payments.pay_online(_actor('test1'), case.id, case.version, None).rsplit('/', 1)[-1]
    await log_in(user, 'auditor1')
    await user.should_see('您好王芳', retries=20)
    await user.open(f'/pay/sandbox/{reference}')
    await user.should_see('未找到该支付订单', retries=20)
    await user.should_not_see('支付成功')


async def test_a_paid_order_cannot_be_paid_again(user: User) -> None:
    case = paying_case()
    reference = payments.pay_online(_actor('test1'), case.id, case.version, None).rsplit('/', 1)[-1]
    payments.sandbox_pay(_actor('test1'), reference, True)
    await log_in(user)
    await user.should_see('您好李明', retries=20)
    await user.open(f'/pay/sandbox/{reference}')
    await user.should_see('该订单已支付', retries=20)
    await user.should_not_see('支付失败')


async def test_pay_offline_with_a_voucher_then_staff_see_it(user: User) -> None:
    case = await open_paying_case(user)
    user.find(marker='pay-method').elements.pop().set_value('offline')
    user.find(marker='pay-offline').click()
    await user.should_see('请上传缴费凭证', retries=20)
    upload = user.find(ui.upload).elements.pop()
    await upload.handle_uploads([ui.upload.SmallFileUpload('回单.png', 'image/png', b'not an image')])
    await user.should_see('仅支持 JPG、PNG 或 PDF 文件', retries=20)
    await upload.handle_uploads([ui.upload.SmallFileUpload('回单.png', 'image/png', png())])
    await user.should_see('已上传：回单.png', retries=20)
    user.find(marker='pay-offline').click()
    await user.should_see('缴费确认', retries=20)
    [payment] = payment_rows(case.id)
    assert (payment.method, payment.status) == ('offline', 'submitted')

    user.find('退出登录').click()
    await user.should_see('个人登录', retries=20)
    await log_in(user, 'admin')
    await user.should_see('协会工作台', retries=20)
    await user.open(f'/staff/cases/{case.id}')
    await user.should_see('缴费信息', retries=20)
    await user.should_see('办理过程', retries=20)  # the page builds on while its services answer
    table = user.find(marker='case-payments').elements.pop()
    [row] = table.rows
    assert (row['method'], row['status'], row['amount'], row['voucher'], row['voucher_link']) == (
        '线下缴费', '待确认', '200.00 元', '回单.png', f'/files/{payment.voucher_file_id}')
    assert files.can_read(_actor('admin'), payment.voucher_file_id)  # GET /files/<id> serves what this allows
    user.find(kind=ui.button, content='确认线下缴费').click()
    await user.should_see('办理成功', retries=20)
    assert payment_rows(case.id)[0].status == 'confirmed'


async def test_payment_records_list_and_export(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明', retries=20)
    await user.open('/my/payments')
    await user.should_see('共有 0 条缴费记录', retries=20)
    table = user.find(marker='payments-table').elements.pop()
    assert table.rows == [] and table.props.get('no-data-label') == '暂无缴费记录'

    case = paying_case()
    actor = _actor('test1')
    reference = payments.pay_online(actor, case.id, case.version, None).rsplit('/', 1)[-1]
    payments.sandbox_pay(actor, reference, False)
    await user.open('/my/payments')
    await user.should_see('共有 1 条缴费记录', retries=20)
    [row] = user.find(marker='payments-table').elements.pop().rows
    assert (row['case_no'], row['method'], row['status'], row['amount'], row['invoice']) == (
        case.case_no, '线上缴费', '支付失败', '200.00 元', '不开具发票')
    assert row['title'] == '人员注册申请 (体系认证审核员: ISMS)'
    user.find(kind=ui.button, content='导出CSV').click()
    response = await user.download.next(timeout=3)
    lines = response.content.decode('utf-8-sig').strip().splitlines()
    assert lines[0] == ','.join(('业务号', '事项名称', '缴费金额（元）', '缴费方式', '缴费状态', '发票抬头', '纳税人识别号',
                                 '接收邮箱', '缴费时间', '办结时间', '备注'))
    assert lines[1].startswith(f'{case.case_no},') and ',200.00,线上缴费,支付失败,' in lines[1]
    user.find(kind=ui.button, content='导出Excel').click()
    response = await user.download.next(timeout=3)
    assert response.content[:2] == b'PK'


async def test_the_notify_endpoint_accepts_signed_and_refuses_forged_and_replayed(user: User) -> None:
    case = paying_case()
    reference = payments.pay_online(_actor('test1'), case.id, case.version, None).rsplit('/', 1)[-1]
    body, signature = payments.gateway().notification(reference, True, 20000, clock.now())
    forged = await user.http_client.post('/payments/notify', content=body, headers={'X-Signature': '0' * 64})
    assert (forged.status_code, payment_rows(case.id)[0].status) == (400, 'pending')
    unsigned = await user.http_client.post('/payments/notify', content=body)
    assert unsigned.status_code == 400
    accepted = await user.http_client.post('/payments/notify', content=body, headers={'X-Signature': signature})
    assert (accepted.status_code, accepted.text) == (200, 'success')
    assert payment_rows(case.id)[0].status == 'paid'
    replayed = await user.http_client.post('/payments/notify', content=body, headers={'X-Signature': signature})
    assert replayed.status_code == 400
    assert cases.get_case(_actor('test1'), case.id).stage == 'ccaa_review'
    assert [e.action_label for e in cases.timeline(_actor('test1'), case.id)].count('线上缴费') == 1


async def test_a_paid_record_offers_its_receipt_to_the_payer_only(user: User) -> None:
    case = paying_case()
    actor = _actor('test1')
    reference = payments.pay_online(actor, case.id, case.version, None).rsplit('/', 1)[-1]
    payments.sandbox_pay(actor, reference, True)
    await log_in(user)
    await user.should_see('您好李明', retries=20)
    await user.open('/my/payments')
    await user.should_see('共有 1 条缴费记录', retries=100)
    [row] = user.find(marker='payments-table').elements.pop().rows
    assert row['receipt'] == f"/payments/{row['id']}/receipt"
    response = await user.http_client.get(row['receipt'])
    assert response.status_code == 200 and response.content.startswith(b'%PDF')
    assert response.headers['content-type'] == 'application/pdf'
    assert "filename*=UTF-8''" in response.headers['content-disposition']
    user.find('退出登录').click()
    await user.should_see('个人登录', retries=50)
    await log_in(user, 'auditor1')
    await user.should_see('您好王芳', retries=20)
    assert (await user.http_client.get(row['receipt'])).status_code == 404
