"""日历订阅 on 账户信息, and the feed a calendar app polls without a session (R14.5)."""
from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from domain.demo import _actor
from domain.portal import calendar_feed
from tests.ui.test_login import log_in
from ui.call import call

EXPIRY = 'SUMMARY:证书CCAA-QMS-2024-00123到期'


async def open_account_page(user: User, account: str = 'auditor1') -> None:
    await log_in(user, account)
    await user.should_see('您好', retries=30)
    await user.open('/my/account')
    await user.should_see(marker='change-email')  # the page may still be building when it first shows


async def feed_url(user: User) -> str:
    await user.should_see(marker='calendar-url')
    [field] = user.find(kind=ui.input, marker='calendar-url').elements
    return str(field.value)


async def test_the_account_page_gives_the_feed_address(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_PUBLIC_URL', 'https://portal.example.cn/')
    await open_account_page(user)
    await user.should_see('日历订阅')
    await user.should_see('在日历应用中订阅以下链接，即可看到证书到期、年度确认和考试等个人截止日期。')
    token = await call(calendar_feed.feed_token, await call(_actor, 'auditor1'))
    assert await feed_url(user) == f'https://portal.example.cn/calendar/{token}.ics'
    user.find(marker='copy-calendar-url').click()
    await user.should_see('链接已复制')
    await user.should_see('下载日历文件')


async def test_reset_gives_a_new_address_and_the_old_one_stops_working(user: User) -> None:
    await open_account_page(user)
    old = await feed_url(user)
    old_path = old[old.index('/calendar/'):]
    assert (await user.http_client.get(old_path)).status_code == 200
    user.find(marker='reset-calendar').click()
    await user.should_see('旧链接将立即失效')
    user.find(marker='confirm-reset-calendar').click()
    await user.should_see('订阅链接已重置，旧链接已失效')
    new = await feed_url(user)
    assert new != old and new.endswith('.ics')
    gone = await user.http_client.get(old_path)
    assert (gone.status_code, gone.text) == (404, 'Not Found')
    fresh = await user.http_client.get(new[new.index('/calendar/'):])
    assert fresh.status_code == 200 and EXPIRY in fresh.text


async def test_the_feed_needs_no_session_and_shows_only_its_owners_deadlines(user: User) -> None:
    theirs = calendar_feed.feed_path(await call(calendar_feed.feed_token, await call(_actor, 'auditor1')))
    mine = calendar_feed.feed_path(await call(calendar_feed.feed_token, await call(_actor, 'test1')))
    response = await user.http_client.get(theirs)  # nobody is logged in
    assert response.status_code == 200
    assert response.headers['content-type'] == 'text/calendar; charset=utf-8'
    assert response.headers['cache-control'] == 'no-store'
    text = response.content.decode('utf-8')
    assert text.startswith('BEGIN:VCALENDAR\r\n') and EXPIRY in text
    assert 'URL:http://test/my/certificates/' in text.replace('\r\n ', '')
    other = (await user.http_client.get(mine)).text
    assert 'BEGIN:VEVENT' in other and 'CCAA-QMS-2024-00123' not in other


@pytest.mark.parametrize('path', ['/calendar/unknown.ics', '/calendar/' + 'A' * 43 + '.ics',
                                  '/calendar/x%27%20OR%201%3D1.ics'])
async def test_an_unknown_feed_is_a_bare_404(user: User, path: str) -> None:
    response = await user.http_client.get(path)
    assert (response.status_code, response.text) == (404, 'Not Found')


async def test_download_is_the_same_calendar_for_the_logged_in_person(user: User) -> None:
    assert (await user.http_client.get('/my/calendar.ics', follow_redirects=False)).status_code in (302, 307)
    await open_account_page(user)
    response = await user.http_client.get('/my/calendar.ics')
    assert response.status_code == 200
    assert response.headers['content-disposition'] == 'attachment; filename="ccaa-deadlines.ics"'
    assert EXPIRY in response.text


async def test_institution_staff_have_no_calendar_section(user: User) -> None:
    await open_account_page(user, 'cb1')
    await user.should_see('账户信息')
    await user.should_not_see('日历订阅')
    assert (await user.http_client.get('/my/calendar.ics')).status_code == 404
