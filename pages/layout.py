"""The frames logged-in pages open: the portal frame, and the user centre with its left menu (R4.1)."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from nicegui import ui

from domain import messages
from domain.actors import Actor
from pages.session import log_out
from ui.call import call
from ui.frame import frame
from ui.side_menu import side_menu


@asynccontextmanager
async def portal_frame(actor: Actor, subtitle: str = '') -> AsyncIterator[ui.column]:
    counts = await call(messages.unread_counts, actor)
    with frame(user_name=actor.name, counts=counts, on_logout=log_out, subtitle=subtitle) as content:
        yield content


def user_centre_menu(actor: Actor) -> list[tuple[str, str]]:
    """The entries of R4.1; 专家评价 for experts and 培训课程管理 for teachers only."""
    entries = [('我的事项', '/my/cases'), ('账户信息', '/my/account'), ('个人信息', '/my/profile'),
               ('我的证书', '/my/certificates'), ('缴费记录', '/my/payments'), ('我的考试', '/my/exams'),
               ('信用评价', '/my/credit')]
    if actor.is_expert:
        entries.append(('专家评价', '/my/expert'))
    entries.append(('会员服务', '/my/membership'))
    if actor.is_teacher:
        entries.append(('培训课程管理', '/my/courses'))
    return entries


@asynccontextmanager
async def user_centre_frame(actor: Actor, active: str) -> AsyncIterator[ui.column]:
    """用户中心: the left menu with `active` highlighted, and a content column beside it."""
    async with portal_frame(actor, subtitle='用户中心'):
        with ui.row().classes('w-full no-wrap items-start gap-4'):
            side_menu(user_centre_menu(actor), active)
            with ui.column().classes('ccaa-card col q-pa-md gap-3') as content:
                ui.label(active).classes('text-h6')
                yield content
