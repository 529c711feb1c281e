"""首页 — 欢迎来到CCAA (R3.1). The full catalogue and search come with the portal work."""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from domain.catalogue import SERVICES
from pages.layout import portal_frame
from pages.session import actor_of

COMMON_SERVICES = ('人员注册申请', '年度确认申请', '人员转换执业机构', '检验检测人员信息登记查询', '培训计划查询')


@ui.page('/', title='CCAA综合服务平台')
async def home_page(request: Request) -> None:
    actor = actor_of(request)
    async with portal_frame(actor):
        ui.label('欢迎来到CCAA').classes('text-h5 self-center')
        with ui.row().classes('w-full gap-4 no-wrap items-start'):
            with ui.column().classes('ccaa-card q-pa-md w-64'):
                ui.label('常用服务').classes('text-subtitle1 text-weight-bold')
                for number, name in enumerate(COMMON_SERVICES, start=1):
                    ui.label(f'{number}. {name}')
            with ui.column().classes('ccaa-card q-pa-md col'):
                ui.label('个人业务').classes('text-subtitle1 text-weight-bold')
                ui.label(f'共 {len(SERVICES)} 个事项')
                ui.table(
                    columns=[{'name': 'no', 'label': '序号', 'field': 'no', 'align': 'left'},
                             {'name': 'name', 'label': '事项名称', 'field': 'name', 'align': 'left'},
                             {'name': 'deadline', 'label': '办结期限', 'field': 'deadline', 'align': 'left'}],
                    rows=[{'no': i, 'name': s.name, 'deadline': s.deadline_text} for i, s in enumerate(SERVICES, 1)],
                    row_key='no',
                ).props('flat dense').classes('w-full')


@ui.page('/help', title='帮助中心 - CCAA综合服务平台')
def help_page() -> None:
    from ui.frame import frame
    with frame():
        ui.label('帮助中心').classes('text-h5')
        ui.label('使用中遇到问题，请联系中国认证认可协会：www.ccaa.org.cn')
