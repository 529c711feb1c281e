"""GET /files/{id}: an uploaded file, served only to users the domain lets read it (R13.2)."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request, Response

from domain.engine import files
from domain.shared.errors import NotFound
from pages.session import actor_of
from ui.call import call


def file_link(file_id: int) -> str:
    """Where an uploaded file opens (for whoever may read it)."""
    return f'/files/{file_id}'


def register_routes(app: FastAPI) -> None:
    """GET /files/{id}, registered by main() like every plain route, so that each app start has it."""

    @app.get('/files/{file_id}', include_in_schema=False)
    async def serve_file(request: Request, file_id: int) -> Response:
        try:
            content = await call(files.open_file, actor_of(request), file_id)
        except NotFound:
            # the same answer for a missing file and someone else's, so that ids reveal nothing
            return Response('未找到该文件', status_code=404, media_type='text/plain; charset=utf-8',
                            headers={'Cache-Control': 'no-store'})
        return Response(content.data, media_type=content.content_type, headers={
            'Content-Disposition': f"inline; filename*=UTF-8''{quote(content.name, safe='')}",
            'Cache-Control': 'no-store',
            'X-Content-Type-Options': 'nosniff',
        })
