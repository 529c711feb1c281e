"""The token that lets a page's browser stream files of one purpose to POST /uploads/{purpose}: made for one user
and purpose, valid for TOKEN_HOURS, and worthless once any part of it is changed."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from domain.engine import registry
from domain.shared import clock
from domain.shared.actors import Actor, Role
from pages.uploads import TOKEN_HOURS, token_valid, upload_token

PURPOSE, OTHER_PURPOSE = 'token_test_video', 'token_test_document'
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
TEACHER = Actor(user_id=7, name='陈静', role=Role.INDIVIDUAL)
OTHER = Actor(user_id=8, name='王芳', role=Role.INDIVIDUAL)


@pytest.fixture(autouse=True)
def setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv('CCAA_DATA_DIR', str(tmp_path / 'data'))
    monkeypatch.setenv('CCAA_STORAGE_SECRET', 'the deployment secret')
    clock.freeze(T0)
    service = registry.Service(code='token_test', name='测试', order=9999, in_catalogue=False,
                               stream_purposes={PURPOSE: 'video', OTHER_PURPOSE: 'document'})
    with registry.registered(service):
        yield
    clock.freeze(None)


def test_a_token_is_valid_for_its_user_and_purpose_until_it_expires() -> None:
    token = upload_token(TEACHER, PURPOSE)
    assert token_valid(TEACHER, PURPOSE, token)
    clock.freeze(T0 + timedelta(hours=TOKEN_HOURS) - timedelta(seconds=1))
    assert token_valid(TEACHER, PURPOSE, token)
    clock.freeze(T0 + timedelta(hours=TOKEN_HOURS))
    assert not token_valid(TEACHER, PURPOSE, token)
    assert token_valid(TEACHER, PURPOSE, upload_token(TEACHER, PURPOSE)), 'a page built now gets a fresh one'


def test_a_token_is_for_one_user_and_one_purpose() -> None:
    token = upload_token(TEACHER, PURPOSE)
    assert not token_valid(OTHER, PURPOSE, token)
    assert not token_valid(TEACHER, OTHER_PURPOSE, token)
    assert upload_token(TEACHER, PURPOSE) != upload_token(OTHER, PURPOSE)


def test_a_changed_token_is_worthless() -> None:
    token = upload_token(TEACHER, PURPOSE)
    expires, signature = token.split('.')
    later = str(int(expires) + 24 * 3600)
    flipped = signature[:10] + ('0' if signature[10] != '0' else '1') + signature[11:]
    for changed in (f'{later}.{signature}', f'{expires}.{flipped}', f'{expires}.{signature.upper()}',
                    f'{expires}.{signature[:-1]}', f' {token}', f'{token}\n', expires, signature, '', None,
                    '١٧٧٢٤٢٠٤٠٠.' + signature):  # Arabic-Indic digits, which int() would take
        assert not token_valid(TEACHER, PURPOSE, changed), changed


def test_a_token_is_bound_to_the_deployment_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    token = upload_token(TEACHER, PURPOSE)
    monkeypatch.setenv('CCAA_STORAGE_SECRET', 'another deployment')
    assert not token_valid(TEACHER, PURPOSE, token)


def test_no_token_for_a_purpose_that_takes_no_streamed_files() -> None:
    with pytest.raises(ValueError):
        upload_token(TEACHER, 'education_certificate')
