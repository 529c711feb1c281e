"""A bare NiceGUI page for bench/load.py to compare the portal's pages with: one page of about 60 elements with a
20-row table, no database, no login, no middleware, started with the ui.run settings of main.py (same NiceGUI,
same uvicorn). Listens on CCAA_HOST:CCAA_PORT; /healthz answers once it is up.

    .venv/bin/python bench/bare_page.py
"""
from __future__ import annotations

import os
import secrets

from nicegui import app, ui

COLUMNS = [{'name': name, 'label': label, 'field': name, 'align': 'left'}
           for name, label in (('no', '业务号'), ('name', '事项名称'), ('stage', '业务环节'), ('date', '申请日期'))]
ROWS = [{'no': f'2026112710{n:04d}', 'name': '体系认证审核员注册申请', 'stage': '机构审核', 'date': '2026-11-27'}
        for n in range(20)]
MENU = ('首页', '我的事项', '我的证书', '我的考试', '继续教育', '消息', '通知', '账户信息')


@ui.page('/')
def bare_page() -> None:
    with ui.header().classes('items-center justify-between'):
        ui.label('综合服务平台').classes('text-h6')
        with ui.row():
            for name in ('通知 (0)', '消息 (0)', '退出'):
                ui.button(name).props('flat color=white')
    with ui.left_drawer(value=True):
        for name in MENU:
            with ui.row().classes('items-center no-wrap'):
                ui.icon('chevron_right')
                ui.link(name, '/')
    with ui.column().classes('w-full'):
        ui.label('首页 / 我的事项').classes('text-caption')
        ui.label('我的事项').classes('text-h5')
        with ui.row():
            ui.input('业务号')
            ui.input('事项名称')
            ui.select(['全部', '草稿', '办理中', '已办结'], value='全部', label='业务环节')
            ui.button('查询')
            ui.button('重置').props('outline')
        with ui.row():
            for name in ('全部', '草稿箱', '办理中', '已办结'):
                ui.chip(name)
        ui.table(columns=COLUMNS, rows=ROWS, row_key='no', pagination=20).classes('w-full')
        with ui.row().classes('items-center'):
            ui.label('共 20 条')
            for n in range(1, 4):
                ui.button(str(n)).props('flat dense')
    with ui.footer():
        ui.label('中国认证认可协会')
        ui.link('帮助', '/')


@app.get('/healthz')
def healthz() -> dict[str, str]:
    return {'status': 'ok'}


if __name__ in {'__main__', '__mp_main__'}:
    ui.run(host=os.environ.get('CCAA_HOST', '127.0.0.1'), port=int(os.environ.get('CCAA_PORT', '8080')),
           title='bare page', language='zh-CN', storage_secret=secrets.token_urlsafe(32), reload=False, show=False,
           session_middleware_kwargs={'same_site': 'lax', 'https_only': False})
