"""The frames logged-in pages open: the portal frame with live message badges, and the user centre (R4.1)."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from nicegui import context, ui

from domain.engine import messages
from domain.shared.actors import Actor, Role
from domain.shared.errors import NotFound
from pages.page_watch import WatchedPage, watcher
from pages.session import log_out, page_built, page_session_token
from ui.call import call
from ui.frame import frame
from ui.inbox import Inbox, InboxItem
from ui.side_menu import side_menu


class ActorsMessages:
    """The header drop-downs' source: the logged-in person's 通知 and 消息 through the domain."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor

    async def counts(self) -> dict[str, int]:
        return await call(messages.unread_counts, self.actor)

    async def latest(self, kind: str, limit: int) -> list[InboxItem]:
        rows = await call(messages.list_messages, self.actor, kind, limit)
        return [InboxItem(row.id, row.title, row.read) for row in rows]

    async def open(self, item_id: int) -> str | None:
        try:
            return await call(messages.mark_read, self.actor, item_id)
        except NotFound:  # cleared meanwhile in another tab: the list is drawn again
            return None

    async def read_all(self, kind: str) -> None:
        await call(messages.mark_all_read, self.actor, kind)

    async def clear(self, kind: str) -> None:
        await call(messages.clear_all, self.actor, kind)


class PortalFrame:
    """What a page gets from portal_frame: the content column, and a way to refresh the header's counts."""

    def __init__(self, actor: Actor, content: ui.column, inbox: Inbox) -> None:
        self.actor = actor
        self.content = content
        self.inbox = inbox

    async def refresh_badges(self) -> None:
        await self.inbox.refresh_counts()


@asynccontextmanager
async def portal_frame(actor: Actor, subtitle: str = '') -> AsyncIterator[PortalFrame]:
    await watcher.start_from_now()  # before the counts are read: whatever comes after them is pushed
    counts = getattr(context.client.request.state, 'header_counts', None) or await call(messages.unread_counts, actor)
    inbox = Inbox(ActorsMessages(actor))
    with frame(user_name=actor.name, counts=counts, on_logout=log_out, subtitle=subtitle, inbox=inbox) as content:
        yield PortalFrame(actor, content, inbox)
    client = context.client
    client.on_delete(watcher.watch(WatchedPage(actor.user_id, page_session_token(), inbox, client)))
    page_built()


def user_centre_menu(actor: Actor) -> list[tuple[str, str]]:
    """The entries of R4.1; 专家评价 for experts and 培训课程管理 for teachers only. An institution account has
    only what it files itself (申诉, 投诉) and its account."""
    if actor.role is Role.INSTITUTION_STAFF:
        return [('机构工作台', '/institution'), ('我的事项', '/my/cases'), ('账户信息', '/my/account')]
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
    """用户中心: the menu with `active` highlighted, and the content column beside it (below it on phones)."""
    async with portal_frame(actor, subtitle='用户中心'):
        # beside each other on wide screens, the menu above the content on phones (ccaa-centre in app.css)
        with ui.row().classes('ccaa-centre w-full items-start gap-4'):
            side_menu(user_centre_menu(actor), active)
            with ui.column().classes('ccaa-card ccaa-centre-content q-pa-md gap-3') as content:
                ui.label(active).classes('text-h6').props('role=heading aria-level=1')
                yield content


def home_of(actor: Actor) -> str:
    """Where 个人中心 leads: the user centre for individuals, the workspace for institutions and CCAA staff."""
    return {Role.INSTITUTION_STAFF: '/institution', Role.CCAA_STAFF: '/staff'}.get(actor.role, '/my/cases')


COURSES_MENU = (('课程管理', '/my/courses'), ('课程备案管理', '/my/courses/filings'), ('培训计划管理', '/my/courses/plans'))


def courses_menu(active: str) -> None:
    """培训课程管理's own entries (manual §5): 课程管理, 课程备案管理 and 培训计划管理."""
    with ui.row().classes('gap-4').props('role=navigation aria-label=培训课程管理'):
        for label, path in COURSES_MENU:
            link = ui.link(label, path).classes('text-subtitle1' + (' text-weight-bold' if label == active else ''))
            if label == active:
                link.props['aria-current'] = 'page'
