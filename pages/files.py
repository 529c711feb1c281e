"""GET /files/{id}: an uploaded file, served only to users the domain lets read it (R13.2).

The bytes are streamed from disk, never read whole into memory, with HTTP Range requests answered (206 / 416) so
that a browser's <video> can start anywhere in a course video and seek.
"""
from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from starlette.responses import FileResponse

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
            location = await call(files.file_location, actor_of(request), file_id)
        except NotFound:
            # the same answer for a missing file and someone else's, so that ids reveal nothing
            return Response('未找到该文件', status_code=404, media_type='text/plain; charset=utf-8',
                            headers={'Cache-Control': 'no-store'})
        # FileResponse reads the file in chunks, says Accept-Ranges: bytes and answers a Range header itself
        return FileResponse(location.path, media_type=location.content_type, headers={
            'Content-Disposition': f"inline; filename*=UTF-8''{quote(location.name, safe='')}",
            'Cache-Control': 'no-store',
            'X-Content-Type-Options': 'nosniff',
        })
