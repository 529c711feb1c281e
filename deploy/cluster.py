"""The portal as a cluster on one machine: N app processes on PostgreSQL and Redis behind nginx (`python3 dev.py
cluster --processes N`). It prepares the database once, starts the processes and nginx, restarts a process that
ends, and stops everything on Ctrl-C or SIGTERM.

Settings (environment):
    CCAA_PORT           where nginx listens (8080)
    CCAA_DATABASE_URL   PostgreSQL (postgresql://postgres@127.0.0.1:5432/ccaa_cluster, created if missing)
    CCAA_REDIS_URL      Redis for NiceGUI's per-browser storage (redis://127.0.0.1:6379/0)
    CCAA_DATA_DIR       one folder for all processes: uploads, secrets, nginx's files (./data-cluster)
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages

from deploy.processes import free_port, stop, wait_until_up  # noqa: E402

TEMPLATE = Path(__file__).with_name('nginx.conf.template')
DEFAULT_DATABASE = 'postgresql://postgres@127.0.0.1:5432/ccaa_cluster'
DEFAULT_REDIS = 'redis://127.0.0.1:6379/0'


def nginx_config(listen: str, ports: list[int], prefix: Path) -> str:
    # max_fails=0: a process is never taken out of the rotation for a while after a refused connect. A refused connect
    # on loopback costs nothing and the request goes on to the next process; with a ban, a browser whose process was
    # banned while it restarted met 502 when the other one went down within the ban, both being "down" to nginx.
    servers = '\n'.join(f'        server 127.0.0.1:{port} max_fails=0;' for port in ports)
    text = TEMPLATE.read_text()
    for name, value in (('{prefix}', str(prefix)), ('{servers}', servers), ('{listen}', listen)):
        text = text.replace(name, value)
    return text


def ensure_nginx() -> str:
    """nginx from Debian, installed here when missing (as the project's CI installs its other tools)."""
    found = shutil.which('nginx') or ('/usr/sbin/nginx' if Path('/usr/sbin/nginx').exists() else None)
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit('nginx is missing: sudo apt-get install -y nginx')
    print('installing nginx from Debian', flush=True)
    subprocess.run(['apt-get', 'update', '-qq'], check=True)
    subprocess.run(['apt-get', 'install', '-y', '-qq', 'nginx'], check=True, env={**os.environ,
                                                                                 'DEBIAN_FRONTEND': 'noninteractive'})
    return shutil.which('nginx') or '/usr/sbin/nginx'


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in the URL when it does not exist yet."""
    from sqlalchemy import create_engine, text

    from storage.db import normalize_url

    server, name = normalize_url(url).rsplit('/', 1)
    name = name.split('?')[0]
    engine = create_engine(f'{server}/postgres', isolation_level='AUTOCOMMIT')
    with engine.connect() as connection:
        if not connection.execute(text('SELECT 1 FROM pg_database WHERE datname = :n'), {'n': name}).first():
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


class Cluster:
    def __init__(self, processes: int, port: int, env: dict[str, str], demo: bool) -> None:
        self.env = {'CCAA_PUBLIC_URL': f'http://127.0.0.1:{port}', **env}  # links and QR codes point at nginx
        self.port = port
        self.demo = demo
        self.data_dir = Path(env['CCAA_DATA_DIR'])
        self.ports = [free_port() for _ in range(processes)]
        self.apps: dict[int, subprocess.Popen[bytes]] = {}
        self.nginx: subprocess.Popen[bytes] | None = None
        self.stopping = False

    def prepare(self) -> None:
        """The database upgraded (and the demo loaded) once, before any process serves."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        ensure_database(self.env['CCAA_DATABASE_URL'])
        command = [sys.executable, 'main.py', '--prepare-only'] + (['--demo'] if self.demo else [])
        subprocess.run(command, cwd=ROOT, env=self.env, check=True)

    def start_app(self, port: int) -> None:
        log = (self.data_dir / f'app-{port}.log').open('ab')
        self.apps[port] = subprocess.Popen(
            [sys.executable, 'main.py'], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env={**self.env, 'CCAA_HOST': '127.0.0.1', 'CCAA_PORT': str(port)})
        (self.data_dir / f'app-{port}.pid').write_text(str(self.apps[port].pid))

    def start_nginx(self) -> None:
        prefix = self.data_dir / 'nginx'
        prefix.mkdir(exist_ok=True)
        config = prefix / 'nginx.conf'
        config.write_text(nginx_config(f'{self.env.get("CCAA_HOST", "127.0.0.1")}:{self.port}', self.ports, prefix))
        binary = ensure_nginx()
        subprocess.run([binary, '-t', '-q', '-p', str(prefix), '-c', str(config)], check=True)
        self.nginx = subprocess.Popen([binary, '-p', str(prefix), '-c', str(config), '-g', 'daemon off;'])

    def start(self) -> None:
        self.prepare()
        for port in self.ports:
            self.start_app(port)
        for port in self.ports:
            wait_until_up(f'http://127.0.0.1:{port}/healthz')
        self.start_nginx()
        wait_until_up(f'http://127.0.0.1:{self.port}/healthz')
        print(f'cluster of {len(self.ports)} processes on http://127.0.0.1:{self.port} '
              f'(app ports {", ".join(map(str, self.ports))}; logs in {self.data_dir})', flush=True)

    def supervise(self) -> None:
        """Restart an app process that ended (as systemd's Restart=always does on a server), until stopped."""
        while not self.stopping:
            for port, process in list(self.apps.items()):
                if process.poll() is not None and not self.stopping:
                    print(f'process on port {port} ended ({process.returncode}); starting it again', flush=True)
                    self.start_app(port)
            if self.nginx is not None and self.nginx.poll() is not None:
                raise SystemExit('nginx ended')
            time.sleep(0.5)

    def stop(self, *_: object) -> None:
        self.stopping = True
        processes = [*self.apps.values(), *([self.nginx] if self.nginx else [])]
        for process in processes:
            if process.poll() is None:
                process.terminate()  # all asked at once, then waited for
        for process in processes:
            stop(process)


def cluster_env(data_dir: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault('CCAA_DATABASE_URL', DEFAULT_DATABASE)
    env.setdefault('CCAA_REDIS_URL', DEFAULT_REDIS)
    env['CCAA_DATA_DIR'] = str(Path(data_dir or env.get('CCAA_DATA_DIR') or ROOT / 'data-cluster').resolve())
    if not env['CCAA_DATABASE_URL'].startswith(('postgres://', 'postgresql')):
        sys.exit('a cluster needs PostgreSQL: set CCAA_DATABASE_URL=postgresql://…')
    return env


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--processes', type=int, default=os.cpu_count() or 2)
    parser.add_argument('--port', type=int, default=int(os.environ.get('CCAA_PORT', '8080')))
    parser.add_argument('--data-dir', help='instead of CCAA_DATA_DIR')
    parser.add_argument('--no-demo', action='store_true', help='do not load the demo accounts into an empty database')
    parser.add_argument('--print-nginx', action='store_true', help='print the nginx configuration for the given '
                        'number of processes on ports 8101, 8102, … and stop')
    args = parser.parse_args(argv)
    if args.print_nginx:
        print(nginx_config(f'{args.port}', [8101 + i for i in range(args.processes)], Path('/var/lib/ccaa/nginx')))
        return 0
    cluster = Cluster(args.processes, args.port, cluster_env(args.data_dir), demo=not args.no_demo)
    signal.signal(signal.SIGTERM, cluster.stop)
    signal.signal(signal.SIGINT, cluster.stop)
    try:
        cluster.start()
        cluster.supervise()
    finally:
        cluster.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
