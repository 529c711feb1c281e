"""Uploaded files (R13.2): checked by content on the server, limited in size, stored under random names outside
any public folder, and read back only by the owner or by someone who may view a case that contains the file.
"""
from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from PIL import Image
from sqlmodel import Session, select

from domain.engine import access, registry
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotFound
from storage import file_store
from storage.db import unit_of_work
from storage.tables import Education, Payment, StoredFile

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ACCEPT = '.jpg,.jpeg,.png,.pdf'  # what a browser's file chooser offers; the server still checks the content
PURPOSES = ('education_certificate', 'payment_voucher')  # and those the services declare (Service.file_purposes)
MSG_TYPE = '仅支持 JPG、PNG 或 PDF 文件'
MSG_SIZE = '文件不能超过 10 MB'
MSG_EMPTY = '文件内容为空，请重新选择'

# Where files are referenced from inside applications: a reviewer who may view such a case may read the file.
# Services add the tables of their own (Service.file_references).
_CASE_REFERENCES = ((Education, Education.file_id), (Payment, Payment.voucher_file_id))


def purposes() -> tuple[str, ...]:
    return PURPOSES + tuple(p for s in registry.services() for p in s.file_purposes)


def case_references() -> tuple[tuple[object, object], ...]:
    return _CASE_REFERENCES + tuple(r for s in registry.services() for r in s.file_references)


@dataclass(frozen=True)
class FileContent:
    name: str
    content_type: str
    data: bytes


def content_type_of(data: bytes) -> str:
    """The type the bytes really are (PNG, JPEG or PDF), whatever the file was called; else Invalid."""
    if not data:
        raise Invalid('file', MSG_EMPTY)
    if len(data) > MAX_UPLOAD_BYTES:
        raise Invalid('file', MSG_SIZE)
    if data.startswith(b'%PDF-'):
        return 'application/pdf'
    try:
        with Image.open(io.BytesIO(data), formats=['PNG', 'JPEG']) as image:
            kind = image.format
            image.verify()
    except Exception:  # Pillow raises many kinds for bytes that are not an image it accepts
        raise Invalid('file', MSG_TYPE) from None
    return {'PNG': 'image/png', 'JPEG': 'image/jpeg'}[kind or '']


def clean_name(filename: str) -> str:
    """The file's own name without any folder part or control characters, at most 255 characters."""
    name = filename.replace('\\', '/').rsplit('/', 1)[-1]
    name = ''.join(ch for ch in name if unicodedata.category(ch)[0] != 'C').strip()
    if len(name) > 255:
        stem, dot, ext = name.rpartition('.')
        name = stem[:255 - len(ext) - 1] + dot + ext if dot and len(ext) <= 10 else name[:255]
    return name or 'file'


def save_upload(actor: Actor, purpose: str, filename: str, data: bytes) -> int:
    """Check and store an upload of the actor; returns the file id to put into a record."""
    if purpose not in purposes():
        raise ValueError(f'unknown purpose {purpose!r}')
    content_type = content_type_of(data)
    storage_name = file_store.save(data)
    try:
        with unit_of_work(write=True) as session:
            row = StoredFile(owner_id=actor.user_id, purpose=purpose, original_name=clean_name(filename),
                             content_type=content_type, size=len(data), storage_name=storage_name,
                             created_at=clock.now())
            session.add(row)
            session.flush()
            return row.id  # type: ignore[return-value]
    except BaseException:
        file_store.delete(storage_name)
        raise


def owned_file(session: Session, actor: Actor, file_id: int, purpose: str) -> StoredFile | None:
    """The actor's own file of that purpose, inside the caller's transaction (for services that attach files)."""
    row = session.get(StoredFile, file_id)
    if row is None or row.owner_id != actor.user_id or row.purpose != purpose:
        return None
    return row


def file_names(session: Session, file_ids: set[int]) -> dict[int, str]:
    """Original names of files, for showing them in lists."""
    if not file_ids:
        return {}
    rows = session.exec(select(StoredFile.id, StoredFile.original_name)
                        .where(StoredFile.id.in_(file_ids))).all()  # type: ignore[union-attr]
    return {file_id: name for file_id, name in rows}


def can_read(actor: Actor, file_id: int) -> bool:
    """The owner may; so may whoever may view a case that contains the file."""
    with unit_of_work() as session:
        row = session.get(StoredFile, file_id)
        if row is None:
            return False
        if row.owner_id == actor.user_id:
            return True
        case_ids: set[int] = set()
        for table, column in case_references():
            case_ids.update(session.exec(select(table.case_id).where(  # type: ignore[attr-defined]
                column == file_id, table.case_id.is_not(None))).all())  # type: ignore[attr-defined]
    for case_id in sorted(case_ids):
        try:
            access.require_view(actor, case_id)  # the rule of who may view a case lives there
        except NotFound:
            continue
        return True
    return False


def open_file(actor: Actor, file_id: int) -> FileContent:
    """The file's name, type and bytes; NotFound when it does not exist or the actor may not read it."""
    if not can_read(actor, file_id):
        raise NotFound('未找到该文件')
    with unit_of_work() as session:
        row = session.get(StoredFile, file_id)
    if row is None:
        raise NotFound('未找到该文件')
    try:
        data = file_store.read(row.storage_name)
    except FileNotFoundError:
        raise NotFound('未找到该文件') from None
    return FileContent(name=row.original_name, content_type=row.content_type, data=data)
