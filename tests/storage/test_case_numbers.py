"""Case numbers: YYYYMMDDHH + 4-digit sequence within the hour, unique under concurrency."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

from domain.shared import clock
from storage.case_numbers import next_case_no
from storage.db import unit_of_work

MOMENT = datetime(2022, 4, 14, 1, 30, tzinfo=timezone.utc)  # 09:30 in Beijing


def _one() -> str:
    with unit_of_work(write=True) as session:
        return next_case_no(session, MOMENT.astimezone(clock.CHINA))


def test_format_and_sequence(database: str) -> None:
    assert [_one() for _ in range(3)] == ['20220414090001', '20220414090002', '20220414090003']


def test_sequence_restarts_each_hour(database: str) -> None:
    _one()
    with unit_of_work(write=True) as session:
        assert next_case_no(session, datetime(2022, 4, 14, 10, 5, tzinfo=clock.CHINA)) == '20220414100001'


def test_unique_when_eight_threads_create_at_once(database: str) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(lambda _: _one(), range(80)))
    assert len(set(numbers)) == 80
    assert sorted(numbers) == [f'2022041409{n:04d}' for n in range(1, 81)]


def test_rolled_back_transaction_keeps_no_number(database: str) -> None:
    try:
        with unit_of_work(write=True) as session:
            next_case_no(session, MOMENT.astimezone(clock.CHINA))
            raise RuntimeError('abort')
    except RuntimeError:
        pass
    assert _one() == '20220414090001'
