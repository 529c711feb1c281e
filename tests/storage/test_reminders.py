"""Reminders three months ahead of a certificate's expiry and of the end of a year not yet confirmed (R14.6)."""
from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlmodel import select

from domain.demo import _actor
from domain.engine import messages
from domain.portal import reminders
from domain.services.annual_confirmation import application as annual
from domain.shared.actors import Actor
from storage.db import unit_of_work
from storage.tables import Message


@pytest.fixture
def auditor(demo_db: str) -> Actor:
    """王芳: QMS certificate expiring 2027-01-14, confirmed up to 2025."""
    return _actor('auditor1')


def notices(actor: Actor) -> list[str]:
    return [m.title for m in messages.list_messages(actor, kind=messages.NOTICE)]


def test_nothing_is_due_before_the_three_months(auditor: Actor) -> None:
    assert reminders.send_due(date(2026, 9, 29)) == 0
    assert not any('提醒' in title for title in notices(auditor))


def test_each_reminder_comes_once_when_its_time_comes(auditor: Actor) -> None:
    assert reminders.send_due(date(2026, 9, 30)) == 1  # three months before 31 December
    assert notices(auditor)[0] == '年度确认提醒：您的证书【CCAA-QMS-2024-00123】需在2026年12月31日前完成2026年度确认'
    assert reminders.send_due(date(2026, 10, 1)) == 0
    assert reminders.send_due(date(2026, 10, 13)) == 0
    assert reminders.send_due(date(2026, 10, 14)) == 1  # three months before 2027-01-14
    assert notices(auditor)[0] == '证书到期提醒：您的证书【CCAA-QMS-2024-00123】将于2027年01月14日到期'
    assert reminders.send_due(date(2026, 12, 1)) == 0
    with unit_of_work() as session:
        [link] = session.exec(select(Message.link).where(Message.title.startswith('年度确认提醒'))).all()  # type: ignore[attr-defined]
    assert link == '/apply/annual_confirmation'


def test_no_annual_reminder_while_an_application_for_the_year_is_open(auditor: Actor) -> None:
    assert annual.start(auditor).confirm_year == 2026  # the one due certificate and its year, chosen at once
    assert reminders.send_due(date(2026, 10, 1)) == 0


def test_expired_and_other_peoples_certificates_get_nothing(auditor: Actor) -> None:
    assert reminders.send_due(date(2027, 1, 15)) == 0  # expired the day before
    assert notices(_actor('test1')) == [t for t in notices(_actor('test1')) if '提醒' not in t]


def test_two_processes_checking_at_once_send_one(auditor: Actor) -> None:
    counts: list[int] = []
    threads = [threading.Thread(target=lambda: counts.append(reminders.send_due(date(2026, 10, 15))))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 2  # the annual and the expiry reminder, each once
    assert len([t for t in notices(auditor) if '提醒' in t]) == 2


async def test_the_app_job_looks_on_its_own(auditor: Actor) -> None:
    from datetime import datetime, timezone

    from domain.shared import clock
    from pages.jobs import remind_every

    clock.freeze(datetime(2026, 10, 20, 2, 0, tzinfo=timezone.utc))
    await remind_every(0, rounds=2)  # the second round finds nothing new
    assert len([t for t in notices(auditor) if '提醒' in t]) == 2
