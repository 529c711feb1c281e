"""Screens whose services come in later work: reachable from every menu and link, each saying what it will hold,
so that no link of the portal leads nowhere."""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from pages.layout import user_centre_frame
from pages.session import actor_of

USER_CENTRE = {
    '/my/membership': ('会员服务', '会员服务暂未开通在线办理。'),
}


def _user_centre_page(path: str, title: str, text: str) -> None:
    @ui.page(path, title=f'{title} - CCAA综合服务平台')
    async def page(request: Request) -> None:
        async with user_centre_frame(actor_of(request), title):
            ui.label(text).classes('text-grey-7')


for _path, (_title, _text) in USER_CENTRE.items():
    _user_centre_page(_path, _title, _text)
