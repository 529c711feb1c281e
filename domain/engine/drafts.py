"""删除 of a draft (#14): every pass through 条件自检 leaves one in 草稿箱, and its applicant may throw it away. Only
a draft never submitted, only by its applicant; the case goes with everything that belongs to it alone — its
application, its experience rows, its file links, its messages. Its uploaded files, attached to nothing now, are
deleted a day later (domain.engine.file_cleanup)."""
from __future__ import annotations

from sqlmodel import SQLModel, col, delete, select

from domain.engine.access import load_for
from domain.engine.workflow import DRAFT, Status
from domain.shared.actors import Actor
from domain.shared.errors import NotAllowed
from storage.db import unit_of_work
from storage.tables import Case

MSG_NOT_DRAFT = '只有未提交的草稿可以删除'


def _columns_referring_to_cases() -> list:  # type: ignore[type-arg]
    return [column for table in SQLModel.metadata.sorted_tables for column in table.columns
            if any(fk.column.table.name == Case.__tablename__ for fk in column.foreign_keys)]


def delete_draft(actor: Actor, case_id: int) -> None:
    """The applicant's own draft, gone; NotFound for anyone else's, NotAllowed once it was ever submitted or when
    another case refers to it."""
    with unit_of_work(write=True) as session:
        case = load_for(session, actor, case_id, lock=True)
        if case.applicant_id != actor.user_id or case.status != Status.DRAFT.value or case.stage != DRAFT \
                or case.submitted_at is not None:
            raise NotAllowed(MSG_NOT_DRAFT)
        columns = _columns_referring_to_cases()
        for column in columns:  # a draft is never another case's subject; never leave a dangling row all the same
            if column.name != 'case_id' and session.exec(select(column).where(column == case_id).limit(1)).first():
                raise NotAllowed('该草稿已被其他业务引用，不能删除')
        for column in reversed(columns):  # the tables that depend on others first
            if column.name == 'case_id':
                session.exec(delete(column.table).where(column == case_id))  # type: ignore[call-overload]
        session.exec(delete(Case).where(col(Case.id) == case_id))  # type: ignore[call-overload,arg-type]
