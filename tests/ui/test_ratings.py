"""办件评价 on the 查看 page of a closed case."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from sqlmodel import select

from domain.demo import _actor
from domain.engine import ratings
from storage.db import unit_of_work
from storage.tables import Case
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def case_in(stage: str) -> int:
    with unit_of_work() as session:
        return session.exec(select(Case.id).where(Case.stage == stage)).first()  # type: ignore[return-value]


async def test_the_applicant_rates_a_closed_case_and_sees_the_rating(user: User) -> None:
    closed = case_in('closed')
    await log_in(user)
    await user.should_see('您好李明', retries=20)
    await user.open(f'/my/cases/{closed}')
    await user.should_see('办件评价', retries=100)
    user.find(kind=ui.button, content='提交评价').click()
    await user.should_see('请选择评价等级', retries=50)
    user.find(ui.radio).elements.pop().set_value(2)
    user.find(kind=ui.button, content='提交评价').click()
    comment = user.find(ui.textarea).elements.pop()
    await eventually(lambda: _assert_equal(comment.props.get('error-message'), '请说明不满意的原因，以便改进'))
    comment.set_value('等待时间较长')
    user.find(kind=ui.button, content='提交评价').click()
    await user.should_see('感谢您的评价', retries=50)
    await user.should_see('不满意')
    assert ratings.rating_of(_actor('test1'), closed).comment == '等待时间较长'  # type: ignore[union-attr]
    await user.open(f'/my/cases/{closed}')
    await user.should_see('等待时间较长', retries=100)
    await user.should_not_see('提交评价')


async def test_an_open_case_has_no_rating_form(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明', retries=20)
    await user.open(f"/my/cases/{case_in('body_review')}")
    await user.should_see('办理过程', retries=100)
    await user.should_not_see('办件评价')
