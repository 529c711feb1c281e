"""Outboxes: JSON-lines files under <data folder>/outbox where the demo gateways leave what they would send."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from settings import load_settings


def path(name: str) -> Path:
    """<data folder>/outbox/<name>.jsonl, its folder created on first use."""
    folder = load_settings().outbox_dir
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder / f'{name}.jsonl'


def append(name: str, record: dict[str, Any]) -> Path:
    """Add one record as one line; a single O_APPEND write, so lines from several processes never interleave."""
    line = (json.dumps(record, ensure_ascii=False) + '\n').encode()
    target = path(name)
    descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)
    return target


def read(name: str) -> list[dict[str, Any]]:
    """Every record so far (tests and the demo read codes from here)."""
    target = path(name)
    if not target.exists():
        return []
    return [json.loads(line) for line in target.read_text(encoding='utf-8').splitlines() if line.strip()]
