"""The process's page watcher (#13): counts pushed to the open pages of the person a message is for, nobody else's;
pages whose session ended leave — one look for all pages, on either database."""
from __future__ import annotations

import asyncio
from collections.abc import Mapping

import pytest

from domain.accounts import accounts
from domain.demo import _actor
from domain.engine import messages
from pages.page_watch import PageWatch, WatchedPage
from storage.db import unit_of_work


class ShownCounts:
    """Stands in for a page's header (ui.inbox.Inbox): what the watcher pushed to it."""

    def __init__(self) -> None:
        self.shown: list[dict[str, int]] = []

    def show(self, counts: Mapping[str, int]) -> None:
        self.shown.append(dict(counts))


@pytest.fixture
def watch(demo_db: str, data_dir: object) -> PageWatch:
    return PageWatch()


def page(account: str, token: str | None = None) -> tuple[WatchedPage, ShownCounts]:
    header = ShownCounts()
    user_id = _actor(account).user_id
    return WatchedPage(user_id, token or accounts.start_session(user_id), header, None), header  # type: ignore[arg-type]


def send(account: str, title: str) -> None:
    with unit_of_work(write=True) as session:
        messages.send(session, [_actor(account).user_id], kind=messages.MESSAGE, title=title)


def test_a_message_reaches_the_pages_of_its_recipient_only(watch: PageWatch) -> None:
    a_tab, a_header = page('test1')
    a_other_tab, a_other_header = page('test1')
    b_tab, b_header = page('auditor1')
    watch.pages = {1: a_tab, 2: a_other_tab, 3: b_tab}
    asyncio.run(watch.start_from_now())
    before = messages.unread_counts(_actor('test1'))['message']

    send('test1', '您有一条新的消息')
    asyncio.run(watch.check())
    assert a_header.shown == a_other_header.shown == [{'notice': 1, 'message': before + 1}]
    assert b_header.shown == []  # user B's page is not touched by user A's message

    asyncio.run(watch.check())  # nothing new: nothing pushed again
    assert len(a_header.shown) == 1 and b_header.shown == []


def test_after_the_newest_messages_are_cleared_a_new_one_still_arrives(watch: PageWatch) -> None:
    """全部清空 may delete the newest rows; SQLite then reuses their ids for the next message."""
    tab, header = page('auditor1')
    watch.pages = {1: tab}
    send('auditor1', '第一条')
    asyncio.run(watch.start_from_now())
    messages.clear_all(_actor('auditor1'))
    asyncio.run(watch.check())
    send('auditor1', '第二条')
    asyncio.run(watch.check())
    assert header.shown[-1]['message'] == 1


def test_pages_of_an_ended_session_leave_and_the_others_stay(watch: PageWatch) -> None:
    kept, _ = page('test1')
    ended, _ = page('test1')
    watch.pages = {1: kept, 2: ended}
    accounts.end_session(ended.session_token)  # a logout in the other tab
    asyncio.run(watch.check())
    assert list(watch.pages.values()) == [kept]


def test_someone_elses_token_keeps_no_page(watch: PageWatch) -> None:
    b_token = accounts.start_session(_actor('auditor1').user_id)
    forged, _ = page('test1', token=b_token)
    watch.pages = {1: forged}
    asyncio.run(watch.check())
    assert watch.pages == {}
