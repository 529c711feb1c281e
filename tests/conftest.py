"""Shared fixtures: a real database (temp SQLite file, and PostgreSQL when TEST_POSTGRES_URL is set)."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from domain.shared import clock
from storage import db, migrate

POSTGRES_URL = os.environ.get('TEST_POSTGRES_URL')
DATABASES = ['sqlite'] + (['postgres'] if POSTGRES_URL else [])


@pytest.fixture(scope='session')
def postgres_template() -> Iterator[str | None]:
    """One throwaway PostgreSQL database for the session, migrated once; tests empty it between them."""
    if not POSTGRES_URL:
        yield None
        return
    name = f'ccaa_test_{uuid.uuid4().hex[:10]}'
    admin = create_engine(db.normalize_url(POSTGRES_URL), isolation_level='AUTOCOMMIT')
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE {name}'))
    url = db.normalize_url(POSTGRES_URL).rsplit('/', 1)[0] + f'/{name}'
    migrate.upgrade(db.make_engine(url))
    try:
        yield url
    finally:
        db.configure('sqlite://')  # drop pooled connections to the test database
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)'))
        admin.dispose()


def _empty_postgres(url: str) -> None:
    engine = db.make_engine(url)
    names = ', '.join(f'"{table.name}"' for table in reversed(SQLModel.metadata.sorted_tables))
    with engine.begin() as connection:
        connection.execute(text(f'TRUNCATE {names} RESTART IDENTITY CASCADE'))
    engine.dispose()


@pytest.fixture(params=DATABASES)
def database(request: pytest.FixtureRequest, tmp_path: Path, postgres_template: str | None) -> Iterator[str]:
    """A migrated, empty database that the app's unit of work points at; yields its URL."""
    if request.param == 'sqlite':
        url = f'sqlite:///{tmp_path / "test.db"}'
        migrate.upgrade(db.configure(url))
    else:
        assert postgres_template is not None
        _empty_postgres(postgres_template)
        url = postgres_template
        db.configure(url)
    yield url
    clock.freeze(None)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """CCAA_DATA_DIR of the test's own: stored files, the SMS outbox, the payment gateway's secret."""
    folder = tmp_path / 'data'
    monkeypatch.setenv('CCAA_DATA_DIR', str(folder))
    return folder


DEMO_MOMENT = datetime(2026, 11, 27, 2, 0, tzinfo=timezone.utc)  # a Friday, 10:00 in China


@pytest.fixture
def demo_db(database: str, data_dir: Path) -> str:
    """The database with the demo accounts and cases (their files, such as auditor1's exam photo, in data_dir).

    The demo dates its exams, deadlines and certificates from the day it is loaded; the tests see it loaded on one
    fixed day, and the clock stays there (a test that needs another moment freezes it there itself), so that no
    test's outcome depends on the day the suite runs."""
    from domain import demo
    clock.freeze(DEMO_MOMENT)
    demo.load(training=False)  # tests/storage/test_demo_training.py loads the rest
    return database


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run last and carry the e2e mark: sync Playwright keeps an event loop running in the main
    thread for the rest of the session, which the async page tests must not meet."""
    e2e = [item for item in items if '/tests/e2e/' in str(item.path)]
    for item in e2e:
        item.add_marker(pytest.mark.e2e)
    items[:] = [item for item in items if item not in e2e] + e2e
