"""Which process of a cluster runs the timed jobs (reminders, upload cleanup): the one holding a PostgreSQL advisory
lock. The lock belongs to a connection, so when that process ends, another one takes the jobs at its next round.
On SQLite there is one process, and it leads."""
from __future__ import annotations

import threading

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from storage.db import get_engine

JOBS_LOCK = 0x43434141  # 'CCAA'


class Leadership:
    def __init__(self, engine: Engine | None = None, key: int = JOBS_LOCK) -> None:
        self._engine = engine
        self.key = key
        self._held: Connection | None = None
        self._lock = threading.Lock()

    def holds(self) -> bool:
        """Whether this process leads now: it still holds the lock, or has just taken it."""
        engine = self._engine or get_engine()
        if engine.dialect.name != 'postgresql':
            return True
        with self._lock:
            if self._held is not None:
                try:
                    self._held.execute(text('SELECT 1'))
                    return True
                except Exception:  # the connection broke, and the lock with it: try again below
                    self.release()
            connection = engine.connect().execution_options(isolation_level='AUTOCOMMIT')
            if connection.execute(text('SELECT pg_try_advisory_lock(:key)'), {'key': self.key}).scalar():
                self._held = connection
                return True
            connection.close()
            return False

    def release(self) -> None:
        """Let go of the lock: the connection is closed for good, not handed back to the pool still holding it."""
        if self._held is not None:
            try:
                self._held.invalidate()
                self._held.close()
            finally:
                self._held = None


leadership = Leadership()
