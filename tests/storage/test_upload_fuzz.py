"""Uploads under fuzz (issue #12): random bytes, truncated and mislabelled images and PDFs, pictures of huge
dimensions, long and odd file names — through the small-file path, the ID photo and the streamed path. Every one
is either stored as what it really is or refused with a message beside the field; nothing else is raised, and a
refused upload leaves no bytes behind."""
from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlmodel import func, select

from domain.demo import _actor
from domain.engine import files
from domain.shared import id_photo
from domain.shared.errors import Invalid
from storage import file_store
from storage.db import unit_of_work
from storage.tables import StoredFile

FUZZ = settings(max_examples=350, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


def picture(kind: str, width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new('1' if kind == 'PNG' else 'L', (width, height)).save(out, kind)
    return out.getvalue()


def real_files() -> st.SearchStrategy[bytes]:
    """What people upload, whole or cut short, or with junk after it."""
    whole = st.sampled_from([picture('PNG', 40, 30), picture('JPEG', 40, 30), picture('PNG', 7000, 7000),
                             b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'])
    return st.one_of(st.binary(max_size=4096), whole,
                     st.tuples(whole, st.integers(0, 4000)).map(lambda t: t[0][:t[1]]),
                     st.tuples(whole, st.binary(max_size=64)).map(lambda t: t[0] + t[1]))


names = st.one_of(st.text(max_size=400), st.sampled_from(['a.pdf', 'photo.JPG', '../../etc/passwd', 'x" :y=".png',
                                                          'C:\\docs\\证明.pdf', '\x00\x1f.pdf', '']))


def stored_count() -> tuple[int, int]:
    with unit_of_work() as session:
        rows = session.exec(select(func.count()).select_from(StoredFile)).one()
    on_disk = sum(1 for p in file_store.root().iterdir() if p.is_file())
    return rows, on_disk


@pytest.fixture
def person(demo_db: str, data_dir: object):  # type: ignore[no-untyped-def]
    return _actor('test1')


@FUZZ
@given(data=real_files(), name=names)
def test_small_uploads_are_stored_as_what_they_are_or_refused(person, data: bytes, name: str) -> None:  # type: ignore[no-untyped-def]
    before = stored_count()
    try:
        file_id = files.save_upload(person, 'education_certificate', name, data)
    except Invalid as refused:
        assert refused.field == 'file' and stored_count() == before
        return
    content = files.open_file(person, file_id)
    assert content.content_type == files.content_type_of(data) and content.data == data
    assert '/' not in content.name and '\\' not in content.name and len(content.name) <= 255


@FUZZ
@given(data=real_files())
def test_id_photos_are_made_or_refused(data: bytes) -> None:
    try:
        photo = id_photo.id_photo(data)
    except Invalid as refused:
        assert refused.field == 'photo_file_id'
        return
    assert Image.open(io.BytesIO(photo)).size == id_photo.SIZE


@FUZZ
@given(data=st.one_of(real_files(), st.binary(min_size=5, max_size=2048).map(lambda b: b[:4] + b'ftyp' + b)),
       name=names, kind=st.sampled_from(['document', 'video']))
def test_streamed_uploads_are_stored_as_what_they_are_or_refused(person, data: bytes, name: str,  # type: ignore[no-untyped-def]
                                                                 kind: str) -> None:
    tb1 = _actor('tb1')
    before = stored_count()
    purpose = {'document': 'course_document', 'video': 'course_video'}[kind]
    try:
        file_id = files.save_streamed_bytes(tb1, purpose, kind, name, data)
    except Invalid as refused:
        assert refused.field == 'file' and stored_count() == before
        return
    assert files.file_location(tb1, file_id).size == len(data)
