"""How often one client may use the public information queries (R3.4), so that nobody can harvest the registers.

A fixed window per client: the first lookup starts a window, each lookup in it counts, and the one past the limit
is refused until the window has passed. The count lives in the database and is bumped by one
INSERT … ON CONFLICT DO UPDATE … RETURNING statement, which SQLite and PostgreSQL both run atomically, so that
several app processes share one budget per client and simultaneous lookups cannot slip past the limit.
"""
from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from sqlalchemy import case, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from domain.shared import clock
from domain.shared.errors import Throttled
from settings import query_limit
from storage.db import unit_of_work
from storage.tables import QueryThrottle

logger = logging.getLogger(__name__)


def client_key(client: str, scope: str = 'public-query') -> str:
    """What is stored for a client: a hash, so that the table keeps no addresses; each scope its own budget."""
    return hashlib.sha256(f'{scope}\0{client}'.encode()).hexdigest()


def admit(client: str, scope: str = 'public-query') -> None:
    """Count one lookup for the client (its address) in the scope (the public queries; 个人注册's 已注册 checks);
    raise Throttled, counting it all the same, past the limit."""
    limit, minutes = query_limit()
    window = timedelta(minutes=minutes)
    at = clock.now()
    table = QueryThrottle.__table__  # type: ignore[attr-defined]
    with unit_of_work(write=True) as session:
        insert = postgresql.insert if session.get_bind().dialect.name == 'postgresql' else sqlite.insert
        statement = insert(table).values(client_key=client_key(client, scope), window_started_at=at, hits=1)
        expired = table.c.window_started_at <= at - window
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.client_key],
            set_={'hits': case((expired, 1), else_=table.c.hits + 1),
                  'window_started_at': case((expired, statement.excluded.window_started_at),
                                            else_=table.c.window_started_at)},
        ).returning(table.c.hits)
        hits = session.execute(statement).scalar_one()
    if hits == 1:
        _forget_expired(at - window)
    if hits > limit:
        logger.info('public query refused: %d lookups from one client within %d minutes', hits, minutes)
        raise Throttled()


def _forget_expired(cutoff) -> None:  # type: ignore[no-untyped-def]
    """Drop the windows that have passed (when a new one starts), so the table holds only recent clients."""
    try:
        with unit_of_work(write=True) as session:
            session.exec(delete(QueryThrottle).where(QueryThrottle.window_started_at <= cutoff))  # type: ignore[call-overload,arg-type]
    except DBAPIError:  # two clean-ups meeting on PostgreSQL: the other one does the work
        logger.warning('expired query throttle windows not removed this time', exc_info=True)
