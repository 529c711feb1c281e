"""Every page fits a phone (R14.8, issue 4): no sideways scrolling of the page, the header's controls without
overlapping, the user centre's menu a strip above the content, wide tables scrolling in their own box — and the
desktop keeps its left menu column."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import log_in, screenshot

PHONE = {'width': 390, 'height': 844}
DESKTOP = {'width': 1280, 'height': 900}
# path, a text the page shows once built, screenshot name
USER_PAGES = (
    ('/', '欢迎来到CCAA', 'home'),
    ('/my/cases', '共有 ', 'my-cases'),
    ('/my/profile', '基本信息', 'profile'),
    ('/my/payments', '条缴费记录', 'payments'),
    ('/my/certificates', '证书编号', 'certificates'),
    ('/my/account', '修改密码', 'account'),
    ('/my/messages', '全部已读', 'messages'),
)
HEADER_PARTS = ('greeting', 'notice-count', 'message-count', 'logout')
SPILLS = '''s => [...document.querySelectorAll(s)]
    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')
    .map(e => e.textContent.trim().slice(0, 30))'''


@pytest.fixture
def phone(browser: Browser, server: str) -> Iterator[Page]:
    """A 390×844 touch screen that lays pages out the way a phone does (meta viewport honoured)."""
    context = browser.new_context(base_url=server, locale='zh-CN', viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def assert_fits(page: Page, width: int) -> None:
    """Nothing sticks out sideways: a phone would otherwise zoom out or scroll the whole page."""
    sizes = page.evaluate('() => [document.documentElement.scrollWidth, window.innerWidth]')
    assert sizes[0] <= sizes[1] + 1, f'{page.url}: the page is {sizes[0]}px wide in a {sizes[1]}px window'
    assert sizes[1] <= width + 1, f'{page.url}: the window grew to {sizes[1]}px'


def box(locator: Locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, f'{locator} is not shown'
    return found


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a['x'] < b['x'] + b['width'] - 1 and b['x'] < a['x'] + a['width'] - 1
            and a['y'] < b['y'] + b['height'] - 1 and b['y'] < a['y'] + a['height'] - 1)


def assert_apart(boxes: dict[str, dict[str, float]]) -> None:
    names = list(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not overlap(boxes[a], boxes[b]), f'{a} {boxes[a]} overlaps {b} {boxes[b]}'


def assert_no_text_spills(page: Page, selector: str) -> None:
    """No element under `selector` shows content wider than itself (text running into its neighbour)."""
    spills = page.evaluate(SPILLS, selector)
    assert not spills, f'{page.url}: text wider than its box under {selector}: {spills}'


def assert_header_fits(page: Page, width: int) -> None:
    """The user's controls are on screen, inside the header, and none covers another."""
    header = box(page.locator('.q-header'))
    boxes = {name: box(page.get_by_test_id(name)) for name in HEADER_PARTS}
    boxes['title'] = box(page.locator('.q-header').get_by_text('CCAA综合服务平台', exact=True))
    for name, b in boxes.items():
        assert 0 <= b['x'] and b['x'] + b['width'] <= width + 1, f'{name} is off screen: {b}'
        assert header['y'] <= b['y'] and b['y'] + b['height'] <= header['y'] + header['height'] + 1, \
            f'{name} sticks out of the header: {b} {header}'
    assert_apart(boxes)


def test_phone_pages_fit_the_screen_and_the_menu_sits_above_the_content(phone: Page) -> None:
    log_in(phone, 'test1')
    expect(phone.get_by_test_id('greeting')).to_have_text('您好李明')
    for path, text, name in USER_PAGES:
        phone.goto(path)
        expect(phone.get_by_text(text).first).to_be_visible()
        if path == '/my/cases':
            expect(phone.get_by_test_id('cases-table').locator('tbody tr')).to_have_count(5)
        phone.wait_for_timeout(300)  # let Quasar settle the header's and tables' sizes
        assert_fits(phone, PHONE['width'])
        assert_header_fits(phone, PHONE['width'])
        screenshot(phone, f'phone-{name}')
        if path == '/my/messages':  # the time moves under a long title instead of running into it
            assert_no_text_spills(phone, '.ccaa-message *')
            for row in phone.locator('.ccaa-message').all():
                assert_apart({str(i): box(part) for i, part in enumerate(row.locator(':scope > *').all())})

    # a case's facts: two to a line, none running into the next
    phone.goto('/my/cases')
    phone.get_by_test_id('cases-table').locator('tbody tr').first.get_by_role('link', name='查看').click()
    expect(phone.get_by_text('办理过程')).to_be_visible()
    phone.wait_for_timeout(300)
    assert_fits(phone, PHONE['width'])
    assert_no_text_spills(phone, '.ccaa-content .nicegui-grid *')
    screenshot(phone, 'phone-case')

    # wide tables scroll inside their own box
    phone.goto('/my/cases')
    table = phone.get_by_test_id('cases-table')
    expect(table.locator('tbody tr')).to_have_count(5)
    assert table.locator('.q-table__middle').evaluate('e => e.scrollWidth > e.clientWidth'), \
        'the cases table should scroll sideways'
    assert box(table)['x'] + box(table)['width'] <= PHONE['width'] + 1

    # the menu: above the content, scrolled sideways, every entry reachable
    menu = phone.get_by_role('navigation', name='用户中心')
    content = phone.locator('.ccaa-centre-content')
    assert box(menu)['y'] + box(menu)['height'] <= box(content)['y'] + 1, 'the menu should sit above the content'
    assert box(menu)['width'] <= PHONE['width']
    expect(menu.locator('[aria-current=page]')).to_have_text('我的事项')
    entry = menu.get_by_role('link', name='我的证书', exact=True)
    entry.scroll_into_view_if_needed()
    expect(entry).to_be_visible()
    entry_box = box(entry)
    assert 0 <= entry_box['x'] and entry_box['x'] + entry_box['width'] <= PHONE['width'] + 1
    entry.click()
    expect(phone).to_have_url(re.compile(r'/my/certificates$'))
    expect(phone.get_by_role('navigation', name='用户中心').locator('[aria-current=page]')).to_have_text('我的证书')
    assert_fits(phone, PHONE['width'])
    screenshot(phone, 'phone-menu-certificates')

    logout = phone.get_by_test_id('logout')
    expect(logout).to_be_visible()
    logout.click()
    expect(phone).to_have_url(re.compile(r'/login'))
    assert_fits(phone, PHONE['width'])
    screenshot(phone, 'phone-login')


@pytest.mark.parametrize('account, path, name', [('cb1', '/institution', 'institution'), ('admin', '/staff', 'staff')])
def test_phone_workspace_queues_fit_the_screen(phone: Page, account: str, path: str, name: str) -> None:
    log_in(phone, account)
    expect(phone).to_have_url(re.compile(f'{path}$'))
    expect(phone.get_by_test_id('queue').first).to_be_visible()
    phone.wait_for_timeout(300)
    assert_fits(phone, PHONE['width'])
    assert_header_fits(phone, PHONE['width'])
    screenshot(phone, f'phone-{name}')


def test_phone_case_handling_page_fits_the_screen(phone: Page) -> None:
    """The reviewer's page: the case's facts two to a line, the 审核结果 grid scrolling inside its own box."""
    log_in(phone, 'cb1')
    expect(phone).to_have_url(re.compile(r'/institution$'))
    phone.get_by_test_id('queue').locator('tbody tr').first.get_by_role('link', name='办理').click()
    expect(phone.get_by_text('申请材料')).to_be_visible()
    grid = phone.locator('.ccaa-score-grid').first
    expect(grid).to_be_visible()
    phone.wait_for_timeout(300)
    assert_fits(phone, PHONE['width'])
    assert_header_fits(phone, PHONE['width'])
    assert_no_text_spills(phone, '.ccaa-content .nicegui-grid *')
    assert grid.evaluate('e => e.scrollWidth > e.clientWidth'), 'the 审核结果 grid should scroll sideways'
    screenshot(phone, 'phone-institution-case')


def test_desktop_keeps_the_menu_as_a_left_column(page: Page) -> None:
    page.set_viewport_size(DESKTOP)
    log_in(page, 'test1')
    expect(page.get_by_test_id('greeting')).to_have_text('您好李明')
    page.goto('/my/cases')
    expect(page.get_by_test_id('cases-table').locator('tbody tr')).to_have_count(5)
    page.wait_for_timeout(300)
    menu = page.get_by_role('navigation', name='用户中心')
    content = page.locator('.ccaa-centre-content')
    menu_box, content_box = box(menu), box(content)
    assert menu_box['x'] + menu_box['width'] <= content_box['x'], 'the menu should be left of the content'
    assert abs(menu_box['y'] - content_box['y']) <= 2, 'the menu and the content should start at the same height'
    assert menu_box['height'] > menu_box['width'], 'the menu should be a column'
    expect(menu.get_by_text('用户中心', exact=True)).to_be_visible()
    assert_fits(page, DESKTOP['width'])
    assert_header_fits(page, DESKTOP['width'])
    header = box(page.locator('.q-header'))
    assert header['height'] < 100, f'the desktop header should stay one line: {header}'
    for name in ('greeting', 'logout'):  # on the title's line
        assert box(page.get_by_test_id(name))['y'] < header['y'] + header['height'] / 2
    screenshot(page, 'desktop-my-cases')
    page.goto('/my/profile')
    expect(page.get_by_text('基本信息').first).to_be_visible()
    page.wait_for_timeout(300)
    assert_fits(page, DESKTOP['width'])
    screenshot(page, 'desktop-profile')
