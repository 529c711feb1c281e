"""Every menu entry and link leads somewhere; 职业资格查询 answers from the register without login."""
from __future__ import annotations

from nicegui.testing import User

from tests.ui.test_login import log_in


async def test_user_centre_entries_without_their_service_yet_say_so(user: User) -> None:
    await log_in(user, 'teacher1')
    for path, text in (('/my/exams', '暂无考试报名记录'), ('/my/credit', '暂无信用记录'),
                       ('/my/courses', '暂无需要您确认的课程备案或培训计划')):
        await user.open(path)
        await user.should_see(text, retries=30)


async def test_qualification_query_masks_the_holder(user: User) -> None:
    await user.open('/query/qualifications?cert_no=CCAA-QMS-2024-00123')
    await user.should_see('证书状态：有效', retries=30)
    await user.should_see('王*')
    await user.should_not_see('王芳')
    await user.open('/query/qualifications?cert_no=NOPE')
    await user.should_see('未查询到该证书，请核对证书编号', retries=30)


async def test_other_queries_point_to_what_exists(user: User) -> None:
    await user.open('/query/teachers')
    await user.should_see('教师信息查询', retries=30)
    await user.should_see('职业资格查询（按证书编号）')
