"""CCAA staff's side of the exams (R9.1): publish an exam with its cities and seats, enter the scores of those who
sat it, and publish the scores — until then nobody, the candidate included, sees one (domain.exams)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import func
from sqlmodel import Session, col, select

from domain.engine import messages
from domain.records.exams import passed_text, score_text
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Exam, ExamCity, ExamRegistration

PASS_MARK = Decimal(60)
CITY_LINE = re.compile(r'\s*([^\s,，:：]{1,50})\s*[,，:：]\s*(\d{1,6})\s*')


@dataclass(frozen=True)
class ExamDraft:
    """What staff type to publish an exam; cities as text, one '城市,考位数' per line."""

    name: str
    subject: str
    exam_date: date | None
    opens_on: date | None
    closes_on: date | None
    cities: str
    needs_review: bool = False
    score_review_allowed: bool = False
    score_review_until: date | None = None


@dataclass(frozen=True)
class ExamRow:
    """One line of 考试管理."""

    id: int
    name: str
    subject: str
    exam_date: date
    opens_on: date
    closes_on: date
    needs_review: bool
    seats: int
    seats_taken: int
    scored: int  # accepted registrations with a score entered
    accepted: int
    scores_published: bool

    @property
    def scores_label(self) -> str:
        return '已公布' if self.scores_published else (f'已录入 {self.scored}/{self.accepted}' if self.scored else '未录入')


def exams(actor: Actor) -> list[ExamRow]:
    """Every exam, the latest first, with its seats and scores."""
    _staff_only(actor)
    with unit_of_work() as session:
        found = session.exec(select(Exam).order_by(col(Exam.exam_date).desc(), col(Exam.id).desc())).all()
        return [_row(session, exam) for exam in found]


def publish_exam(actor: Actor, draft: ExamDraft) -> int:
    """发布考试: checked field by field (Invalid names the field); returns the new exam's id."""
    _staff_only(actor)
    cities = _check(draft)
    with unit_of_work(write=True) as session:
        exam = Exam(name=draft.name.strip(), subject=draft.subject.strip(), exam_date=draft.exam_date,  # type: ignore[arg-type]
                    registration_opens_on=draft.opens_on, registration_closes_on=draft.closes_on,  # type: ignore[arg-type]
                    needs_review=draft.needs_review, score_review_allowed=draft.score_review_allowed,
                    score_review_until=draft.score_review_until if draft.score_review_allowed else None,
                    created_at=clock.now())
        session.add(exam)
        session.flush()
        session.add_all(ExamCity(exam_id=exam.id, city=city, seats=seats) for city, seats in cities)  # type: ignore[arg-type]
        return exam.id  # type: ignore[return-value]


def enter_scores(actor: Actor, exam_id: int, text: str) -> int:
    """录入成绩 from lines of '准考证号,成绩' (a CSV exported from the marking system, or typed); every line must
    name an accepted registration of this exam and a score from 0 to 100 with at most one decimal, or nothing is
    written and Invalid('scores') lists the lines at fault. Returns how many scores were entered."""
    _staff_only(actor)
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        raise Invalid('scores', '请输入成绩，每行一条：准考证号,成绩')
    with unit_of_work(write=True) as session:
        exam = session.get(Exam, exam_id)
        if exam is None:
            raise NotFound('未找到该考试')
        if exam.scores_published_at is not None:
            raise Invalid('scores', '成绩已公布，不能再录入；如需更正，请通过成绩复核办理')
        registrations = {r.admission_no: r for r in session.exec(select(ExamRegistration).where(
            ExamRegistration.exam_id == exam_id, ExamRegistration.status == 'accepted')).all()}
        faults, parsed = [], []
        for number, line in lines:
            parts = [p.strip() for p in re.split(r'[,，\t]', line)]
            if number == 1 and parts[0] == '准考证号':
                continue  # a header row
            registration = registrations.get(parts[0]) if len(parts) == 2 else None
            score = _score(parts[1]) if len(parts) == 2 else None
            if registration is None:
                faults.append(f'第{number}行：准考证号不是本场考试的报名成功考生')
            elif score is None:
                faults.append(f'第{number}行：成绩应为0至100之间的数，最多一位小数')
            else:
                parsed.append((registration, score))
        if faults:
            raise Invalid('scores', '；'.join(faults[:10]) + ('；……' if len(faults) > 10 else ''))
        for registration, score in parsed:
            registration.score, registration.passed = score, score >= PASS_MARK
            session.add(registration)
        return len(parsed)


def publish_scores(actor: Actor, exam_id: int) -> int:
    """公布成绩: from now on candidates see their scores (我的考试, 考试查询) and each gets a 通知; returns how many."""
    _staff_only(actor)
    with unit_of_work(write=True) as session:
        exam = session.get(Exam, exam_id)
        if exam is None:
            raise NotFound('未找到该考试')
        if exam.scores_published_at is not None:
            raise Invalid('scores', '该考试的成绩已公布')
        scored = session.exec(select(ExamRegistration).where(
            ExamRegistration.exam_id == exam_id, ExamRegistration.status == 'accepted')).all()
        if not any(r.score is not None for r in scored):
            raise Invalid('scores', '尚未录入任何成绩')
        exam.scores_published_at = clock.now()
        session.add(exam)
        for registration in scored:
            result = (f'成绩：{score_text(registration.score)}（{passed_text(registration.passed)}）'
                      if registration.score is not None else '成绩：缺考')
            messages.send(session, [registration.user_id], kind=messages.NOTICE, link='/my/exams',
                          title=f'您报考的【{exam.name}】成绩已公布', body=result)
        return len(scored)


def _staff_only(actor: Actor) -> None:
    if actor.role is not Role.CCAA_STAFF:
        raise NotAllowed('只有协会工作人员可以管理考试')


def _score(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or not 0 <= value <= 100 or value != value.quantize(Decimal('0.1')):
        return None
    return value


def _check(draft: ExamDraft) -> list[tuple[str, int]]:
    for name, label in (('name', '考试名称'), ('subject', '考试科目')):
        text = getattr(draft, name).strip()
        if not text:
            raise Invalid(name, f'请填写{label}')
        if len(text) > 200:
            raise Invalid(name, f'{label}不能超过200个字')
    for name, label in (('opens_on', '报名开始日期'), ('closes_on', '报名截止日期'), ('exam_date', '考试日期')):
        if getattr(draft, name) is None:
            raise Invalid(name, f'请选择{label}')
    if draft.closes_on < draft.opens_on:  # type: ignore[operator]
        raise Invalid('closes_on', '报名截止日期不能早于报名开始日期')
    if draft.exam_date <= draft.closes_on:  # type: ignore[operator]
        raise Invalid('exam_date', '考试日期应在报名截止日期之后')
    if draft.score_review_allowed and draft.score_review_until is not None \
            and draft.score_review_until <= draft.exam_date:  # type: ignore[operator]
        raise Invalid('score_review_until', '成绩复核截止日期应在考试日期之后')
    cities: list[tuple[str, int]] = []
    for number, line in enumerate(draft.cities.splitlines(), start=1):
        if not line.strip():
            continue
        match = CITY_LINE.fullmatch(line)
        if match is None or not 1 <= int(match.group(2)) <= 100000:
            raise Invalid('cities', f'第{number}行应为“城市,考位数”，考位数为1至100000')
        if match.group(1) in {city for city, _ in cities}:
            raise Invalid('cities', f'第{number}行：城市【{match.group(1)}】重复')
        cities.append((match.group(1), int(match.group(2))))
    if not cities:
        raise Invalid('cities', '请至少填写一个考试城市，每行：城市,考位数')
    return cities


def _row(session: Session, exam: Exam) -> ExamRow:
    seats, taken = session.exec(select(func.coalesce(func.sum(ExamCity.seats), 0),
                                       func.coalesce(func.sum(ExamCity.seats_taken), 0))
                                .where(ExamCity.exam_id == exam.id)).one()
    accepted, scored = session.exec(select(func.count(), func.count(col(ExamRegistration.score)))
                                    .where(ExamRegistration.exam_id == exam.id,
                                           ExamRegistration.status == 'accepted')).one()
    return ExamRow(exam.id, exam.name, exam.subject, exam.exam_date, exam.registration_opens_on,  # type: ignore[arg-type]
                   exam.registration_closes_on, exam.needs_review, int(seats), int(taken), scored, accepted,
                   exam.scores_published_at is not None)
