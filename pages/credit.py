"""信用评价 (R11.2): the decisions recorded about the user — complaints upheld, sanctions — read-only."""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from domain.records import credit
from pages.layout import user_centre_frame
from pages.session import actor_of
from ui.call import call

COLUMNS = [
    {'name': 'kind', 'label': '信用类型', 'field': 'kind', 'align': 'left'},
    {'name': 'summary', 'label': '事由', 'field': 'summary', 'align': 'left', 'style': 'white-space: normal; min-width: 16rem'},
    {'name': 'decided', 'label': '认定日期', 'field': 'decided', 'align': 'left'},
    {'name': 'issuer', 'label': '认定单位', 'field': 'issuer', 'align': 'left', 'style': 'white-space: normal'},
    {'name': 'until', 'label': '有效期至', 'field': 'until', 'align': 'left'},
]
EMPTY = '暂无信用记录。'


@ui.page('/my/credit', title='信用评价 - CCAA综合服务平台')
async def my_credit_page(request: Request) -> None:
    actor = actor_of(request)
    async with user_centre_frame(actor, '信用评价'):
        rows = await call(credit.my_credit_records, actor)
        ui.table(columns=COLUMNS, row_key='id', rows=[{
            'id': r.id, 'kind': r.kind_label, 'summary': r.summary, 'decided': r.decided_on.isoformat(),
            'issuer': r.issuer, 'until': r.until_text} for r in rows]) \
            .props(f'flat bordered no-data-label="{EMPTY}" data-testid=credit-records').classes('w-full')
        ui.label('信用记录由中国认证认可协会及相关机构依规认定，如有异议，可通过“申诉”事项提出。').classes('text-caption text-grey-7')
