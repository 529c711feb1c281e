"""Word and PowerPoint course documents (and OpenDocument text and presentations) as PDF, so that document_pages shows
them page by page like any PDF: LibreOffice turns a document into a PDF at its first view, and the PDF is kept.

`soffice --headless --convert-to pdf` runs in a temporary folder with a user profile of its own (LibreOffice runs one
instance per profile, so two conversions at once, in this process or another, would otherwise clash), for at most
TIMEOUT seconds, after which its whole process group is killed. The PDF goes into the file store and its name onto the
original's row (StoredFile.preview_name), so that later views only read it. In one process a document is converted
by one thread at a time, and at most RUNNING documents at all; two processes that convert the same document at once
each make a PDF: the first to record its own wins and the other deletes its copy and takes the recorded one.
Pages convert through `convert`, in threads of this module's own: waiting for LibreOffice (seconds, up to TIMEOUT)
then holds none of the shared threads that every page's database work runs in.

Without LibreOffice, or when it fails, the answer is NotFound(MSG_NO_PREVIEW), and a document that failed is not
tried again for RETRY_AFTER seconds; the file itself can still be downloaded.
"""
from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import update
from sqlmodel import col

from domain.engine import files
from domain.shared.errors import NotFound
from storage import file_store
from storage.db import unit_of_work
from storage.tables import StoredFile

logger = logging.getLogger(__name__)

COMMANDS = ('soffice', 'libreoffice')  # Debian: libreoffice-writer-nogui and libreoffice-impress-nogui
TIMEOUT = 120  # seconds one conversion may take
RETRY_AFTER = 600  # seconds before a document whose conversion failed is tried again
RUNNING = 2  # LibreOffice instances one process runs at once
MSG_NO_PREVIEW = '该文件暂无法在线预览'

_DOCUMENT_LOCKS = tuple(threading.Lock() for _ in range(64))  # by file id: a document converts in one thread at a time
_SLOTS = threading.BoundedSemaphore(RUNNING)
_THREADS = ThreadPoolExecutor(max_workers=RUNNING, thread_name_prefix='libreoffice')
_failures: dict[str, float] = {}  # storage name -> time.monotonic() of its failed conversion
_failures_lock = threading.Lock()
_missing_logged = False


class ConversionFailed(Exception):
    """LibreOffice failed, took too long or made no PDF (the reason is for the log)."""


class NoLibreOffice(ConversionFailed):
    """LibreOffice is not installed: nothing to remember about the document, which converts once it is."""


def convertible(content_type: str) -> bool:
    """Whether files of this type are shown through a PDF made of them."""
    return content_type in files.OFFICE_TYPES


def soffice() -> str | None:
    """LibreOffice's command on PATH, if it is installed."""
    return next((found for name in COMMANDS if (found := shutil.which(name))), None)


async def convert(file_id: int) -> str:
    """preview_name in this module's threads, for a page that waits for it."""
    return await asyncio.get_running_loop().run_in_executor(_THREADS, preview_name, file_id)


def preview_name(file_id: int) -> str:
    """The storage name of the PDF made of the Office document `file_id`, converting it if this is its first view;
    NotFound(MSG_NO_PREVIEW) when that cannot be done. The caller has checked that the reader may read the file.
    Blocks while converting."""
    if recorded := _row(file_id).preview_name:
        return recorded
    with _DOCUMENT_LOCKS[file_id % len(_DOCUMENT_LOCKS)]:
        row = _row(file_id)  # converted by another thread while this one waited?
        if row.preview_name:
            return row.preview_name
        storage_name, content_type = row.storage_name, row.content_type
        if _failed_lately(storage_name):
            raise NotFound(MSG_NO_PREVIEW)
        try:
            made = to_pdf(file_store.path_of(storage_name), files.OFFICE_TYPES[content_type])
        except NoLibreOffice as error:
            _log_missing(error)
            raise NotFound(MSG_NO_PREVIEW) from None
        except ConversionFailed as error:
            logger.warning('document %s cannot be shown as PDF: %s', file_id, error)
            with _failures_lock:
                _failures[storage_name] = time.monotonic()
            raise NotFound(MSG_NO_PREVIEW) from None
        return _record(file_id, made)


def to_pdf(source: Path, extension: str) -> str:
    """Convert the file (a stored file, whose name has no extension: LibreOffice is shown it under one) to PDF and
    store the PDF; returns its storage name. ConversionFailed when that cannot be done."""
    command = soffice()
    if command is None:
        raise NoLibreOffice(f'LibreOffice is not installed (none of {", ".join(COMMANDS)} on PATH)')
    with _SLOTS, tempfile.TemporaryDirectory(prefix='ccaa-convert-') as work:
        folder = Path(work)
        document = folder / f'document{extension}'
        document.symlink_to(source)
        out = folder / 'out'
        _run([command, f'-env:UserInstallation={(folder / "profile").as_uri()}', '--headless', '--norestore',
              '--convert-to', 'pdf', '--outdir', str(out), str(document)], folder)
        pdf = out / 'document.pdf'
        try:
            with pdf.open('rb') as made:
                is_pdf = made.read(5) == b'%PDF-'
        except OSError:
            is_pdf = False
        if not is_pdf:
            raise ConversionFailed('LibreOffice made no PDF')
        return file_store.save_file(pdf)


def _run(command: list[str], folder: Path) -> None:
    """Run LibreOffice in a session of its own, so that it and every process it starts can be killed together."""
    process = subprocess.Popen(command, cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise ConversionFailed(f'LibreOffice took more than {TIMEOUT} s') from None
    except BaseException:
        _kill(process)
        raise
    if process.returncode != 0:
        tail = output.decode('utf-8', 'replace').strip()[-500:]
        raise ConversionFailed(f'LibreOffice exited with {process.returncode}: {tail}')


def _kill(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def _row(file_id: int) -> StoredFile:
    """The Office document, as recorded now."""
    with unit_of_work() as session:
        row = session.get(StoredFile, file_id)
    if row is None or not convertible(row.content_type):
        raise NotFound(MSG_NO_PREVIEW)
    return row


def _record(file_id: int, made: str) -> str:
    """Note the PDF against its original unless another process noted its own first; the name that counts."""
    try:
        with unit_of_work(write=True) as session:
            result = session.exec(update(StoredFile).where(  # type: ignore[call-overload]
                col(StoredFile.id) == file_id, col(StoredFile.preview_name).is_(None)).values(preview_name=made))
            won = result.rowcount == 1
    except BaseException:
        file_store.delete(made)
        raise
    if won:
        return made
    file_store.delete(made)
    recorded = _row(file_id).preview_name
    if recorded is None:  # the original went away meanwhile
        raise NotFound(MSG_NO_PREVIEW)
    return recorded


def _failed_lately(storage_name: str) -> bool:
    with _failures_lock:
        failed = _failures.get(storage_name)
        if failed is not None and time.monotonic() - failed >= RETRY_AFTER:
            del _failures[storage_name]
            failed = None
    return failed is not None


def _log_missing(error: NoLibreOffice) -> None:
    """Once per process: every Office document's view fails alike until LibreOffice is installed."""
    global _missing_logged
    if not _missing_logged:
        _missing_logged = True
        logger.warning('Word and PowerPoint documents cannot be shown: %s', error)
