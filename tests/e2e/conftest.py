"""End-to-end fixtures: the real server in a subprocess on a free port with a temp data folder, and Debian's Chromium."""
from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from deploy.processes import free_port, serving

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / 'screenshots'
CHROMIUM = os.environ.get('CHROMIUM_PATH') or shutil.which('chromium') or '/usr/bin/chromium'
# What a page shows is waited for as long as an action is (page.set_default_timeout below), not Playwright's 5 s:
# on a CI machine that also runs the other worker's server and browser, a page can take longer than that to arrive.
expect.set_options(timeout=15_000)


@contextmanager
def running_server(data_dir: Path, command: tuple[str, ...] = ('main.py', '--demo'), ready: str = '/healthz',
                   **extra_env: str) -> Iterator[str]:
    """`python main.py --demo` (or another script of the tests) on its own SQLite file in data_dir, on a free port;
    yields its base URL once `ready` answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {'PYTEST_CURRENT_TEST', 'NICEGUI_USER_SIMULATION'}}
    env.update(CCAA_DATA_DIR=str(data_dir), CCAA_PORT=str(port), CCAA_HOST='127.0.0.1',
               NICEGUI_STORAGE_PATH=str(data_dir / '.nicegui'),
               CCAA_REMINDER_HOURS='0')  # reminders depend on the real date; a test that wants them sets it
    env.update(extra_env)
    env.pop('CCAA_DATABASE_URL', None)
    url = f'http://127.0.0.1:{port}'
    with serving([sys.executable, *command], cwd=ROOT, env=env, log=data_dir / 'server.log', ready_url=url + ready):
        yield url


@pytest.fixture(scope='session')
def server_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `server`'s data folder (CCAA_DATA_DIR): its database, uploads and outboxes such as outbox/sms.jsonl."""
    return tmp_path_factory.mktemp('e2e-data')


@pytest.fixture(scope='session')
def server(server_data_dir: Path) -> Iterator[str]:
    """Base URL of `python main.py --demo` running on its own SQLite file."""
    with running_server(server_data_dir) as url:
        yield url


@pytest.fixture(scope='session')
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        message = f'no Chromium at {CHROMIUM}: apt-get install -y chromium fonts-noto-cjk'
        if os.environ.get('CI'):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=server, locale='zh-CN', viewport={'width': 1366, 'height': 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page: Page, name: str) -> None:
    """Keep a picture of the screen for people to look at (screenshots/ is not committed)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f'{name}.png'), full_page=True)


def log_in(page: Page, account: str, password: str = 'Demo@2026') -> None:
    page.goto('/login')
    page.get_by_label('登录账号').fill(account)
    page.get_by_label('密码').fill(password)
    page.get_by_role('button', name='登录').click()


def log_out(page: Page) -> None:
    """Logs out and waits for the login page, so that the next goto does not abort the logout's own navigation."""
    page.get_by_test_id('logout').click()
    expect(page).to_have_url(re.compile(r'/login'))


DESKTOP = {'width': 1366, 'height': 900}
PHONE = {'width': 390, 'height': 844}


def as_user(browser: Browser, server: str, account: str, viewport: dict[str, int] = DESKTOP,
            mobile: bool = False) -> Page:
    """A browser window of its own, logged in as the account."""
    context = browser.new_context(base_url=server, locale='zh-CN', viewport=viewport, is_mobile=mobile,
                                  has_touch=mobile)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, account)
    expect(page.get_by_test_id('greeting')).to_be_visible()
    return page


def assert_fits(page: Page) -> None:
    """No sideways scrolling: the page is no wider than the window."""
    sizes = page.evaluate('() => [document.documentElement.scrollWidth, window.innerWidth]')
    assert sizes[0] <= sizes[1] + 1, f'{page.url}: the page is {sizes[0]}px wide in a {sizes[1]}px window'


def open_from_queue(page: Page, workspace: str, case_no: str, heading: str) -> None:
    """办理 on the case's row of a workspace queue; waits for the case page's section heading."""
    page.goto(workspace)
    page.get_by_test_id('queue').first.locator('tbody tr', has_text=case_no).get_by_role('link', name='办理').click()
    expect(page.get_by_text(heading, exact=True)).to_be_visible()
