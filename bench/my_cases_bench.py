"""How fast is 我的事项 for a user with 10,000 cases in a database of 1,000,000? Prints figures; asserts nothing.

    .venv/bin/python bench/my_cases_bench.py                       # a temp SQLite file
    .venv/bin/python bench/my_cases_bench.py --postgres URL        # a throwaway database on that server
    .venv/bin/python bench/my_cases_bench.py --cases 100000        # a smaller run

Measures the server side of one page view: the query through the domain service and turning the rows into the
table's row dicts, as pages/my_cases.py does. Target: each under 50 ms.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, insert, text  # noqa: E402

from domain import my_cases  # noqa: E402
from domain.actors import Actor, Role  # noqa: E402
from domain.my_cases import CaseQuery  # noqa: E402
from pages.my_cases import _row  # noqa: E402
from storage import db, migrate  # noqa: E402
from storage.tables import Case, Institution, User  # noqa: E402

STAGES = [('draft', 'draft'), ('body_review', 'in_progress'), ('payment', 'in_progress'),
          ('rectification', 'in_progress'), ('ccaa_review', 'in_progress'), ('closed', 'closed')]
SUMMARIES = ['体系认证审核员: QMS', '体系认证审核员: EMS', '实习审核员: OHSMS', '高级审核员: ISMS']


def fill(total: int, mine: int, users: int) -> int:
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
    rng = random.Random(7)
    batch: list[dict[str, object]] = []
    for n in range(total):
        applicant = first if n < mine else first + 1 + rng.randrange(users - 1)
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
    with engine.begin() as connection:
        connection.execute(text('ANALYZE'))
    return first


def timed(label: str, fn, repeat: int = 30) -> None:  # type: ignore[no-untyped-def]
    fn()  # warm the caches
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    print(f'  {label:<34} median {statistics.median(samples):7.2f} ms   p95 {sorted(samples)[int(repeat * .95) - 1]:7.2f} ms')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--cases', type=int, default=1_000_000)
    parser.add_argument('--mine', type=int, default=10_000)
    parser.add_argument('--users', type=int, default=2_000)
    parser.add_argument('--postgres', help='server URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres')
    args = parser.parse_args()

    drop = None
    if args.postgres:
        name = f'ccaa_bench_{uuid.uuid4().hex[:8]}'
        admin = create_engine(db.normalize_url(args.postgres), isolation_level='AUTOCOMMIT')
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE {name}'))
        url = db.normalize_url(args.postgres).rsplit('/', 1)[0] + f'/{name}'

        def drop() -> None:
            db.configure('sqlite://')
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)'))
    else:
        url = f'sqlite:///{tempfile.mkdtemp(prefix="ccaa-bench-")}/bench.db'
    try:
        migrate.upgrade(db.configure(url))
        start = time.perf_counter()
        user_id = fill(args.cases, args.mine, args.users)
        print(f'{db.get_engine().dialect.name}: {args.cases:,} cases, {args.mine:,} of them one user\'s '
              f'(filled in {time.perf_counter() - start:.0f} s)')
        actor = Actor(user_id=user_id, name='用户0', role=Role.INDIVIDUAL)

        def page(query: CaseQuery) -> None:
            result = my_cases.list_my_cases(actor, query)
            [_row(case) for case in result.rows]

        timed('first page (全部, newest first)', lambda: page(CaseQuery()))
        timed('page 500 (全部)', lambda: page(CaseQuery(page=500)))
        timed('办理中 tab, first page', lambda: page(CaseQuery(tab='办理中')))
        timed('filtered: 业务环节 机构初核', lambda: page(CaseQuery(stage_text='机构初核')))
        timed('filtered: 事项名称 QMS', lambda: page(CaseQuery(service_text='QMS')))
        timed('summary counts', lambda: my_cases.summary(actor))
    finally:
        if drop:
            drop()


if __name__ == '__main__':
    main()
