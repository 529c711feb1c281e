"""The page frame of the manual: header, content column, footer."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager

from nicegui import ui

from ui import markup
from ui.inbox import Inbox

FOOTER = ('京公网安备110105009017　www.ccaa.org.cn　2021-2026 中国认证认可协会 版权所有　'
          '地址：北京市朝阳区望京外大街10号中认大厦　邮编：100020')


def _static_header(subtitle: str) -> str:
    brand = (markup.div('CCAA', 'ccaa-logo')
             + markup.div(markup.text('中国认证认可协会', 'text-subtitle1 text-weight-bold')
                          + markup.text('-认证认可从业机构和从业者之家-', 'text-caption'), 'nicegui-column gap-0 gt-xs'))
    title = markup.text('CCAA综合服务平台', 'text-h6') + (markup.text(subtitle, 'text-subtitle1 gt-xs') if subtitle else '')
    return (markup.anchor(brand, '/', 'ccaa-brand no-underline text-white row no-wrap items-center gap-3')
            + markup.div(title, 'nicegui-row ccaa-title items-baseline no-wrap') + markup.div('', 'q-space')
            + markup.div(markup.link('首页', '/', 'text-white') + markup.link('帮助中心', '/help', 'text-white'),
                         'nicegui-row wrap ccaa-nav items-center'))


@contextmanager
def frame(*, user_name: str | None = None, counts: Mapping[str, int] | None = None,
          on_logout: Callable[[], Awaitable[None]] | None = None, subtitle: str = '',
          inbox: Inbox | None = None) -> Iterator[ui.column]:
    """Header with the association's name, navigation and the user's links; yields the content column."""
    # One set of controls for every width (ccaa-header in assets/css/app.css): on a phone the association's name and
    # the subtitle give way, 首页 and 帮助中心 sit beside the title and the user's links take the line below.
    with ui.header().classes('ccaa-header items-center'):
        # the parts without handlers are one element of plain markup (ccaa-contents: laid out as the header's own)
        markup.block(_static_header(subtitle)).classes('ccaa-contents')
        if user_name is not None:
            with ui.row().classes('ccaa-nav ccaa-user-nav items-center'):
                ui.label(f'您好{user_name}').props('data-testid=greeting')
                if inbox is not None:
                    inbox.build(counts or {})
                ui.link('个人中心', '/my').classes('text-white')
                if on_logout is not None:
                    ui.button('退出登录', on_click=on_logout).props('flat dense color=white data-testid=logout')
    with ui.column().classes('ccaa-content w-full gap-4') as content:
        yield content
    with ui.footer(fixed=False).classes('ccaa-footer justify-center q-py-sm'):
        ui.label(FOOTER).classes('text-caption text-center')
