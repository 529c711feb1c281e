"""Personal deadlines (R14.5): the dates a person has to act or turn up by — each valid certificate's expiry and the
years still to confirm for it (年度确认), the exams they registered for, and the last day to register for the exams
open for registration now. domain.calendar_feed serves them as an iCalendar feed.

Only what the person may see: their own certificates and registrations, and exams anyone may register for.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from domain.engine.catalogue import apply_path
from domain.records.certificates import effective_status
from domain.records.exams import STATUS_LABELS as REGISTRATION_STATUS_LABELS
from domain.services.annual_confirmation.application import confirmable_years, confirmation_due_on
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import NotAllowed
from storage.db import unit_of_work
from storage.tables import Certificate, Exam, ExamCity, ExamRegistration

EXPIRY, ANNUAL, EXAM, REGISTRATION_CLOSES = 'expiry', 'annual', 'exam', 'registration_closes'
LIVE_REGISTRATIONS = ('pending', 'accepted')  # rejected and cancelled ones have no exam to attend
MY_EXAMS = '/my/exams'
EXAM_REGISTRATION = '/services/exam_registration'


@dataclass(frozen=True)
class Deadline:
    uid: str  # stable: the same deadline keeps it from one reading to the next
    kind: str
    on: date
    summary: str
    description: str
    link: str  # a path in the portal


def my_deadlines(actor: Actor, today: date | None = None) -> list[Deadline]:
    """The actor's own deadlines, the earliest first."""
    require_individual(actor)
    with unit_of_work() as session:
        return deadlines_in(session, actor.user_id, today or clock.today())


def require_individual(actor: Actor) -> None:
    """Institution and CCAA staff accounts have no personal deadlines."""
    if actor.role is not Role.INDIVIDUAL:
        raise NotAllowed('机构账号没有个人截止日期')


def deadlines_in(session: Session, user_id: int, today: date) -> list[Deadline]:
    found = [*_certificate_deadlines(session, user_id, today), *_exam_deadlines(session, user_id),
             *_registration_deadlines(session, user_id, today)]
    return sorted(found, key=lambda d: (d.on, d.uid))


def _certificate_deadlines(session: Session, user_id: int, today: date) -> Iterator[Deadline]:
    certificates = session.exec(select(Certificate).where(Certificate.holder_id == user_id,
                                                          Certificate.status == 'valid')
                                .order_by(col(Certificate.id))).all()
    for certificate in certificates:
        if effective_status(certificate, today) != 'valid':
            continue
        name = f'{certificate.cert_no}（{certificate.field} {certificate.grade}）'
        yield Deadline(f'certificate-{certificate.id}-expiry', EXPIRY, certificate.expires_on,
                       f'证书{certificate.cert_no}到期',
                       f'您的证书{name}有效期至{certificate.expires_on:%Y年%m月%d日}。请在到期前办理相关业务，以免影响执业。',
                       f'/my/certificates/{certificate.id}')
        for year in confirmable_years(certificate, today):
            yield Deadline(f'certificate-{certificate.id}-annual-{year}', ANNUAL, confirmation_due_on(year),
                           f'证书{certificate.cert_no} {year}年度确认截止',
                           f'您的证书{name}需在{confirmation_due_on(year):%Y年%m月%d日}前完成{year}年度确认。'
                           '请通过“年度确认申请”在线办理。',
                           apply_path('annual_confirmation'))


def _exam_deadlines(session: Session, user_id: int) -> Iterator[Deadline]:
    rows = session.exec(select(ExamRegistration, Exam, ExamCity.city)
                        .join(Exam, col(Exam.id) == ExamRegistration.exam_id)
                        .join(ExamCity, col(ExamCity.id) == ExamRegistration.exam_city_id, isouter=True)
                        .where(ExamRegistration.user_id == user_id,
                               col(ExamRegistration.status).in_(LIVE_REGISTRATIONS))
                        .order_by(col(ExamRegistration.id))).all()
    for registration, exam, city in rows:
        details = [f'考试科目：{exam.subject}', f'考试日期：{exam.exam_date:%Y年%m月%d日}']
        if city:
            details.append(f'考试城市：{city}')
        details.append(f'报名状态：{REGISTRATION_STATUS_LABELS[registration.status]}')
        yield Deadline(f'exam-registration-{registration.id}', EXAM, exam.exam_date, f'考试：{exam.name}',
                       '\n'.join(details), MY_EXAMS)


def _registration_deadlines(session: Session, user_id: int, today: date) -> Iterator[Deadline]:
    """Exams open for registration now that the person has not registered for."""
    registered = select(ExamRegistration.exam_id).where(ExamRegistration.user_id == user_id)
    exams = session.exec(select(Exam).where(Exam.registration_opens_on <= today, Exam.registration_closes_on >= today,
                                            col(Exam.id).not_in(registered))
                         .order_by(col(Exam.id))).all()
    for exam in exams:
        yield Deadline(f'exam-{exam.id}-registration-closes', REGISTRATION_CLOSES, exam.registration_closes_on,
                       f'{exam.name}报名截止',
                       f'考试科目：{exam.subject}\n考试日期：{exam.exam_date:%Y年%m月%d日}\n'
                       f'报名时间：{exam.registration_opens_on:%Y年%m月%d日}至{exam.registration_closes_on:%Y年%m月%d日}',
                       EXAM_REGISTRATION)
