"""个人信息 (R4.5): the person's basic facts, masked, and the profile library (基本信息库) of experiences that
every application reuses."""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from domain.accounts import profile
from domain.engine import experiences
from domain.shared.errors import DomainError
from pages.experience_sections import library_section
from pages.layout import user_centre_frame
from pages.session import actor_of
from ui.call import call


def basic_info_panel(info: profile.BasicInfo) -> None:
    facts = [('姓名', info.name), ('证件类型', info.id_type), ('证件号码', info.id_number), ('性别', info.gender),
             ('出生日期', info.birth_date.isoformat() if info.birth_date else ''), ('手机号码', info.mobile),
             ('电子邮箱', info.email), ('档案号', info.file_no)]
    ui.label('基本信息').classes('text-subtitle1 text-weight-bold').props('role=heading aria-level=2')
    with ui.element('dl').classes('w-full grid grid-cols-1 sm:grid-cols-2 lg:grid-cols-4 gap-x-6 gap-y-2 q-ma-none'):
        for label, value in facts:
            with ui.element('div').classes('row no-wrap gap-2'):
                with ui.element('dt').classes('text-grey-7 shrink-0'):
                    ui.label(f'{label}：')
                with ui.element('dd').classes('q-ma-none text-break'):
                    ui.label(value or '—').mark(f'basic-{label}')


@ui.page('/my/profile', title='个人信息 - CCAA综合服务平台')
async def profile_page(request: Request) -> None:
    actor = actor_of(request)
    async with user_centre_frame(actor, '个人信息'):
        try:
            info = await call(profile.basic_info, actor)
        except DomainError as error:
            ui.label(error.message)
            return
        basic_info_panel(info)
        ui.separator()
        ui.label('经历保存在基本信息库中，办理业务时可点击“从基本信息库添加”直接选用。').classes('text-caption text-grey-7')
        for kind in experiences.KINDS.values():
            await library_section(actor, kind)
