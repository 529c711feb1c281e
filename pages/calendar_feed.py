"""日历订阅 (R14.5): the section of 账户信息 that gives the feed's address, and the routes that serve the feed.

GET /calendar/{token}.ics needs no login (a calendar app has no session): the token is the key, and an unknown or
reset one gets a bare 404. GET /my/calendar.ics is the same calendar for the logged-in person, as a file.
"""
from __future__ import annotations

from fastapi import FastAPI, Request, Response
from nicegui import ui

from domain.portal import calendar_feed
from domain.shared.actors import Actor
from domain.shared.errors import DomainError
from pages.session import actor_of, site_url
from ui.call import call

DOWNLOAD_PATH = '/my/calendar.ics'
HEADERS = {'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer'}


def register_routes(app: FastAPI) -> None:
    """GET /calendar/{token}.ics and GET /my/calendar.ics, registered by main() like every plain route."""

    @app.get('/calendar/{token}.ics', include_in_schema=False)
    async def calendar_by_token(request: Request, token: str) -> Response:
        try:
            text = await call(calendar_feed.feed_by_token, token, site_url(request))
        except DomainError:
            return Response('Not Found', status_code=404, media_type='text/plain; charset=utf-8', headers=HEADERS)
        return _calendar_response(text, 'inline')

    @app.get(DOWNLOAD_PATH, include_in_schema=False)
    async def my_calendar(request: Request) -> Response:
        try:
            text = await call(calendar_feed.my_feed, actor_of(request), site_url(request))
        except DomainError:
            return Response('Not Found', status_code=404, media_type='text/plain; charset=utf-8', headers=HEADERS)
        return _calendar_response(text, 'attachment')


def _calendar_response(text: str, disposition: str) -> Response:
    return Response(text.encode('utf-8'), media_type='text/calendar; charset=utf-8', headers={
        **HEADERS, 'Content-Disposition': f'{disposition}; filename="{calendar_feed.FILE_NAME}"'})


async def calendar_section(actor: Actor, base_url: str) -> None:
    """日历订阅: the feed's address to copy, the same calendar as a file, and 重置链接."""
    ui.label('日历订阅').classes('text-subtitle1 text-weight-medium')
    ui.label('在日历应用中订阅以下链接，即可看到证书到期、年度确认和考试等个人截止日期。')

    @ui.refreshable
    async def address() -> None:
        url = base_url + calendar_feed.feed_path(await call(calendar_feed.feed_token, actor))
        with ui.row().classes('w-full no-wrap items-start gap-2'):
            ui.input('订阅链接', value=url).props('outlined dense readonly data-testid=calendar-url') \
                .classes('col').mark('calendar-url')
            ui.button('复制链接', icon='content_copy', on_click=lambda: copy(url)) \
                .props('outline color=primary data-testid=copy-calendar-url').mark('copy-calendar-url')

    def copy(url: str) -> None:
        ui.clipboard.write(url)
        ui.notify('链接已复制', type='positive')

    async def reset() -> None:
        with ui.dialog() as dialog, ui.card():
            dialog.props['aria-label'] = '重置订阅链接'
            ui.label('确定重置订阅链接吗？旧链接将立即失效，已订阅的日历应用需使用新链接重新订阅。')
            with ui.row().classes('justify-end w-full'):
                ui.button('取消', on_click=lambda: dialog.submit(False)).props('flat')
                ui.button('确定', on_click=lambda: dialog.submit(True)).mark('confirm-reset-calendar') \
                    .props('unelevated color=negative data-testid=confirm-reset-calendar')
        if await dialog:
            await call(calendar_feed.reset_token, actor)
            await address.refresh()
            ui.notify('订阅链接已重置，旧链接已失效', type='positive')

    await address()
    ui.label('该链接无需登录即可访问，请勿分享给他人；如已泄露，请重置链接。').classes('text-caption text-grey-7')
    with ui.row().classes('items-center gap-4'):
        ui.link('下载日历文件', DOWNLOAD_PATH).props(f'download={calendar_feed.FILE_NAME} data-testid=download-calendar') \
            .mark('download-calendar')
        ui.button('重置链接', icon='refresh', on_click=reset) \
            .props('flat color=negative data-testid=reset-calendar').mark('reset-calendar')
