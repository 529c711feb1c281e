"""我的证书 and the public verification page."""
from __future__ import annotations

from datetime import datetime, timezone

from nicegui import ui
from nicegui.testing import User
from sqlmodel import select

from domain.demo import _actor
from domain.records import certificates
from domain.shared import clock
from storage.db import unit_of_work
from storage.tables import Certificate
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def token() -> str:
    with unit_of_work() as session:
        return session.exec(select(Certificate.verify_token).where(Certificate.cert_no == 'CCAA-QMS-2024-00123')).one()


async def test_holder_sees_the_certificate(user: User) -> None:
    await log_in(user, 'auditor1')
    await user.should_see('您好王芳')
    await user.open('/my/certificates')
    await user.should_see('我的证书')

    def rows() -> list[dict]:
        return user.find(ui.table).elements.pop().rows

    await eventually(lambda: _assert_equal([(r['cert_no'], r['grade'], r['status']) for r in rows()],
                                           [('CCAA-QMS-2024-00123', '审核员', '有效')]))
    await user.open(f"/my/certificates/{rows()[0]['id']}")
    await user.should_see('华信认证中心有限公司')
    await user.should_see('2025 年度')


async def test_someone_without_certificates_sees_the_empty_state(user: User) -> None:
    await log_in(user, 'teacher1')
    await user.should_see('您好陈静')
    await user.open('/my/certificates')
    await user.should_see('我的证书')
    await eventually(lambda: _assert_equal(user.find(ui.table).elements.pop().rows, []))
    assert user.find(ui.table).elements.pop().props['no-data-label'] == '您还没有证书。通过人员注册申请并获批准后，证书将显示在这里。'
    auditor_certificate = certificates.my_certificates(_actor('auditor1'))[0]
    await user.open(f'/my/certificates/{auditor_certificate.id}')
    await user.should_see('未找到该证书')


async def test_public_verification_masks_the_holder(user: User) -> None:
    await user.open(f'/verify/{token()}')  # no login
    await user.should_see('证书状态：有效')
    await user.should_see('王*')
    await user.should_see('110***********0020')
    await user.should_not_see('王芳')
    await user.should_not_see('110108199007050020')


async def test_verification_of_an_expired_or_unknown_certificate(user: User) -> None:
    clock.freeze(datetime(2027, 2, 1, tzinfo=timezone.utc))
    try:
        await user.open(f'/verify/{token()}')
        await user.should_see('证书状态：过期')
    finally:
        clock.freeze(None)
    await user.open('/verify/not-a-token')
    await user.should_see('未查询到该证书，请核对二维码或证书编号')


async def test_approval_issues_a_certificate_with_pdf(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    mine = certificates.my_certificates(_actor('test1'))  # the demo case that was approved
    assert [(c.field, c.grade, c.status_label, c.body_name) for c in mine] == [('FSMS', '实习审核员', '有效', '华信认证中心有限公司')]
    assert (mine[0].expires_on - mine[0].issued_on).days in (1094, 1095)
    await user.open(f'/my/certificates/{mine[0].id}')
    await user.should_see('扫描二维码可打开证书的公开验证页面')
    user.find(kind=ui.button, content='下载证书PDF').click()
    response = await user.download.next(timeout=5)
    assert response.content.startswith(b'%PDF-')
