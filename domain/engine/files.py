"""Uploaded files (R13.2): checked by content on the server, limited in size, stored under random names outside
any public folder, and read back only by the owner or by someone who may view a case that contains the file.

Small files (photos, scans) arrive whole (`save_upload`); course documents and videos, far larger than memory,
arrive as a stream of chunks (`save_stream_upload`) and are served from disk (`file_location`). Course documents are
PDF, Word or PowerPoint files (OpenDocument text and presentations too); the Office ones are told apart by the parts
their ZIP package holds, read from the stored file's central directory, or — the old binary formats, OLE2 compound
files that all look alike from outside — by the file name's extension.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import io
import os
import unicodedata
import zipfile
from collections.abc import AsyncIterable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from PIL import Image
from sqlmodel import Session, col, func, select

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

# Streamed kinds: what each accepts, its size limit (an environment variable, in MB, and its default) and the
# message for other content.
DOCUMENT, VIDEO = 'document', 'video'
STREAM_LIMITS = {DOCUMENT: ('CCAA_MAX_DOCUMENT_MB', 200), VIDEO: ('CCAA_MAX_VIDEO_MB', 2048)}
STREAM_TYPE_MESSAGES = {DOCUMENT: '仅支持 PDF、Word 或 PowerPoint 文件', VIDEO: '仅支持 MP4 或 WebM 视频'}
# Course documents: PDF, and the Office formats that LibreOffice turns into PDF for viewing (document_conversion),
# each with the extension its file is given for that.
PDF = 'application/pdf'
DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
DOC, PPT = 'application/msword', 'application/vnd.ms-powerpoint'
ODT, ODP = 'application/vnd.oasis.opendocument.text', 'application/vnd.oasis.opendocument.presentation'
OFFICE_TYPES = {DOC: '.doc', DOCX: '.docx', PPT: '.ppt', PPTX: '.pptx', ODT: '.odt', ODP: '.odp'}  # -> extension
STREAM_ACCEPT = {  # the file chooser's offer
    DOCUMENT: ','.join(['.pdf', *OFFICE_TYPES.values(), PDF, *OFFICE_TYPES]),
    VIDEO: '.mp4,.webm,video/mp4,video/webm',
}
_ZIP = b'PK\x03\x04'  # a local file header: every package begins with one
_OLE2 = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'
_OLE2_TYPES = {'.doc': DOC, '.ppt': PPT}
_OOXML_PARTS = {'word/document.xml': DOCX, 'ppt/presentation.xml': PPTX}  # the main part each kind of package has
_ODF_TYPES = (ODT, ODP)
_EBML = b'\x1a\x45\xdf\xa3'
_DOC_TYPE = 0x4282

# Where files are referenced from inside applications: a reviewer who may view such a case may read the file.
# Services add the tables of their own (Service.file_references).
_CASE_REFERENCES = ((Education, Education.file_id), (Payment, Payment.voucher_file_id))


def purposes() -> tuple[str, ...]:
    return PURPOSES + tuple(p for s in registry.services() for p in s.file_purposes) + tuple(stream_purposes())


def stream_purposes() -> dict[str, str]:
    """Purposes whose files are streamed (Service.stream_purposes) -> their kind, 'document' or 'video'."""
    return {p: kind for s in registry.services() for p, kind in s.stream_purposes.items()}


def case_references() -> tuple[tuple[object, object], ...]:
    return _CASE_REFERENCES + tuple(r for s in registry.services() for r in s.file_references)


@dataclass(frozen=True)
class FileContent:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class StoredLocation:
    """Where a file's bytes are on disk, for streaming them to the reader without loading them."""
    path: Path
    name: str
    content_type: str
    size: int


def content_type_of(data: bytes) -> str:
    """The type the bytes really are (PNG, JPEG or PDF), whatever the file was called; else Invalid."""
    if not data:
        raise Invalid('file', MSG_EMPTY)
    if len(data) > MAX_UPLOAD_BYTES:
        raise Invalid('file', MSG_SIZE)
    if data.startswith(b'%PDF-'):
        return PDF
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


def stream_limit(kind: str) -> int:
    """The most bytes a streamed file of the kind may have (CCAA_MAX_DOCUMENT_MB / CCAA_MAX_VIDEO_MB)."""
    variable, default = STREAM_LIMITS[kind]
    megabytes = int(os.environ.get(variable) or default)
    if megabytes <= 0:
        raise ValueError(f'{variable} must be a positive number of MB')
    return megabytes * 1024 * 1024


MSG_QUOTA = '今日上传的文件已达上限，请明日再试'


def daily_quota() -> int:
    """The most bytes one person may upload in 24 hours (CCAA_DAILY_UPLOAD_MB, 20 GB by default)."""
    return int(os.environ.get('CCAA_DAILY_UPLOAD_MB') or 20 * 1024) * 1024 * 1024


def check_quota(actor: Actor, size: int) -> None:
    """Invalid when `size` more bytes would take the actor past the daily quota (issue #12 item 6)."""
    since = clock.now() - timedelta(hours=24)
    with unit_of_work() as session:
        used = session.exec(select(func.coalesce(func.sum(StoredFile.size), 0))
                            .where(StoredFile.owner_id == actor.user_id, col(StoredFile.created_at) >= since)).one()
    if used + size > daily_quota():
        raise Invalid('file', MSG_QUOTA)


class FileTooLarge(Invalid):
    """A streamed file over its kind's limit (HTTP 413)."""

    def __init__(self, kind: str) -> None:
        super().__init__('file', f'文件不能超过 {stream_limit(kind) // (1024 * 1024)} MB')


def stream_content_type(kind: str, head: bytes, path: Path | None = None, filename: str = '') -> str:
    """The type a streamed file is, if the kind accepts it; else Invalid. Its first bytes decide, except for a
    document that is a ZIP package (read from `path`, the stored file) or an OLE2 compound file (`filename`'s
    extension: .doc or .ppt)."""
    if kind == DOCUMENT and head.startswith(b'%PDF-'):
        return PDF
    if kind == DOCUMENT and head.startswith(_ZIP) and path is not None and (found := _package_type(path)):
        return found
    if kind == DOCUMENT and head.startswith(_OLE2) and (found := _OLE2_TYPES.get(_extension(filename))):
        return found
    if kind == VIDEO and head[4:8] == b'ftyp':
        return 'video/mp4'
    if kind == VIDEO and _ebml_doc_type(head) == b'webm':
        return 'video/webm'
    raise Invalid('file', STREAM_TYPE_MESSAGES[kind])


def _package_type(path: Path) -> str | None:
    """DOCX or PPTX by the main part its package holds, ODT or ODP by its `mimetype` entry; None for any other ZIP
    (or a damaged one). zipfile reads only the central directory at the end of the file, and the few bytes of the
    `mimetype` entry."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            kinds = {kind for part, kind in _OOXML_PARTS.items() if part in names}
            if '[Content_Types].xml' in names and len(kinds) == 1:
                return kinds.pop()
            if 'mimetype' in names and archive.getinfo('mimetype').file_size <= 100:
                mimetype = archive.read('mimetype').decode('ascii', 'replace').strip()
                return mimetype if mimetype in _ODF_TYPES else None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):  # not a package
        return None
    return None


def _extension(filename: str) -> str:
    """The name's extension in lower case, with its dot ('' without one)."""
    stem, dot, extension = clean_name(filename).rpartition('.')
    return f'.{extension.lower()}' if dot and stem else ''


def _ebml_doc_type(head: bytes) -> bytes | None:
    """The DocType in a Matroska/WebM file's EBML header ('webm', 'matroska'), if the head starts with one."""
    if not head.startswith(_EBML):
        return None
    size, at = _vint(head, len(_EBML))
    end = min(len(head), at + size) if size is not None else len(head)
    while at < end:
        width = _vint_width(head[at])
        element = int.from_bytes(head[at:at + width], 'big')
        size, at = _vint(head, at + width)
        if width > 4 or size is None:  # element ids have at most 4 bytes
            return None
        if element == _DOC_TYPE:
            return head[at:at + size]
        at += size
    return None


def _vint_width(first: int) -> int:
    """The length of an EBML variable-size integer from its first byte (1–8; 9 for a bad byte)."""
    return 9 - first.bit_length()


def _vint(data: bytes, at: int) -> tuple[int | None, int]:
    """An EBML size at `at` and where its data begins; None for a size cut off by the head's end or malformed."""
    if at >= len(data):
        return None, at
    width = _vint_width(data[at])
    if width > 8 or at + width > len(data):
        return None, at
    value = int.from_bytes(data[at:at + width], 'big') & ((1 << (7 * width)) - 1)
    return value, at + width


async def save_stream_upload(actor: Actor, purpose: str, kind: str, filename: str,
                             chunks: AsyncIterable[bytes] | Iterable[bytes], declared_size: int | None) -> int:
    """Stream a course document or video of the actor to the file store, check what it is and record it; returns
    the file id. FileTooLarge when the declared size or the bytes that arrive exceed the kind's limit (before
    reading anything, or as soon as they do), Invalid for other content; nothing is kept then.

    A coroutine: it waits on the network between chunks, and holding a worker thread for the length of a 2 GB
    upload would starve the pool every page's database work runs in.
    """
    if stream_purposes().get(purpose) != kind:
        raise ValueError(f'purpose {purpose!r} takes no streamed {kind!r}')
    limit = stream_limit(kind)
    if declared_size is not None and declared_size > limit:
        raise FileTooLarge(kind)
    await asyncio.to_thread(check_quota, actor, declared_size or 0)
    try:
        stored = await file_store.save_stream(chunks, limit)
    except file_store.TooLarge:
        raise FileTooLarge(kind) from None
    try:
        if stored.size == 0:
            raise Invalid('file', MSG_EMPTY)
        await asyncio.to_thread(check_quota, actor, stored.size)
        path = file_store.path_of(stored.name)
        content_type = await asyncio.to_thread(stream_content_type, kind, stored.head, path, filename)
        return await asyncio.to_thread(_record, actor, purpose, filename, content_type, stored)
    except BaseException:
        file_store.delete(stored.name)
        raise


def save_streamed_bytes(actor: Actor, purpose: str, kind: str, filename: str, data: bytes) -> int:
    """save_stream_upload of bytes already in hand (the demo data, tests), callable from plain code whether or not an
    event loop runs in this thread."""
    def run() -> int:
        return asyncio.run(save_stream_upload(actor, purpose, kind, filename, [data], len(data)))

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run()
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


def _record(actor: Actor, purpose: str, filename: str, content_type: str, stored: file_store.StreamedFile) -> int:
    with unit_of_work(write=True) as session:
        row = StoredFile(owner_id=actor.user_id, purpose=purpose, original_name=clean_name(filename),
                         content_type=content_type, size=stored.size, storage_name=stored.name,
                         created_at=clock.now())
        session.add(row)
        session.flush()
        return row.id  # type: ignore[return-value]


def save_upload(actor: Actor, purpose: str, filename: str, data: bytes) -> int:
    """Check and store an upload of the actor; returns the file id to put into a record."""
    if purpose not in purposes():
        raise ValueError(f'unknown purpose {purpose!r}')
    content_type = content_type_of(data)
    check_quota(actor, len(data))
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
    row = _readable(actor, file_id)
    try:
        data = file_store.read(row.storage_name)
    except FileNotFoundError:
        raise NotFound('未找到该文件') from None
    return FileContent(name=row.original_name, content_type=row.content_type, data=data)


def file_location(actor: Actor, file_id: int) -> StoredLocation:
    """Where the file is, with its name and type; NotFound (as open_file) when it does not exist or the actor may
    not read it."""
    row = _readable(actor, file_id)
    path = file_store.path_of(row.storage_name)
    if not path.is_file():
        raise NotFound('未找到该文件')
    return StoredLocation(path=path, name=row.original_name, content_type=row.content_type, size=row.size)


def own_file_name(actor: Actor, file_id: int, purpose: str) -> str:
    """The name of the actor's own file of that purpose (an upload the browser reports done); else NotFound."""
    with unit_of_work() as session:
        row = owned_file(session, actor, file_id, purpose)
        if row is None:
            raise NotFound('未找到该文件')
        return row.original_name


def _readable(actor: Actor, file_id: int) -> StoredFile:
    if not can_read(actor, file_id):
        raise NotFound('未找到该文件')
    with unit_of_work() as session:
        row = session.get(StoredFile, file_id)
    if row is None:
        raise NotFound('未找到该文件')
    return row
