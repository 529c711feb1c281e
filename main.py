"""CCAA 综合服务平台: settings, wiring, ui.run — nothing else.

    python main.py            start the app (upgrading the database first)
    python main.py --demo     the same, loading the demo accounts and cases into an empty database
    python main.py --create-staff ACCOUNT NAME   add a CCAA staff account (asks for the password)
    python main.py --demo --prepare-only         upgrade the database and load the demo, then stop (a cluster's
                                                 first step, before its processes start: deploy/cluster.py)
"""
from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from pathlib import Path

# A cluster keeps NiceGUI's per-browser storage in Redis, so that a browser landing on another process finds its
# session there. NiceGUI reads the setting when it is imported, hence before the import.
if os.environ.get('CCAA_REDIS_URL'):
    os.environ.setdefault('NICEGUI_REDIS_URL', os.environ['CCAA_REDIS_URL'])
    os.environ.setdefault('NICEGUI_REDIS_KEY_PREFIX', 'ccaa:')

from nicegui import app, ui  # noqa: E402
from nicegui.storage import Storage

import pages.account  # noqa: F401
import pages.auth  # noqa: F401  (registers the pages)
import pages.certificates  # noqa: F401
import pages.course_categories  # noqa: F401
import pages.credit  # noqa: F401
import pages.exam_admin  # noqa: F401
import pages.exams  # noqa: F401
import pages.expert_evaluations  # noqa: F401
import pages.home  # noqa: F401
import pages.messages  # noqa: F401
import pages.more  # noqa: F401
import pages.my_cases  # noqa: F401
import pages.payments  # noqa: F401
import pages.profile  # noqa: F401
import pages.queries  # noqa: F401
import pages.recovery  # noqa: F401
import pages.signup  # noqa: F401
import pages.sso  # noqa: F401
import pages.workspace  # noqa: F401
from pages import services as service_pages
from pages.calendar_feed import register_routes as register_calendar_routes
from pages.document_pages import register_routes as register_document_page_routes
from pages.error_pages import register_error_pages
from pages.files import register_routes as register_file_routes
from pages.jobs import register_jobs
from pages.page_watch import watcher
from pages.security_headers import SecurityHeaders
from pages.session import AuthMiddleware
from pages.session import register_routes as register_session_routes
from pages.upload_limit import UploadSizeLimit
from pages.uploads import register_routes as register_upload_routes
from settings import load_settings
from storage import db, migrate
from ui import nicegui_tuning

service_pages.load_all()  # the services' own page code, before the generic pages that take every other service
import pages.form_wizard  # noqa: E402,F401

ROOT = Path(__file__).resolve().parent


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='CCAA 综合服务平台')
    parser.add_argument('--demo', action='store_true', help='load demo accounts and cases into an empty database')
    parser.add_argument('--prepare-only', action='store_true', help='upgrade the database (and load the demo), then stop')
    parser.add_argument('--create-staff', nargs=2, metavar=('ACCOUNT', 'NAME'), help='add a CCAA staff account')
    return parser.parse_known_args(argv)[0]


def create_staff(account: str, name: str) -> None:
    from domain.accounts import accounts
    from domain.accounts.accounts import NewUser
    from domain.shared.actors import Role

    password = getpass.getpass('密码: ')
    with db.unit_of_work(write=True) as session:
        accounts.create_user(session, NewUser(account=account, password=password, name=name, role=Role.CCAA_STAFF))
    print(f'CCAA staff account {account} created')


def keep_private(*folders: Path) -> None:
    """Files an older version left readable by others (the database, session storage) made the owner's alone."""
    for folder in folders:
        if folder.is_dir():
            folder.chmod(0o700)
            for path in folder.iterdir():
                if path.is_file():
                    path.chmod(0o600)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    # what the process writes — the database file, NiceGUI's session storage, uploads, outboxes — is for its own
    # user alone (issue #12 item 10): the storage holds live session tokens
    os.umask(0o077)
    nicegui_tuning.apply()
    args = parse_args(sys.argv[1:])
    settings = load_settings()
    if 'NICEGUI_STORAGE_PATH' not in os.environ:  # NiceGUI's session storage lives with the rest of the data
        Storage.path = (settings.data_dir / '.nicegui').resolve()
    keep_private(settings.data_dir, Storage.path)
    migrate.upgrade(db.configure(settings.database_url))
    if args.create_staff:
        create_staff(*args.create_staff)
        return
    if args.demo:
        from domain import demo
        if demo.load():
            logging.getLogger('ccaa').info('demo data loaded (password %s)', demo.PASSWORD)
    if args.prepare_only:
        return

    app.add_middleware(AuthMiddleware)
    app.add_middleware(SecurityHeaders, https=settings.public_url.startswith('https://'))
    app.add_middleware(UploadSizeLimit)
    app.add_static_files('/assets', ROOT / 'assets')
    ui.add_css(ROOT / 'assets' / 'css' / 'fonts.css', shared=True)
    ui.add_css(ROOT / 'assets' / 'css' / 'app.css', shared=True)
    # darker than NiceGUI's defaults (#5898d4, #21ba45), so that white on them and they on white read at 4.5:1 or more
    app.colors(primary='#1565c0', positive='#2e7d32')

    @app.get('/healthz')
    def healthz() -> dict[str, str]:
        return {'status': 'ok'}

    register_error_pages()
    register_session_routes(app)
    register_file_routes(app)
    register_document_page_routes(app)
    register_upload_routes(app)
    pages.payments.register_routes(app)
    register_calendar_routes(app)
    register_jobs(app, settings.reminder_hours)
    app.on_shutdown(watcher.reset)
    app.on_startup(nicegui_tuning.freeze_what_startup_made)

    # until a page's websocket is connected, what is clicked there would be lost: the page takes no clicks yet
    ui.add_head_html('<script src="/assets/js/connecting.js"></script>', shared=True)
    ui.run(host=settings.host, port=settings.port, title='CCAA综合服务平台', language='zh-CN',
           storage_secret=settings.storage_secret, reload=False, show=False, favicon='🏛️',
           reconnect_timeout=settings.reconnect_seconds,
           session_middleware_kwargs={'same_site': 'lax', 'https_only': settings.public_url.startswith('https://')})


if __name__ in {'__main__', '__mp_main__'}:
    main()
