"""What an open dialog holds, kept as it is typed in the browser's storage on the server (app.storage.user: a file
per browser, Redis in a cluster), so that a page built again after a lost connection or a reload opens the dialog
again with everything in it (#13). Kept per page address and dialog; forgotten on 保存 or 取消."""
from __future__ import annotations

from typing import Any

from nicegui import app, context
from nicegui.storage import request_contextvar

STORAGE_KEY = 'open_dialogs'


def _dialogs() -> dict[str, Any] | None:
    try:
        client = context.client
    except RuntimeError:
        return None
    request_contextvar.set(client.request)  # the page's own browser, whichever request an event last saw
    try:
        return app.storage.user.setdefault(STORAGE_KEY, {})  # type: ignore[no-any-return]
    except RuntimeError:  # no storage for this page (no browser session)
        return None


def _place(name: str) -> str:
    url = context.client.request.url
    return f'{url.path}?{url.query}#{name}'


def remember(name: str, state: dict[str, Any]) -> None:
    dialogs = _dialogs()
    if dialogs is not None:
        dialogs[_place(name)] = state
        app.storage.user[STORAGE_KEY] = dialogs  # an assignment, so that the storage writes it out


def recall(name: str) -> dict[str, Any] | None:
    dialogs = _dialogs()
    return dialogs.get(_place(name)) if dialogs is not None else None


def forget(name: str) -> None:
    dialogs = _dialogs()
    if dialogs is not None and dialogs.pop(_place(name), None) is not None:
        app.storage.user[STORAGE_KEY] = dialogs
