"""A bounded load test (issue #13): many open tabs on the portal's pages beside a bare NiceGUI page, and the
exam-registration rush. Loopback only, stops by itself, prints figures; asserts nothing.

    .venv/bin/python bench/load.py                      # 300 tabs on each of: bare page, /my/cases, /
    .venv/bin/python bench/load.py --quick              # 30 tabs each, well under a minute
    .venv/bin/python bench/load.py --tabs 100 --concurrency 20 --pages bare,/my/cases
    .venv/bin/python bench/load.py --url http://127.0.0.1:8080   # the portal's pages of a running server or cluster
    .venv/bin/python bench/load.py --exam-rush          # 2,000 applicants for 500 seats, 200 at once, PostgreSQL

Tabs. Each page is measured on a server of its own, started for it and stopped after it: `bench/bare_page.py` for
`bare` (one page of ~60 elements with a 20-row table, no database, main.py's ui.run settings), and
`python main.py --demo` on SQLite in a temporary data folder for the portal's pages — or, with --url, the server
at that address (then no memory figure: its processes are not ours to measure). A tab is what a browser does to open
a page: GET the page with the browser's cookies, then open NiceGUI's websocket as nicegui.js does (socket.io at
/_nicegui_ws/socket.io, websocket transport, the query nicegui.js sends: the page's client_id and next_message_id,
implicit_handshake, a new document_id and tab_id, old_tab_id=null), and keep it open until the page's run ends,
acknowledging what arrives every 3 s as nicegui.js does. Static files are not fetched (a browser has them cached).
`--concurrency` tabs are being opened at any moment. One warm-up tab is opened (and kept) before the measurement.

Logging in. --browsers simulated browsers (one cookie jar each) take the tabs in turn, logged in as the --users in
turn; a browser's tabs share its cookies, as a real browser's tabs do — and, in a cluster, nginx's route cookie, so
that one browser's tabs all meet one process, as the many browsers of a real rush do not. Each logs in once through the real login page and its websocket: GET /login, connect,
send the events the browser sends when 登录账号 and 密码 are typed (update:value) and 登录 is clicked, wait for the
page's navigation to /login/complete?ticket=…, and GET that, which sets the logged-in session cookie. No browser
is needed, so the same script can be pointed at a cluster from any machine.

Figures per page: page loads + websocket connects per second (tabs opened / time to open them all), the ratio to
the bare page of the same run, p50/p95 of one tab (GET + connect), failed tabs (GET or connect failed, or not
tried before --deadline), dropped (connected, but no longer at the end of the page's run), and memory per open tab
(the server's RSS after the tabs are open minus before, divided by the tabs opened; /proc/<pid>/status; with --url
only if --pid is given), the server's CPU time per tab while they were opened (/proc/<pid>/stat): the figure least
disturbed by the load generator sharing the machine, the load generator's own CPU time per tab, and how busy the
whole machine was meanwhile (/proc/stat, all cores): what is left for a second process of a cluster.

Exam rush (--exam-rush). On a throwaway database ccaa_load_<random> created on the --postgres server (migrated to
the current schema, dropped afterwards): one exam open for registration with --seats seats in one city, --applicants
real-name verified individuals (inserted in bulk into users), and for each a complete draft through the service
(exam_registration.application.start and save_info; the ID photo is a stored_files row of theirs put on the draft,
its processing not being part of the rush). Then --clients clients, released together, submit the drafts
(application.submit, which takes the seat with one conditional UPDATE of exam_cities), each call in a pool of
--workers threads as the app makes it (asyncio.to_thread; --workers 0: a thread per client). Printed: accepted (must
be exactly --seats), refused as full, errors (must be 0), p50/p95 of one submission including its wait for a thread,
p95 of the submission alone once a thread runs it, submissions per second. With C clients waiting on each other, a submission takes C / (submissions per second) on
average, wherever it waits: 200 clients with a p95 of 500 ms need some 400 submissions a second.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import resource
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import bindparam, create_engine, func, insert, text, update  # noqa: E402
from sqlmodel import col, select  # noqa: E402

from deploy.processes import free_port, serving  # noqa: E402
from domain.accounts.accounts import actor_of  # noqa: E402
from domain.services.exam_registration import application  # noqa: E402
from domain.shared import clock  # noqa: E402
from domain.shared.actors import Actor  # noqa: E402
from domain.shared.errors import Invalid  # noqa: E402
from storage import db, migrate  # noqa: E402
from storage.db import normalize_url, unit_of_work  # noqa: E402
from storage.tables import (  # noqa: E402
    Exam,
    ExamApplication,
    ExamCity,
    ExamRegistration,
    StoredFile,
    User,
)

BARE = 'bare'
LABELS = {BARE: 'bare NiceGUI page', '/my/cases': '我的事项 /my/cases', '/': '首页 /'}
PASSWORD = 'Demo@2026'  # domain/demo.py
SOCKET_PATH = '/_nicegui_ws/socket.io'
ACK_SECONDS = 3.0  # nicegui.js acknowledges received messages this often
SETTLE_SECONDS = 2.0  # before reading the server's memory
POSTGRES = 'postgresql://postgres@127.0.0.1:5432/postgres'
RUSH_DEADLINE_SECONDS = 900.0


def percentile_ms(seconds: list[float], fraction: float) -> float | None:
    """The value below which that fraction of the durations lie (nearest rank), in ms."""
    if not seconds:
        return None
    ordered = sorted(seconds)
    return ordered[round(fraction * (len(ordered) - 1))] * 1000


class TabFailed(Exception):
    """A page that did not load or a websocket that did not connect."""


# -- servers ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    url: str
    pid: int | None  # the server process whose memory is measured; None for --url
    pid_folder: Path | None = None  # a cluster's: its app processes' app-<port>.pid files, all measured together


def rss_kb(pid: int | None) -> int | None:
    if pid is None:
        return None
    for line in Path(f'/proc/{pid}/status').read_text().splitlines():
        if line.startswith('VmRSS:'):
            return int(line.split()[1])
    return None


def memory_kb(target: Target) -> int | None:
    """The resident memory of the server: its one process, or every app process of a cluster together."""
    if target.pid_folder is not None:
        sizes = [rss_kb(int(path.read_text())) for path in target.pid_folder.glob('app-*.pid')]
        return sum(size for size in sizes if size is not None) if sizes else None
    return rss_kb(target.pid)


def cpu_seconds(target: Target) -> float | None:
    """The CPU time (user + system) the server's processes have used so far; /proc/<pid>/stat."""
    if target.pid_folder is not None:
        pids = [int(path.read_text()) for path in target.pid_folder.glob('app-*.pid')]
    else:
        pids = [target.pid] if target.pid is not None else []
    if not pids:
        return None
    ticks = 0
    for pid in pids:
        fields = Path(f'/proc/{pid}/stat').read_text().rpartition(')')[2].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf('SC_CLK_TCK')


def machine_seconds() -> tuple[float, float]:
    """(busy, all) CPU time of the whole machine so far, summed over its cores; /proc/stat."""
    ticks = [int(n) for n in Path('/proc/stat').read_text().splitlines()[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    total = sum(ticks[:8])  # up to steal; guest time is already counted in user
    return (total - idle) / os.sysconf('SC_CLK_TCK'), total / os.sysconf('SC_CLK_TCK')


def own_cpu_seconds() -> float:
    """The CPU time of this process: the load generator itself."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def local_server(*command: str) -> Iterator[Target]:
    """`python <command>` on a free loopback port with a temporary data folder; stopped on the way out, whatever
    happens."""
    with tempfile.TemporaryDirectory(prefix='ccaa-load-') as folder:
        data, port = Path(folder), free_port()
        env = {k: v for k, v in os.environ.items() if k != 'CCAA_DATABASE_URL'}
        env.update(CCAA_DATA_DIR=str(data), CCAA_PORT=str(port), CCAA_HOST='127.0.0.1',
                   NICEGUI_STORAGE_PATH=str(data / '.nicegui'), CCAA_REMINDER_HOURS='0')
        url = f'http://127.0.0.1:{port}'
        with serving([sys.executable, *command], cwd=ROOT, env=env, log=data / 'server.log',
                     ready_url=url + '/healthz', timeout=120) as process:
            yield Target(url, process.pid)


@contextmanager
def server_for(page: str, url: str | None, pid: int | None = None) -> Iterator[Target]:
    if page == BARE:
        with local_server('bench/bare_page.py') as target:
            yield target
    elif url:
        yield Target(url.rstrip('/'), pid)
    else:
        with local_server('main.py', '--demo') as target:
            yield target


@contextmanager
def cluster_server(processes: int, postgres: str) -> Iterator[Target]:
    """`dev.py cluster` (deploy/cluster.py) with N processes behind nginx, on a throwaway PostgreSQL database and
    its own Redis key prefix; stopped on the way out."""
    with throwaway_database(postgres) as database, tempfile.TemporaryDirectory(prefix='ccaa-cluster-') as folder:
        data, port = Path(folder), free_port()
        env = {**os.environ, 'CCAA_DATABASE_URL': database, 'CCAA_REMINDER_HOURS': '0',
               'NICEGUI_REDIS_KEY_PREFIX': f'ccaa-load-{uuid.uuid4().hex[:8]}:'}
        url = f'http://127.0.0.1:{port}'
        with serving([sys.executable, 'deploy/cluster.py', '--processes', str(processes), '--port', str(port),
                      '--data-dir', str(data)], cwd=ROOT, env=env, log=data / 'cluster.log',
                     ready_url=url + '/healthz', timeout=180, stop_timeout=30):
            yield Target(url, None, pid_folder=data)


# -- a simulated browser and its tabs ---------------------------------------------------------------------------

def page_elements(html: str) -> dict[str, Any]:
    """The elements a NiceGUI page is built from, as nicegui.js's parseElements reads them."""
    found = re.search(r'parseElements\(String\.raw`(.*?)`\)', html, re.S)
    if not found:
        raise TabFailed('no NiceGUI elements in the page')
    raw = found.group(1)
    for escaped, plain in (('&#36;', '$'), ('&#96;', '`'), ('&gt;', '>'), ('&lt;', '<'), ('&amp;', '&')):
        raw = raw.replace(escaped, plain)
    return json.loads(raw)  # type: ignore[no-any-return]


def socket_query(html: str) -> dict[str, str]:
    """What nicegui.js puts in the websocket's query string for this page."""
    client_id = re.search(r"'client_id': '([0-9a-f-]+)'", html)
    next_message_id = re.search(r"'next_message_id': (\d+)", html)
    if not client_id or not next_message_id:
        raise TabFailed('no client_id in the page')
    return {'client_id': client_id.group(1), 'next_message_id': next_message_id.group(1),
            'implicit_handshake': 'true', 'document_id': str(uuid.uuid4()), 'tab_id': str(uuid.uuid4()),
            'old_tab_id': 'null'}


def listener(elements: dict[str, Any], test_id: str, event: str) -> tuple[int, str]:
    """(element id, listener id) of the element with that data-testid and its listener of that event."""
    for element_id, element in elements.items():
        if element.get('props', {}).get('data-testid') == test_id:
            for found in element.get('events', []):
                if found['type'] == event:
                    return int(element_id), found['listener_id']
    raise TabFailed(f'no {event} listener on {test_id}')


@dataclass
class Browser:
    """One browser: its cookies, shared by all its tabs."""

    base: str
    http: aiohttp.ClientSession

    @classmethod
    def open(cls, base: str, timeout: float) -> Browser:
        return cls(base, aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),  # unsafe: IP addresses
                                               connector=aiohttp.TCPConnector(limit=0),
                                               timeout=aiohttp.ClientTimeout(total=timeout)))

    def cookie_header(self) -> str:
        return '; '.join(f'{c.key}={c.value}' for c in self.http.cookie_jar)

    async def get(self, path: str, follow: bool = True) -> tuple[aiohttp.ClientResponse, str]:
        try:
            async with self.http.get(self.base + path, allow_redirects=follow) as response:
                return response, await response.text()
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise TabFailed(f'GET {path}: {type(error).__name__} {error}') from error

    async def get_page(self, path: str) -> str:
        response, html = await self.get(path)
        if response.status != 200 or response.url.path != path.split('?')[0]:  # e.g. sent to the login page
            raise TabFailed(f'GET {path}: {response.status} at {response.url.path}')
        return html

    async def log_in(self, account: str, timeout: float) -> None:
        """Through the login page, as a person does with the keyboard and the mouse."""
        html = await self.get_page('/login')
        elements = page_elements(html)
        tab = Tab()
        await tab.connect(self, html, timeout)
        try:
            await tab.type(elements, 'account', account)
            await tab.type(elements, 'password', PASSWORD)
            await tab.click(elements, 'login')
            path = await asyncio.wait_for(tab.navigation, timeout)
        except asyncio.TimeoutError:
            raise TabFailed(f'{account}: the login page did not move on within {timeout:.0f} s') from None
        finally:
            await tab.close(timeout)
        response, _ = await self.get(path, follow=False)  # sets the logged-in session cookie
        if response.status != 303 or response.headers.get('Location', '').startswith('/login'):
            raise TabFailed(f'{account} could not log in: {response.status} {response.headers.get("Location")}')


class Tab:
    """One open page: its websocket, acknowledging what it receives as nicegui.js does."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on('*', self._received)
        self.client_id = ''
        self.next_message_id = 0
        self.acked = -1
        self.navigation: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def _received(self, event: str, data: Any = None) -> None:
        if isinstance(data, dict) and isinstance(data.get('_id'), int):
            self.next_message_id = data['_id'] + 1
        if event == 'open' and not self.navigation.done():
            self.navigation.set_result(data['path'])

    async def connect(self, browser: Browser, html: str, timeout: float) -> None:
        query = socket_query(html)
        self.client_id, self.next_message_id = query['client_id'], int(query['next_message_id'])
        try:
            await self.sio.connect(f'{browser.base}/?{urlencode(query)}', transports=['websocket'],
                                   socketio_path=SOCKET_PATH, wait_timeout=timeout,
                                   headers={'Cookie': browser.cookie_header(), 'Origin': browser.base})
        except (socketio.exceptions.ConnectionError, asyncio.TimeoutError) as error:
            await self.close(timeout)
            raise TabFailed(f'connect: {error}') from error

    async def emit_event(self, element_id: int, listener_id: str, args: list[str]) -> None:
        await self.sio.emit('event', {'id': element_id, 'client_id': self.client_id, 'listener_id': listener_id,
                                      'args': args})

    async def type(self, elements: dict[str, Any], test_id: str, text: str) -> None:
            await self.emit_event(*listener(elements, test_id, 'update:value'), [json.dumps(text)])

    async def click(self, elements: dict[str, Any], test_id: str) -> None:
        await self.emit_event(*listener(elements, test_id, 'click'), [])

    async def ack(self) -> None:
        if self.sio.connected and self.next_message_id > self.acked:
            await self.sio.emit('ack', {'client_id': self.client_id, 'next_message_id': self.next_message_id})
            self.acked = self.next_message_id

    async def close(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self.sio.disconnect(), timeout)
        except (asyncio.TimeoutError, socketio.exceptions.SocketIOError):
            pass


async def open_tab(browser: Browser, path: str, timeout: float) -> tuple[Tab, float]:
    """GET the page and connect its websocket; the tab and the seconds it took."""
    start = time.perf_counter()
    html = await browser.get_page(path)
    tab = Tab()
    await tab.connect(browser, html, timeout)
    return tab, time.perf_counter() - start


# -- one page's run ----------------------------------------------------------------------------------------------

@dataclass
class PageResult:
    page: str
    tabs: int
    opened: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    dropped: int = 0
    kb_per_tab: float | None = None
    cpu_ms_per_tab: float | None = None  # the server's CPU time while the tabs were opened, per tab
    client_ms_per_tab: float | None = None  # the load generator's own CPU time, per tab
    machine_busy: float | None = None  # the share of all the machine's cores busy while the tabs were opened
    cluster: int = 0  # measured through nginx on a cluster of this many processes

    @property
    def rate(self) -> float:
        return self.opened / self.seconds if self.seconds else 0.0



async def acknowledge(tabs: list[Tab]) -> None:
    while True:
        await asyncio.sleep(ACK_SECONDS)
        for tab in list(tabs):
            try:
                await tab.ack()
            except socketio.exceptions.SocketIOError:
                pass


async def open_tabs(browsers: list[Browser], path: str, args: argparse.Namespace, tabs: list[Tab],
                    result: PageResult) -> None:
    """result.tabs tabs, args.concurrency at a time, the browsers taking turns; each kept in `tabs`."""
    numbers = itertools.count()
    deadline = time.monotonic() + args.deadline

    async def worker() -> None:
        while (n := next(numbers)) < result.tabs:
            if time.monotonic() > deadline:
                result.failures['not tried before --deadline'] += 1
                continue
            try:
                tab, seconds = await open_tab(browsers[n % len(browsers)], path, args.timeout)
            except TabFailed as error:
                result.failures[str(error)[:120]] += 1
                continue
            tabs.append(tab)
            result.latencies.append(seconds)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(args.concurrency)))
    result.seconds = time.perf_counter() - start
    result.opened = len(result.latencies)


async def measure(target: Target, page: str, args: argparse.Namespace) -> PageResult:
    path = '/' if page == BARE else page
    accounts = [None if page == BARE else args.users[n % len(args.users)] for n in range(args.browsers)]
    browsers = [Browser.open(target.url, args.timeout) for _ in accounts]
    tabs: list[Tab] = []
    acks = asyncio.create_task(acknowledge(tabs))
    result = PageResult(page, args.tabs)
    try:
        for browser, account in zip(browsers, accounts):
            if account:
                await browser.log_in(account, args.timeout)
        tabs.append((await open_tab(browsers[0], path, args.timeout))[0])  # warm-up, not counted
        await asyncio.sleep(SETTLE_SECONDS)
        before, cpu_before = memory_kb(target), cpu_seconds(target)
        own_before, (busy_before, all_before) = own_cpu_seconds(), machine_seconds()
        await open_tabs(browsers, path, args, tabs, result)
        cpu_after = cpu_seconds(target)
        own_after, (busy_after, all_after) = own_cpu_seconds(), machine_seconds()
        if cpu_before is not None and cpu_after is not None and result.opened:
            result.cpu_ms_per_tab = (cpu_after - cpu_before) * 1000 / result.opened
        if result.opened:
            result.client_ms_per_tab = (own_after - own_before) * 1000 / result.opened
        if all_after > all_before:
            result.machine_busy = (busy_after - busy_before) / (all_after - all_before)
        await asyncio.sleep(SETTLE_SECONDS)
        after = memory_kb(target)
        if before is not None and after is not None and result.opened:
            result.kb_per_tab = (after - before) / result.opened
        result.dropped = sum(not tab.sio.connected for tab in tabs[1:])
    finally:
        acks.cancel()
        await asyncio.gather(*(tab.close(args.timeout) for tab in tabs))
        await asyncio.gather(*(browser.http.close() for browser in browsers))
    return result


def run_tabs(args: argparse.Namespace) -> None:
    results = []
    for page in args.pages:
        print(f'{LABELS.get(page, page)}: {args.tabs} tabs, {args.concurrency} at a time …', flush=True)
        with server_for(page, args.url, args.pid) as target:
            try:
                results.append(asyncio.run(measure(target, page, args)))
            except TabFailed as error:  # the login or the warm-up tab: no figures for this page
                print(f'  not measured: {error}')
    for processes in args.cluster:
        for page in [p for p in args.pages if p != BARE]:
            print(f'{LABELS.get(page, page)}, cluster of {processes}: {args.tabs} tabs …', flush=True)
            with cluster_server(processes, args.postgres) as target:
                try:
                    result = asyncio.run(measure(target, page, args))
                except TabFailed as error:
                    print(f'  not measured: {error}')
                    continue
            result.cluster = processes
            results.append(result)
    print_table(results, args)


def print_table(results: list[PageResult], args: argparse.Namespace) -> None:
    bare = next((r for r in results if r.page == BARE and r.rate), None)

    def number(value: float | None, digits: int = 0) -> str:
        return '—' if value is None else f'{value:.{digits}f}'

    def percent(value: float | None) -> str:
        return '—' if value is None else f'{value:.0%}'

    print()
    print(f'{time.strftime("%Y-%m-%d %H:%M")}, {os.cpu_count()} cores, {args.concurrency} at a time, '
          f'{args.browsers} browsers as {",".join(args.users)}{", " + args.url if args.url else ""}')
    print('| page | tabs | opened | page loads + connects/s | ratio to bare | p50 ms | p95 ms | failed | dropped '
          '| KB per open tab | server CPU ms per tab | load generator CPU ms per tab | machine busy |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    for r in results:
        ratio = r.rate / bare.rate if bare else None
        label = LABELS.get(r.page, r.page) + (f' (cluster of {r.cluster})' if r.cluster else '')
        print(f'| {label} | {r.tabs} | {r.opened} | {r.rate:.1f} | {number(ratio, 2)} '
              f'| {number(percentile_ms(r.latencies, 0.5))} | {number(percentile_ms(r.latencies, 0.95))} '
              f'| {sum(r.failures.values())} | {r.dropped} | {number(r.kb_per_tab)} | {number(r.cpu_ms_per_tab)} '
              f'| {number(r.client_ms_per_tab)} | {percent(r.machine_busy)} |')
    for r in results:
        # a cluster against a cluster of one (the same nginx, PostgreSQL and Redis) when that was measured too,
        # else against the one process on SQLite
        one = next((s for s in results if s.page == r.page and s.cluster == 1 and s.rate), None) \
            or next((s for s in results if s.page == r.page and not s.cluster and s.rate), None)
        if r.cluster > 1 and one:
            base = 'a cluster of 1' if one.cluster else 'one process'
            busy = f' (the machine {percent(one.machine_busy)} busy, then {percent(r.machine_busy)})'
            print(f'  {LABELS.get(r.page, r.page)}: cluster of {r.cluster} / {base} = {r.rate / one.rate:.2f}{busy}')
    for r in results:
        for reason, count in r.failures.most_common(3):
            print(f'  {LABELS.get(r.page, r.page)}: {count} × {reason}')


# -- the exam-registration rush ----------------------------------------------------------------------------------

@contextmanager
def throwaway_database(server_url: str) -> Iterator[str]:
    name = f'ccaa_load_{uuid.uuid4().hex[:8]}'
    admin = create_engine(normalize_url(server_url), isolation_level='AUTOCOMMIT')
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE {name}'))
    try:
        yield normalize_url(server_url).rsplit('/', 1)[0] + f'/{name}'
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)'))
        admin.dispose()


def add_exam(seats: int) -> tuple[int, int]:
    """An exam open for registration today (no review: 提交 gives the 准考证号) in one city; (exam id, city id)."""
    today = clock.today()
    with unit_of_work(write=True) as session:
        exam = Exam(name='负载测试考试', subject='管理体系认证基础', exam_date=today + timedelta(days=40),
                    registration_opens_on=today - timedelta(days=1), registration_closes_on=today + timedelta(days=9),
                    created_at=clock.now())
        session.add(exam)
        session.flush()
        city = ExamCity(exam_id=exam.id, city='北京', seats=seats)  # type: ignore[arg-type]
        session.add(city)
        session.flush()
        return exam.id, city.id  # type: ignore[return-value]


def add_applicants(count: int) -> list[Actor]:
    """`count` real-name verified individuals, inserted in one statement; their actors."""
    now = clock.now()
    with unit_of_work(write=True) as session:
        session.execute(insert(User), [
            {'account': f'rush{n}', 'password_hash': 'x', 'name': f'考生{n}', 'role': 'individual',
             'id_type': '居民身份证', 'gender': '男', 'birth_date': date(1990, 1, 1), 'mobile': f'139{n:08d}',
             'real_name_verified': True, 'is_expert': False, 'is_teacher': False, 'created_at': now}
            for n in range(count)])
    with unit_of_work() as session:
        users = session.exec(select(User).where(col(User.account).like('rush%')).order_by(col(User.id))).all()
        return [actor_of(session, user) for user in users]


def complete_drafts(actors: list[Actor], exam_id: int, city_id: int, workers: int) -> list[int]:
    """A complete draft for each applicant, through the service; the case ids."""

    def draft(actor: Actor) -> int:
        case_id: int = application.start(actor).case.id
        application.save_info(actor, case_id, exam_id=exam_id, exam_city_id=city_id, ethnicity='汉族',
                              education='本科', residence_city='北京', employer='北京精工制造有限公司')
        return case_id

    with ThreadPoolExecutor(workers) as pool:
        case_ids = list(pool.map(draft, actors))
    give_photos(actors, case_ids)
    return case_ids


def give_photos(actors: list[Actor], case_ids: list[int]) -> None:
    """An ID photo row of each applicant's own on their draft (the picture's processing is not part of the rush)."""
    now = clock.now()
    with unit_of_work(write=True) as session:
        session.execute(insert(StoredFile), [
            {'owner_id': actor.user_id, 'purpose': application.PHOTO_PURPOSE, 'original_name': '证件照.jpg',
             'content_type': 'image/jpeg', 'size': 1, 'storage_name': f'load-{case_id}', 'created_at': now}
            for actor, case_id in zip(actors, case_ids)])
        photos = dict(session.exec(select(StoredFile.storage_name, StoredFile.id)
                                   .where(col(StoredFile.storage_name).like('load-%'))).all())
        session.connection().execute(
            update(ExamApplication).where(col(ExamApplication.case_id) == bindparam('case'))
            .values(photo_file_id=bindparam('photo')),
            [{'case': case_id, 'photo': photos[f'load-{case_id}']} for case_id in case_ids])


@dataclass
class RushResult:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # as a client waits: for a thread, then the submission
    in_thread: list[float] = field(default_factory=list)  # the submission alone, once a thread runs it
    outcomes: Counter[str] = field(default_factory=Counter)


def submit_one(actor: Actor, case_id: int) -> tuple[str, float]:
    """(outcome, seconds the submission took in its thread)."""
    start = time.perf_counter()
    try:
        application.submit(actor, case_id)
        outcome = 'accepted'
    except Invalid as error:
        outcome = f'refused: {error.message}'
    except Exception as error:  # noqa: BLE001 - counted and shown: the figure says there must be none
        outcome = f'error: {type(error).__name__}: {str(error)[:100]}'
    return outcome, time.perf_counter() - start


def rush(actors: list[Actor], case_ids: list[int], clients: int, workers: int) -> RushResult:
    """`clients` clients, released together, submit the drafts (each its share, one after another). With workers,
    as the app does it: each client waits for its call in a pool of that many threads (ui.call: asyncio.to_thread,
    whose pool has min(32, cores + 4) threads); without, each client is a thread of its own."""
    if workers:
        return asyncio.run(rush_through_pool(list(zip(actors, case_ids)), clients, workers))
    result = RushResult()
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client(pairs: list[tuple[Actor, int]]) -> None:
        barrier.wait(timeout=60)
        for actor, case_id in pairs:
            start = time.perf_counter()
            outcome, seconds = submit_one(actor, case_id)
            with lock:
                result.latencies.append(time.perf_counter() - start)
                result.in_thread.append(seconds)
                result.outcomes[outcome] += 1

    pairs = list(zip(actors, case_ids))
    threads = [threading.Thread(target=client, args=(pairs[n::clients],), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=60)
    start = time.perf_counter()
    for thread in threads:  # daemon threads: whatever still hangs at the deadline ends with the process
        thread.join(timeout=max(0.0, start + RUSH_DEADLINE_SECONDS - time.perf_counter()))
    result.seconds = time.perf_counter() - start
    return result


async def rush_through_pool(pairs: list[tuple[Actor, int]], clients: int, workers: int) -> RushResult:
    result = RushResult()
    loop = asyncio.get_running_loop()

    async def client(mine: list[tuple[Actor, int]]) -> None:
        for actor, case_id in mine:
            start = time.perf_counter()
            outcome, seconds = await loop.run_in_executor(pool, submit_one, actor, case_id)
            result.latencies.append(time.perf_counter() - start)
            result.in_thread.append(seconds)
            result.outcomes[outcome] += 1

    with ThreadPoolExecutor(workers) as pool:
        start = time.perf_counter()
        try:
            await asyncio.wait_for(asyncio.gather(*(client(pairs[n::clients]) for n in range(clients))),
                                   RUSH_DEADLINE_SECONDS)
        finally:
            result.seconds = time.perf_counter() - start
    return result


def seat_figures(exam_id: int, city_id: int) -> tuple[int, int, int]:
    """(registrations accepted, seats taken, distinct 准考证号) as the database has them."""
    with unit_of_work() as session:
        accepted, numbers = session.exec(
            select(func.count(), func.count(func.distinct(ExamRegistration.admission_no)))
            .where(col(ExamRegistration.exam_id) == exam_id, col(ExamRegistration.status) == 'accepted')).one()
        city = session.get(ExamCity, city_id)
        return accepted, city.seats_taken if city else -1, numbers


def run_exam_rush(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix='ccaa-rush-') as folder, throwaway_database(args.postgres) as url:
        os.environ['CCAA_DATA_DIR'] = folder  # what the services write beside the database (outboxes) goes there
        migrate.upgrade(db.configure(url))
        try:
            start = time.perf_counter()
            exam_id, city_id = add_exam(args.seats)
            actors = add_applicants(args.applicants)
            case_ids = complete_drafts(actors, exam_id, city_id, workers=10)
            print(f'{args.applicants} applicants with complete drafts in {time.perf_counter() - start:.1f} s; '
                  f'{args.clients} clients submit …', flush=True)
            result = rush(actors, case_ids, args.clients, args.workers)
            accepted, taken, numbers = seat_figures(exam_id, city_id)
        finally:
            db.get_engine().dispose()  # before the database is dropped
    print_rush(result, accepted, taken, numbers, args)


def print_rush(result: RushResult, accepted: int, taken: int, numbers: int, args: argparse.Namespace) -> None:
    errors = sum(count for outcome, count in result.outcomes.items() if outcome.startswith('error'))
    refused = sum(count for outcome, count in result.outcomes.items() if outcome.startswith('refused'))
    p50, p95 = (percentile_ms(result.latencies, q) or 0.0 for q in (0.5, 0.95))
    in_thread = percentile_ms(result.in_thread, 0.95) or 0.0
    print()
    print(f'{time.strftime("%Y-%m-%d %H:%M")}, {os.cpu_count()} cores, PostgreSQL')
    print('| applicants | seats | clients | worker threads | accepted | refused | errors | p50 ms | p95 ms '
          '| p95 ms in a thread | submissions/s |')
    print('|---|---|---|---|---|---|---|---|---|---|---|')
    print(f'| {args.applicants} | {args.seats} | {args.clients} | {args.workers or args.clients} | {accepted} '
          f'| {refused} | {errors} | {p50:.0f} | {p95:.0f} | {in_thread:.0f} '
          f'| {len(result.latencies) / result.seconds:.0f} |')
    print(f'seats taken {taken}, distinct 准考证号 {numbers}; '
          f'{"as it must be" if accepted == taken == numbers == args.seats and not errors else "NOT AS IT MUST BE"}')
    for outcome, count in result.outcomes.most_common():
        print(f'  {count} × {outcome}')


# -- command line ------------------------------------------------------------------------------------------------

def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--tabs', type=int, default=300, help='tabs opened on each page (default 300)')
    parser.add_argument('--concurrency', type=int, default=10, help='tabs being opened at once (default 10)')
    parser.add_argument('--pages', default=f'{BARE},/my/cases,/',
                        help=f'comma-separated paths, "{BARE}" for the bare NiceGUI page (default %(default)s)')
    parser.add_argument('--url', help='measure the portal pages of this running server or cluster instead of '
                                      'starting one (the bare page is still started here)')
    parser.add_argument('--pid', type=int, help="with --url: the server's process id, for its memory and CPU figures")
    parser.add_argument('--users', default='test1', help='demo accounts the browsers log in as, in turn '
                                                        '(default test1)')
    parser.add_argument('--browsers', type=int, default=32,
                        help='simulated browsers, each with its own cookies, sharing the tabs (default 32): a '
                             "cluster's nginx keeps each browser on one process, so one browser would measure one")
    parser.add_argument('--timeout', type=float, default=30, help='seconds for one GET or connect (default 30)')
    parser.add_argument('--deadline', type=float, default=600,
                        help='seconds for opening one page\'s tabs; tabs not tried by then fail (default 600)')
    parser.add_argument('--quick', action='store_true', help='30 tabs a page')
    parser.add_argument('--cluster', type=lambda text: [int(n) for n in text.split(',')], default=[],
                        metavar='N[,M]', help='also measure the portal pages on `dev.py cluster --processes N` '
                        '(PostgreSQL from --postgres, Redis, nginx) in the same run; --cluster 1,2 compares a cluster '
                        'of 2 with one of 1')
    parser.add_argument('--exam-rush', action='store_true', help='the exam-registration rush instead of tabs')
    parser.add_argument('--postgres', default=POSTGRES, help='PostgreSQL server for --exam-rush (default %(default)s)')
    parser.add_argument('--applicants', type=int, default=2000)
    parser.add_argument('--seats', type=int, default=500)
    parser.add_argument('--clients', type=int, default=200)
    parser.add_argument('--workers', type=int, default=min(32, (os.cpu_count() or 1) + 4),
                        help="the clients' calls run in a pool of this many threads, as in the app (default "
                             "%(default)s, asyncio.to_thread's); 0: each client a thread of its own")
    args = parser.parse_args(argv)
    args.pages = [p.strip() for p in args.pages.split(',') if p.strip()]
    args.users = [u.strip() for u in args.users.split(',') if u.strip()]
    if args.quick:
        args.tabs = 30
    return args


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out (finally)
    args = parse_args(argv)
    if args.exam_rush:
        run_exam_rush(args)
    else:
        run_tabs(args)
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:  # the servers are stopped by then
        print('interrupted', file=sys.stderr)
        sys.exit(130)
