"""Bytes of uploaded files, kept under <data folder>/files with random names (never the user's file name).

Several app processes may share the folder (see docs): names are random and written with exclusive create,
and a file appears under its final name only once completely written. Large files (course videos) arrive as a
stream of chunks (`save_stream`) and are written one chunk at a time, never held whole in memory; so is a file made
on the server, a document converted to PDF (`save_file`).
"""
from __future__ import annotations

import asyncio
import os
import re
import secrets
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from settings import load_settings

_NAME = re.compile(r'[0-9a-f]{32}')
HEAD_BYTES = 4096  # what save_stream keeps of a file's beginning, for checking what it really is


class TooLarge(Exception):
    """More bytes arrived than the limit allows; nothing of them was kept."""

    def __init__(self, limit: int) -> None:
        super().__init__(f'more than {limit} bytes')
        self.limit = limit


@dataclass(frozen=True)
class StreamedFile:
    name: str  # the stored name (for read, delete, path_of)
    size: int
    head: bytes  # the first HEAD_BYTES bytes (fewer for a smaller file)


def root() -> Path:
    """The folder, created on first use."""
    folder = load_settings().upload_dir
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def save(data: bytes) -> str:
    """Store the bytes under a new random name and return that name."""
    folder = root()
    name = secrets.token_hex(16)
    partial = folder / f'{name}.part'
    with open(partial, 'xb') as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(partial, 0o600)
    os.replace(partial, folder / name)
    return name


async def save_stream(chunks: AsyncIterable[bytes] | Iterable[bytes], limit: int) -> StreamedFile:
    """Store the chunks under a new random name, one chunk in memory at a time; TooLarge (and nothing kept) as soon
    as more than `limit` bytes have arrived.

    The disk work runs in a thread of this upload's own, in order, so that a slow disk never stalls the event loop
    and a waiting upload holds no thread of the shared pool; when the upload fails or is cancelled, the partial
    file is removed there, after any write still under way, before this returns.
    """
    loop = asyncio.get_running_loop()
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix='file-store')
    try:
        folder = await loop.run_in_executor(writer, root)
        name = secrets.token_hex(16)
        target = _Partial(folder / f'{name}.part', folder / name)
        size, head = 0, b''
        try:
            await loop.run_in_executor(writer, target.create)
            async for chunk in _each(chunks):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(limit)
                if len(head) < HEAD_BYTES:
                    head += bytes(chunk[:HEAD_BYTES - len(head)])
                await loop.run_in_executor(writer, target.write, chunk)
            await loop.run_in_executor(writer, target.finish)
        except BaseException:
            await asyncio.shield(loop.run_in_executor(writer, target.discard))  # runs even if cancelled again
            raise
    finally:
        writer.shutdown(wait=False)  # work still queued (a discard) runs all the same
    return StreamedFile(name=name, size=size, head=head)


def save_file(source: Path) -> str:
    """Store a copy of a file made on this machine (a document converted to PDF), one chunk in memory at a time, under
    a new random name; returns that name."""
    folder = root()
    name = secrets.token_hex(16)
    target = _Partial(folder / f'{name}.part', folder / name)
    try:
        target.create()
        with open(source, 'rb') as data:
            while chunk := data.read(1024 * 1024):
                target.write(chunk)
        target.finish()
    except BaseException:
        target.discard()
        raise
    return name


class _Partial:
    """A file being written: `<name>.part` (exclusive create, 0600) until `finish` moves it to its final name.
    Used from one thread only."""

    def __init__(self, partial: Path, final: Path) -> None:
        self.partial, self.final = partial, final
        self.fd: int | None = None
        self.created = self.finished = False

    def create(self) -> None:
        self.fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        self.created = True

    def write(self, chunk: bytes) -> None:
        view = memoryview(chunk)
        while view:
            view = view[os.write(self.fd, view):]  # type: ignore[arg-type]

    def finish(self) -> None:
        os.fsync(self.fd)  # type: ignore[arg-type]
        self._close()
        os.replace(self.partial, self.final)
        self.finished = True

    def discard(self) -> None:
        self._close()
        if self.created:  # never another's file of the same name
            self.partial.unlink(missing_ok=True)
        if self.finished:  # finished while its caller was being cancelled: nobody will ever name it
            self.final.unlink(missing_ok=True)

    def _close(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)


async def _each(chunks: AsyncIterable[bytes] | Iterable[bytes]) -> AsyncIterator[bytes]:
    if isinstance(chunks, AsyncIterable):
        async for chunk in chunks:
            yield chunk
    else:
        for chunk in chunks:
            yield chunk


def read(name: str) -> bytes:
    return path_of(name).read_bytes()


def delete(name: str) -> None:
    path_of(name).unlink(missing_ok=True)


def path_of(name: str) -> Path:
    """Where a stored file is, for serving it from disk."""
    if not _NAME.fullmatch(name):  # only names this module made: no path tricks
        raise ValueError(f'not a stored file name: {name!r}')
    return root() / name
