"""What a page draws again right after it connects is drawn under the person's first click, which is then lost: a
table's pagination reported on mount is no change, and a page with a timer is sent whole."""
from __future__ import annotations

from nicegui import Client, ui
from nicegui.testing import User

from tests.ui.test_login import log_in

MOUNTED = {'sortBy': None, 'descending': False, 'page': 1, 'rowsPerPage': 20}  # what the browser sends on mount


async def test_the_pagination_a_table_reports_on_mount_does_not_draw_it_again(user: User) -> None:
    await log_in(user, 'admin')
    await user.open('/staff')
    await user.should_see('协会工作台', retries=100)
    queue = next(t for t in user.find(ui.table).elements if t.props.get('data-testid') == 'queue')
    drawn: list[int] = []
    queue.update = lambda: drawn.append(1)  # type: ignore[method-assign]

    interaction = user.find(ui.table)
    interaction.elements = {queue}
    interaction.trigger('update:pagination', MOUNTED)
    assert drawn == []

    interaction.trigger('update:pagination', {**MOUNTED, 'page': 2})  # the person turns the page: a change
    assert drawn == [1]
    assert queue.pagination['page'] == 2


async def test_a_page_with_a_timer_is_sent_whole(user: User) -> None:
    """获取验证码's countdown timer sits above 日历订阅 on 账户信息. Its wait for the connection no longer tells NiceGUI
    to send the page at its next await, which left what came after the timer to come as updates once connected,
    under the person's first clicks."""
    await log_in(user, 'test1')
    await user.should_see('您好', retries=100)
    before = set(Client.instances)
    page = (await user.http_client.get('/my/account')).text
    built = next(client for key, client in Client.instances.items() if key not in before)
    assert not built._waiting_for_connection.is_set()  # noqa: SLF001 - what sends a page before it is built
    assert '获取验证码' in page and '日历订阅' in page
