"""Engine, pragmas and the unit of work (one transaction per service call)."""
from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, make_url
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

_engine: Engine | None = None
# Set while a writing unit of work begins, so SQLite takes its write lock up front (BEGIN IMMEDIATE)
# instead of failing with "database is locked" when a read transaction later tries to write.
_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar('write_intent', default=False)


def normalize_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given without a driver."""
    for prefix in ('postgres://', 'postgresql://'):
        if url.startswith(prefix):
            return 'postgresql+psycopg://' + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if url.startswith('sqlite'):
        # as many pooled connections as threads that may read at once (the event loop's workers, anyio's, the jobs):
        # one opened beyond the pool is closed again after use, and opening one costs its four PRAGMAs each time
        in_memory = make_url(url).database in (None, '', ':memory:')  # one connection, kept by its own pool
        engine = create_engine(url, connect_args={'check_same_thread': False, 'timeout': 30},
                               **({} if in_memory else {'pool_size': 20, 'max_overflow': 20}))
        _configure_sqlite(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, 'connect')
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cursor = dbapi_connection.cursor()
        cursor.execute('PRAGMA journal_mode=WAL')
        cursor.execute('PRAGMA foreign_keys=ON')
        cursor.execute('PRAGMA busy_timeout=30000')
        cursor.execute('PRAGMA synchronous=NORMAL')
        cursor.close()

    @event.listens_for(engine, 'begin')
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql('BEGIN IMMEDIATE' if _write_intent.get() else 'BEGIN')


def configure(url: str) -> Engine:
    """Point the app at a database (used at start and by tests)."""
    global _engine
    if _engine is not None:
        _engine.dispose()
    _engine = make_engine(url)
    return _engine


def get_engine() -> Engine:
    if _engine is None:
        from settings import load_settings
        configure(load_settings().database_url)
    assert _engine is not None
    return _engine


@contextmanager
def unit_of_work(write: bool = False) -> Iterator[Session]:
    """One transaction: committed when the block ends without error (write=True), rolled back otherwise."""
    token = _write_intent.set(write)
    try:
        with Session(get_engine(), expire_on_commit=False) as session:
            try:
                yield session
                if write:
                    session.commit()
                # a read-only block just closes: its transaction ends and loaded objects stay readable
            except BaseException:
                session.rollback()
                raise
    finally:
        _write_intent.reset(token)
