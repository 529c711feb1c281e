"""The migrations and the models describe the same schema; SQLite runs with WAL and foreign keys."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import storage.tables  # noqa: F401
from storage import db


def test_models_and_migrations_agree(database: str) -> None:
    with db.get_engine().connect() as connection:
        context = MigrationContext.configure(connection, opts={'compare_type': True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == [], f'models differ from migrations; write a migration: {diff}'


def test_sqlite_pragmas(tmp_path) -> None:
    engine = db.make_engine(f'sqlite:///{tmp_path / "p.db"}')
    with engine.connect() as connection:
        assert connection.execute(text('PRAGMA journal_mode')).scalar() == 'wal'
        assert connection.execute(text('PRAGMA foreign_keys')).scalar() == 1
