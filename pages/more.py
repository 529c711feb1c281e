"""Screens whose services come in later work: reachable from every menu and link, each saying what it will hold,
so that no link of the portal leads nowhere."""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from pages.layout import user_centre_frame
from pages.queries import other_queries
from pages.session import actor_of
from ui.frame import frame

USER_CENTRE = {
    '/my/membership': ('会员服务', '会员服务暂未开通在线办理。'),
}
QUERIES = {'/query/inspectors': '检验检测人员信息登记查询'}


def _user_centre_page(path: str, title: str, text: str) -> None:
    @ui.page(path, title=f'{title} - CCAA综合服务平台')
    async def page(request: Request) -> None:
        async with user_centre_frame(actor_of(request), title):
            ui.label(text).classes('text-grey-7')


def _query_page(path: str, title: str) -> None:
    @ui.page(path, title=f'{title} - CCAA综合服务平台')
    def page() -> None:
        with frame():
            with ui.column().classes('w-full max-w-5xl self-center gap-3'):
                other_queries(path)
                with ui.column().classes('ccaa-card q-pa-lg w-full gap-3'):
                    ui.label(title).classes('text-h6')
                    ui.label('该查询的在线服务正在建设中，开通后无需登录即可在此查询。目前可使用上方的信息查询。') \
                        .classes('text-body1')


for _path, (_title, _text) in USER_CENTRE.items():
    _user_centre_page(_path, _title, _text)
for _path, _title in QUERIES.items():
    _query_page(_path, _title)
