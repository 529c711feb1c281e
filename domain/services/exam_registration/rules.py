"""考试报名's own rules: the 准考证号 an accepted registration gets, and the seat a refused one gives back."""
from __future__ import annotations

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from domain.shared.actors import Actor
from storage.tables import (
    Case,
    Exam,
    ExamApplication,
    ExamCity,
    ExamRegistration,
)


def accept(session: Session, case: Case, actor: Actor) -> ExamRegistration | None:
    """On 审核通过: the registration is accepted and gets its 准考证号."""
    registration_row = _registration_of(session, case)
    if registration_row is None:
        return None
    city = session.exec(select(ExamCity).where(ExamCity.id == registration_row.exam_city_id)
                        .with_for_update()).one()  # numbers of one city, one after another
    exam = session.get(Exam, registration_row.exam_id)
    assert exam is not None
    registration_row.status = 'accepted'
    registration_row.admission_no = _next_admission_no(session, exam, city)
    session.add(registration_row)
    session.flush()
    return registration_row


def refuse(session: Session, case: Case, actor: Actor) -> None:
    """On 审核不通过: the registration is refused and its seat is given back."""
    registration_row = _registration_of(session, case)
    if registration_row is None or registration_row.status != 'pending':
        return
    registration_row.status = 'rejected'
    session.add(registration_row)
    session.execute(update(ExamCity).where(col(ExamCity.id) == registration_row.exam_city_id)
                    .values(seats_taken=ExamCity.seats_taken - 1))
    session.flush()


def _registration_of(session: Session, case: Case) -> ExamRegistration | None:
    row = session.get(ExamApplication, case.id)
    return session.get(ExamRegistration, row.registration_id) if row and row.registration_id else None


def _next_admission_no(session: Session, exam: Exam, city: ExamCity) -> str:
    """准考证号: the exam date, the city's place among the exam's cities, and a number within that city."""
    city_ids = session.exec(select(ExamCity.id).where(ExamCity.exam_id == exam.id).order_by(col(ExamCity.id))).all()
    prefix = f'{exam.exam_date:%Y%m%d}{city_ids.index(city.id) + 1:02d}'
    latest = session.exec(select(func.max(ExamRegistration.admission_no))
                          .where(col(ExamRegistration.admission_no).like(f'{prefix}%'))).one()
    return f'{prefix}{int(latest[len(prefix):]) + 1 if latest else 1:04d}'
