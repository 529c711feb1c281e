"""人员注册申请 end to end in a real browser, across four roles (issue 5's journey)."""
from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import as_user, screenshot


def section(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.locator('.ccaa-experience', has=page.get_by_role('heading', name=title, exact=True))


def test_registration_from_application_to_certificate(browser: Browser, server: str) -> None:
    applicant = as_user(browser, server, 'test1')

    # the wizard: 条件自检 → 个人注册申请
    applicant.goto('/services/registration')
    expect(applicant.get_by_text('账号已通过实名认证')).to_be_visible()
    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_text('* 申请信息')).to_be_visible()
    case_no = applicant.get_by_test_id('case-no').inner_text().split('：')[1]
    applicant.get_by_text('体系认证审核员', exact=True).click()
    applicant.get_by_text('实习审核员', exact=True).click()
    applicant.get_by_label('* 申请专业').click()
    applicant.get_by_role('option', name='EnMS').click()
    applicant.get_by_test_id('field-narrow_scope').get_by_text('否').click()
    applicant.get_by_text('个人缴费', exact=True).click()
    applicant.get_by_label('* 执业机构').fill('华信')
    applicant.get_by_role('option', name='华信认证中心有限公司').click()
    screenshot(applicant, 'wizard-info')
    applicant.get_by_test_id('wizard-next').click()

    # 个人信息填报: education from the library, a work row typed in
    education = section(applicant, '教育经历')
    education.get_by_role('button', name='从基本信息库添加').click()
    dialog = applicant.locator('.q-dialog')
    dialog.locator('tbody .q-checkbox').first.click()
    dialog.get_by_role('button', name='添加所选').click()
    expect(education.locator('tbody tr')).to_have_count(1)
    work = section(applicant, '工作经历')
    work.get_by_role('button', name='添加', exact=True).click()
    dialog = applicant.locator('.q-dialog')
    dialog.get_by_label('工作单位').fill('北京精工制造有限公司')
    dialog.get_by_label('开始日期').fill('2010-03-01')
    dialog.get_by_label('职务/职称').fill('质量工程师')
    dialog.get_by_label('证明人姓名').fill('张伟')
    dialog.get_by_label('证明人电话').fill('1390000')
    dialog.get_by_role('button', name='保存').click()
    expect(dialog.get_by_text('请输入正确的手机号码')).to_be_visible()  # beside the field; the rest is kept
    expect(dialog.get_by_label('工作单位')).to_have_value('北京精工制造有限公司')
    dialog.get_by_label('证明人电话').fill('13900000011')
    dialog.get_by_role('button', name='保存').click()
    expect(work.locator('tbody tr')).to_have_count(1)
    screenshot(applicant, 'wizard-experience')
    applicant.get_by_test_id('wizard-save').click()
    expect(applicant.get_by_text('草稿已保存', exact=False)).to_be_visible()

    # reopen from 草稿箱 and submit
    applicant.goto('/my/cases?tab=草稿箱')
    row = applicant.get_by_test_id('cases-table').locator('tbody tr', has_text=case_no)
    row.get_by_role('link', name='编辑').click()
    expect(section(applicant, '工作经历').locator('tbody tr')).to_have_count(1)
    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_text('请核对申请信息')).to_be_visible()
    applicant.get_by_test_id('wizard-submit').click()
    expect(applicant.get_by_text('人员注册申请 业务已成功提交')).to_be_visible()
    screenshot(applicant, 'wizard-done')

    # cb1 returns it, test1 corrects and resubmits, cb1 passes
    body = as_user(browser, server, 'cb1')
    body.goto('/institution')
    body.get_by_test_id('queue').locator('tbody tr', has_text=case_no).get_by_role('link', name='办理').click()
    expect(body.get_by_text('申请材料')).to_be_visible()
    body.get_by_label('办理意见').fill('请补充专业工作经历')
    body.get_by_test_id('action-return').click()
    expect(body).to_have_url(re.compile(r'/institution$'))

    applicant.goto('/my/cases?tab=办理中')
    applicant.get_by_test_id('cases-table').locator('tbody tr', has_text=case_no).get_by_role('link', name='编辑').click()
    expect(applicant.get_by_text('意见：请补充专业工作经历')).to_be_visible()
    applicant.get_by_test_id('step-experience').get_by_text('个人信息填报').click()
    professional = section(applicant, '专业工作经历')
    professional.get_by_role('button', name='从基本信息库添加').click()
    dialog = applicant.locator('.q-dialog')
    dialog.locator('tbody .q-checkbox').first.click()
    dialog.get_by_role('button', name='添加所选').click()
    expect(professional.locator('tbody tr')).to_have_count(1)
    applicant.get_by_test_id('wizard-next').click()
    applicant.get_by_test_id('wizard-submit').click()
    expect(applicant.get_by_text('人员注册申请 业务已成功提交')).to_be_visible()

    body.goto('/institution')
    body.get_by_test_id('queue').locator('tbody tr', has_text=case_no).get_by_role('link', name='办理').click()
    changes = body.get_by_test_id('changes')  # R14.3: what changed since the return
    expect(changes).to_contain_text('自第1轮退回整改以来的修改')
    expect(changes).to_contain_text('【专业工作经历】')
    screenshot(body, 'review-changes')
    body.get_by_test_id('action-pass').click()
    expect(body).to_have_url(re.compile(r'/institution$'))

    # test1 pays online in the sandbox
    applicant.goto('/my/cases')
    applicant.get_by_test_id('cases-table').locator('tbody tr', has_text=case_no).get_by_role('link', name='查看').click()
    applicant.get_by_text('线上缴费', exact=True).click()
    applicant.get_by_role('button', name='在线支付').click()
    expect(applicant).to_have_url(re.compile(r'/pay/sandbox/'))
    screenshot(applicant, 'sandbox-pay')
    applicant.get_by_role('button', name='支付成功').click()
    expect(applicant.get_by_text('支付成功').first).to_be_visible()

    # admin assigns expert1
    staff = as_user(browser, server, 'admin')
    staff.goto('/staff')
    staff.get_by_test_id('queue').first.locator('tbody tr', has_text=case_no).get_by_role('link', name='办理').click()
    staff.get_by_label('分配专家（分配专家时必选）').click()
    staff.get_by_role('option', name='赵强').click()
    staff.get_by_test_id('action-assign_expert').click()
    expect(staff).to_have_url(re.compile(r'/staff$'))

    # expert1 opens the message, marks a row 不符合 and submits
    expert = as_user(browser, server, 'expert1')
    expert.get_by_test_id('message-count').click()
    expert.get_by_text(f'您有一条业务流水号【{case_no}】的认证人员注册需要评价').click()
    expect(expert.get_by_text('申请材料')).to_be_visible()
    work_verdict = expert.locator('[data-testid^="verdict-work_experience:"]').first
    work_verdict.get_by_text('不符合').click()
    work_verdict.get_by_placeholder('请填写不符合的原因').fill('证明人电话无法接通')
    work_verdict.get_by_placeholder('请填写不符合的原因').press('Enter')
    expect(expert.get_by_label('专家评价意见')).to_have_value(re.compile('【工作经历】北京精工制造有限公司.*证明人电话无法接通'))
    expert.get_by_label('评价结果').click()
    expert.get_by_role('option', name='同意注册', exact=True).click()
    screenshot(expert, 'expert-evaluation')
    expert.get_by_test_id('evaluation-submit').click()
    expect(expert).to_have_url(re.compile(r'/my/expert$'))

    # admin approves (审批) and decides (批准)
    for action in ('pass', 'approve'):
        staff.goto('/staff')
        staff.get_by_test_id('queue').first.locator('tbody tr', has_text=case_no).get_by_role('link', name='办理').click()
        staff.get_by_test_id(f'action-{action}').click()
        expect(staff).to_have_url(re.compile(r'/staff$'))

    # test1 sees 已完结 and the certificate; the QR's page says 有效
    applicant.goto('/my/cases?tab=已完结')
    expect(applicant.get_by_test_id('cases-table').locator('tbody tr', has_text=case_no)).to_contain_text('已完结')
    applicant.goto('/my/certificates')
    applicant.get_by_role('row', name=re.compile('EnMS')).get_by_role('link', name='查看').click()
    expect(applicant.get_by_alt_text('证书验证二维码')).to_be_visible()
    screenshot(applicant, 'certificate')
    with applicant.context.expect_page() as opened:
        applicant.get_by_role('link', name='公开验证页面').click()
    verification = opened.value
    expect(verification.get_by_test_id('verify-status')).to_have_text('证书状态：有效')
    screenshot(verification, 'verification')
