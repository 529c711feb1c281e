"""日历订阅 (R14.5): a person's deadlines as an iCalendar feed that a calendar app polls without a browser session.

The feed's address carries an opaque random token of the person's own (CalendarFeed), made the first time they ask
for it; 重置链接 replaces it, and from then on the old address finds nothing. The feed holds no name, ID number or
准考证号, only what the deadlines need, since whoever has the address can read it.
"""
from __future__ import annotations

import re
import secrets
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from domain.portal.deadlines import Deadline, deadlines_in, my_deadlines, require_individual
from domain.shared import clock, ical
from domain.shared.actors import Actor
from domain.shared.errors import NotFound
from storage.db import unit_of_work
from storage.tables import CalendarFeed

CALENDAR_NAME = 'CCAA个人截止日期'
FILE_NAME = 'ccaa-deadlines.ics'
_TOKEN = re.compile(r'[A-Za-z0-9_-]{20,64}')


def feed_path(token: str) -> str:
    return f'/calendar/{token}.ics'


def feed_token(actor: Actor) -> str:
    """The actor's token, made now if they have none yet."""
    require_individual(actor)
    with unit_of_work() as session:
        row = session.get(CalendarFeed, actor.user_id)
        if row is not None:
            return row.token
    try:
        with unit_of_work(write=True) as session:
            token = _new_token()
            session.add(CalendarFeed(user_id=actor.user_id, token=token, created_at=clock.now()))
            return token
    except IntegrityError:  # another tab of the same person made one at this moment: theirs stands
        with unit_of_work() as session:
            row = session.get(CalendarFeed, actor.user_id)
            assert row is not None
            return row.token


def reset_token(actor: Actor) -> str:
    """重置链接: a new token; the old address stops working at once."""
    require_individual(actor)
    with unit_of_work(write=True) as session:
        row = session.get(CalendarFeed, actor.user_id, with_for_update=True)
        if row is None:
            row = CalendarFeed(user_id=actor.user_id, token='', created_at=clock.now())
        row.token, row.created_at = _new_token(), clock.now()
        session.add(row)
        return row.token


def feed_by_token(token: str, site_url: str) -> str:
    """The calendar behind a feed address; NotFound for a token that is unknown or was reset."""
    if not _TOKEN.fullmatch(token):
        raise NotFound()
    today = clock.today()
    with unit_of_work() as session:
        user_id = session.exec(select(CalendarFeed.user_id).where(CalendarFeed.token == token)).first()
        if user_id is None:
            raise NotFound()
        deadlines = deadlines_in(session, user_id, today)
    return _calendar(deadlines, site_url)


def my_feed(actor: Actor, site_url: str, today: date | None = None) -> str:
    """The same calendar for the logged-in person (下载日历文件)."""
    return _calendar(my_deadlines(actor, today), site_url)


def _calendar(deadlines: list[Deadline], site_url: str) -> str:
    site_url = site_url.rstrip('/')
    host = urlsplit(site_url).hostname or 'localhost'
    return ical.calendar((ical.AllDayEvent(f'{d.uid}@{host}', d.on, d.summary, d.description, site_url + d.link)
                          for d in deadlines), name=CALENDAR_NAME, stamp=clock.now())


def _new_token() -> str:
    return secrets.token_urlsafe(32)
