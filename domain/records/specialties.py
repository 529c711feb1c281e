"""申请专业 and their 子专业, read from sub_specialties.toml (configuration, not code), and the one way a specialty is
written wherever it is shown: 'QMS', or 'QMS QMS建工' as the manual's wizard shows it."""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path

CONFIG = Path(__file__).with_name('sub_specialties.toml')


@functools.cache
def _configured() -> dict[str, dict[str, str]]:
    with CONFIG.open('rb') as file:
        return {field: dict(subs) for field, subs in tomllib.load(file).items()}


def sub_specialties(field: str | None) -> tuple[str, ...]:
    """The 子专业 an applicant may choose under this field; none for most fields."""
    return tuple(_configured().get(field or '', {}))


def is_sub_specialty_of(field: str | None, sub_field: str) -> bool:
    return sub_field in _configured().get(field or '', {})


def scope_of(field: str, sub_field: str | None) -> str | None:
    """The 专业范围 a sub-specialty prints on the certificate; None when it has none."""
    return _configured().get(field, {}).get(sub_field or '')


def specialty_text(field: str | None, sub_field: str | None) -> str:
    """'QMS QMS建工', or just the field."""
    if not field:
        return ''
    return f'{field} {sub_field}' if sub_field else field
