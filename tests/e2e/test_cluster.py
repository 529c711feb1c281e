"""The cluster that `python3 dev.py cluster` starts (#13): two app processes on PostgreSQL and Redis behind nginx.
What one process writes reaches a page served by the other within seconds; a person's session carries on while
the process serving them is killed and started again."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import create_engine, text

from deploy.processes import free_port, stop, wait_until_up
from storage.db import normalize_url
from tests.e2e.conftest import ROOT, log_in

POSTGRES_URL = os.environ.get('TEST_POSTGRES_URL')
REDIS_URL = os.environ.get('TEST_REDIS_URL', 'redis://127.0.0.1:6379/0')
pytestmark = [pytest.mark.skipif(not POSTGRES_URL, reason='needs TEST_POSTGRES_URL'),
              pytest.mark.skipif(not (shutil.which('nginx') or Path('/usr/sbin/nginx').exists()),
                                 reason='needs nginx (.ci/run installs it)')]


@dataclass
class RunningCluster:
    url: str  # nginx
    app_urls: list[str]
    data_dir: Path

    def kill_app(self, index: int) -> None:
        port = self.app_urls[index].rsplit(':', 1)[1]
        os.kill(int((self.data_dir / f'app-{port}.pid').read_text()), signal.SIGKILL)

    def wait_until_up(self, index: int, timeout: float = 60) -> None:
        wait_until_up(f'{self.app_urls[index]}/healthz', timeout)


@contextmanager
def postgres_database() -> Iterator[str]:
    name = f'ccaa_cluster_{uuid.uuid4().hex[:8]}'
    url = normalize_url(POSTGRES_URL or '').rsplit('/', 1)[0] + f'/{name}'  # the cluster creates it
    try:
        yield url
    finally:
        admin = create_engine(normalize_url(POSTGRES_URL or ''), isolation_level='AUTOCOMMIT')
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope='module')
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCluster]:
    data_dir = tmp_path_factory.mktemp('cluster')
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {'PYTEST_CURRENT_TEST', 'NICEGUI_USER_SIMULATION'}}
    with postgres_database() as database:
        env.update(CCAA_DATABASE_URL=database, CCAA_REDIS_URL=REDIS_URL, CCAA_HOST='127.0.0.1',
                   NICEGUI_REDIS_KEY_PREFIX=f'ccaa-test-{uuid.uuid4().hex[:8]}:')
        log = (data_dir / 'cluster.log').open('wb+')
        process = subprocess.Popen([sys.executable, 'deploy/cluster.py', '--processes', '2', '--port', str(port),
                                    '--data-dir', str(data_dir)], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
        try:
            ports = _started_ports(data_dir / 'cluster.log', process)
            yield RunningCluster(f'http://127.0.0.1:{port}', [f'http://127.0.0.1:{p}' for p in ports], data_dir)
        finally:
            stop(process, timeout=30)


def _started_ports(log: Path, process: subprocess.Popen[bytes], timeout: float = 120) -> list[int]:
    """The app processes' ports, from the line the cluster prints once nginx answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(r'app ports ([\d, ]+);', log.read_text(errors='replace'))
        if found:
            return [int(p) for p in found.group(1).split(', ')]
        if process.poll() is not None:
            break
        time.sleep(0.3)
    raise RuntimeError(f'the cluster did not start:\n{log.read_text(errors="replace")[-4000:]}')


def page_at(browser: Browser, base_url: str) -> Page:
    return browser.new_context(base_url=base_url, locale='zh-CN').new_page()


def test_a_return_on_one_process_raises_the_badge_on_the_other(browser: Browser, cluster: RunningCluster) -> None:
    applicant = page_at(browser, cluster.app_urls[1])
    log_in(applicant, 'test1')
    expect(applicant.get_by_test_id('message-count')).to_have_text('消息 (2)')

    body = page_at(browser, cluster.app_urls[0])
    log_in(body, 'cb1')
    body.get_by_text('办理', exact=True).first.click()
    expect(body).to_have_url(re.compile(r'/institution/cases/\d+$'))
    body.get_by_label('办理意见').fill('请补充继续教育证明')
    body.get_by_test_id('action-return').click()
    expect(body).to_have_url(re.compile(r'/institution$'))

    # no reload on the applicant's page: the other process's page watcher pushes the count
    expect(applicant.get_by_test_id('message-count')).to_have_text('消息 (3)', timeout=3_000)


def test_a_session_carries_on_while_its_process_is_killed_and_restarted(browser: Browser,
                                                                        cluster: RunningCluster) -> None:
    page = page_at(browser, cluster.url)  # through nginx, sticky by its cookie
    log_in(page, 'auditor1')
    expect(page.get_by_test_id('greeting')).to_have_text('您好王芳')
    for index in range(len(cluster.app_urls)):  # whichever process it landed on is killed once
        cluster.kill_app(index)
        page.goto('/my/certificates')
        expect(page.get_by_test_id('greeting')).to_have_text('您好王芳')  # not sent to the login page
        expect(page.get_by_text('CCAA-QMS-2024-00123').first).to_be_visible()
        cluster.wait_until_up(index)  # the cluster starts it again
    page.goto('/my/cases')
    expect(page.get_by_test_id('greeting')).to_have_text('您好王芳')
