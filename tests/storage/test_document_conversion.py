"""Word and PowerPoint course documents: recognised by their content when uploaded, and read page by page through the
PDF LibreOffice makes of them at their first view, which the file store keeps — converted once, however many views
and threads ask. Without LibreOffice, or when it fails, the pages say 该文件暂无法在线预览 and the file itself can
still be downloaded.

The documents are made here by hand: the few parts of an OOXML or ODF package that LibreOffice needs (python-docx
and python-pptx are not dependencies); the old binary .doc and .ppt are made from them by LibreOffice itself. The
tests that convert need LibreOffice (Debian: libreoffice-writer-nogui, libreoffice-impress-nogui): skipped without
it on a developer machine, failed in CI, as the browser tests are without Chromium.
"""
from __future__ import annotations

import asyncio
import io
import os
import subprocess
import threading
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from PIL import Image
from sqlmodel import select

from domain.demo import _actor
from domain.demo_course_files import course_pdf
from domain.engine import document_conversion, document_pages, files
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotFound
from storage import file_store
from storage.db import unit_of_work
from storage.tables import StoredFile

PURPOSE = 'course_document'  # declared by the online_course service
NO_PREVIEW = '该文件暂无法在线预览'
WRONG_TYPE = '仅支持 PDF、Word 或 PowerPoint 文件'
OLE2 = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'

_CONTENT_TYPES = 'http://schemas.openxmlformats.org/package/2006/content-types'
_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships'
_OFFICE_DOCUMENT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _package(parts: dict[str, str], main: str, main_type: str, overrides: dict[str, str]) -> bytes:
    """An OPC package: [Content_Types].xml, the package's relationship to its main part, and the parts."""
    types = ''.join(f'<Override PartName="/{name}" ContentType="{kind}"/>'
                    for name, kind in {main: main_type, **overrides}.items())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as package:
        package.writestr('[Content_Types].xml', f'{_XML}<Types xmlns="{_CONTENT_TYPES}">'
                         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                         'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                         f'{types}</Types>')
        package.writestr('_rels/.rels', f'{_XML}<Relationships xmlns="{_RELATIONSHIPS}"><Relationship Id="rId1" '
                         f'Type="{_OFFICE_DOCUMENT}/officeDocument" Target="{main}"/></Relationships>')
        for name, text in parts.items():
            package.writestr(name, text)
    return buffer.getvalue()


def docx(pages: list[str]) -> bytes:
    """A Word document of one paragraph per page, each after a page break."""
    page_break = '<w:br w:type="page"/>'
    body = ''.join(f'<w:p><w:r>{page_break if i else ""}<w:t>{escape(text)}</w:t></w:r></w:p>'
                   for i, text in enumerate(pages))
    document = (f'{_XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:body>{body}</w:body></w:document>')
    return _package({'word/document.xml': document}, 'word/document.xml',
                    'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', {})


def pptx(slides: list[str]) -> bytes:
    """A PowerPoint presentation of one text box per slide."""
    spaces = (f'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
              f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{_OFFICE_DOCUMENT}"')
    ids = ''.join(f'<p:sldId id="{256 + i}" r:id="rId{i + 1}"/>' for i in range(len(slides)))
    presentation = (f'{_XML}<p:presentation {spaces}><p:sldIdLst>{ids}</p:sldIdLst>'
                    '<p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>')
    links = ''.join(f'<Relationship Id="rId{i}" Type="{_OFFICE_DOCUMENT}/slide" Target="slides/slide{i}.xml"/>'
                    for i in range(1, len(slides) + 1))
    parts = {'ppt/presentation.xml': presentation,
             'ppt/_rels/presentation.xml.rels': f'{_XML}<Relationships xmlns="{_RELATIONSHIPS}">{links}'
                                                '</Relationships>'}
    for i, text in enumerate(slides, 1):
        parts[f'ppt/slides/slide{i}.xml'] = (
            f'{_XML}<p:sld {spaces}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/>'
            '<p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="Text"/><p:cNvSpPr txBox="1"/>'
            '<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="914400" y="914400"/><a:ext cx="7315200" cy="1828800"/>'
            '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>'
            f'<a:p><a:r><a:rPr lang="zh-CN" sz="4000"/><a:t>{escape(text)}</a:t></a:r></a:p></p:txBody></p:sp>'
            '</p:spTree></p:cSld></p:sld>')
    slide_type = 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml'
    return _package(parts, 'ppt/presentation.xml',
                    'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
                    {f'ppt/slides/slide{i}.xml': slide_type for i in range(1, len(slides) + 1)})


def odf(mimetype: str, body: str) -> bytes:
    """An OpenDocument file: its `mimetype` first and stored, the manifest, and content.xml with `body`."""
    office = 'urn:oasis:names:tc:opendocument:xmlns:office:1.0'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as package:
        package.writestr(zipfile.ZipInfo('mimetype'), mimetype, compress_type=zipfile.ZIP_STORED)
        package.writestr('META-INF/manifest.xml', f'{_XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                         'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
                         f'manifest:full-path="/" manifest:media-type="{mimetype}"/><manifest:file-entry '
                         'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
        package.writestr('content.xml', f'{_XML}<office:document-content xmlns:office="{office}" xmlns:text="urn:'
                         'oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:'
                         'xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
                         f'office:version="1.2"><office:body>{body}</office:body></office:document-content>')
    return buffer.getvalue()


def odt(text: str) -> bytes:
    return odf(files.ODT, f'<office:text><text:p>{escape(text)}</text:p></office:text>')


def odp(text: str) -> bytes:
    return odf(files.ODP, '<office:presentation><draw:page draw:name="1"><draw:frame svg:x="2cm" svg:y="2cm" '
               'svg:width="20cm" svg:height="4cm"><draw:text-box><text:p>'
               f'{escape(text)}</text:p></draw:text-box></draw:frame></draw:page></office:presentation>')


@pytest.fixture
def people(demo_db: str, data_dir: Path) -> dict[str, Actor]:
    return {a: _actor(a) for a in ('tb1', 'test1')}


@pytest.fixture
def libreoffice() -> str:
    """LibreOffice's command; the test is skipped without it, or fails under CI (env CI set)."""
    command = document_conversion.soffice()
    if command is None:
        message = ('LibreOffice (soffice) is not installed: '
                   'apt-get install -y libreoffice-writer-nogui libreoffice-impress-nogui')
        if os.environ.get('CI'):
            pytest.fail(message)
        pytest.skip(message)
    return command


@dataclass
class Conversions:
    sources: list[Path] = field(default_factory=list)  # the documents LibreOffice was run on, in order
    threads: list[str] = field(default_factory=list)  # the threads it ran in


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> Conversions:
    """Each conversion, noted (the real one still runs)."""
    done = Conversions()
    real = document_conversion.to_pdf

    def counting(source: Path, extension: str) -> str:
        done.sources.append(source)
        done.threads.append(threading.current_thread().name)
        return real(source, extension)

    monkeypatch.setattr(document_conversion, 'to_pdf', counting)
    return done


@pytest.fixture(scope='module')
def binary_office(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """An old-style .doc and .ppt (OLE2 compound files), saved by LibreOffice from the documents made here."""
    command = document_conversion.soffice()
    if command is None:
        return {}
    folder = tmp_path_factory.mktemp('binary-office')
    (folder / 'handout.docx').write_bytes(docx(['旧版 Word 讲义']))
    (folder / 'slides.pptx').write_bytes(pptx(['旧版 PowerPoint 课件']))
    profile = f'-env:UserInstallation={(folder / "profile").as_uri()}'
    for source, target in (('handout.docx', 'doc:MS Word 97'), ('slides.pptx', 'ppt:MS PowerPoint 97')):
        subprocess.run([command, profile, '--headless', '--convert-to', target, '--outdir', str(folder),
                        str(folder / source)], check=True, capture_output=True, timeout=120)
    return {'.doc': (folder / 'handout.doc').read_bytes(), '.ppt': (folder / 'slides.ppt').read_bytes()}


def upload(actor: Actor, name: str, data: bytes) -> int:
    return files.save_streamed_bytes(actor, PURPOSE, files.DOCUMENT, name, data)


def row_of(file_id: int) -> StoredFile:
    with unit_of_work() as session:
        row = session.get(StoredFile, file_id)
        assert row is not None
        return row


def on_disk(data_dir: Path) -> set[str]:
    """The bytes in the file store, but the demo's own (the photo of auditor1's exam registration)."""
    with unit_of_work() as session:
        demo = set(session.exec(select(StoredFile.storage_name).where(StoredFile.purpose != PURPOSE)))
    folder = data_dir / 'files'
    return {p.name for p in folder.iterdir()} - demo if folder.exists() else set()


def picture(png: bytes) -> Image.Image:
    assert png.startswith(b'\x89PNG\r\n\x1a\n')
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


@pytest.mark.parametrize('name, make, content_type', [
    ('讲义.docx', lambda: docx(['第一页']), files.DOCX),
    ('课件.pptx', lambda: pptx(['第一页']), files.PPTX),
    ('讲义.odt', lambda: odt('第一页'), files.ODT),
    ('课件.odp', lambda: odp('第一页'), files.ODP),
    ('讲义.pdf', lambda: docx(['第一页']), files.DOCX),  # the content decides, not the name
    ('旧讲义.DOC', lambda: OLE2 + bytes(600), files.DOC),  # an OLE2 file: only its name tells Word from PowerPoint
    ('旧课件.ppt', lambda: OLE2 + bytes(600), files.PPT),
])
def test_word_and_powerpoint_files_are_recognised_by_their_content(
        people: dict[str, Actor], name: str, make: Callable[[], bytes], content_type: str) -> None:
    file_id = upload(people['tb1'], name, make())
    row = row_of(file_id)
    assert (row.original_name, row.content_type, row.preview_name) == (name, content_type, None)


def _zip(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize('name, data', [
    ('讲义.docx', b'\x89PNG\r\n\x1a\n' + bytes(100)),  # a picture renamed
    ('讲义.docx', '这不是 Word 文件'.encode()),
    ('讲义.docx', _zip({'readme.txt': 'hello'})),  # a ZIP, but no Word package
    ('讲义.docx', _zip({'word/document.xml': '<w:document/>'})),  # no [Content_Types].xml: not a package
    ('课件.pptx', _zip({'[Content_Types].xml': '', 'word/document.xml': '', 'ppt/presentation.xml': ''})),  # both
    ('讲义.odt', _zip({'mimetype': 'application/vnd.oasis.opendocument.spreadsheet'})),
    ('讲义.docx', b'PK\x03\x04' + bytes(100)),  # a ZIP's first bytes, and nothing behind them
    ('表格.xls', OLE2 + bytes(600)),  # OLE2, but not named as Word or PowerPoint
    ('讲义', OLE2 + bytes(600)),
])
def test_anything_else_is_refused_and_nothing_is_kept(people: dict[str, Actor], data_dir: Path, name: str,
                                                      data: bytes) -> None:
    with pytest.raises(Invalid) as refused:
        upload(people['tb1'], name, data)
    assert refused.value.message == WRONG_TYPE
    assert on_disk(data_dir) == set()


@pytest.mark.parametrize('name, make, pages', [
    ('讲义.docx', lambda: docx(['第一章 审核原则', '第二章 审核方法', '第三章 审核报告']), 3),
    ('课件.pptx', lambda: pptx(['审核原则', '审核方法']), 2),
    ('讲义.odt', lambda: odt('审核原则'), 1),
])
def test_an_office_document_is_read_through_its_pdf_made_once(
        people: dict[str, Actor], data_dir: Path, libreoffice: str, conversions: Conversions, name: str,
        make: Callable[[], bytes], pages: int) -> None:
    owner, data = people['tb1'], make()
    file_id = upload(owner, name, data)
    original = row_of(file_id).storage_name

    assert document_pages.page_count(owner, file_id) == pages
    preview = row_of(file_id).preview_name
    assert preview and preview != original and on_disk(data_dir) == {original, preview}
    assert file_store.read(preview).startswith(b'%PDF-')
    first = picture(document_pages.render_page(owner, file_id, 1, 100))
    assert first.size[0] > 100 and first.size[1] > 100
    assert picture(document_pages.render_page(owner, file_id, pages, 50)).size[0] < first.size[0]
    with pytest.raises(NotFound) as missing:
        document_pages.render_page(owner, file_id, pages + 1, 100)
    assert missing.value.message == '未找到该页'
    assert document_pages.page_count(owner, file_id) == pages
    assert conversions.sources == [file_store.path_of(original)], 'converted at the first view only'

    # someone who may not read the document learns nothing, and causes no conversion
    for attempt in (lambda: document_pages.page_count(people['test1'], file_id),
                    lambda: document_pages.render_page(people['test1'], file_id, 1, 100)):
        with pytest.raises(NotFound) as hidden:
            attempt()
        assert hidden.value.message == '未找到该文件'
    # the original is what a download gives
    assert files.open_file(owner, file_id).data == data


@pytest.mark.parametrize('extension, content_type', [('.doc', files.DOC), ('.ppt', files.PPT)])
def test_old_binary_documents_are_shown_too(people: dict[str, Actor], libreoffice: str,
                                            binary_office: dict[str, bytes], extension: str,
                                            content_type: str) -> None:
    owner = people['tb1']
    file_id = upload(owner, f'旧版资料{extension}', binary_office[extension])
    assert row_of(file_id).content_type == content_type
    assert document_pages.page_count(owner, file_id) == 1
    picture(document_pages.render_page(owner, file_id, 1, 75))


def test_first_views_at_once_convert_the_document_once(people: dict[str, Actor], libreoffice: str,
                                                       conversions: Conversions) -> None:
    owner = people['tb1']
    file_id = upload(owner, '课件.pptx', pptx(['一', '二', '三']))
    with ThreadPoolExecutor(6) as pool:
        counts = list(pool.map(lambda _: document_pages.page_count(owner, file_id), range(3)))
        pngs = list(pool.map(lambda page: document_pages.render_page(owner, file_id, page, 100), (1, 2, 3)))
    assert counts == [3, 3, 3] and all(png.startswith(b'\x89PNG') for png in pngs)
    assert len(conversions.sources) == 1


async def test_a_page_has_the_document_converted_in_threads_of_its_own(
        people: dict[str, Actor], libreoffice: str, conversions: Conversions) -> None:
    """What a page does before asking for pages: waiting for LibreOffice holds no thread of the shared pool."""
    owner = people['tb1']
    file_id = await asyncio.to_thread(upload, owner, '讲义.docx', docx(['第一页', '第二页']))
    pdf_id = await asyncio.to_thread(upload, owner, '讲义.pdf', course_pdf())
    await asyncio.gather(*(document_pages.prepare(owner, file_id) for _ in range(3)))
    await document_pages.prepare(owner, pdf_id)  # nothing to do for a PDF
    assert len(conversions.sources) == 1 and conversions.threads[0].startswith('libreoffice')
    assert await asyncio.to_thread(document_pages.page_count, owner, file_id) == 2
    assert len(conversions.sources) == 1
    with pytest.raises(NotFound) as hidden:
        await document_pages.prepare(people['test1'], file_id)
    assert hidden.value.message == '未找到该文件'


def test_the_pdf_another_process_recorded_first_is_the_one_used(
        people: dict[str, Actor], data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two processes converting at once: each makes its PDF; the one that records it second deletes its own."""
    owner = people['tb1']
    file_id = upload(owner, '讲义.docx', docx(['第一页']))
    theirs = file_store.save(course_pdf())

    def converted_while_another_process_did_too(source: Path, extension: str) -> str:
        with unit_of_work(write=True) as session:
            row = session.get(StoredFile, file_id)
            row.preview_name = theirs  # type: ignore[union-attr]
            session.add(row)
        return file_store.save(course_pdf())

    monkeypatch.setattr(document_conversion, 'to_pdf', converted_while_another_process_did_too)
    assert document_pages.page_count(owner, file_id) == 4  # the demo PDF's pages
    assert row_of(file_id).preview_name == theirs
    assert on_disk(data_dir) == {row_of(file_id).storage_name, theirs}, 'the second PDF is not left behind'


def test_without_libreoffice_the_document_cannot_be_viewed_but_can_be_downloaded(
        people: dict[str, Actor], monkeypatch: pytest.MonkeyPatch) -> None:
    owner = people['tb1']
    data = docx(['第一页'])
    file_id = upload(owner, '讲义.docx', data)  # accepted all the same: LibreOffice is for viewing only
    monkeypatch.setattr(document_conversion.shutil, 'which', lambda name: None)
    for attempt in (lambda: document_pages.page_count(owner, file_id),
                    lambda: document_pages.render_page(owner, file_id, 1, 100)):
        with pytest.raises(NotFound) as unavailable:
            attempt()
        assert unavailable.value.message == NO_PREVIEW
    assert row_of(file_id).preview_name is None
    location = files.file_location(owner, file_id)
    assert (location.name, location.content_type, location.path.read_bytes()) == ('讲义.docx', files.DOCX, data)
    # PDFs are shown as ever
    pdf_id = upload(owner, '讲义.pdf', course_pdf())
    assert document_pages.page_count(owner, pdf_id) == 4


def fake_soffice(folder: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Path:
    """A `soffice` of the test's own, first on PATH; it notes each run in `runs`."""
    folder.mkdir()
    command = folder / 'soffice'
    command.write_text(f'#!/bin/sh\necho run >> {folder / "runs"}\n{script}\n')
    command.chmod(0o755)
    monkeypatch.setenv('PATH', f'{folder}{os.pathsep}{os.environ.get("PATH", "")}')
    return folder / 'runs'


def test_a_failed_conversion_is_not_tried_again_at_once(people: dict[str, Actor], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    runs = fake_soffice(tmp_path / 'bin', monkeypatch, 'echo "Error: source file could not be loaded" >&2\nexit 1')
    owner = people['tb1']
    file_id = upload(owner, '讲义.docx', docx(['第一页']))
    for _ in range(2):
        with pytest.raises(NotFound) as unavailable:
            document_pages.page_count(owner, file_id)
        assert unavailable.value.message == NO_PREVIEW
    assert runs.read_text().count('run') == 1
    assert row_of(file_id).preview_name is None

    monkeypatch.setattr(document_conversion, 'RETRY_AFTER', 0)  # later it is
    with pytest.raises(NotFound):
        document_pages.page_count(owner, file_id)
    assert runs.read_text().count('run') == 2


def test_a_conversion_that_hangs_is_killed_with_everything_it_started(
        people: dict[str, Actor], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pids = tmp_path / 'pids'
    fake_soffice(tmp_path / 'bin', monkeypatch, f'sleep 60 &\necho $! > {pids}\nsleep 60')
    monkeypatch.setattr(document_conversion, 'TIMEOUT', 1)
    owner = people['tb1']
    file_id = upload(owner, '讲义.docx', docx(['第一页']))
    with pytest.raises(NotFound) as unavailable:
        document_pages.page_count(owner, file_id)
    assert unavailable.value.message == NO_PREVIEW
    child = int(pids.read_text())
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:  # killed; reaped by init at its own pace
        time.sleep(0.1)
    assert not alive(child), 'what the hung LibreOffice started is gone too'


def alive(pid: int) -> bool:
    """Running (a zombie, dead and waiting for its parent to reap it, is not)."""
    try:
        return not Path(f'/proc/{pid}/stat').read_text().rsplit(') ', 1)[1].startswith('Z')
    except FileNotFoundError:
        return False
