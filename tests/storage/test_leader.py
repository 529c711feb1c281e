"""The timed jobs run in one process of a cluster (#13): the holder of an advisory lock, taken over when it ends."""
from __future__ import annotations

import secrets

from storage import db
from storage.leader import Leadership


def test_one_process_leads_and_another_takes_over_when_it_ends(database: str) -> None:
    key = secrets.randbelow(2**31)
    first = Leadership(db.make_engine(database), key)  # two processes: an engine each
    second = Leadership(db.make_engine(database), key)
    assert first.holds()
    if database.startswith('sqlite'):
        assert second.holds()  # one process on SQLite: whoever asks leads
        return
    assert not second.holds()
    assert first.holds()  # still, without taking it twice
    first.release()  # the leading process ends: its connection, and the lock, go
    assert second.holds()
    assert not first.holds()
    second.release()
