"""How fast is 我的事项 for a user with 10,000 cases in a database of 1,000,000? Prints figures; asserts nothing.

    .venv/bin/python bench/my_cases_bench.py                       # a temp SQLite file (removed afterwards)
    .venv/bin/python bench/my_cases_bench.py --postgres URL        # a throwaway database on that server (dropped)
    .venv/bin/python bench/my_cases_bench.py --sqlite --postgres URL   # both, one after the other
    .venv/bin/python bench/my_cases_bench.py --cases 100000        # a smaller run
    .venv/bin/python bench/my_cases_bench.py --candidate covering  # measure, add a candidate index, measure again
    .venv/bin/python bench/my_cases_bench.py --index 'CREATE INDEX ...'    # the same with any index
    .venv/bin/python bench/my_cases_bench.py --explain             # also print each query's plan

URL is a server URL such as postgresql://postgres@127.0.0.1:5432/postgres; the bench connects to its database only
to CREATE and DROP a database named ccaa_bench_<random>, and fills and measures that one.

Measures the server side of one page view: the query through the domain service and turning the rows into the
table's row dicts, as pages/my_cases.py does. Target: each under 50 ms.

By default the user's cases are spread through the table (every total/mine-th case is theirs, as when one applicant
applies now and then among everybody else); --layout clustered puts them all in the first rows, which flatters
every plan that reads the table rows (they then sit in a few adjacent pages).

Indexes given with --index / --candidate are for measurement only (the schema comes from the migrations): each
variant is created, measured and dropped in turn, after the measurements of the schema as it is.
"""
from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, event, insert, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402

from domain.engine import my_cases  # noqa: E402
from domain.engine.my_cases import CaseQuery  # noqa: E402
from domain.shared.actors import Actor, Role  # noqa: E402
from pages.my_cases import _row  # noqa: E402
from storage import db, migrate  # noqa: E402
from storage.tables import Case, Institution, User  # noqa: E402

STAGES = [('draft', 'draft'), ('body_review', 'in_progress'), ('payment', 'in_progress'),
          ('rectification', 'in_progress'), ('ccaa_review', 'in_progress'), ('closed', 'closed')]
SUMMARIES = ['体系认证审核员: QMS', '体系认证审核员: EMS', '实习审核员: OHSMS', '高级审核员: ISMS']
TARGET_MS = 50.0

# Candidate indexes, for measurement only. Plain CREATE INDEX, valid on SQLite and PostgreSQL alike.
# (The 业务环节 filter's index, (applicant_id, service_code, stage, created_at), measured here first, is now in the
# schema: migration 0007.)
CANDIDATE_INDEXES = {
    # Alternative: ix_case_applicant_created widened so that both filters' counts (业务环节, and the LIKE on
    # summary of 事项名称) are answered from the index; it would replace ix_case_applicant_created (same prefix).
    'covering': 'CREATE INDEX ix_case_applicant_created_cover '
                'ON cases (applicant_id, created_at, service_code, stage, summary)',
}


@dataclass
class Result:
    database: str
    variant: str
    name: str
    median: float
    p95: float


def fill(total: int, mine: int, users: int, layout: str) -> int:
    """Insert `users` applicants and `total` cases, `mine` of them the first user's; returns that user's id."""
    engine = db.get_engine()
    now = datetime.now(timezone.utc)
    with engine.begin() as connection:
        connection.execute(insert(Institution), [{'code': 'B1', 'name': '基准认证机构', 'kind': 'certification'}])
        connection.execute(insert(User), [
            {'account': f'bench{i}', 'password_hash': 'x', 'name': f'用户{i}', 'role': 'individual',
             'created_at': now, 'is_expert': False, 'is_teacher': False, 'real_name_verified': True}
            for i in range(users)])
        first = connection.execute(text("SELECT id FROM users WHERE account = 'bench0'")).scalar_one()
    step = max(1, total // max(1, mine))
    rng = random.Random(7)
    batch: list[dict[str, object]] = []
    for n in range(total):
        if layout == 'clustered':
            is_mine = n < mine
        else:
            is_mine = n % step == 0 and n // step < mine
        applicant = first if is_mine else first + 1 + rng.randrange(users - 1)
        stage, status = rng.choice(STAGES)
        created = now - timedelta(minutes=n)
        batch.append({'case_no': f'{n:014d}', 'service_code': 'registration', 'summary': rng.choice(SUMMARIES),
                      'applicant_id': applicant, 'body_id': None, 'stage': stage, 'status': status,
                      'round': 1, 'version': 1, 'created_at': created, 'due_on': created.date() + timedelta(days=21)})
        if len(batch) == 20_000:
            with engine.begin() as connection:
                connection.execute(insert(Case), batch)
            batch.clear()
    if batch:
        with engine.begin() as connection:
            connection.execute(insert(Case), batch)
    settle(engine)
    return first


def settle(engine: Engine) -> None:
    """Fresh statistics. On PostgreSQL also VACUUM, as autovacuum would soon after a bulk load (it sets the
    visibility map that index-only scans need); otherwise autovacuum may start in the middle of the measurements."""
    if engine.dialect.name == 'postgresql':
        with engine.connect().execution_options(isolation_level='AUTOCOMMIT') as connection:
            connection.execute(text('VACUUM ANALYZE'))
    else:
        with engine.begin() as connection:
            connection.execute(text('ANALYZE'))


def index_name_of(ddl: str) -> str:
    match = re.search(r'\bINDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(\S+)\s+ON\b', ddl, re.IGNORECASE)
    if match is None:
        raise SystemExit(f'not a CREATE INDEX name ON ...: {ddl}')
    return match.group(1)


def index_size(engine: Engine, name: str) -> str:
    with engine.connect() as connection:
        if engine.dialect.name == 'postgresql':
            size = connection.execute(text('SELECT pg_relation_size(CAST(:n AS regclass))'), {'n': name}).scalar_one()
        else:
            try:
                size = connection.execute(text('SELECT sum(pgsize) FROM dbstat WHERE name = :n'),
                                          {'n': name}).scalar_one()
            except Exception:  # SQLite built without dbstat
                return 'size unknown'
    return f'{(size or 0) / 2**20:.0f} MB'


def display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in 'WF' else 1 for ch in s)


def pad(s: str, width: int) -> str:
    return s + ' ' * max(0, width - display_width(s))


def line(r: Result) -> str:
    flag = '' if r.median < TARGET_MS and r.p95 < TARGET_MS else '   > 50 ms'
    label = r.database if r.variant == 'as is' else f'{r.database} + {r.variant}'
    return f'{pad(label, 22)} {pad(r.name, 36)} median {r.median:8.2f} ms   p95 {r.p95:8.2f} ms{flag}'


def timed(database: str, variant: str, name: str, fn: Callable[[], object], repeat: int) -> Result:
    fn()  # warm the caches
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    ordered = sorted(samples)
    result = Result(database, variant, name, statistics.median(samples), ordered[math.ceil(.95 * repeat) - 1])
    print(line(result), flush=True)
    return result


def explain(engine: Engine, fn: Callable[[], object]) -> None:
    """Run fn once, capture its SELECTs, and print each one's plan (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE)."""
    captured: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        captured.append((statement, parameters))

    event.listen(engine, 'before_cursor_execute', capture)
    try:
        fn()
    finally:
        event.remove(engine, 'before_cursor_execute', capture)
    prefix = 'EXPLAIN (ANALYZE, BUFFERS) ' if engine.dialect.name == 'postgresql' else 'EXPLAIN QUERY PLAN '
    raw = engine.raw_connection()
    try:
        for statement, parameters in captured:
            if not statement.lstrip().upper().startswith('SELECT'):
                continue
            print('      ' + ' '.join(statement.split()))
            print(f'      -- {parameters}')
            cursor = raw.cursor()
            cursor.execute(prefix + statement, parameters)
            for row in cursor.fetchall():
                print(f'        {row[-1]}')
            cursor.close()
        raw.rollback()
    finally:
        raw.close()


def measure(database: str, variant: str, actor: Actor, repeat: int, show_plans: bool) -> list[Result]:
    def page(query: CaseQuery) -> None:
        result = my_cases.list_my_cases(actor, query)
        [_row(case) for case in result.rows]

    measurements: list[tuple[str, Callable[[], object]]] = [
        ('first page (全部, newest first)', lambda: page(CaseQuery())),
        ('page 500 (全部)', lambda: page(CaseQuery(page=500))),
        ('page 500 (全部), query only', lambda: my_cases.list_my_cases(actor, CaseQuery(page=500))),
        ('办理中 tab, first page', lambda: page(CaseQuery(tab='办理中'))),
        ('filtered: 业务环节 机构初核', lambda: page(CaseQuery(stage_text='机构初核'))),
        ('filtered: 事项名称 QMS', lambda: page(CaseQuery(service_text='QMS'))),
        ('summary counts', lambda: my_cases.summary(actor)),
    ]
    results = []
    for name, fn in measurements:
        results.append(timed(database, variant, name, fn, repeat))
        if show_plans:
            explain(db.get_engine(), fn)
    return results


def run(database: str, args: argparse.Namespace) -> list[Result]:
    """Create a throwaway database, fill it, measure (and again with the extra indexes), then remove it."""
    cleanup: Callable[[], None]
    if database == 'postgresql':
        server = make_url(db.normalize_url(args.postgres))
        name = f'ccaa_bench_{uuid.uuid4().hex[:8]}'
        admin = create_engine(server, isolation_level='AUTOCOMMIT')
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE {name}'))
        url = server.set(database=name).render_as_string(hide_password=False)
        where = f'{server.host}:{server.port or 5432}/{name}'

        def cleanup() -> None:
            db.configure('sqlite://')  # closes the bench's connections to the throwaway database
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)'))
            admin.dispose()
    else:
        folder = tempfile.mkdtemp(prefix='ccaa-bench-')
        url = f'sqlite:///{folder}/bench.db'
        where = f'{folder}/bench.db'

        def cleanup() -> None:
            db.configure('sqlite://')
            shutil.rmtree(folder, ignore_errors=True)
    results: list[Result] = []
    try:
        migrate.upgrade(db.configure(url))
        start = time.perf_counter()
        user_id = fill(args.cases, args.mine, args.users, args.layout)
        engine = db.get_engine()
        version = engine.dialect.server_version_info
        print(f'\n{database} {".".join(map(str, version or ()))} at {where}: {args.cases:,} cases, {args.mine:,} of '
              f'them one user\'s ({args.layout}), filled in {time.perf_counter() - start:.0f} s', flush=True)
        actor = Actor(user_id=user_id, name='用户0', role=Role.INDIVIDUAL)
        variants = [(name, CANDIDATE_INDEXES[name]) for name in args.candidate or []]
        variants += [(f'index {n + 1}', ddl) for n, ddl in enumerate(args.index or [])]
        if not args.only_with_indexes or not variants:
            results += measure(database, 'as is', actor, args.repeat, args.explain)
        for variant, ddl in variants:
            index_name = index_name_of(ddl)
            with engine.begin() as connection:
                print(f'  + {ddl}', flush=True)
                connection.execute(text(ddl))
            settle(engine)
            print(f'    {index_name}: {index_size(engine, index_name)}', flush=True)
            results += measure(database, variant, actor, args.repeat, args.explain)
            with engine.begin() as connection:
                connection.execute(text(f'DROP INDEX {index_name}'))
        if args.keep:
            print(f'  kept: {url}')
            cleanup = lambda: db.configure('sqlite://')  # noqa: E731
    finally:
        cleanup()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cases', type=int, default=1_000_000)
    parser.add_argument('--mine', type=int, default=10_000)
    parser.add_argument('--users', type=int, default=2_000)
    parser.add_argument('--repeat', type=int, default=30, help='timed runs per measurement (after one warm-up)')
    parser.add_argument('--layout', choices=('spread', 'clustered'), default='spread',
                        help="where the user's cases sit in the table (default spread)")
    parser.add_argument('--postgres', help='server URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres')
    parser.add_argument('--sqlite', action='store_true', help='with --postgres: run on SQLite too (first)')
    parser.add_argument('--candidate', action='append', choices=sorted(CANDIDATE_INDEXES),
                        help='after the first measurements, add this candidate index, measure again, drop it '
                             '(repeatable; each is measured on its own)')
    parser.add_argument('--index', action='append', metavar='DDL',
                        help="the same with any 'CREATE INDEX name ON cases (...)' (repeatable)")
    parser.add_argument('--only-with-indexes', action='store_true', help='skip the measurements without them')
    parser.add_argument('--explain', action='store_true', help="print each measurement's query plans")
    parser.add_argument('--keep', action='store_true', help='keep the database and print its URL')
    args = parser.parse_args()

    databases = (['sqlite'] if args.sqlite or not args.postgres else []) + (['postgresql'] if args.postgres else [])
    results: list[Result] = []
    for database in databases:  # one after the other, never at the same time
        results += run(database, args)
    print(f'\nSummary: server-side ms per page view, {args.cases:,} cases, {args.mine:,} one user\'s ({args.layout}), '
          f'{args.repeat} runs each; target < {TARGET_MS:.0f} ms')
    for result in results:
        print(line(result))


if __name__ == '__main__':
    main()
