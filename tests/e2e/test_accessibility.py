"""R14.8 in a real browser: axe-core finds no serious or critical violation on the main pages.

The scan opens a 人员注册申请 draft, so it runs on a server of its own."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.axe import SERIOUS, Violation, scan, table
from tests.e2e.conftest import DESKTOP, running_server, screenshot

# What the scan leaves out, each with why. Nothing else may be excluded: fix the page instead.
OUTSIDE_OUR_HANDS = {
    # Quasar's LoadingBar plugin, which NiceGUI installs for every page (app.config.quasar_config['loadingBar']):
    # a 2px strip at the top, transparent while idle, that moves during HTTP requests (uploads, downloads). It has
    # role=progressbar and Quasar offers no way to name it (axe: aria-progressbar-name); the page says in words what
    # an upload or a search is doing.
    '.q-loading-bar': 'aria-progressbar-name',
}


@pytest.fixture(scope='module')
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data = tmp_path_factory.mktemp('a11y-data')
    with running_server(data) as url:
        yield url, data


def window(browser: Browser, server: str) -> Page:
    context = browser.new_context(base_url=server, locale='zh-CN', viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def log_in(page: Page, account: str) -> None:
    page.goto('/login')
    page.get_by_label('登录账号').fill(account)
    page.get_by_label('密码').fill('Demo@2026')
    page.get_by_role('button', name='登录').click()
    expect(page.get_by_test_id('greeting')).to_be_visible()


def settled(page: Page) -> None:
    """No Quasar transition under way: a half-faded dialog or menu would be judged on its colours mid-fade."""
    page.wait_for_function('() => !document.querySelector("[class*=q-transition--], .q-dialog__backdrop.fade")')


class Scanner:
    def __init__(self) -> None:
        self.found: list[Violation] = []

    def __call__(self, page: Page, name: str, shows: Locator) -> None:
        expect(shows).to_be_visible()
        settled(page)
        self.found += scan(page, name, exclude=tuple(OUTSIDE_OUR_HANDS))


def test_main_pages_have_no_serious_violations(browser: Browser, own_server: tuple[str, Path]) -> None:
    server, _ = own_server
    check = Scanner()
    page = window(browser, server)
    page.goto('/')
    check(page, '首页', page.get_by_label('登录账号'))
    page.goto('/login')
    check(page, '登录', page.get_by_role('button', name='登录'))
    page.goto('/register/person')
    check(page, '个人注册', page.get_by_text('注册事项'))
    page.goto('/query/qualifications')
    check(page, '信息查询', page.get_by_test_id('query0-submit'))
    page.get_by_role('tab', name='按姓名和证件号码查询').click()
    page.get_by_test_id('query1-name').fill('王芳')
    page.get_by_test_id('query1-id_number').fill('110108199007050020')
    page.get_by_test_id('query1-submit').click()
    check(page, '信息查询 结果', page.get_by_test_id('query-results').locator('tbody tr').first)

    log_in(page, 'test1')
    check(page, '首页 (test1)', page.get_by_test_id('greeting'))
    page.goto('/my/cases')
    check(page, '我的事项', page.get_by_test_id('cases-table').locator('tbody tr').first)
    page.get_by_test_id('cases-table').locator('tbody tr', has_text='退回整改').get_by_role('link', name='查看').click()
    check(page, '查看业务', page.get_by_text('办理过程'))

    page.goto('/services/registration')
    check(page, '人员注册申请 条件自检', page.get_by_test_id('wizard-next'))
    page.get_by_test_id('wizard-next').click()
    check(page, '人员注册申请 申请信息', page.get_by_text('* 申请信息'))
    page.get_by_test_id('wizard-next').click()  # nothing chosen yet: the messages beside the fields
    check(page, '人员注册申请 申请信息 (提示)', page.get_by_text('请完善申请信息'))
    page.goto(re.sub(r'\?.*$', '', page.url) + '?step=experience')
    check(page, '人员注册申请 个人信息填报', page.get_by_test_id('wizard-save'))
    page.locator('.ccaa-experience', has=page.get_by_role('heading', name='工作经历', exact=True)) \
        .get_by_role('button', name='添加', exact=True).click()
    check(page, '人员注册申请 添加工作经历', page.locator('.q-dialog').get_by_label('工作单位'))
    screenshot(page, 'a11y-wizard-dialog')
    page.close()

    reviewer = window(browser, server)
    log_in(reviewer, 'cb1')
    reviewer.get_by_test_id('queue').locator('tbody tr').first.get_by_role('link', name='办理').click()
    check(reviewer, '业务办理 (cb1)', reviewer.get_by_text('申请材料'))
    screenshot(reviewer, 'a11y-institution-case')
    reviewer.close()

    print('\n' + table(check.found))
    serious = [v for v in check.found if v.impact in SERIOUS]
    assert not serious, 'serious or critical accessibility violations:\n' + '\n'.join(
        f'{v.page} {v.rule} ({v.impact}): {v.help}\n    ' + '\n    '.join(v.nodes) for v in serious)

