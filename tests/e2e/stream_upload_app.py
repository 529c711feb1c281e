"""A page with only a StreamUpload (ui.stream_upload) on the real POST /uploads and GET /files routes, for the browser
test of the component. Run as a script by tests/e2e/test_stream_upload.py with CCAA_DATA_DIR and CCAA_PORT set.

It stands in for main.py because no portal page is the component's alone: the login is replaced by a middleware
that makes every request that of one user (a BaseHTTPMiddleware, as the real one is), and a service of its own
declares the purpose.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from fastapi import Request  # noqa: E402
from nicegui import app, ui  # noqa: E402
from starlette.middleware.base import BaseHTTPMiddleware  # noqa: E402

import pages.files  # noqa: E402
import pages.uploads  # noqa: E402
from domain.accounts import accounts  # noqa: E402
from domain.accounts.accounts import NewUser  # noqa: E402
from domain.engine import registry  # noqa: E402
from storage import db, migrate  # noqa: E402
from storage.db import unit_of_work  # noqa: E402
from ui.stream_upload import StreamUpload  # noqa: E402

PURPOSE = 'e2e_course_video'
DATA = Path(os.environ['CCAA_DATA_DIR'])
DATA.mkdir(parents=True, exist_ok=True)
migrate.upgrade(db.configure(f'sqlite:///{DATA / "stream_upload.db"}'))
registry.register(registry.Service(code='e2e_stream_upload', name='测试', order=9999, in_catalogue=False,
                                   stream_purposes={PURPOSE: 'video'}))
with unit_of_work(write=True) as session:
    ACTOR = accounts.actor_of(session, accounts.create_user(session, NewUser(
        account='teacher', password='correct horse battery', name='陈静')))


class OneUser(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):  # type: ignore[no-untyped-def]
        request.state.actor = ACTOR
        return await call_next(request)


app.add_middleware(OneUser)
app.add_static_files('/assets', ROOT / 'assets')
pages.files.register_routes(app)
pages.uploads.register_routes(app)


@ui.page('/')
def index() -> None:
    shown = ui.column()

    async def uploaded(file_id: int, name: str) -> None:
        with shown:
            ui.link(name, pages.files.file_link(file_id)).props('data-testid=uploaded')

    StreamUpload(PURPOSE, '视频', '.mp4,.webm', uploaded, actor=ACTOR)


ui.run(host='127.0.0.1', port=int(os.environ['CCAA_PORT']), reload=False, show=False, storage_secret='e2e',
       language='zh-CN')
