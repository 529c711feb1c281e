"""Every menu entry and link leads somewhere, also where its service comes later."""
from __future__ import annotations

from nicegui.testing import User

from tests.ui.test_login import log_in


async def test_user_centre_entries_without_their_service_yet_say_so(user: User) -> None:
    await log_in(user, 'teacher1')
    await user.open('/my/membership')
    await user.should_see('会员服务暂未开通在线办理', retries=100)
