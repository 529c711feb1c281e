"""The portal's own error pages (issue #12): a page that fails shows 系统繁忙 and never the exception's text; an
unknown address shows 页面不存在 with status 404."""
from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from tests.ui.test_login import log_in


async def test_a_failing_page_shows_no_exception_text(user: User, caplog: pytest.LogCaptureFixture) -> None:
    @ui.page('/test-boom')
    def boom() -> None:
        raise RuntimeError('secret detail: password=hunter2')

    await log_in(user)
    response = await user.http_client.get('/test-boom')
    assert response.status_code == 500
    assert '系统繁忙' in response.text and 'secret detail' not in response.text and 'RuntimeError' not in response.text
    assert 'secret detail' in caplog.text  # the log keeps it
    caplog.clear()  # logged on purpose: the harness fails a test that leaves errors in the log


async def test_an_unknown_address_gets_the_portals_404_page(user: User) -> None:
    await log_in(user)
    response = await user.http_client.get('/no/such/page')
    assert response.status_code == 404
    assert '页面不存在' in response.text and 'HTTPException' not in response.text
