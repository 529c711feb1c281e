"""Screens whose services come in later work: reachable from every menu and link, each saying what it will hold,
so that no link of the portal leads nowhere. 职业资格查询 already answers from the certificate register."""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from domain import certificates
from domain.errors import NotFound
from pages.certificates import facts
from pages.layout import user_centre_frame
from pages.session import actor_of
from ui.call import call
from ui.frame import frame

USER_CENTRE = {
    '/my/exams': ('我的考试', '暂无考试报名记录。考试报名与成绩查询开通后，您的报名、准考证号和成绩将显示在这里。'),
    '/my/credit': ('信用评价', '暂无信用记录。'),
    '/my/membership': ('会员服务', '会员服务暂未开通在线办理。'),
    '/my/courses': ('培训课程管理', '暂无需要您确认的课程备案或培训计划。'),
}
QUERIES = {
    'training-certificates': '培训证书查询', 'exams': '考试查询', 'teachers': '教师信息查询',
    'inspectors': '检验检测人员信息登记查询', 'training-plans': '培训计划查询',
}


def _user_centre_page(path: str, title: str, text: str) -> None:
    @ui.page(path, title=f'{title} - CCAA综合服务平台')
    async def page(request: Request) -> None:
        async with user_centre_frame(actor_of(request), title):
            ui.label(text).classes('text-grey-7')


for _path, (_title, _text) in USER_CENTRE.items():
    _user_centre_page(_path, _title, _text)


@ui.page('/query/qualifications', title='职业资格查询 - CCAA综合服务平台')
async def qualification_query(cert_no: str = '') -> None:
    """Public: look a certificate up by its number."""
    with frame():
        with ui.column().classes('ccaa-card q-pa-lg w-full max-w-3xl self-center gap-3'):
            ui.label('职业资格查询').classes('text-h6')
            with ui.row().classes('items-center gap-2'):
                box = ui.input('证书编号', value=cert_no).props('outlined dense clearable').classes('w-80')
                ui.button('查询', on_click=lambda: ui.navigate.to(f'/query/qualifications?cert_no={box.value or ""}')) \
                    .props('unelevated color=primary')
            if cert_no.strip():
                try:
                    c = await call(certificates.lookup, cert_no)
                except NotFound as error:
                    ui.label(error.message).classes('text-negative')
                    return
                ui.label(f'证书状态：{c.status_label}').classes('text-subtitle1 text-weight-bold')
                facts([('证书编号', c.cert_no), ('持证人', c.holder_name), ('证件号码', c.holder_id_number),
                       ('认证领域', c.field), ('注册级别', c.grade), ('执业机构', c.body_name),
                       ('发证日期', c.issued_on.isoformat()), ('有效期至', c.expires_on.isoformat())])


@ui.page('/query/{kind}', title='信息查询 - CCAA综合服务平台')
def other_query(kind: str) -> None:
    with frame():
        with ui.column().classes('ccaa-card q-pa-lg w-full max-w-3xl self-center gap-3'):
            ui.label(QUERIES.get(kind, '信息查询')).classes('text-h6')
            ui.label('该查询的在线服务正在建设中，开通后无需登录即可在此查询。目前可使用：').classes('text-body1')
            ui.link('职业资格查询（按证书编号）', '/query/qualifications')
