"""Case numbers YYYYMMDDHH + a 4-digit sequence within that hour, unique across processes.

The counter row is bumped with one INSERT … ON CONFLICT DO UPDATE … RETURNING statement, which both SQLite
and PostgreSQL run atomically, so no process-local counter or lock is involved.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.tables import CaseNoCounter

MAX_SEQ = 9999


class CaseNumbersExhausted(RuntimeError):
    """More than 9,999 cases in one hour: the format has no room for more."""


def next_case_no(session: Session, local_moment: datetime) -> str:
    hour_key = local_moment.strftime('%Y%m%d%H')
    table = CaseNoCounter.__table__  # type: ignore[attr-defined]
    insert = postgresql.insert if session.get_bind().dialect.name == 'postgresql' else sqlite.insert
    statement = (
        insert(table).values(hour_key=hour_key, last_seq=1)
        .on_conflict_do_update(index_elements=[table.c.hour_key], set_={'last_seq': table.c.last_seq + 1})
        .returning(table.c.last_seq)
    )
    seq = session.execute(statement).scalar_one()
    if seq > MAX_SEQ:
        raise CaseNumbersExhausted(hour_key)
    return f'{hour_key}{seq:04d}'
