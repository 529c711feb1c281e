"""One watcher per process over the open pages of logged-in people (#13), in place of a timer per tab.

Once a second it asks the database two questions for all of them together: who has been sent a message since the
last look (their pages' 通知 / 消息 counts are pushed, nobody else's), and which of the sessions the pages were built
under have ended (a logout elsewhere, a password change, the idle limit: those pages go to the login page). Both read
the shared database, so a message written by any process of a cluster reaches a page held by any other.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from nicegui import Client, background_tasks, ui

from domain.accounts import accounts
from domain.engine import messages
from pages.session import login_leading_back
from ui.inbox import Inbox

INTERVAL_SECONDS = 1.0
log = logging.getLogger(__name__)


@dataclass(eq=False)
class WatchedPage:
    user_id: int
    session_token: str | None
    inbox: Inbox
    client: Client | None  # None in tests that watch an inbox without a page


class PageWatch:
    def __init__(self, interval: float = INTERVAL_SECONDS) -> None:
        self.interval = interval
        self.pages: dict[int, WatchedPage] = {}
        self.last_id: int | None = None
        self.task: asyncio.Task | None = None
        self._keys = itertools.count()

    async def start_from_now(self) -> None:
        """Before a page reads its counts: every message after this point reaches it. Read again whenever no page is
        watched, so that nothing is measured against a database the process no longer uses (the page tests give
        each test its own)."""
        self._forget_deleted()
        if self.last_id is None or not self.pages:
            self.last_id = await asyncio.to_thread(messages.latest_id)

    def _forget_deleted(self) -> None:
        for key, page in list(self.pages.items()):
            if page.client is not None and page.client.is_deleted:
                del self.pages[key]

    def reset(self) -> None:
        """Forget every page and the watermark (the app stops: its pages go with it; the page tests stop it between
        tests, each with a database of its own)."""
        self.pages.clear()
        self.last_id = None
        if self.task is not None:
            self.task.cancel()
            self.task = None

    def watch(self, page: WatchedPage) -> Callable[[], None]:
        """Watch the page until the function returned is called (when its client is deleted)."""
        key = next(self._keys)
        self.pages[key] = page
        if self.task is None or self.task.done():
            self.task = background_tasks.create(self._run(), name='page watch')
        return lambda: self.pages.pop(key, None)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.check()
            except Exception:  # a database hiccup must not end the watching
                log.exception('page watch')

    async def check(self) -> None:
        """One look: push the counts of those with new messages, send pages of ended sessions to the login page."""
        self._forget_deleted()
        pages = list(self.pages.values())
        if not pages:
            return
        await self.start_from_now()
        self.last_id, recipients = await asyncio.to_thread(messages.recipients_after, self.last_id or 0)
        for user_id in recipients & {page.user_id for page in pages}:
            counts = await asyncio.to_thread(messages.unread_counts_of, user_id)
            for page in pages:
                if page.user_id == user_id:
                    page.inbox.show(counts)
        held = {(page.session_token, page.user_id) for page in pages if page.session_token}
        live = await asyncio.to_thread(accounts.live_sessions, held)  # type: ignore[arg-type]
        for page in pages:
            if (page.session_token, page.user_id) not in live:
                self._leave(page)

    def _leave(self, page: WatchedPage) -> None:
        """Send the page to the login page. One whose browser is away (a page left behind by its tab, or a phone
        off the network) cannot be sent anywhere: it stays watched and goes once it is back, or is forgotten when
        NiceGUI deletes it."""
        client = page.client
        if client is not None and not client.is_deleted and not client.has_socket_connection:
            return
        for key, watched in list(self.pages.items()):
            if watched is page:
                del self.pages[key]
        if client is None or client.is_deleted:
            return
        with client:
            ui.navigate.to(login_leading_back(client.request.url))


watcher = PageWatch()
