"""Pages of an uploaded PDF rendered on the server: only for those who may read the file, the right page at the
asked zoom, and a page seen once is read from the cache afterwards."""
from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from domain.demo import _actor
from domain.demo_course_files import PAGES, course_pdf
from domain.engine import document_pages, files
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotFound
from storage.db import unit_of_work
from storage.tables import StoredFile

PURPOSE = 'education_certificate'


@pytest.fixture
def people(demo_db: str, data_dir: Path) -> dict[str, Actor]:
    return {a: _actor(a) for a in ('test1', 'auditor1')}


@pytest.fixture
def pdf_id(people: dict[str, Actor]) -> int:
    return files.save_upload(people['test1'], PURPOSE, '课程讲义.pdf', course_pdf())


def picture(png: bytes) -> Image.Image:
    assert png.startswith(b'\x89PNG\r\n\x1a\n')
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.convert('RGB')


def band_colour(page: int) -> tuple[int, int, int]:
    """The colour of the band at the top of a page of the demo PDF."""
    return tuple(round(c * 255) for c in PAGES[page - 1][2])  # type: ignore[return-value]


def near(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 3 for a, b in zip(pixel, colour))


def test_the_pages_are_counted_and_each_is_its_own(people: dict[str, Actor], pdf_id: int) -> None:
    owner = people['test1']
    assert document_pages.page_count(owner, pdf_id) == len(PAGES) == 4
    pictures = [picture(document_pages.render_page(owner, pdf_id, page, 100)) for page in (1, 2, 3, 4)]
    for page, image in enumerate(pictures, start=1):
        assert image.size == (794, 1123), 'A4 at 96 pixels per inch'
        assert near(image.getpixel((10, 10)), band_colour(page)), f'page {page} has its own band'
        assert image.getpixel((10, 600)) == (255, 255, 255)
    assert len({image.tobytes() for image in pictures}) == 4


def test_zoom_changes_the_size(people: dict[str, Actor], pdf_id: int) -> None:
    owner = people['test1']
    sizes = {zoom: picture(document_pages.render_page(owner, pdf_id, 2, zoom)).size for zoom in (50, 100, 200)}
    assert sizes[200][0] > sizes[100][0] > sizes[50][0]
    assert abs(sizes[200][0] - 2 * sizes[100][0]) <= 1 and abs(sizes[100][0] - 2 * sizes[50][0]) <= 1


@pytest.mark.parametrize('zoom', [0, 99, 300, -100])
def test_only_the_offered_zooms(people: dict[str, Actor], pdf_id: int, zoom: int) -> None:
    with pytest.raises(Invalid):
        document_pages.render_page(people['test1'], pdf_id, 1, zoom)


@pytest.mark.parametrize('page', [0, -1, 5, 1000])
def test_a_page_the_pdf_lacks_is_not_found(people: dict[str, Actor], pdf_id: int, page: int) -> None:
    with pytest.raises(NotFound) as caught:
        document_pages.render_page(people['test1'], pdf_id, page, 100)
    assert caught.value.message == '未找到该页'


def test_someone_else_and_a_missing_file_get_the_same_answer(people: dict[str, Actor], pdf_id: int,
                                                              data_dir: Path) -> None:
    document_pages.render_page(people['test1'], pdf_id, 1, 100)  # cached now: the cache must not let others in
    for actor, file_id in ((people['auditor1'], pdf_id), (people['test1'], pdf_id + 1000)):
        for attempt in (lambda: document_pages.page_count(actor, file_id),
                        lambda: document_pages.render_page(actor, file_id, 1, 100)):
            with pytest.raises(NotFound) as caught:
                attempt()
            assert caught.value.message == '未找到该文件'


def test_only_pdfs_have_pages(people: dict[str, Actor]) -> None:
    buffer = io.BytesIO()
    Image.new('RGB', (8, 8), (200, 30, 30)).save(buffer, 'PNG')
    png_id = files.save_upload(people['test1'], PURPOSE, '毕业证.png', buffer.getvalue())
    with pytest.raises(NotFound) as caught:
        document_pages.page_count(people['test1'], png_id)
    assert caught.value.message == '未找到该文件'


def test_a_damaged_pdf_cannot_be_shown(people: dict[str, Actor]) -> None:
    broken_id = files.save_upload(people['test1'], PURPOSE, '坏.pdf', b'%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n')
    for attempt in (lambda: document_pages.page_count(people['test1'], broken_id),
                    lambda: document_pages.render_page(people['test1'], broken_id, 1, 100)):
        with pytest.raises(NotFound) as caught:
            attempt()
        assert caught.value.message == '该文件无法预览'


def test_a_page_seen_once_is_not_rendered_again(people: dict[str, Actor], pdf_id: int, data_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    renders: list[tuple[int, int]] = []
    render = document_pages._render

    def counting(path: Path, page: int, zoom: int) -> bytes:
        renders.append((page, zoom))
        return render(path, page, zoom)

    monkeypatch.setattr(document_pages, '_render', counting)
    owner = people['test1']
    first = document_pages.render_page(owner, pdf_id, 3, 150)
    assert document_pages.render_page(owner, pdf_id, 3, 150) == first
    assert renders == [(3, 150)]
    document_pages.render_page(owner, pdf_id, 3, 100)
    assert renders == [(3, 150), (3, 100)], 'another zoom is another picture'

    with unit_of_work() as session:
        storage_name = session.get(StoredFile, pdf_id).storage_name  # type: ignore[union-attr]
    folder = data_dir / 'page-cache' / storage_name
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == ['3-100.png', '3-150.png'], 'whole files only, no parts left behind'
    assert all((folder / name).stat().st_mode & 0o077 == 0 for name in kept), 'readable by the app only'
    assert (data_dir / 'page-cache').stat().st_mode & 0o077 == 0

    document_pages.forget(storage_name)
    assert not folder.exists()
    document_pages.render_page(owner, pdf_id, 3, 150)
    assert len(renders) == 3


def test_renders_from_many_threads_at_once(people: dict[str, Actor], pdf_id: int) -> None:
    """Pages call these from worker threads; PDFium must only ever be entered by one of them at a time."""
    owner = people['test1']
    jobs = [(page, zoom) for page in (1, 2, 3, 4) for zoom in (50, 75, 100)] * 2
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda job: document_pages.render_page(owner, pdf_id, *job), jobs))
        counts = list(pool.map(lambda _: document_pages.page_count(owner, pdf_id), range(12)))
    assert counts == [4] * 12
    for (page, _), png in zip(jobs, results):
        assert near(picture(png).getpixel((3, 3)), band_colour(page))
