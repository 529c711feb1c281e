"""GET /files/{id}/pages/{n}.png?zoom=100: one page of an uploaded PDF as a picture, for the inline PDF viewer
(ui/pdf_viewer.py, whose page_image_url makes these addresses), served only to users the domain lets read the file
(R13.2)."""
from __future__ import annotations

from fastapi import FastAPI, Request, Response

from domain.engine import document_pages
from domain.shared.errors import Invalid, NotFound
from pages.session import actor_of
from ui.call import call

HEADERS = {'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff'}


def register_routes(app: FastAPI) -> None:
    """GET /files/{id}/pages/{n}.png, registered by main() like every plain route, so that each app start has it."""

    @app.get('/files/{file_id}/pages/{page}.png', include_in_schema=False)
    async def serve_page(request: Request, file_id: int, page: int,
                         zoom: int = document_pages.DEFAULT_ZOOM) -> Response:
        actor = actor_of(request)
        try:
            await document_pages.prepare(actor, file_id)  # a Word or PowerPoint file's first view converts it
            png = await call(document_pages.render_page, actor, file_id, page, zoom)
        except NotFound as error:
            # the same answer for a missing file and someone else's, so that ids reveal nothing
            return Response(error.message, status_code=404, media_type='text/plain; charset=utf-8', headers=HEADERS)
        except Invalid as error:
            return Response(error.message, status_code=400, media_type='text/plain; charset=utf-8', headers=HEADERS)
        return Response(png, media_type='image/png', headers=HEADERS)
