"""Pages of an uploaded PDF as pictures, so that a reviewer reads it inside the page without downloading it and
without a PDF plug-in in the browser: rendered on the server with PDFium (pypdfium2), one page at one zoom at a time.
A Word or PowerPoint document is shown through the PDF LibreOffice makes of it at its first view (document_conversion);
when none can be made, its pages are NotFound('该文件暂无法在线预览'). Pages `await prepare(...)` first, so that the
conversion runs in document_conversion's own threads.

Only whoever may read the file (files.can_read) gets its pages; a missing file, someone else's and one that is
neither a PDF nor an Office document get the same NotFound. PDFium opens the file from its path and reads only what
it needs. Rendered pages are kept under <data folder>/page-cache/<storage name of the PDF>/ (stored files never
change, and their names are never reused), so a page seen once costs a file read afterwards. page_count and
render_page block: pages call them through ui.call.
"""
from __future__ import annotations

import asyncio
import io
import os
import secrets
import shutil
import threading
from pathlib import Path

import pypdfium2 as pdfium

from domain.engine import document_conversion, files
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotFound
from settings import load_settings
from storage import file_store
from storage.db import unit_of_work
from storage.tables import StoredFile

PDF = files.PDF
ZOOMS = (50, 75, 100, 125, 150, 200)  # percent; 100 is 96 pixels per inch, as a browser shows a page at 100 %
DEFAULT_ZOOM = 100
MAX_SIDE = 4000  # pixels: a page with an enormous media box is rendered smaller rather than filling the memory
MSG_NOT_FOUND = '未找到该文件'
MSG_NO_PAGE = '未找到该页'
MSG_UNREADABLE = '该文件无法预览'
MSG_ZOOM = '不支持该缩放比例'

# PDFium may not be entered from two threads at once, not even for different documents (pypdfium2's docs), and
# pages call these functions from worker threads: every PDFium call, closing included, is made under this lock.
_PDFIUM = threading.Lock()


def page_count(actor: Actor, file_id: int) -> int:
    """How many pages the actor's readable PDF has."""
    path = _pdf_path(_readable_pdf(actor, file_id))
    with _PDFIUM:
        document = _open(path)
        try:
            return len(document)
        finally:
            document.close()


def render_page(actor: Actor, file_id: int, page: int, zoom: int = DEFAULT_ZOOM) -> bytes:
    """Page `page` (from 1) as a PNG at `zoom` percent (one of ZOOMS); NotFound for a page the PDF does not have."""
    if zoom not in ZOOMS:
        raise Invalid('zoom', MSG_ZOOM)
    storage_name = _readable_pdf(actor, file_id)
    cached = _cache_file(storage_name, page, zoom)
    try:
        return cached.read_bytes()
    except FileNotFoundError:
        pass
    data = _render(_pdf_path(storage_name), page, zoom)
    _keep(cached, data)
    return data


async def prepare(actor: Actor, file_id: int) -> None:
    """Before page_count or render_page: make the PDF of an Office document the actor may read, if it has none yet,
    waiting for LibreOffice without holding a thread of the shared pool. NotFound as those raise it."""
    row = await asyncio.to_thread(_readable_file, actor, file_id)
    if row.content_type != PDF and row.preview_name is None:
        await document_conversion.convert(file_id)


def forget(storage_name: str) -> None:
    """Drop the rendered pages of a stored file (for whoever deletes the file itself)."""
    file_store.path_of(storage_name)  # checks the name: only a stored file's folder is ever removed
    shutil.rmtree(_cache_root() / storage_name, ignore_errors=True)


def _readable_file(actor: Actor, file_id: int) -> StoredFile:
    """A PDF or Office document the actor may read; the same NotFound for every other case."""
    if not files.can_read(actor, file_id):
        raise NotFound(MSG_NOT_FOUND)
    with unit_of_work() as session:
        row = session.get(StoredFile, file_id)
    if row is None or not (row.content_type == PDF or document_conversion.convertible(row.content_type)):
        raise NotFound(MSG_NOT_FOUND)
    return row


def _readable_pdf(actor: Actor, file_id: int) -> str:
    """The storage name of the PDF to show of a file the actor may read: the file itself, or the PDF made of an
    Office document (made now if need be, outside any transaction)."""
    row = _readable_file(actor, file_id)
    if row.content_type == PDF:
        return row.storage_name
    return row.preview_name or document_conversion.preview_name(file_id)


def _pdf_path(storage_name: str) -> Path:
    path = file_store.path_of(storage_name)
    if not path.is_file():
        raise NotFound(MSG_NOT_FOUND)
    return path


def _open(path: Path) -> pdfium.PdfDocument:
    """Under the lock. A damaged or password-protected PDF cannot be shown."""
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        raise NotFound(MSG_UNREADABLE) from None


def _render(path: Path, page: int, zoom: int) -> bytes:
    """Draw one page into a PNG (a function of its own, so that tests can count the renders)."""
    with _PDFIUM:
        document = _open(path)
        try:
            if not 1 <= page <= len(document):
                raise NotFound(MSG_NO_PAGE)
            pdf_page = document[page - 1]
            try:
                width, height = pdf_page.get_size()  # in points, 72 to the inch
                scale = zoom / 100 * 96 / 72
                scale = min(scale, MAX_SIDE / max(width, height, 1))
                bitmap = pdf_page.render(scale=scale, may_draw_forms=False)
                try:
                    image = bitmap.to_pil().convert('RGB')  # a copy: the bitmap's memory is PDFium's
                finally:
                    bitmap.close()
            finally:
                pdf_page.close()
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, 'PNG', optimize=False, compress_level=6)
    return out.getvalue()


def _cache_root() -> Path:
    return load_settings().data_dir / 'page-cache'


def _cache_file(storage_name: str, page: int, zoom: int) -> Path:
    file_store.path_of(storage_name)  # checks the name: no path tricks in the cache either
    return _cache_root() / storage_name / f'{page}-{zoom}.png'


def _keep(target: Path, data: bytes) -> None:
    """Write the rendered page for next time: readable by the app only, and whole or not at all (several
    processes may render the same page at once; the last rename wins, with the same bytes)."""
    partial = target.with_name(f'{target.name}.{secrets.token_hex(8)}.part')
    try:
        _cache_root().mkdir(exist_ok=True, mode=0o700)
        target.parent.mkdir(exist_ok=True, mode=0o700)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, 'wb') as out:
            out.write(data)
        os.replace(partial, target)
    except OSError:  # a full disk costs a render next time, not this answer
        partial.unlink(missing_ok=True)
