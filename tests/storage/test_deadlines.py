"""Personal deadlines and the calendar feed behind them (R14.5): which deadlines a person has, and the feed's token."""
from __future__ import annotations

import secrets
import threading
from datetime import date, datetime, time, timedelta, timezone

import pytest

from domain.demo import _actor
from domain.demo import load as load_demo
from domain.portal import calendar_feed, deadlines
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Certificate, Exam, ExamRegistration

TODAY = date(2026, 11, 27)
SITE = 'https://portal.example.cn'


@pytest.fixture
def demo(database: str, data_dir: object) -> None:
    """The demo data as loaded on TODAY (its exams are dated from the day it is loaded), with the clock kept there."""
    clock.freeze(datetime.combine(TODAY, time(10, 0), tzinfo=clock.CHINA))
    load_demo()


@pytest.fixture
def auditor(demo: None) -> Actor:
    """王芳: QMS certificate CCAA-QMS-2024-00123, expiring 2027-01-14, confirmed up to 2025; registered (待审核) for
    the demo's coming exam, whose registration is open until TODAY + 20 days."""
    return _actor('auditor1')


def certificate_of(actor: Actor, **values: object) -> int:
    with unit_of_work(write=True) as session:
        row = Certificate(**{'cert_no': f'CCAA-EMS-{secrets.token_hex(3)}', 'holder_id': actor.user_id, 'field': 'EMS',
                             'grade': '审核员', 'scope': '环境管理体系', 'issued_on': date(2025, 3, 1),
                             'expires_on': date(2028, 2, 28), 'status': 'valid',
                             'verify_token': secrets.token_urlsafe(24), **values})
        session.add(row)
        session.flush()
        return row.id  # type: ignore[return-value]


def exam_open(opens: date, closes: date, held: date) -> int:
    with unit_of_work(write=True) as session:
        row = Exam(name='2027年第一次认证人员注册全国统一考试', subject='管理体系认证基础', exam_date=held,
                   registration_opens_on=opens, registration_closes_on=closes,
                   created_at=datetime(2026, 11, 1, tzinfo=timezone.utc))
        session.add(row)
        session.flush()
        return row.id  # type: ignore[return-value]


def summaries(actor: Actor, today: date = TODAY) -> list[tuple[date, str]]:
    return [(d.on, d.summary) for d in deadlines.my_deadlines(actor, today)]


def test_a_valid_certificate_has_its_expiry_and_the_years_still_to_confirm(auditor: Actor) -> None:
    found = [d for d in deadlines.my_deadlines(auditor, TODAY) if d.kind in (deadlines.ANNUAL, deadlines.EXPIRY)]
    assert [(d.kind, d.on, d.summary, d.link) for d in found] == [
        (deadlines.ANNUAL, date(2026, 12, 31), '证书CCAA-QMS-2024-00123 2026年度确认截止', '/apply/annual_confirmation'),
        (deadlines.EXPIRY, date(2027, 1, 14), '证书CCAA-QMS-2024-00123到期', found[1].link),
    ]
    assert found[1].link.startswith('/my/certificates/')
    assert '2026年12月31日前完成2026年度确认' in found[0].description
    # after the new year both years are open, each with its own deadline
    assert [s for s in summaries(auditor, date(2027, 1, 3)) if '年度确认' in s[1]] == [
        (date(2026, 12, 31), '证书CCAA-QMS-2024-00123 2026年度确认截止'),
        (date(2027, 12, 31), '证书CCAA-QMS-2024-00123 2027年度确认截止')]


def test_an_approved_year_is_no_longer_a_deadline(auditor: Actor) -> None:
    with unit_of_work(write=True) as session:
        annual = next(d for d in deadlines.my_deadlines(auditor, TODAY) if d.kind == deadlines.ANNUAL)
        certificate = session.get(Certificate, annual.uid.split('-')[1])
        assert certificate is not None
        certificate.last_confirmed_year = 2026
        session.add(certificate)
    assert not any('年度确认' in summary for _, summary in summaries(auditor))


def test_expired_and_withdrawn_certificates_have_none(auditor: Actor) -> None:
    for status in ('cancelled', 'suspended', 'revoked'):
        certificate_of(auditor, cert_no=f'CCAA-EMS-{status}', status=status)
    certificate_of(auditor, cert_no='CCAA-EMS-old', expires_on=TODAY - timedelta(days=1))
    assert not any('CCAA-EMS' in summary for _, summary in summaries(auditor))
    assert not any('证书' in summary for _, summary in summaries(auditor, date(2027, 1, 15)))  # the day after expiry


def test_registered_exams_have_their_date(auditor: Actor) -> None:
    [exam] = [d for d in deadlines.my_deadlines(auditor, TODAY) if d.kind == deadlines.EXAM]
    assert exam.summary.startswith('考试：') and exam.summary.endswith('（环境管理体系）')
    assert exam.link == '/my/exams'
    assert '报名状态：待审核' in exam.description and '考试城市：北京' in exam.description
    with unit_of_work(write=True) as session:
        registration = session.get(ExamRegistration, int(exam.uid.rsplit('-', 1)[1]))
        assert registration is not None
        registration.status = 'cancelled'
        session.add(registration)
    assert not [d for d in deadlines.my_deadlines(auditor, TODAY) if d.kind == deadlines.EXAM]


def test_exams_open_for_registration_have_their_last_day(auditor: Actor) -> None:
    open_now = exam_open(TODAY - timedelta(days=5), TODAY + timedelta(days=10), TODAY + timedelta(days=60))
    exam_open(TODAY + timedelta(days=1), TODAY + timedelta(days=30), TODAY + timedelta(days=90))  # not open yet
    exam_open(TODAY - timedelta(days=30), TODAY - timedelta(days=1), TODAY + timedelta(days=20))  # closed
    windows = [d for d in deadlines.my_deadlines(auditor, TODAY) if d.kind == deadlines.REGISTRATION_CLOSES]
    assert [(d.uid, d.on, d.summary, d.link) for d in windows] == [
        (f'exam-{open_now}-registration-closes', TODAY + timedelta(days=10), '2027年第一次认证人员注册全国统一考试报名截止',
         '/services/exam_registration'),
        (windows[1].uid, TODAY + timedelta(days=30), '2027年认证人员注册全国统一考试（信息安全管理体系）报名截止',
         '/services/exam_registration')]  # the demo's exam open to everyone
    # the demo's coming exam is open too, but auditor1 is registered for it already; expert1 is not
    assert len([d for d in deadlines.my_deadlines(_actor('expert1'), TODAY)
                if d.kind == deadlines.REGISTRATION_CLOSES]) == 3


def test_another_persons_deadlines_never_appear(auditor: Actor) -> None:
    theirs = {d.uid for d in deadlines.my_deadlines(auditor, TODAY) if d.kind != deadlines.REGISTRATION_CLOSES}
    mine = deadlines.my_deadlines(_actor('test1'), TODAY)  # an exam's 报名截止 is everyone's who may register
    assert theirs.isdisjoint(d.uid for d in mine)
    assert not any('CCAA-QMS-2024-00123' in d.summary + d.description for d in mine)
    assert [d.kind for d in deadlines.my_deadlines(_actor('teacher1'), TODAY)] == [deadlines.REGISTRATION_CLOSES] * 2


def test_institution_and_staff_accounts_have_no_deadlines_nor_feed(demo: None) -> None:
    for account in ('cb1', 'admin'):
        with pytest.raises(NotAllowed):
            deadlines.my_deadlines(_actor(account))
        with pytest.raises(NotAllowed):
            calendar_feed.feed_token(_actor(account))


# -- the feed's token ------------------------------------------------------------------------------

def test_the_token_is_kept_until_it_is_reset(auditor: Actor) -> None:
    token = calendar_feed.feed_token(auditor)
    assert len(token) >= 43 and calendar_feed.feed_token(auditor) == token
    assert 'CCAA-QMS-2024-00123' in calendar_feed.feed_by_token(token, SITE)
    fresh = calendar_feed.reset_token(auditor)
    assert fresh != token and calendar_feed.feed_token(auditor) == fresh
    with pytest.raises(NotFound):
        calendar_feed.feed_by_token(token, SITE)
    assert 'CCAA-QMS-2024-00123' in calendar_feed.feed_by_token(fresh, SITE)


@pytest.mark.parametrize('token', ['', 'x', 'A' * 43, 'A' * 200, '../../etc/passwd', "' OR 1=1 --"])
def test_unknown_tokens_find_nothing(auditor: Actor, token: str) -> None:
    calendar_feed.feed_token(auditor)
    with pytest.raises(NotFound):
        calendar_feed.feed_by_token(token, SITE)


def test_each_token_gives_its_owners_deadlines_only(auditor: Actor) -> None:
    theirs = calendar_feed.feed_by_token(calendar_feed.feed_token(auditor), SITE)
    mine = calendar_feed.feed_by_token(calendar_feed.feed_token(_actor('test1')), SITE)
    assert 'CCAA-QMS-2024-00123' in theirs and 'CCAA-QMS-2024-00123' not in mine
    assert 'CCAA-FSMS-' in mine and 'CCAA-FSMS-' not in theirs


def test_the_feed_links_to_the_portal(auditor: Actor) -> None:
    text = calendar_feed.feed_by_token(calendar_feed.feed_token(auditor), SITE + '/')
    unfolded = text.replace('\r\n ', '')
    assert 'URL:https://portal.example.cn/apply/annual_confirmation\r\n' in unfolded
    assert 'UID:certificate-' in unfolded and '-expiry@portal.example.cn\r\n' in unfolded
    assert calendar_feed.my_feed(auditor, SITE) == text  # 下载日历文件: the same calendar


def test_two_tabs_asking_at_once_get_one_token(auditor: Actor) -> None:
    tokens: list[str] = []
    threads = [threading.Thread(target=lambda: tokens.append(calendar_feed.feed_token(auditor))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(tokens) == 4 and len(set(tokens)) == 1
