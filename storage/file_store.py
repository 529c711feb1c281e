"""Bytes of uploaded files, kept under <data folder>/files with random names (never the user's file name).

Several app processes may share the folder (see docs): names are random and written with exclusive create,
and a file appears under its final name only once completely written.
"""
from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from settings import load_settings

_NAME = re.compile(r'[0-9a-f]{32}')


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


def read(name: str) -> bytes:
    return _path(name).read_bytes()


def delete(name: str) -> None:
    _path(name).unlink(missing_ok=True)


def _path(name: str) -> Path:
    if not _NAME.fullmatch(name):  # only names this module made: no path tricks
        raise ValueError(f'not a stored file name: {name!r}')
    return root() / name
