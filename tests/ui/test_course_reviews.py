"""专家评价 › 网络课程评价 in the page (R10.5): the expert's list with its 评价类型 and 状态 filters, a 不符合 that
提交 will not take without its reason and that a reload keeps, and the evaluation page refused to another expert.
(Reading, playing, remarks and the whole journey are driven in the browser: tests/e2e/test_online_course_journey.py.)"""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from sqlmodel import select

from domain.demo import _actor
from domain.records import course_reviews
from storage.db import unit_of_work
from storage.tables import User as UserRow
from tests.storage.test_online_courses import assigned, submitted_course
from tests.ui.test_course_filing import by_testid
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def people() -> dict[str, object]:
    return {a: _actor(a) for a in ('tb1', 'expert1', 'admin')}


def review_rows(user: User) -> list[tuple[str, str]]:
    table = by_testid(user, ui.table, 'course-reviews')
    return [(r['kind'], r['status']) for r in table.rows]


async def test_the_experts_course_list_filters_by_kind_and_status(user: User) -> None:
    case = assigned(people(), submitted_course(people()))  # type: ignore[arg-type]
    await log_in(user, 'expert1')
    await user.open('/my/expert/courses')
    await user.should_see('网络课程评价')
    await user.should_see('老课复审评价')
    await eventually(lambda: _assert_equal(sorted(review_rows(user)), [('文件评价', '未评价'), ('视频评价', '未评价')]))
    by_testid(user, ui.select, 'filter-kind').set_value('video')
    user.find(kind=ui.button, content='查询').click()
    await eventually(lambda: _assert_equal(review_rows(user), [('视频评价', '未评价')]))
    by_testid(user, ui.select, 'filter-status').set_value('已评价')
    user.find(kind=ui.button, content='查询').click()
    await eventually(lambda: _assert_equal(review_rows(user), []))
    assert case.stage == 'expert_review'


def verdict_cell(user: User, file_id: int) -> tuple[ui.radio, ui.input]:
    """The scoring panel's 审核结果 of one file: its radio and its reason."""
    cell = by_testid(user, ui.column, f'verdict-{file_id}')
    return (next(e for e in cell.descendants() if isinstance(e, ui.radio)),
            next(e for e in cell.descendants() if isinstance(e, ui.input)))


async def test_a_nonconformity_needs_its_reason_and_survives_a_reload(user: User) -> None:
    assigned(people(), submitted_course(people()))  # type: ignore[arg-type]
    expert = _actor('expert1')
    document = next(r for r in course_reviews.my_reviews(expert, ('document',)))
    file_id = course_reviews.review(expert, document.review_id).files[0].file_id
    await log_in(user, 'expert1')
    await user.open(course_reviews.review_link(document.review_id))
    await user.should_see('文件评价', retries=100)
    radio, reason = verdict_cell(user, file_id)
    radio.set_value('不符合')  # no reason yet: asked for beside it, nothing saved
    await eventually(lambda: _assert_equal(reason.props.get('error-message'), '请填写不符合的原因'))
    by_testid(user, ui.select, 'review-result').set_value('不通过')
    by_testid(user, ui.textarea, 'review-opinion').set_value('讲义需补充。')
    user.find(kind=ui.button, content='提交').click()
    await user.should_see('请对每个文件给出评价结果')
    assert course_reviews.review(expert, document.review_id).submitted is False

    reason.set_value('第三章案例缺少出处')
    user.find(f'reason-{file_id}').trigger('blur')  # leaving the field saves it
    await eventually(lambda: _assert_equal(course_reviews.review(expert, document.review_id).verdicts,
                                           {file_id: ('不符合', '第三章案例缺少出处')}))
    await user.open(course_reviews.review_link(document.review_id))
    await user.should_see('文件评价', retries=100)
    radio, reason = verdict_cell(user, file_id)
    assert (radio.value, reason.value) == ('不符合', '第三章案例缺少出处')


async def test_another_expert_cannot_open_the_evaluation(user: User) -> None:
    assigned(people(), submitted_course(people()))  # type: ignore[arg-type]
    review = course_reviews.my_reviews(_actor('expert1'), ('document',))[0]
    with unit_of_work(write=True) as session:
        other = session.exec(select(UserRow).where(UserRow.account == 'auditor1')).one()
        other.is_expert = True
        session.add(other)
    await log_in(user, 'auditor1')
    response = await user.http_client.get(course_reviews.review_link(review.review_id))
    assert response.status_code == 404 and '未找到该评价任务' in response.text and '讲义.pdf' not in response.text
