"""POST /uploads/{purpose}: a course document or video streamed from the request body to the disk (issue #11).

The browser (ui.stream_upload) sends the raw file as the body, its name URL-encoded in X-File-Name, and the token
this module gave the page in X-Upload-Token: the session cookie alone does not do, so that another site cannot
make a logged-in browser upload. The token is an HMAC of the user, the purpose and an expiry, under a key derived
from the storage secret, so every process of a deployment accepts the tokens of the others.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import unquote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.requests import ClientDisconnect

from domain.engine import files
from domain.engine.upload_tokens import (  # noqa: F401  (tests and the component read them here too)
    MSG_TOKEN,
    TOKEN_HOURS,
    confirmed_name,
    token_valid,
    upload_limit,
    upload_path,
    upload_token,
)
from domain.shared.errors import Invalid
from pages.session import actor_of
from ui.call import call

TOKEN_HEADER = 'X-Upload-Token'
NAME_HEADER = 'X-File-Name'
MSG_PURPOSE = '不支持该类文件的上传'
MSG_INCOMPLETE = '上传未完成，请重试'


def _answer(status: int, message: str) -> JSONResponse:
    return JSONResponse({'message': message}, status_code=status, headers={'Cache-Control': 'no-store'})


def register_routes(app: FastAPI) -> None:
    """POST /uploads/{purpose}, registered by main() next to GET /files/{id}."""

    @app.post('/uploads/{purpose}', include_in_schema=False)
    async def receive_upload(request: Request, purpose: str) -> JSONResponse:
        actor = actor_of(request)
        if not await call(token_valid, actor, purpose, request.headers.get(TOKEN_HEADER)):
            return _answer(403, MSG_TOKEN)
        kind = files.stream_purposes().get(purpose)
        if kind is None:
            return _answer(400, MSG_PURPOSE)
        length = request.headers.get('content-length')
        declared = int(length) if length is not None and length.isascii() and length.isdigit() else None
        if declared is not None and declared > files.stream_limit(kind):
            return _answer(413, files.FileTooLarge(kind).message)  # before a byte of the body is read
        name = files.clean_name(unquote(request.headers.get(NAME_HEADER, '')))
        received = 0

        async def counted() -> AsyncIterator[bytes]:
            nonlocal received
            async for chunk in request.stream():
                received += len(chunk)
                yield chunk

        body = counted()
        try:
            file_id = await files.save_stream_upload(actor, purpose, kind, name, body, declared)
        except files.FileTooLarge as error:
            return _answer(413, error.message)
        except Invalid as error:
            return _answer(400, error.message)
        except ClientDisconnect:
            return _answer(400, MSG_INCOMPLETE)
        finally:
            await body.aclose()
        return JSONResponse({'file_id': file_id, 'name': name, 'size': received},
                            headers={'Cache-Control': 'no-store'})

