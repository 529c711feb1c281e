"""R14.8 in a real browser: axe-core finds no serious or critical violation on the main pages, and a new person
registers and saves a 人员注册申请 draft with the keyboard alone.

Both change the demo (a draft, a new account), so they run on a server of their own."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.accounts_helpers import resident_id
from tests.e2e.axe import SERIOUS, Violation, scan, table
from tests.e2e.conftest import DESKTOP, running_server, screenshot
from tests.e2e.test_signup_journey import Person, code_sent_to, field

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
    dialog = page.locator('.q-dialog')
    check(page, '人员注册申请 添加工作经历', dialog.get_by_label('工作单位'))
    screenshot(page, 'a11y-wizard-dialog')
    dialog.get_by_role('button', name='取消').click()
    expect(dialog).to_be_hidden()
    page.get_by_test_id('wizard-next').click()
    check(page, '人员注册申请 请核对申请信息', page.get_by_role('dialog', name='请核对申请信息'))
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


# -- keyboard only ------------------------------------------------------------------------------------------

KEYBOARD_PERSON = Person('wuqing', '吴晴', resident_id('19950402', '246', '310104'), '13955550077',
                         'wu.qing@example.cn', 'autumn leaves 2026')


def focused(target: Locator) -> bool:
    return bool(target.evaluate('e => e === document.activeElement || e.contains(document.activeElement)'))


def tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    """Tab until the target has the focus; fails when it is never reached."""
    target.wait_for()
    for _ in range(limit):
        if focused(target):
            return
        page.keyboard.press('Tab')
    raise AssertionError(f'{target} is not reached with Tab')


def type_into(page: Page, target: Locator, text: str) -> None:
    tab_to(page, target)
    page.keyboard.type(text)
    expect(target).to_have_value(text)


def press_on(page: Page, target: Locator, key: str = 'Enter') -> None:
    tab_to(page, target)
    page.keyboard.press(key)


def choose_option(page: Page, select: Locator, option: str, *, typed: str = '') -> None:
    """A Quasar select from the keyboard: focus it, type to filter (or open it with ArrowDown), ArrowDown until
    the option is highlighted, Enter."""
    tab_to(page, select)
    if typed:
        page.keyboard.type(typed)
    else:
        page.keyboard.press('ArrowDown')
    menu = page.get_by_role('listbox')
    wanted = menu.get_by_role('option', name=option, exact=True)
    expect(wanted).to_be_visible()
    for _ in range(40):
        if 'q-manual-focusable--focused' in (wanted.get_attribute('class') or ''):  # Quasar's keyboard highlight
            break
        page.keyboard.press('ArrowDown')
    else:
        raise AssertionError(f'{option} is not reached with ArrowDown')
    page.keyboard.press('Enter')
    expect(menu).to_be_hidden()


def test_a_new_person_registers_and_saves_a_draft_with_the_keyboard_alone(
        browser: Browser, own_server: tuple[str, Path]) -> None:
    server, data = own_server
    person = KEYBOARD_PERSON
    page = window(browser, server)

    # 立即注册 → 个人注册 from the login page
    page.goto('/login')
    press_on(page, page.get_by_role('link', name='立即注册'))
    expect(page).to_have_url(re.compile(r'/register$'))
    press_on(page, page.get_by_test_id('register-person'))
    expect(page.get_by_text('注册事项')).to_be_visible()

    # 个人基本信息, field after field
    type_into(page, field(page, '登录账号'), person.account)
    type_into(page, field(page, '密码'), person.password)
    show = page.get_by_role('button', name='显示密码').first  # the next stop after the field
    page.keyboard.press('Tab')
    expect(show).to_be_focused()
    page.keyboard.press('Enter')
    expect(field(page, '密码')).to_have_attribute('type', 'text')
    expect(show).to_have_attribute('aria-pressed', 'true')
    page.keyboard.press('Enter')
    expect(field(page, '密码')).to_have_attribute('type', 'password')
    type_into(page, field(page, '确认密码'), person.password)
    type_into(page, field(page, '姓名'), person.name)
    type_into(page, field(page, '证件号码'), person.id_number)
    type_into(page, field(page, '手机号码'), person.mobile)
    press_on(page, page.get_by_role('button', name='获取验证码'))
    expect(page.get_by_test_id('send-code')).to_contain_text('秒后重新获取')
    type_into(page, field(page, '验证码'), code_sent_to(data, person.mobile))
    type_into(page, field(page, '电子邮箱'), person.email)
    expect(field(page, '出生日期')).to_have_value('1995-04-02')  # filled from the ID number
    screenshot(page, 'keyboard-signup')
    press_on(page, page.get_by_role('button', name='下一步'))
    expect(page.get_by_text('请确认以下信息，系统将核验姓名与证件号码是否一致')).to_be_visible()
    press_on(page, page.get_by_role('button', name='提交认证'))
    expect(page.get_by_test_id('signup-success')).to_have_text('注册成功')
    press_on(page, page.get_by_role('button', name='返回登录'))
    expect(page).to_have_url(re.compile(r'/login$'))

    # 登录: Enter in the password field logs in
    type_into(page, page.get_by_label('登录账号'), person.account)
    type_into(page, page.get_by_label('密码', exact=True), person.password)
    page.keyboard.press('Enter')
    expect(page.get_by_test_id('greeting')).to_have_text(f'您好{person.name}')

    # 人员注册申请 from the home page: 条件自检 → 个人注册申请
    press_on(page, page.get_by_role('link', name='人员注册申请').first)
    expect(page.get_by_text('人员注册申请　在线申请')).to_be_visible()
    press_on(page, page.get_by_test_id('wizard-next'))
    expect(page.get_by_text('* 申请信息')).to_be_visible()
    press_on(page, page.get_by_role('radio', name='体系认证审核员'), ' ')
    press_on(page, page.get_by_role('radio', name='实习审核员'), ' ')
    choose_option(page, page.get_by_label('* 申请专业'), 'QMS')
    narrow = page.get_by_test_id('field-narrow_scope')
    press_on(page, narrow.get_by_role('radio', name='否'), ' ')
    press_on(page, page.get_by_role('radio', name='个人缴费'), ' ')
    choose_option(page, page.get_by_label('* 执业机构'), '华信认证中心有限公司', typed='华信')
    screenshot(page, 'keyboard-wizard-info')
    press_on(page, page.get_by_test_id('wizard-save'))
    expect(page.get_by_text('草稿已保存', exact=False)).to_be_visible()

    # every choice is in the draft
    page.reload()
    expect(page.get_by_role('radio', name='体系认证审核员')).to_be_checked()
    expect(page.get_by_role('radio', name='实习审核员')).to_be_checked()
    expect(narrow.get_by_role('radio', name='否')).to_be_checked()
    expect(page.get_by_role('radio', name='个人缴费')).to_be_checked()
    expect(page.get_by_label('* 申请专业')).to_have_value('QMS')
    expect(page.get_by_label('* 执业机构')).to_have_value('华信认证中心有限公司')
