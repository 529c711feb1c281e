"""Page tests run main.py through NiceGUI's `user` fixture against a temp SQLite database with demo data."""
from __future__ import annotations

from pathlib import Path

import pytest
from nicegui import Client
from nicegui.testing import User

from domain import demo
from storage import db, migrate


@pytest.fixture(autouse=True)
def app_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f'sqlite:///{tmp_path / "ui.db"}'
    migrate.upgrade(db.configure(url))
    monkeypatch.setenv('CCAA_DATA_DIR', str(tmp_path / 'data'))  # before the demo, which stores a photo
    demo.load(training=False)  # the training services' page tests make their own
    monkeypatch.setenv('CCAA_DATABASE_URL', url)
    monkeypatch.setenv('CCAA_REMINDER_HOURS', '0')  # reminders depend on the real date: their tests set it
    monkeypatch.setenv('CCAA_CLEANUP_HOURS', '0')  # a job of its own would meet the next test's database
    return url


@pytest.fixture(autouse=True)
def pages_left_behind_disconnect(monkeypatch: pytest.MonkeyPatch) -> None:
    """A browser tab that opens another page drops the websocket of the one it leaves; NiceGUI's simulated user
    keeps every page it opened connected, so that anything sent to an old page (the page watcher sending a page of
    an ended session to the login page) would move the simulated user, whatever page it is on now."""
    opened = User.open

    async def open_leaving_the_last(self: User, path: str, **kwargs: object) -> Client:
        previous = getattr(self, 'client', None)
        client = await opened(self, path, **kwargs)  # type: ignore[arg-type]
        if previous is not None and previous is not client:
            for socket_id in list(previous._socket_to_document_id):  # noqa: SLF001 - what a socket.io disconnect calls
                previous.handle_disconnect(socket_id)
        return client

    monkeypatch.setattr(User, 'open', open_leaving_the_last)
