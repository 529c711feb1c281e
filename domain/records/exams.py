"""Exams (R9): what a registration shows its owner in 我的考试 (R9.4), and when a score may be reviewed (R9.5).

A score is nobody's to see, the candidate's included, until CCAA staff publish the exam's scores.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import select

from domain.shared import clock
from domain.shared.actors import Actor
from storage.db import unit_of_work
from storage.tables import Exam, ExamCity, ExamRegistration, ScoreReview

# 报名状态
STATUS_LABELS = {
    'pending': '待审核',  # waiting for staff (exams that need review, R9.3)
    'accepted': '报名成功',  # has an 准考证号
    'rejected': '审核未通过',
    'cancelled': '已取消',
}
SCORE_REVIEW_SERVICE = 'score_review'


def score_text(score: Decimal | None) -> str:
    """82.0 → '82', 82.5 → '82.5'."""
    if score is None:
        return ''
    return f'{score:.1f}'.removesuffix('.0')


def passed_text(passed: bool | None) -> str:
    return {True: '合格', False: '不合格'}.get(passed, '')  # type: ignore[arg-type]


def scores_published(exam: Exam) -> bool:
    return exam.scores_published_at is not None


def may_request_review(exam: Exam, registration: ExamRegistration, today: date) -> bool:
    """成绩复核 is offered for a published score of an exam that allows review, until its last day."""
    return (exam.score_review_allowed and scores_published(exam) and registration.score is not None
            and (exam.score_review_until is None or today <= exam.score_review_until))


@dataclass(frozen=True)
class MyExam:
    """One row of 我的考试."""

    registration_id: int
    exam_id: int
    exam_name: str
    subject: str
    exam_date: date
    city: str
    admission_no: str
    status: str
    score: Decimal | None  # None until the scores are published
    passed: bool | None
    scores_published: bool
    review_allowed: bool
    review_until: date | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def score_label(self) -> str:
        if not self.scores_published:
            return '未公布' if self.status == 'accepted' else ''
        return score_text(self.score) or '缺考'

    @property
    def passed_label(self) -> str:
        return passed_text(self.passed) if self.scores_published else ''

    @property
    def review_url(self) -> str:
        """Where 成绩复核 leads: the 考试成绩复核申请 service, told which exam."""
        return f'/services/{SCORE_REVIEW_SERVICE}?exam_id={self.exam_id}' if self.review_allowed else ''


def my_exams(actor: Actor) -> list[MyExam]:
    """The actor's own registrations, the latest exam first."""
    today = clock.today()
    with unit_of_work() as session:
        rows = session.exec(
            select(ExamRegistration, Exam, ExamCity.city)
            .join(Exam, Exam.id == ExamRegistration.exam_id)  # type: ignore[arg-type]
            .join(ExamCity, ExamCity.id == ExamRegistration.exam_city_id, isouter=True)  # type: ignore[arg-type]
            .where(ExamRegistration.user_id == actor.user_id)
            .order_by(Exam.exam_date.desc(), ExamRegistration.id.desc())).all()  # type: ignore[attr-defined,union-attr]
        # a score is reviewed once: those already submitted for 成绩复核 are offered no more
        reviewed = set(session.exec(select(ScoreReview.registration_id)
                                    .join(ExamRegistration, ExamRegistration.id == ScoreReview.registration_id)  # type: ignore[arg-type]
                                    .where(ExamRegistration.user_id == actor.user_id)).all())
    result = []
    for registration, exam, city in rows:
        published = scores_published(exam)
        result.append(MyExam(
            registration_id=registration.id, exam_id=exam.id, exam_name=exam.name, subject=exam.subject,  # type: ignore[arg-type]
            exam_date=exam.exam_date, city=city or '', admission_no=registration.admission_no or '',
            status=registration.status, score=registration.score if published else None,
            passed=registration.passed if published else None, scores_published=published,
            review_allowed=registration.id not in reviewed and may_request_review(exam, registration, today),
            review_until=exam.score_review_until))
    return result

