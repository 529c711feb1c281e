"""Reminders (R14.6): a holder hears three months ahead that a certificate expires, and three months before the end
of a year they have not yet confirmed (年度确认, expected by 31 December of that year).

Each reminder is sent once, however many app processes run the check: the reminders table's unique
(certificate, kind, period) row is written in the same transaction as the message.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from domain.engine import messages
from domain.engine.catalogue import apply_path
from domain.services.annual_confirmation.application import confirmable_years, confirmation_due_on
from domain.shared import clock
from domain.shared.calendar import add_months
from storage.db import unit_of_work
from storage.tables import AnnualConfirmation, Certificate, Reminder

AHEAD_MONTHS = 3
EXPIRY, ANNUAL = 'expiry', 'annual'


@dataclass(frozen=True)
class Due:
    certificate_id: int
    holder_id: int
    kind: str
    period: str
    title: str
    body: str
    link: str


def send_due(today: date | None = None) -> int:
    """Send every reminder that is due today and was not sent before; how many were sent."""
    today = today or clock.today()
    ahead = add_months(today, AHEAD_MONTHS)
    with unit_of_work() as session:
        candidates = session.exec(select(Certificate).where(
            Certificate.status == 'valid', Certificate.expires_on >= today,
            or_(Certificate.expires_on <= ahead,  # type: ignore[arg-type]
                Certificate.last_confirmed_year.is_(None),  # type: ignore[union-attr]
                Certificate.last_confirmed_year < today.year))).all()  # type: ignore[operator]
        due = [d for certificate in candidates for d in _due_for(session, certificate, today, ahead)]
    return sum(_send_once(d) for d in due)


def _due_for(session: Session, certificate: Certificate, today: date, ahead: date) -> list[Due]:
    found = []
    if certificate.expires_on <= ahead:
        found.append(Due(certificate.id, certificate.holder_id, EXPIRY, certificate.expires_on.isoformat(),  # type: ignore[arg-type]
                         f'证书到期提醒：您的证书【{certificate.cert_no}】将于{certificate.expires_on:%Y年%m月%d日}到期',
                         '请在到期前办理相关业务，以免影响执业。', f'/my/certificates/{certificate.id}'))
    year = today.year
    due_on = confirmation_due_on(year)
    if today >= add_months(due_on, -AHEAD_MONTHS) and year in confirmable_years(certificate, today) \
            and not _open_application(session, certificate, year):
        open_years = '、'.join(f'{y}年度' for y in confirmable_years(certificate, today))
        found.append(Due(certificate.id, certificate.holder_id, ANNUAL, str(year),  # type: ignore[arg-type]
                         f'年度确认提醒：您的证书【{certificate.cert_no}】需在{due_on:%Y年%m月%d日}前完成{year}年度确认',
                         f'尚未确认：{open_years}。请通过“年度确认申请”在线办理。',
                         apply_path('annual_confirmation')))
    return found


def _open_application(session: Session, certificate: Certificate, year: int) -> bool:
    """An application for that year already under way needs no reminder."""
    key = f'{certificate.id}:{year}'
    return session.exec(select(AnnualConfirmation.case_id).where(AnnualConfirmation.open_key == key)).first() is not None


def _send_once(due: Due) -> bool:
    try:
        with unit_of_work(write=True) as session:
            if session.exec(select(Reminder.id).where(Reminder.certificate_id == due.certificate_id,
                                                      Reminder.kind == due.kind,
                                                      Reminder.period == due.period)).first() is not None:
                return False
            session.add(Reminder(certificate_id=due.certificate_id, kind=due.kind, period=due.period,
                                 sent_at=clock.now()))
            session.flush()  # another process's row for the same reminder stops this one here
            messages.send(session, [due.holder_id], kind=messages.NOTICE, title=due.title, body=due.body,
                          link=due.link)
            return True
    except IntegrityError:
        return False

