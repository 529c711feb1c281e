"""Course documents and videos far larger than memory: streamed through POST /uploads/{purpose} to the file store,
checked by their first bytes, refused when too large or of another kind, and served back by GET /files/{id} with
HTTP Range requests — on a real database and file store, through the real routes of a bare ASGI app."""
from __future__ import annotations

import os
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
from sqlmodel import select
from starlette.middleware.base import BaseHTTPMiddleware

import pages.files
import pages.uploads
from domain.accounts import accounts
from domain.accounts.accounts import NewUser
from domain.engine import files, registry
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import NotFound
from storage import file_store
from storage.db import unit_of_work
from storage.tables import StoredFile
from ui.call import call

DOCUMENTS, VIDEOS = 'test_course_document', 'test_course_video'
SERVICE = registry.Service(code='test_stream_upload', name='测试课程资料', order=9999, in_catalogue=False,
                           stream_purposes={DOCUMENTS: files.DOCUMENT, VIDEOS: files.VIDEO})
MB = 1024 * 1024
PDF_HEAD = b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'
MP4_HEAD = b'\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41'
# an EBML header as libwebm writes it: EBMLVersion, ReadVersion, MaxIDLength, MaxSizeLength, DocType, its versions
WEBM_HEAD = (b'\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08'
             b'\x42\x82\x84webm\x42\x87\x81\x02\x42\x85\x81\x02\x18\x53\x80\x67')
MKV_HEAD = WEBM_HEAD.replace(b'\x9f', b'\xa3', 1).replace(b'\x84webm', b'\x88matroska')


class SessionFromHeader(BaseHTTPMiddleware):
    """Stands in for pages.session.AuthMiddleware, which reads the session token from NiceGUI's user storage: here
    the token of a real session (accounts.start_session) comes in a header. Like the real one it is a
    BaseHTTPMiddleware, so these tests also show that one in front of the route does not buffer the body."""

    async def dispatch(self, request: Request, call_next):  # type: ignore[no-untyped-def]
        request.state.actor = await call(accounts.resolve_session, request.headers.get('x-test-session'))
        if request.state.actor is None:
            return PlainTextResponse('login', status_code=401)
        return await call_next(request)


@pytest.fixture
def people(database: str, data_dir: Path) -> Iterator[dict[str, Actor]]:
    with registry.registered(SERVICE):
        with unit_of_work(write=True) as session:
            made = {account: accounts.actor_of(session, accounts.create_user(session, NewUser(
                account=account, password='correct horse battery', name=name)))
                for account, name in (('teacher', '陈静'), ('other', '王芳'))}
        yield made


@pytest.fixture
async def client(people: dict[str, Actor]) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    app.add_middleware(SessionFromHeader)
    pages.uploads.register_routes(app)
    pages.files.register_routes(app)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://test') as http:
        yield http


def session_of(actor: Actor) -> dict[str, str]:
    return {'X-Test-Session': accounts.start_session(actor.user_id)}


def upload_headers(actor: Actor, purpose: str, name: str, *, size: int | None = None,
                   token: str | None = None) -> dict[str, str]:
    headers = {**session_of(actor), 'X-File-Name': quote(name),
               'X-Upload-Token': pages.uploads.upload_token(actor, purpose) if token is None else token}
    if size is not None:
        headers['Content-Length'] = str(size)
    return headers


class Body:
    """A request body made of chunks as a browser's upload arrives; counts how many were read."""

    def __init__(self, first: bytes, chunk: bytes = b'', count: int = 1) -> None:
        self.first, self.chunk, self.count = first, chunk, count
        self.read = 0

    @property
    def size(self) -> int:
        return len(self.first) + len(self.chunk) * (self.count - 1)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for index in range(self.count):
            self.read += 1
            yield self.first if index == 0 else self.chunk


def stored() -> list[StoredFile]:
    with unit_of_work() as session:
        return list(session.exec(select(StoredFile)))


def on_disk(data_dir: Path) -> list[str]:
    folder = data_dir / 'files'
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


async def test_a_200_mb_document_is_streamed_to_disk_without_being_held_in_memory(
        client: httpx.AsyncClient, people: dict[str, Actor], data_dir: Path) -> None:
    """Peak memory is measured with tracemalloc (every Python allocation, the worker threads' included): reading
    the body whole, or building the file in memory, would show 200 MB."""
    chunk = bytes(MB)
    body = Body(PDF_HEAD + bytes(MB - len(PDF_HEAD)), chunk, 200)
    assert body.size == files.stream_limit(files.DOCUMENT) == 200 * MB  # exactly the limit: still accepted
    headers = upload_headers(people['teacher'], DOCUMENTS, '课程讲义 第1章.pdf', size=body.size)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        response = await client.post(f'/uploads/{DOCUMENTS}', content=body, headers=headers)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer['name'] == '课程讲义 第1章.pdf' and answer['size'] == 200 * MB
    assert peak < 50 * MB, f'peak memory grew by {peak / MB:.1f} MB'
    [row] = stored()
    assert (row.id, row.owner_id, row.purpose, row.content_type, row.size, row.original_name) == (
        answer['file_id'], people['teacher'].user_id, DOCUMENTS, 'application/pdf', 200 * MB, '课程讲义 第1章.pdf')
    assert on_disk(data_dir) == [row.storage_name]
    path = data_dir / 'files' / row.storage_name
    assert path.stat().st_size == 200 * MB and path.stat().st_mode & 0o077 == 0
    with path.open('rb') as saved:
        assert saved.read(MB) == body.first
        saved.seek(150 * MB)
        assert saved.read(MB) == chunk


@pytest.mark.parametrize('purpose, head, content_type', [
    (VIDEOS, MP4_HEAD, 'video/mp4'),
    (VIDEOS, WEBM_HEAD, 'video/webm'),
    (DOCUMENTS, PDF_HEAD, 'application/pdf'),
])
async def test_each_kind_takes_its_own_types(client: httpx.AsyncClient, people: dict[str, Actor], purpose: str,
                                             head: bytes, content_type: str) -> None:
    body = Body(head + os.urandom(1000))
    response = await client.post(f'/uploads/{purpose}', content=body,
                                 headers=upload_headers(people['teacher'], purpose, 'a', size=body.size))
    assert response.status_code == 200, response.text
    [row] = stored()
    assert (row.content_type, row.size) == (content_type, body.size)


@pytest.mark.parametrize('purpose, head, message', [
    (DOCUMENTS, b'\x89PNG\r\n\x1a\n' + bytes(100), '仅支持 PDF、Word 或 PowerPoint 文件'),
    (DOCUMENTS, MP4_HEAD, '仅支持 PDF、Word 或 PowerPoint 文件'),
    (DOCUMENTS, b'<html>%PDF-1.7</html>', '仅支持 PDF、Word 或 PowerPoint 文件'),
    (DOCUMENTS, b'PK\x03\x04' + bytes(100), '仅支持 PDF、Word 或 PowerPoint 文件'),  # no ZIP behind the header
    (DOCUMENTS, b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + bytes(100), '仅支持 PDF、Word 或 PowerPoint 文件'),  # OLE2 x.pdf
    (VIDEOS, PDF_HEAD, '仅支持 MP4 或 WebM 视频'),
    (VIDEOS, MKV_HEAD, '仅支持 MP4 或 WebM 视频'),  # Matroska, not WebM
    (VIDEOS, b'\x1a\x45\xdf\xa3' + b'webm', '仅支持 MP4 或 WebM 视频'),  # 'webm' somewhere is not a DocType
    (VIDEOS, b'', files.MSG_EMPTY),
])
async def test_other_content_is_refused_and_nothing_is_kept(client: httpx.AsyncClient, people: dict[str, Actor],
                                                            data_dir: Path, purpose: str, head: bytes,
                                                            message: str) -> None:
    body = Body(head, os.urandom(64 * 1024), 3 if head else 1)
    response = await client.post(f'/uploads/{purpose}', content=body,
                                 headers=upload_headers(people['teacher'], purpose, 'x.pdf', size=body.size))
    assert (response.status_code, response.json()) == (400, {'message': message})
    assert stored() == [] and on_disk(data_dir) == []


async def test_a_declared_size_over_the_limit_is_refused_before_reading_the_body(
        client: httpx.AsyncClient, people: dict[str, Actor], data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_MAX_VIDEO_MB', '3')
    body = Body(MP4_HEAD + bytes(MB - len(MP4_HEAD)), bytes(MB), 4)
    response = await client.post(f'/uploads/{VIDEOS}', content=body,
                                 headers=upload_headers(people['teacher'], VIDEOS, 'v.mp4', size=body.size))
    assert (response.status_code, response.json()) == (413, {'message': '文件不能超过 3 MB'})
    assert body.read == 0, 'not a byte of the body was read'
    assert stored() == [] and on_disk(data_dir) == []


async def test_a_stream_over_the_limit_without_a_length_is_cut_off_and_nothing_is_kept(
        client: httpx.AsyncClient, people: dict[str, Actor], data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_MAX_DOCUMENT_MB', '2')
    body = Body(PDF_HEAD + bytes(MB - len(PDF_HEAD)), bytes(MB), 50)
    headers = upload_headers(people['teacher'], DOCUMENTS, 'big.pdf')  # chunked: no Content-Length
    response = await client.post(f'/uploads/{DOCUMENTS}', content=body, headers=headers)
    assert (response.status_code, response.json()) == (413, {'message': '文件不能超过 2 MB'})
    assert body.read == 3, 'it stopped at the first chunk past the limit'
    assert stored() == []
    assert on_disk(data_dir) == [], 'no partial file is left either'


async def test_a_stream_that_breaks_off_leaves_no_partial_file(data_dir: Path) -> None:
    async def broken() -> AsyncIterator[bytes]:
        yield PDF_HEAD
        yield bytes(MB)
        raise ConnectionResetError('the browser went away')

    with pytest.raises(ConnectionResetError):
        await file_store.save_stream(broken(), 10 * MB)
    assert on_disk(data_dir) == []


async def test_the_file_store_also_takes_plain_iterables(data_dir: Path) -> None:
    saved = await file_store.save_stream(iter([b'ab', b'', b'cd' * 3000]), 6002)
    assert (saved.size, saved.head) == (6002, (b'ab' + b'cd' * 3000)[:file_store.HEAD_BYTES])
    assert file_store.read(saved.name) == b'ab' + b'cd' * 3000
    assert file_store.path_of(saved.name) == data_dir / 'files' / saved.name
    with pytest.raises(file_store.TooLarge):
        await file_store.save_stream([b'abc', b'd'], 3)
    assert on_disk(data_dir) == [saved.name]
    with pytest.raises(ValueError):
        file_store.path_of('../ccaa.db')


@pytest.mark.parametrize('case', ['missing', 'malformed', 'tampered', 'expired', 'another user',
                                  'another purpose'])
async def test_a_missing_or_wrong_token_is_forbidden(client: httpx.AsyncClient, people: dict[str, Actor],
                                                    data_dir: Path, case: str) -> None:
    teacher, other = people['teacher'], people['other']
    good = pages.uploads.upload_token(teacher, DOCUMENTS)
    if case == 'expired':
        clock.freeze(clock.now() - timedelta(hours=pages.uploads.TOKEN_HOURS, seconds=1))
        good = pages.uploads.upload_token(teacher, DOCUMENTS)
        clock.freeze(None)
    token = {'missing': '', 'malformed': 'not-a-token', 'tampered': good[:-1] + ('0' if good[-1] != '0' else '1'),
             'expired': good, 'another user': pages.uploads.upload_token(other, DOCUMENTS),
             'another purpose': pages.uploads.upload_token(teacher, VIDEOS)}[case]
    headers = upload_headers(teacher, DOCUMENTS, 'a.pdf', size=len(PDF_HEAD), token=token)
    if case == 'missing':
        del headers['X-Upload-Token']
    body = Body(PDF_HEAD)
    response = await client.post(f'/uploads/{DOCUMENTS}', content=body, headers=headers)
    assert (response.status_code, response.json()) == (403, {'message': pages.uploads.MSG_TOKEN})
    assert body.read == 0 and stored() == [] and on_disk(data_dir) == []


async def test_a_purpose_that_takes_no_streams_is_refused(client: httpx.AsyncClient, people: dict[str, Actor]) -> None:
    with pytest.raises(ValueError):
        pages.uploads.upload_token(people['teacher'], 'education_certificate')
    with pytest.raises(ValueError):  # the domain too, whatever the caller
        await files.save_stream_upload(people['teacher'], DOCUMENTS, files.VIDEO, 'a.mp4', [MP4_HEAD], None)
    assert stored() == []


# -- served back with Range requests ------------------------------------------------------------------------------

@pytest.fixture
async def video(client: httpx.AsyncClient, people: dict[str, Actor]) -> tuple[int, bytes]:
    """A 300 KB 'video' of the teacher's (several of the server's 64 KB reads), and its bytes."""
    data = MP4_HEAD + os.urandom(300 * 1024 - len(MP4_HEAD))
    response = await client.post(f'/uploads/{VIDEOS}', content=Body(data),
                                 headers=upload_headers(people['teacher'], VIDEOS, '第1讲 导论.mp4', size=len(data)))
    assert response.status_code == 200, response.text
    return response.json()['file_id'], data


async def fetch(client: httpx.AsyncClient, actor: Actor, file_id: int, byte_range: str | None = None
                ) -> httpx.Response:
    headers = session_of(actor) | ({'Range': byte_range} if byte_range else {})
    return await client.get(f'/files/{file_id}', headers=headers)


def assert_served_safely(response: httpx.Response) -> None:
    assert response.headers['content-type'] == 'video/mp4'
    assert response.headers['accept-ranges'] == 'bytes'
    assert response.headers['content-disposition'] == "inline; filename*=UTF-8''" + quote('第1讲 导论.mp4', safe='')
    assert response.headers['cache-control'] == 'no-store'
    assert response.headers['x-content-type-options'] == 'nosniff'


async def test_without_a_range_the_whole_file_is_served(client: httpx.AsyncClient, people: dict[str, Actor],
                                                        video: tuple[int, bytes]) -> None:
    file_id, data = video
    response = await fetch(client, people['teacher'], file_id)
    assert response.status_code == 200 and response.content == data
    assert response.headers['content-length'] == str(len(data))
    assert_served_safely(response)


@pytest.mark.parametrize('byte_range, start, end', [
    ('bytes=0-99', 0, 100),  # the first bytes, as a <video> asks first
    ('bytes=100000-200000', 100000, 200001),  # the middle, across the server's reads
    ('bytes=-100', 300 * 1024 - 100, 300 * 1024),  # the last bytes (an MP4's index may be there)
    ('bytes=300000-', 300000, 300 * 1024),  # from an offset to the end, as seeking asks
])
async def test_a_range_gives_206_with_exactly_those_bytes(client: httpx.AsyncClient, people: dict[str, Actor],
                                                          video: tuple[int, bytes], byte_range: str, start: int,
                                                          end: int) -> None:
    file_id, data = video
    response = await fetch(client, people['teacher'], file_id, byte_range)
    assert response.status_code == 206
    assert response.content == data[start:end]
    assert response.headers['content-range'] == f'bytes {start}-{end - 1}/{len(data)}'
    assert response.headers['content-length'] == str(end - start)
    assert_served_safely(response)


async def test_an_unsatisfiable_range_gives_416(client: httpx.AsyncClient, people: dict[str, Actor],
                                                video: tuple[int, bytes]) -> None:
    file_id, data = video
    response = await fetch(client, people['teacher'], file_id, f'bytes={len(data)}-{len(data) + 10}')
    assert response.status_code == 416
    assert response.headers['content-range'] == f'bytes */{len(data)}'


async def test_another_user_gets_the_same_404_as_for_a_missing_file(client: httpx.AsyncClient,
                                                                    people: dict[str, Actor],
                                                                    video: tuple[int, bytes]) -> None:
    file_id, _ = video
    for actor, wanted, byte_range in ((people['other'], file_id, 'bytes=0-99'), (people['other'], file_id, None),
                                      (people['teacher'], file_id + 1000, None)):
        response = await fetch(client, actor, wanted, byte_range)
        assert (response.status_code, response.text) == (404, '未找到该文件')
        assert response.headers['cache-control'] == 'no-store'


def test_file_location_follows_the_rule_of_open_file(people: dict[str, Actor], data_dir: Path) -> None:
    teacher, other = people['teacher'], people['other']
    file_id = files.save_upload(teacher, 'education_certificate', '学位证书.pdf', PDF_HEAD)
    location = files.file_location(teacher, file_id)
    assert (location.name, location.content_type, location.size) == ('学位证书.pdf', 'application/pdf', len(PDF_HEAD))
    assert location.path.read_bytes() == files.open_file(teacher, file_id).data == PDF_HEAD
    with pytest.raises(NotFound, match='未找到该文件'):
        files.file_location(other, file_id)
    location.path.unlink()  # bytes gone (a restored backup without its files): not found, never a crash
    with pytest.raises(NotFound, match='未找到该文件'):
        files.file_location(teacher, file_id)
