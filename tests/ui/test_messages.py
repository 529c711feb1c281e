"""Message centre and header badges (R4.4)."""
from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction
from sqlmodel import select

from domain.demo import _actor
from domain.engine import messages
from domain.shared.errors import NotFound
from storage.db import unit_of_work
from storage.tables import Message
from storage.tables import User as UserRow
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def badge(user: User, kind: str) -> str:
    return next(iter(user.find(f'{kind}-count').elements)).text


def message_rows(user: User) -> list[ui.row]:
    return [row for row in user.find(ui.row).elements if str(row.props.get('data-testid', '')).startswith('message-')]


async def test_list_read_and_open_target(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    await user.open('/my/messages?kind=message')
    await user.should_see('消息中心')
    await user.should_see('(未读)')
    assert badge(user, 'message') == '消息 (2)'
    rows = message_rows(user)
    assert len(rows) == 2
    returned = next(r for r in rows if any('被退回整改' in getattr(c, 'text', '') for c in r.descendants()))
    UserInteraction(user, {returned}, None).trigger('click')  # the message is marked read and its case opens
    await user.should_see('办理过程', retries=50)
    assert badge(user, 'message') == '消息 (1)'


async def test_read_all_and_clear_all(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    await user.open('/my/messages?kind=message')
    await user.should_see('(未读)')
    user.find(kind=ui.button, content='全部已读').click()
    await user.should_see('已全部标记为已读')
    await eventually(lambda: _assert_equal(badge(user, 'message'), '消息 (0)'), timeout=6)
    await user.should_see('(已读)')
    await user.should_not_see('(未读)')
    user.find(kind=ui.button, content='全部清空').click()
    await user.should_see('确定清空全部消息吗？清空后不可恢复。')
    user.find('confirm-yes').click()
    await user.should_see('暂无消息')


async def test_badge_rises_without_reload(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    assert badge(user, 'notice') == '通知 (1)'
    with unit_of_work(write=True) as session:
        test1 = session.exec(select(UserRow.id).where(UserRow.account == 'test1')).one()
        messages.send(session, [test1], kind=messages.NOTICE, title='系统维护通知')
    await eventually(lambda: _assert_equal(badge(user, 'notice'), '通知 (2)'), timeout=5)


def inbox_texts(user: User) -> list[str]:
    """The items of the drop-down that is open."""
    return [' '.join(label.text for label in item.descendants() if isinstance(label, ui.label))
            for item in user.find('inbox-item').elements
            if any(isinstance(menu, ui.menu) and menu.value for menu in item.ancestors())]


async def test_header_drop_down_lists_latest_with_read_state_and_opens_target(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    user.find('message-count').click()
    await user.should_see('全部已读')
    texts = inbox_texts(user)
    assert len(texts) == 2 and all(text.endswith('(未读)') for text in texts), texts
    user.find('notice-count').click()  # the other drop-down replaces it
    await eventually(lambda: _assert_equal(len(inbox_texts(user)), 1))
    user.find('message-count').click()
    await eventually(lambda: _assert_equal(len(inbox_texts(user)), 2))
    returned = next(item for item in user.find('inbox-item').elements
                    if any('被退回整改' in getattr(c, 'text', '') for c in item.descendants()))
    UserInteraction(user, {returned}, None).click()
    await user.should_see('办理过程', retries=50)
    assert badge(user, 'message') == '消息 (1)'
    user.find('message-count').click()
    await user.should_see('(已读)')  # the one just opened, now after its text
    assert sorted(text[-4:] for text in inbox_texts(user)) == ['(已读)', '(未读)']


async def test_header_drop_down_read_all_and_clear_all(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    user.find('message-count').click()
    await user.should_see('全部已读')
    user.find(kind=ui.button, content='全部已读').click()
    await eventually(lambda: _assert_equal(badge(user, 'message'), '消息 (0)'))
    assert all(text.endswith('(已读)') for text in inbox_texts(user))
    user.find(kind=ui.button, content='全部清空').click()
    await user.should_see('确定清空全部消息吗？清空后不可恢复。')
    user.find('confirm-yes').click()
    await eventually(lambda: _assert_equal(messages.count_messages(_actor('test1'), messages.MESSAGE), 0))
    assert messages.count_messages(_actor('test1'), messages.NOTICE) == 1  # only the kind of that drop-down
    user.find('message-count').click()
    await user.should_see('暂无消息')


async def test_messages_are_private(user: User) -> None:
    await log_in(user, 'auditor1')
    await user.should_see('您好王芳')
    await user.open('/my/messages?kind=message')
    await user.should_see('暂无消息')
    with unit_of_work() as session:
        someone_elses = session.exec(select(Message.id)).first()
    with pytest.raises(NotFound):
        messages.mark_read(_actor('auditor1'), someone_elses)  # type: ignore[arg-type]
