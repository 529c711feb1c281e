"""Run blocking domain services off the event loop: a sync database call there would freeze every user."""
from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from nicegui import run

P = ParamSpec('P')
R = TypeVar('R')


async def call(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`await call(cases.act, actor, case_id, 'pass', expected_version=3)` — the service runs in a worker thread."""
    return await run.io_bound(fn, *args, **kwargs)  # type: ignore[return-value]
