"""我的考试 (R9.4) and 信用评价 (R11.2): each person sees only their own rows; scores only once published."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from domain.demo import _actor
from domain.records import credit, exams
from domain.shared import clock


def test_my_exams_lists_registrations_latest_first(demo_db: str) -> None:
    rows = exams.my_exams(_actor('test1'))
    assert [(e.city, e.status_label, e.score_label, e.passed_label, e.review_allowed) for e in rows] == [
        ('上海', '报名成功', '未公布', '', False),  # not sat yet
        ('北京', '报名成功', '56.5', '不合格', True),  # published, open to 成绩复核
        ('北京', '报名成功', '82', '合格', False),  # published, review period over
    ]
    assert rows[0].score is None and rows[0].passed is None
    assert all(e.admission_no for e in rows)
    assert rows[1].review_url == f'/services/score_review?exam_id={rows[1].exam_id}'
    assert rows[0].review_url == rows[2].review_url == ''


def test_score_review_closes_after_its_last_day(demo_db: str) -> None:
    review_until = exams.my_exams(_actor('test1'))[1].review_until
    assert review_until is not None
    clock.freeze(datetime.combine(review_until, time(15, 0), tzinfo=clock.CHINA).astimezone(timezone.utc))
    assert exams.my_exams(_actor('test1'))[1].review_allowed
    clock.freeze(datetime.combine(review_until + timedelta(days=1), time(9, 0), tzinfo=clock.CHINA))
    assert not exams.my_exams(_actor('test1'))[1].review_allowed


def test_each_person_sees_only_their_own(demo_db: str) -> None:
    theirs = exams.my_exams(_actor('auditor1'))
    assert [(e.status_label, e.admission_no, e.score_label) for e in theirs] == [('待审核', '', '')]
    mine = {e.registration_id for e in exams.my_exams(_actor('test1'))}
    assert mine.isdisjoint({e.registration_id for e in theirs})
    assert exams.my_exams(_actor('teacher1')) == []


def test_credit_records(demo_db: str) -> None:
    assert credit.my_credit_records(_actor('test1')) == []
    [record] = credit.my_credit_records(_actor('auditor1'))
    assert (record.kind_label, record.issuer, record.decided_on.isoformat(), record.until_text) == (
        '投诉成立', '中国认证认可协会', '2026-03-18', '2027-03-17')


def test_score_text() -> None:
    from decimal import Decimal
    assert [exams.score_text(v) for v in (Decimal('82.0'), Decimal('56.5'), Decimal('100'), None)] == [
        '82', '56.5', '100', '']
