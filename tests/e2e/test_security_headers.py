"""What every answer of the running server carries (issue #12 items 8 and 10): the Content-Security-Policy and its
companions on pages and files, and the server's files — its database and NiceGUI's session storage — readable by
its own user alone. In the browser, a page that reads a course PDF and plays a video breaks no rule of the policy."""
from __future__ import annotations

import stat
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in


def headers_of(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return {name.lower(): value for name, value in response.headers.items()}


def test_pages_and_files_carry_the_policy_and_the_data_is_private(server: str, server_data_dir: Path) -> None:
    for path in ('/login', '/assets/css/app.css', '/healthz'):
        found = headers_of(server + path)
        assert "frame-ancestors 'none'" in found['content-security-policy'], path
        assert "object-src 'none'" in found['content-security-policy'], path
        assert found['x-frame-options'] == 'DENY', path
        assert found['x-content-type-options'] == 'nosniff', path
        assert found['referrer-policy'] == 'strict-origin-when-cross-origin', path
        assert 'strict-transport-security' not in found, path  # only behind https (CCAA_PUBLIC_URL)
    exposed = [str(p) for p in [server_data_dir / 'ccaa.db', *(server_data_dir / '.nicegui').glob('*')]
               if p.exists() and stat.S_IMODE(p.stat().st_mode) & 0o077]
    assert (server_data_dir / 'ccaa.db').exists() and exposed == []


def test_reading_and_playing_course_files_break_no_rule_of_the_policy(page: Page) -> None:
    violations: list[str] = []
    page.on('console', lambda message: violations.append(message.text)
            if 'Content Security Policy' in message.text else None)
    log_in(page, 'expert1')
    expect(page.get_by_test_id('greeting')).to_be_visible()
    page.goto('/my/expert/courses')
    page.get_by_test_id('course-reviews').locator('tbody tr', has_text='视频评价').get_by_role('link').click()
    player = page.get_by_test_id('video-player')
    player.evaluate('v => { v.muted = true; return v.play(); }')
    page.wait_for_function('v => v.currentTime > 0.2', arg=player.element_handle())
    page.goto('/my/expert/courses')
    page.get_by_test_id('course-reviews').locator('tbody tr', has_text='文件评价').get_by_role('link').click()
    expect(page.get_by_test_id('pdf-page-label')).to_have_text('第 1 / 4 页', timeout=15_000)  # drawn on the server
    assert page.get_by_test_id('pdf-page').evaluate('img => img.decode().then(() => img.naturalWidth)') > 500
    assert violations == []
