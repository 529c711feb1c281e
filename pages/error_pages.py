"""Friendly error pages (issue #12): an unknown address gets the portal's own 404 page in Chinese, and a failure while
a page is built a 500 page — neither ever shows exception text, which stays in the log."""
from __future__ import annotations

from fastapi import Request, Response
from fastapi.exception_handlers import http_exception_handler
from nicegui import Client, app, ui
from nicegui.page import page
from starlette.exceptions import HTTPException


def _content(code: int, title: str, detail: str) -> None:
    with ui.column().classes('w-full items-center q-pa-xl gap-2').props(f'data-testid=error-{code}'):
        ui.label(str(code)).classes('text-h2 text-grey-6')
        ui.label(title).classes('text-h6')
        ui.label(detail).classes('text-grey-7')
        ui.link('返回首页', '/')


def _page_failed() -> None:
    _content(500, '系统繁忙', '页面暂时无法显示，请稍后再试。')


async def _not_found(request: Request, exception: Exception) -> Response:
    endpoint = request.scope.get('endpoint')
    if endpoint is not None and not request.scope.get('nicegui_page_path') and isinstance(exception, HTTPException):
        return await http_exception_handler(request, exception)  # a plain route's 404 stays plain
    with Client(page(''), request=request) as client:
        _content(404, '页面不存在', '您访问的页面不存在或已被移除。')
    return client.build_response(request, 404)


def register_error_pages() -> None:
    app.on_page_exception(_page_failed)
    app.add_exception_handler(404, _not_found)
