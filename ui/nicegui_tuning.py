"""Where NiceGUI's defaults cost the portal time or a person's click, changed once per process (apply(), #13): work
it does per element that can be done once, the garbage collector it keeps busy, tab storage kept in Redis, and what
it draws again right after a page connects (a table's pagination, a page sent before it was built).

Every element makes three observable collections (props, classes, style), and each asks inspect.signature of its
change handler — a bound method of the element's class — whether it takes arguments: a third of the CPU time of
building a page went there. The answer depends only on the method's function, so it is kept per function.
"""
from __future__ import annotations

import gc
import inspect
from collections.abc import Callable

from nicegui import helpers
from nicegui.elements.table import Table
from nicegui.elements.timer import Timer
from nicegui.observables import ObservableDict
from nicegui.storage import Storage

_original = helpers.expects_arguments
_known: dict[Callable, bool] = {}


def expects_arguments(func: Callable) -> bool:
    """helpers.expects_arguments, remembered for bound methods (the same function whichever element it is bound to);
    anything else — lambdas, partials — is asked every time, as before."""
    if not inspect.ismethod(func):
        return _original(func)
    function = func.__func__
    known = _known.get(function)
    if known is None:
        known = _known[function] = _original(func)
    return known


# Every open tab keeps a few thousand objects (its elements and their observable props, classes and style). With
# Python's default thresholds a full collection ran every few seconds under load and walked all of them: with 150
# tabs open it took a fifth of the process's time. A young collection now waits for 50,000 new objects instead of
# 700, a full one comes after 20 × 20 young ones, and what exists once the app has started (the imported code, the
# registry, the pages' definitions) is frozen out of every collection.
GC_THRESHOLDS = (50_000, 20, 20)


def tune_garbage_collector() -> None:
    gc.set_threshold(*GC_THRESHOLDS)


def freeze_what_startup_made() -> None:
    gc.collect()
    gc.freeze()


# app.storage.tab is kept in the process, never in Redis. The portal does not use it (what must outlive a move to
# another process — the session, an open dialog's draft — is in app.storage.user), and in a cluster NiceGUI gave every
# tab a Redis client of its own with a connection and a subscription: a third of a process's CPU per tab opened
# (30 ms, now 20), and part of each tab's memory. The storage goes with the tab's last page (NiceGUI kept it for good).

async def create_tab_storage_in_process(self: Storage, tab_id: str, old_tab_id: str | None = None) -> None:
    if tab_id not in self._tabs:  # a duplicated tab starts with what the tab it was duplicated from holds
        self._tabs[tab_id] = ObservableDict(dict(self._tabs.get(old_tab_id or '', {})))


async def close_tab_storage(self: Storage, tab_id: str | None) -> None:
    self._tabs.pop(tab_id or '', None)


# A Quasar table reports its pagination, filled in (sortBy, descending, page), as soon as it is mounted; NiceGUI
# stored it as a change and sent the whole table back, rows and slots drawn anew: a 办理 link clicked in that moment
# was replaced between the mouse's press and release, and the click was lost. A pagination that says what the table
# already has is not a change.
PAGINATION_DEFAULTS = {'sortBy': None, 'descending': False, 'page': 1}


def _filled(pagination: dict) -> dict:
    return {**PAGINATION_DEFAULTS, **pagination}


def set_pagination(self: Table, value: dict) -> None:
    if _filled(self._props.get('pagination') or {}) != _filled(value):
        self._props['pagination'] = value


# A ui.timer waited for its page's connection with client.connected(), which also tells NiceGUI that the page is ready
# to be sent: a page with a timer near its top (a wizard's autosave, 获取验证码's countdown) went out at its next
# await, and what it built after that came as updates once connected — 账户信息's forms, a wizard's fields — drawn
# again under the person's first clicks. A timer now waits for the connection without sending the page early.

async def timer_can_start(self: Timer) -> bool:
    if self._should_stop():
        return False
    if not self.client.has_socket_connection:
        await self.client._connected.wait()  # set by the handshake, and when the client is deleted
    return not self._should_stop()


def apply() -> None:
    Timer._can_start = timer_can_start  # type: ignore[method-assign]
    helpers.expects_arguments = expects_arguments  # observables look it up on the module at each call
    Table.pagination = Table.pagination.setter(set_pagination)  # type: ignore[method-assign,attr-defined]
    Storage._create_tab_storage = create_tab_storage_in_process  # type: ignore[method-assign]
    Storage.close_tab = close_tab_storage  # type: ignore[method-assign]
    tune_garbage_collector()
