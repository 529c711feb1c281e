#!/usr/bin/env python3
"""Set up the project and run it or its tests, with nothing but Python 3.11+.

    python3 dev.py run    install what is needed and start the app with demo data (SQLite)
    python3 dev.py test   install what is needed and run the whole test suite
    python3 dev.py cluster [--processes N]
                          N app processes on PostgreSQL and Redis behind nginx (deploy/cluster.py --help)
    python3 dev.py lock   re-create the lock files from pyproject.toml (needs network)

The virtual environment lives in .venv; it is (re)installed whenever a lock file changes.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / '.venv'
BIN = VENV / ('Scripts' if os.name == 'nt' else 'bin')
PYTHON = BIN / ('python.exe' if os.name == 'nt' else 'python')


def ensure_env(lock_name: str) -> None:
    lock = ROOT / lock_name
    stamp = VENV / f'.installed-{lock_name}'
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and PYTHON.exists():
        return
    if not PYTHON.exists():
        print(f'creating {VENV}', flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print(f'installing {lock_name}', flush=True)
    subprocess.run([PYTHON, '-m', 'pip', 'install', '--quiet', '--require-hashes', '-r', lock], check=True)
    stamp.write_text(digest)


# The whole suite: the page and database tests, then the browser journeys, each spread over one worker per core
# (pytest-xdist). Two runs, because sync Playwright keeps an event loop running in its worker, which the async page
# tests must not meet.
PHASES = (('tests/unit', 'tests/storage', 'tests/ui'), ('tests/e2e',))


def run_all_tests() -> int:
    workers = str(max(2, min(4, os.cpu_count() or 2)))
    failed = 0
    for paths in PHASES:
        failed |= subprocess.call([PYTHON, '-m', 'pytest', '-n', workers, '--dist', 'loadfile', *paths], cwd=ROOT)
    return failed


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {'run', 'test', 'lock', 'cluster'}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == 'run':
        ensure_env('requirements.lock')
        return subprocess.call([PYTHON, 'main.py', '--demo', *rest], cwd=ROOT)
    if command == 'cluster':
        ensure_env('requirements.lock')
        return subprocess.call([PYTHON, 'deploy/cluster.py', *rest], cwd=ROOT)
    if command == 'test':
        ensure_env('requirements-dev.lock')
        if rest:
            return subprocess.call([PYTHON, '-m', 'pytest', *rest], cwd=ROOT)
        return run_all_tests()
    ensure_env('requirements-dev.lock')
    subprocess.run([PYTHON, '-m', 'pip', 'install', '--quiet', 'uv'], check=True)
    for extra, out in ((None, 'requirements.lock'), ('test', 'requirements-dev.lock')):
        args = [BIN / 'uv', 'pip', 'compile', 'pyproject.toml', '--python-version', '3.11', '--generate-hashes', '-o', out]
        if extra:
            args[4:4] = ['--extra', extra]
        subprocess.run(args, check=True, cwd=ROOT)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
