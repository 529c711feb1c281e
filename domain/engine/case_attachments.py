"""Files attached to an application (附件, 证明材料): checked by content when uploaded, at most a given number per
case, kept in the order they were added. Each service declares a Slot with its own link table (case_id, file_id);
the service loads and checks its case, this module keeps the list."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, delete, func, select

from domain.engine import files
from domain.shared.actors import Actor
from domain.shared.errors import Invalid
from storage.db import unit_of_work
from storage.tables import StoredFile


@dataclass(frozen=True)
class Slot:
    table: Any  # a link table with id, case_id and file_id columns
    purpose: str  # the stored files' purpose (domain.files.PURPOSES)
    limit: int  # at most this many files per case
    field: str  # the form field a refusal is tied to
    label: str  # what the form calls them: 附件, 证明材料
    # streamed files ('document' or 'video', domain.engine.files.STREAM_KINDS): uploaded by the browser straight to
    # the server's upload route, however large, then linked here by id; '' for small files sent through the page
    stream: str = ''
    minimum: int = 0  # at least this many before the application can be submitted
    hint: str = ''  # what the form says under them


@dataclass(frozen=True)
class Attachment:
    file_id: int
    name: str


def listed(session: Session, slot: Slot, case_id: int) -> tuple[Attachment, ...]:
    table = slot.table
    rows = session.exec(select(StoredFile.id, StoredFile.original_name)
                        .join(table, col(table.file_id) == StoredFile.id)
                        .where(table.case_id == case_id).order_by(col(table.id))).all()
    return tuple(Attachment(file_id, name) for file_id, name in rows)  # type: ignore[arg-type]


def check_room(session: Session, slot: Slot, case_id: int) -> None:
    """Invalid when the case has its limit of files already."""
    count = session.exec(select(func.count()).select_from(slot.table).where(slot.table.case_id == case_id)).one()
    if count >= slot.limit:
        raise Invalid(slot.field, f'{slot.label}最多{slot.limit}个')


def store(actor: Actor, slot: Slot, filename: str, data: bytes) -> int:
    """The upload checked and stored as the actor's file; a refusal is tied to the form's field."""
    try:
        return files.save_upload(actor, slot.purpose, filename, data)
    except Invalid as error:
        raise Invalid(slot.field, error.message) from None


def add(session: Session, slot: Slot, case_id: int, file_id: int) -> None:
    """Link a stored file to the case, unless another tab filled the last place meanwhile."""
    check_room(session, slot, case_id)
    session.add(slot.table(case_id=case_id, file_id=file_id))
    session.flush()


def remove(session: Session, slot: Slot, case_id: int, file_id: int) -> None:
    """Unlink one file from the case (the stored file stays its owner's)."""
    table = slot.table
    session.exec(delete(table).where(col(table.case_id) == case_id,  # type: ignore[call-overload]
                                     col(table.file_id) == file_id))
    session.flush()


# load(session, actor, case_id, for_edit=True) -> (case, row), with the service's permission checks;
# view(session, case, row) -> the application as the service shows it
Loader = Callable[..., tuple[Any, Any]]
Viewer = Callable[[Session, Any, Any], Any]


def attach(actor: Actor, case_id: int, slot: Slot, load: Loader, view: Viewer, filename: str, data: bytes) -> Any:
    """One more file on a draft: the case checked (NotFound / NotAllowed) and room made sure of before anything
    is stored, then stored and linked; returns the service's view of the application."""
    with unit_of_work() as session:
        load(session, actor, case_id, for_edit=True)
        check_room(session, slot, case_id)
    file_id = store(actor, slot, filename, data)
    with unit_of_work(write=True) as session:
        case, row = load(session, actor, case_id, for_edit=True)
        add(session, slot, case_id, file_id)
        return view(session, case, row)


def link_uploaded(actor: Actor, case_id: int, slot: Slot, load: Loader, view: Viewer, file_id: int) -> Any:
    """A streamed upload (already stored as the actor's file of the slot's purpose) added to the draft."""
    with unit_of_work(write=True) as session:
        case, row = load(session, actor, case_id, for_edit=True)
        if files.owned_file(session, actor, file_id, slot.purpose) is None:
            raise Invalid(slot.field, '未找到上传的文件，请重新上传')
        if file_id in {a.file_id for a in listed(session, slot, case_id)}:
            return view(session, case, row)
        add(session, slot, case_id, file_id)
        return view(session, case, row)


def missing(session: Session, slot: Slot, case_id: int) -> Invalid | None:
    """Invalid when the case has fewer files than the slot asks for."""
    if slot.minimum and len(listed(session, slot, case_id)) < slot.minimum:
        return Invalid(slot.field, f'请上传{slot.label}')
    return None


def detach(actor: Actor, case_id: int, slot: Slot, load: Loader, view: Viewer, file_id: int) -> Any:
    """删除 one file of a draft; returns the service's view of the application."""
    with unit_of_work(write=True) as session:
        case, row = load(session, actor, case_id, for_edit=True)
        remove(session, slot, case_id, file_id)
        return view(session, case, row)
