"""A Quasar table reports its pagination, filled in, as soon as it is mounted: that is no change, and the table is
not sent back (its rows and slots drawn anew under a click on its 办理 link, which was then lost)."""
from __future__ import annotations

from nicegui import ui
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
