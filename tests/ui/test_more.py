"""Every menu entry and link leads somewhere, also where its service comes later."""
from __future__ import annotations

from nicegui.testing import User

from tests.ui.test_login import log_in


async def test_user_centre_entries_without_their_service_yet_say_so(user: User) -> None:
    await log_in(user, 'teacher1')
    await user.open('/my/membership')
    await user.should_see('会员服务暂未开通在线办理', retries=100)


async def test_queries_still_to_come_point_to_those_that_exist(user: User) -> None:
    await user.open('/query/inspectors')  # no login
    await user.should_see('检验检测人员信息登记查询', retries=100)
    await user.should_see('该查询的在线服务正在建设中')
    await user.should_see('教师信息查询')
