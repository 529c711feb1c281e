"""Uploads nobody kept (issue #12 item 6): a file uploaded and never attached — a draft's file removed again, a
course video chosen and then replaced, an upload whose page was closed — is deleted a day later, with its bytes,
its PDF preview and its rendered pages. A file counts as kept while any column that refers to stored files names it
(found from the tables' foreign keys, so that a new table that keeps files is counted without an edit here)."""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import union
from sqlmodel import SQLModel, col, select

from domain.engine import document_pages
from domain.shared import clock
from storage import file_store
from storage.db import unit_of_work
from storage.tables import StoredFile

logger = logging.getLogger(__name__)
KEEP_UNATTACHED = timedelta(hours=24)  # long enough for a form left half-filled overnight
BATCH = 500


def _referring_columns() -> list:  # type: ignore[type-arg]
    return [column for table in SQLModel.metadata.sorted_tables for column in table.columns
            if any(fk.column.table.name == StoredFile.__tablename__ for fk in column.foreign_keys)]


def forget_unattached() -> int:
    """Delete the files older than KEEP_UNATTACHED that nothing refers to; how many were deleted."""
    cutoff = clock.now() - KEEP_UNATTACHED
    kept = union(*[select(column).where(column.is_not(None)) for column in _referring_columns()])
    with unit_of_work(write=True) as session:
        rows = session.exec(select(StoredFile).where(col(StoredFile.created_at) < cutoff,
                                                     col(StoredFile.id).not_in(kept)).limit(BATCH)).all()
        names = [(row.storage_name, row.preview_name) for row in rows]
        for row in rows:
            session.delete(row)
    for storage_name, preview_name in names:  # the rows are gone: nobody can ask for these bytes any more
        for name in (storage_name, preview_name):
            if name:
                file_store.delete(name)
        document_pages.forget(storage_name)
    if names:
        logger.info('%d uploaded files nobody kept were deleted', len(names))
    return len(names)
