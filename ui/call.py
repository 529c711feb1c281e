"""Run blocking domain services off the event loop: a sync database call there would freeze every user."""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

P = ParamSpec('P')
R = TypeVar('R')


# Asked before every call a page makes once it is connected: raises (a DomainError) when the page may no longer act
# for its user — set by pages.session, which knows the sessions; None until then.
guard: Callable[[], Awaitable[None]] | None = None


async def call(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`await call(cases.act, actor, case_id, 'pass', expected_version=3)` — the service runs in a worker thread.

    Unlike nicegui.run.io_bound, which answers None when cancelled or shutting down, this returns the service's
    result or raises: a page never mistakes a cancelled call for an empty answer.
    """
    if guard is not None:
        await guard()
    return await asyncio.to_thread(fn, *args, **kwargs)
