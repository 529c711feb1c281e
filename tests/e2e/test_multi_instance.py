"""Two app processes on one PostgreSQL database: what one process writes reaches a page served by the other."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import create_engine, text

from storage.db import normalize_url
from tests.e2e.conftest import ROOT, _free_port, _wait_until_up, log_in

POSTGRES_URL = os.environ.get('TEST_POSTGRES_URL')
pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason='needs TEST_POSTGRES_URL')


@contextmanager
def postgres_database() -> Iterator[str]:
    name = f'ccaa_multi_{uuid.uuid4().hex[:8]}'
    admin = create_engine(normalize_url(POSTGRES_URL or ''), isolation_level='AUTOCOMMIT')
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE {name}'))
    try:
        yield normalize_url(POSTGRES_URL or '').rsplit('/', 1)[0] + f'/{name}'
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)'))
        admin.dispose()


@contextmanager
def app_process(data_dir: Path, database_url: str, demo: bool) -> Iterator[str]:
    data_dir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {'PYTEST_CURRENT_TEST', 'NICEGUI_USER_SIMULATION'}}
    env.update(CCAA_DATA_DIR=str(data_dir), CCAA_PORT=str(port), CCAA_DATABASE_URL=database_url,
               CCAA_STORAGE_SECRET='shared-secret-of-the-deployment', NICEGUI_STORAGE_PATH=str(data_dir / '.nicegui'))
    log = data_dir / 'server.log'
    with log.open('wb') as out:
        process = subprocess.Popen([sys.executable, 'main.py', *(['--demo'] if demo else [])], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    url = f'http://127.0.0.1:{port}'
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_return_on_one_process_raises_the_badge_on_the_other(browser: Browser, tmp_path: Path) -> None:
    with ExitStack() as stack:
        database = stack.enter_context(postgres_database())
        first = stack.enter_context(app_process(tmp_path / 'a', database, demo=True))
        second = stack.enter_context(app_process(tmp_path / 'b', database, demo=False))

        applicant = browser.new_context(base_url=second, locale='zh-CN').new_page()
        log_in(applicant, 'test1')
        expect(applicant.get_by_test_id('message-count')).to_have_text('消息 (2)')

        body = browser.new_context(base_url=first, locale='zh-CN').new_page()
        log_in(body, 'cb1')
        body.get_by_text('办理', exact=True).first.click()
        expect(body).to_have_url(re.compile(r'/institution/cases/\d+$'))
        body.get_by_label('办理意见').fill('请补充继续教育证明')
        body.get_by_test_id('action-return').click()
        expect(body).to_have_url(re.compile(r'/institution$'))

        # no reload on the applicant's page: the badge rises by itself
        expect(applicant.get_by_test_id('message-count')).to_have_text('消息 (3)', timeout=8_000)
