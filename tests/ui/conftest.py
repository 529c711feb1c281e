"""Page tests run main.py through NiceGUI's `user` fixture against a temp SQLite database with demo data."""
from __future__ import annotations

from pathlib import Path

import pytest

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
