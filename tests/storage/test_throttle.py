"""The public-query throttle: a budget per client within a window, shared by every process through the database."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from domain.shared import clock, throttle
from domain.shared.errors import Throttled
from storage.db import unit_of_work
from storage.tables import QueryThrottle

T0 = datetime(2026, 11, 27, 2, 0, tzinfo=timezone.utc)


def admitted(client: str, times: int) -> int:
    count = 0
    for _ in range(times):
        try:
            throttle.admit(client)
            count += 1
        except Throttled:
            pass
    return count


def test_twenty_lookups_per_ten_minutes_by_default(database: str) -> None:
    clock.freeze(T0)
    assert admitted('203.0.113.5', 20) == 20
    with pytest.raises(Throttled) as refused:
        throttle.admit('203.0.113.5')
    assert refused.value.message == '查询过于频繁，请稍后再试'
    throttle.admit('203.0.113.6')  # another client has its own budget


def test_the_limit_and_window_are_settings(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_QUERY_LIMIT', '3')
    monkeypatch.setenv('CCAA_QUERY_WINDOW_MINUTES', '1')
    clock.freeze(T0)
    assert admitted('a', 5) == 3
    clock.freeze(T0 + timedelta(minutes=1))
    assert admitted('a', 5) == 3


def test_a_new_window_starts_when_the_old_one_has_passed(database: str) -> None:
    clock.freeze(T0)
    assert admitted('a', 25) == 20
    clock.freeze(T0 + timedelta(minutes=9, seconds=59))
    assert admitted('a', 1) == 0  # refusals do not move the window
    clock.freeze(T0 + timedelta(minutes=10))
    assert admitted('a', 25) == 20  # a full budget again, and no more


def test_expired_windows_are_forgotten_and_no_address_is_kept(database: str) -> None:
    clock.freeze(T0)
    throttle.admit('198.51.100.7')
    clock.freeze(T0 + timedelta(minutes=11))
    throttle.admit('198.51.100.8')  # starts a window: the passed ones go
    with unit_of_work() as session:
        keys = session.exec(select(QueryThrottle.client_key)).all()
    assert keys == [throttle.client_key('198.51.100.8')]
    assert all('198.51.100' not in key for key in keys)


def test_simultaneous_lookups_never_pass_the_limit(database: str) -> None:
    """Two threads (two processes' worth of connections) hammer one client's budget at once."""
    clock.freeze(T0)
    start = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait()
            counts.append(admitted('192.0.2.1', 15))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(counts) == 20
    with unit_of_work() as session:
        row = session.exec(select(QueryThrottle)).one()
    assert row.hits == 30
