"""Uploads on a real database and file store: checked by content, limited in size, readable only by those allowed."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import select

from domain.demo import _actor
from domain.engine import cases, experiences, files
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotFound
from storage.db import unit_of_work
from storage.tables import Case, StoredFile
from tests.case_helpers import submit

PURPOSE = 'education_certificate'


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new('RGB', (8, 8), (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


PDF = b'%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'


@pytest.fixture
def people(demo_db: str, data_dir: Path) -> dict[str, Actor]:
    return {a: _actor(a) for a in ('test1', 'auditor1', 'cb1', 'cb2')}


def stored() -> list[StoredFile]:
    """The stored files of the purpose these tests upload (the demo has a photo of its own)."""
    with unit_of_work() as session:
        return list(session.exec(select(StoredFile).where(StoredFile.purpose == PURPOSE)))


def on_disk(data_dir: Path) -> list[Path]:
    """The bytes in the file store, but the demo's own."""
    with unit_of_work() as session:
        demo = set(session.exec(select(StoredFile.storage_name).where(StoredFile.purpose != PURPOSE)))
    folder = data_dir / 'files'
    return [p for p in folder.iterdir() if p.name not in demo] if folder.exists() else []


@pytest.mark.parametrize('name, data, content_type', [
    ('毕业证.png', image_bytes('PNG'), 'image/png'),
    ('degree.JPG', image_bytes('JPEG'), 'image/jpeg'),
    ('学位证书.pdf', PDF, 'application/pdf'),
    ('named-wrongly.pdf', image_bytes('PNG'), 'image/png'),  # the content decides, not the name
])
def test_images_and_pdfs_are_accepted(people: dict[str, Actor], data_dir: Path, name: str, data: bytes,
                                      content_type: str) -> None:
    file_id = files.save_upload(people['test1'], PURPOSE, name, data)
    content = files.open_file(people['test1'], file_id)
    assert (content.name, content.content_type, content.data) == (name, content_type, data)
    [row] = stored()
    assert (row.owner_id, row.purpose, row.size) == (people['test1'].user_id, PURPOSE, len(data))
    [kept] = on_disk(data_dir)
    assert kept.name == row.storage_name
    assert name not in row.storage_name and len(row.storage_name) == 32
    assert kept.read_bytes() == data
    assert kept.stat().st_mode & 0o077 == 0, 'readable by the app only'


@pytest.mark.parametrize('name, data, message', [
    ('notes.png', '这是一个文本文件，不是图片。'.encode(), files.MSG_TYPE),
    ('page.pdf', b'<html><body>%PDF-1.7 <script>alert(1)</script></body></html>', files.MSG_TYPE),
    ('fake.jpg', b'\xff\xd8\xff\xe0' + b'not really a jpeg' * 10, files.MSG_TYPE),
    ('anim.gif', b'GIF89a\x01\x00\x01\x00\x00\x00\x00;', files.MSG_TYPE),
    ('empty.pdf', b'', files.MSG_EMPTY),
    ('huge.pdf', b'%PDF-1.7\n' + b'0' * files.MAX_UPLOAD_BYTES, files.MSG_SIZE),
])
def test_other_content_is_refused_and_nothing_is_kept(people: dict[str, Actor], data_dir: Path, name: str,
                                                      data: bytes, message: str) -> None:
    with pytest.raises(Invalid) as caught:
        files.save_upload(people['test1'], PURPOSE, name, data)
    assert (caught.value.field, caught.value.message) == ('file', message)
    assert stored() == []
    assert on_disk(data_dir) == []


def test_the_size_limit_is_inclusive(people: dict[str, Actor]) -> None:
    data = b'%PDF-1.7\n' + b'0' * (files.MAX_UPLOAD_BYTES - 9)
    assert len(data) == files.MAX_UPLOAD_BYTES
    assert files.save_upload(people['test1'], PURPOSE, 'big.pdf', data) > 0


def test_the_name_keeps_no_folder_or_control_characters(people: dict[str, Actor]) -> None:
    file_id = files.save_upload(people['test1'], PURPOSE, 'C:\\Users\\li\\..\\毕业\x00证.pdf', PDF)
    assert files.open_file(people['test1'], file_id).name == '毕业证.pdf'
    assert files.clean_name('../../etc/passwd') == 'passwd'
    assert files.clean_name('') == 'file'
    long = files.clean_name('名' * 300 + '.pdf')
    assert len(long) == 255 and long.endswith('.pdf')


def test_only_the_owner_may_read(people: dict[str, Actor]) -> None:
    file_id = files.save_upload(people['test1'], PURPOSE, 'a.pdf', PDF)
    assert files.can_read(people['test1'], file_id)
    assert not files.can_read(people['auditor1'], file_id)
    assert not files.can_read(people['cb1'], file_id)
    assert not files.can_read(people['test1'], file_id + 1000)
    with pytest.raises(NotFound):
        files.open_file(people['auditor1'], file_id)


def test_reviewers_of_a_case_containing_the_file_may_read_it(people: dict[str, Actor]) -> None:
    test1, cb1, cb2 = people['test1'], people['cb1'], people['cb2']
    file_id = files.save_upload(test1, PURPOSE, 'a.pdf', PDF)
    row = experiences.save_row(test1, 'education', {
        'start_date': '2003-09-01', 'end_date': '2007-07-01', 'school': '北京理工大学', 'major': '机械工程',
        'degree': '本科', 'file_id': file_id})
    with unit_of_work() as session:
        draft_id = session.exec(select(Case.id).where(Case.applicant_id == test1.user_id,
                                                      Case.stage == 'draft')).first()
    experiences.copy_rows(test1, 'education', [row.id], draft_id)  # type: ignore[arg-type]
    assert not files.can_read(cb1, file_id), 'a draft is the applicant\'s alone'

    draft = cases.get_case(test1, draft_id)  # type: ignore[arg-type]
    submit(test1, draft)  # routed to body A
    assert files.can_read(cb1, file_id)
    assert files.open_file(cb1, file_id).data == PDF
    assert not files.can_read(cb2, file_id)
    assert not files.can_read(people['auditor1'], file_id)
