"""我的考试 and 信用评价 in the user centre: real lists, each person's own, with empty states."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def rows(user: User, testid: str) -> list[dict]:
    [table] = [t for t in user.find(ui.table).elements if t.props.get('data-testid') == testid]
    return table.rows


async def test_my_exams_with_scores_and_score_review(user: User) -> None:
    await log_in(user, 'test1')
    await user.should_see('您好李明')
    await user.open('/my/exams')
    await user.should_see('成绩公布后显示成绩', retries=100)

    def check() -> None:
        got = rows(user, 'my-exams')
        _assert_equal([(r['city'], r['status'], r['score'], r['passed']) for r in got], [
            ('上海', '报名成功', '未公布', ''), ('北京', '报名成功', '56.5', '不合格'), ('北京', '报名成功', '82', '合格')])
        _assert_equal([bool(r['review_url']) for r in got], [False, True, False])
        assert got[1]['review_url'].startswith('/services/score_review?exam_id=')
        assert all(r['admission_no'] != '—' for r in got)

    await eventually(check, timeout=10)
    await user.open(rows(user, 'my-exams')[1]['review_url'])
    await user.should_see('考试成绩复核申请', retries=100)


async def test_someone_else_never_sees_my_exams(user: User) -> None:
    await log_in(user, 'auditor1')
    await user.should_see('您好王芳')
    await user.open('/my/exams')
    await user.should_see('成绩公布后显示成绩', retries=100)
    await eventually(lambda: _assert_equal(
        [(r['status'], r['admission_no'], r['score']) for r in rows(user, 'my-exams')], [('待审核', '—', '—')]),
        timeout=10)


async def test_no_exams_shows_the_empty_state(user: User) -> None:
    await log_in(user, 'teacher1')
    await user.should_see('您好陈静')
    await user.open('/my/exams')
    await user.should_see('成绩公布后显示成绩', retries=100)
    [table] = [t for t in user.find(ui.table).elements if t.props.get('data-testid') == 'my-exams']
    assert table.rows == []
    assert table.props['no-data-label'].startswith('暂无考试报名记录')


async def test_no_credit_records_shows_the_empty_state(user: User) -> None:
    await log_in(user, 'test1')
    await user.should_see('您好李明')
    await user.open('/my/credit')
    await user.should_see('信用记录由中国认证认可协会', retries=100)
    [table] = [t for t in user.find(ui.table).elements if t.props.get('data-testid') == 'credit-records']
    assert table.rows == [] and table.props['no-data-label'] == '暂无信用记录。'


async def test_credit_records_of_someone_who_has_one(user: User) -> None:
    await log_in(user, 'auditor1')
    await user.should_see('您好王芳')
    await user.open('/my/credit')
    await user.should_see('信用记录由中国认证认可协会', retries=100)
    await eventually(lambda: _assert_equal(
        [(r['kind'], r['decided'], r['issuer'], r['until']) for r in rows(user, 'credit-records')],
        [('投诉成立', '2026-03-18', '中国认证认可协会', '2027-03-17')]), timeout=10)
