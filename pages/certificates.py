"""我的证书 (R4.1) and the public verification page of a certificate (R14.1)."""
from __future__ import annotations

import base64
from datetime import date

from fastapi import Request
from nicegui import ui

from domain.engine.catalogue import apply_path
from domain.records import certificate_documents, certificates
from domain.shared.errors import NotFound
from pages.layout import user_centre_frame
from pages.session import actor_of
from ui.call import call
from ui.frame import frame

COLUMNS = [
    {'name': 'cert_no', 'label': '证书编号', 'field': 'cert_no', 'align': 'left'},
    {'name': 'field', 'label': '认证领域', 'field': 'field', 'align': 'left'},
    {'name': 'grade', 'label': '注册级别', 'field': 'grade', 'align': 'left'},
    {'name': 'body', 'label': '执业机构', 'field': 'body', 'align': 'left'},
    {'name': 'issued', 'label': '发证日期', 'field': 'issued', 'align': 'left'},
    {'name': 'expires', 'label': '有效期至', 'field': 'expires', 'align': 'left'},
    {'name': 'status', 'label': '证书状态', 'field': 'status', 'align': 'left'},
    {'name': 'confirmed', 'label': '年度确认', 'field': 'confirmed', 'align': 'left'},
    {'name': 'actions', 'label': '操作', 'field': 'id', 'align': 'left'},
]


def facts(pairs: list[tuple[str, str]], columns: int = 2) -> None:
    with ui.grid(columns=columns).classes('w-full gap-y-2 gap-x-8'):
        for label, value in pairs:
            with ui.column().classes('gap-0'):
                ui.label(label).classes('text-caption text-grey-7')
                ui.label(value or '—')


@ui.page('/my/certificates', title='我的证书 - CCAA综合服务平台')
async def my_certificates_page(request: Request) -> None:
    actor = actor_of(request)
    async with user_centre_frame(actor, '我的证书'):
        rows = await call(certificates.my_certificates, actor)
        table = ui.table(columns=COLUMNS, row_key='id', rows=[{
            'id': c.id, 'cert_no': c.cert_no, 'field': c.field, 'grade': c.grade, 'body': c.body_name,
            'issued': c.issued_on.isoformat(), 'expires': c.expires_on.isoformat(), 'status': c.status_label,
            'confirmed': c.confirmed_text}
            for c in rows]).props('flat bordered no-data-label="您还没有证书。通过人员注册申请并获批准后，证书将显示在这里。"') \
            .classes('w-full')
        table.add_slot('body-cell-actions', '''
            <q-td :props="props"><a :href="'/my/certificates/' + props.value" class="text-primary">查看</a></q-td>''')


@ui.page('/my/certificates/{certificate_id}', title='证书详情 - CCAA综合服务平台')
async def certificate_page(request: Request, certificate_id: int) -> None:
    actor = actor_of(request)
    async with user_centre_frame(actor, '我的证书'):
        try:
            c = await call(certificates.my_certificate, actor, certificate_id)
        except NotFound as error:
            ui.label(error.message).classes('text-negative')
            return
        facts([('证书编号', c.cert_no), ('证书状态', c.status_label), ('认证领域', c.field), ('注册级别', c.grade),
               ('专业范围', c.scope), ('执业机构', c.body_name), ('发证日期', c.issued_on.isoformat()),
               ('有效期至', c.expires_on.isoformat()),
               ('最近年度确认', c.confirmed_text)] + _cancelled(c.cancelled_on))
        url = certificates.verify_url(c.verify_token)
        with ui.row().classes('items-center gap-6'):
            qr = base64.b64encode(await call(certificate_documents.qr_png, url)).decode()
            ui.image(f'data:image/png;base64,{qr}').classes('w-36 h-36').props('alt=证书验证二维码 fit=contain')
            with ui.column().classes('gap-2'):
                ui.label('扫描二维码可打开证书的公开验证页面').classes('text-caption text-grey-7')
                ui.link('公开验证页面', f'/verify/{c.verify_token}').props('target=_blank')

                async def download() -> None:
                    ui.download.content(await call(certificates.document, actor, c.id), f'{c.cert_no}.pdf',
                                        'application/pdf')

                ui.button('下载证书PDF', icon='download', on_click=download).props('outline color=primary')
                if c.cancellable:
                    ui.link('申请注销证书', apply_path('certificate_cancellation')) \
                        .props('data-testid=apply-cancellation')
        ui.link('返回我的证书', '/my/certificates')


@ui.page('/verify/{token}', title='证书验证 - CCAA综合服务平台')
async def verify_page(token: str) -> None:
    """Public: no login. Shows the holder masked."""
    with frame():
        with ui.column().classes('ccaa-card q-pa-lg w-full max-w-3xl self-center gap-3'):
            ui.label('认证人员证书验证').classes('text-h6')
            try:
                c = await call(certificates.verify, token)
            except NotFound as error:
                ui.label(error.message).classes('text-negative')
                return
            status_class = 'text-positive' if c.status_label == '有效' else 'text-negative'
            ui.label(f'证书状态：{c.status_label}').classes(f'text-h6 {status_class}').props('data-testid=verify-status')
            facts([('证书编号', c.cert_no), ('持证人', c.holder_name), ('证件号码', c.holder_id_number),
                   ('认证领域', c.field), ('注册级别', c.grade), ('专业范围', c.scope), ('执业机构', c.body_name),
                   ('发证日期', c.issued_on.isoformat()), ('有效期至', c.expires_on.isoformat()),
                   ('最近年度确认', c.confirmed_text)] + _cancelled(c.cancelled_on))
            ui.label('本页面信息由中国认证认可协会认证人员注册系统提供，个人信息已做脱敏处理。').classes('text-caption text-grey-7')


def _cancelled(cancelled_on: date | None) -> list[tuple[str, str]]:
    return [('注销日期', cancelled_on.isoformat())] if cancelled_on else []
