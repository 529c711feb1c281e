"""A dropped connection loses nothing (#13): what a dialog holds survives the websocket going away mid-typing and
the page being built again; and a page takes no clicks before it is connected."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in


def section(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.locator('.ccaa-experience', has=page.get_by_role('heading', name=title, exact=True))


def test_a_half_filled_dialog_survives_a_dropped_websocket_and_a_reload(page: Page) -> None:
    log_in(page, 'teacher1')
    expect(page.get_by_test_id('greeting')).to_be_visible()
    page.goto('/my/profile')
    work = section(page, '工作经历')
    work.get_by_role('button', name='添加', exact=True).click()
    dialog = page.locator('.q-dialog')
    dialog.get_by_label('工作单位').fill('上海质量技术研究院')
    dialog.get_by_label('开始日期').fill('2012-07-01')
    expect(page.locator('html.ccaa-connecting')).to_have_count(0)

    page.evaluate('window.socket.disconnect()')  # the connection drops …
    dialog.get_by_label('职务/职称').fill('高级工程师')  # … while the person goes on typing
    page.evaluate('window.socket.connect()')  # and comes back: what was typed meanwhile reaches the server
    dialog.get_by_label('证明人姓名').fill('周敏')
    expect(dialog.get_by_label('证明人姓名')).to_have_value('周敏')

    page.reload()  # the page is built anew, as after a connection lost for longer than the server waits
    dialog = page.locator('.q-dialog')
    expect(dialog.get_by_text('添加工作经历')).to_be_visible()
    expect(dialog.get_by_label('工作单位')).to_have_value('上海质量技术研究院')
    expect(dialog.get_by_label('开始日期')).to_have_value('2012-07-01')
    expect(dialog.get_by_label('职务/职称')).to_have_value('高级工程师')
    expect(dialog.get_by_label('证明人姓名')).to_have_value('周敏')

    dialog.get_by_role('button', name='取消').click()  # 取消 forgets it
    expect(dialog).to_be_hidden()
    page.reload()
    expect(section(page, '工作经历').get_by_role('button', name='添加', exact=True)).to_be_visible()
    expect(page.locator('.q-dialog')).to_have_count(0)


def test_a_page_takes_clicks_only_once_connected(page: Page) -> None:
    page.route('**/_nicegui_ws/**', lambda route: route.abort())  # its socket never connects: no polling …
    page.route_web_socket('**/_nicegui_ws/**', lambda ws: None)  # … and a websocket nobody answers
    page.goto('/login')
    expect(page.locator('html.ccaa-connecting')).to_have_count(1)
    expect(page.locator('body')).to_have_css('pointer-events', 'none')
