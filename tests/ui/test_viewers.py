"""The two viewers a course evaluation is made of, on a page of the test's own: the PDF viewer pages and zooms
through server-rendered pictures (and says when a Word or PowerPoint file cannot be shown, offering the file), the
video player keeps time-coded remarks in order and hands them over."""
from __future__ import annotations

import re

import pytest
from fastapi import Request
from nicegui import app, ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from domain.demo import _actor
from domain.demo_course_files import course_pdf
from domain.engine import document_conversion, files
from domain.shared.errors import Conflict
from pages import document_pages
from pages.session import actor_of
from tests.storage.test_document_conversion import docx
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import eventually
from ui.pdf_viewer import PdfViewer
from ui.video_player import VideoPlayer

PAGE = '/test/viewers'
VIDEO_ID = 4242  # the player only names the file: /files/4242


@pytest.fixture
def viewers(user: User) -> dict:
    """A page with both viewers on test1's demo course PDF; what the page made and what on_change got."""
    pdf_id = files.save_upload(_actor('test1'), 'education_certificate', '课程讲义.pdf', course_pdf())
    if not any(getattr(route, 'path', '') == '/files/{file_id}/pages/{page}.png' for route in app.routes):
        document_pages.register_routes(app)  # until main() registers it
    made: dict = {'pdf_id': pdf_id, 'saved': [], 'refuse': False}

    @ui.page(PAGE)
    def page(request: Request) -> None:
        async def save(remarks: list[tuple[int, str]]) -> None:
            if made['refuse']:
                raise Conflict()
            made['saved'].append(remarks)

        made['pdf'] = PdfViewer(actor_of(request), pdf_id, '课程讲义.pdf', height='400px')
        made['video'] = VideoPlayer(VIDEO_ID, '课程视频.mp4', [(900, '结尾'), (30, '开场')], on_change=save)

    return made


async def until(condition) -> None:  # type: ignore[no-untyped-def]
    """Wait for handlers that run as tasks (and the page count, which comes from a worker thread)."""
    def check() -> None:
        assert condition()
    await eventually(check, timeout=5.0)


def one(user: User, marker: str) -> ui.element:
    [element] = user.find(marker=marker).elements
    return element


def remark_texts(player: VideoPlayer) -> list[str]:
    return [b.text for b in player.list_box.descendants() if isinstance(b, ui.button) and 'remark' in b._markers]


async def test_the_pdf_viewer_pages_and_zooms(user: User, viewers: dict) -> None:
    await log_in(user, 'test1')
    await user.open(PAGE)
    pdf_id = viewers['pdf_id']
    image = one(user, 'pdf-page')
    assert image.props['src'] == f'/files/{pdf_id}/pages/1.png?zoom=100'
    assert image.props['alt'] == '课程讲义.pdf 第 1 页'
    await until(lambda: one(user, 'pdf-page-label').text == '第 1 / 4 页')
    assert not one(user, 'pdf-prev').enabled and one(user, 'pdf-next').enabled

    user.find(marker='pdf-next').click()
    await user.should_see('第 2 / 4 页')
    assert image.props['src'] == f'/files/{pdf_id}/pages/2.png?zoom=100'
    assert one(user, 'pdf-prev').enabled

    user.find(marker='pdf-zoom-in').click()
    await user.should_see('125%')
    assert image.props['src'] == f'/files/{pdf_id}/pages/2.png?zoom=125'
    for _ in range(5):
        user.find(marker='pdf-zoom-out').click()
    await user.should_see('50%')
    assert not one(user, 'pdf-zoom-out').enabled
    assert image.props['src'] == f'/files/{pdf_id}/pages/2.png?zoom=50'

    for _ in range(4):
        user.find(marker='pdf-next').click()
    await user.should_see('第 4 / 4 页')
    assert not one(user, 'pdf-next').enabled

    # the picture the page points at is there for the owner: a PNG, not kept by the browser
    response = await user.http_client.get(image.props['src'])
    assert response.status_code == 200 and response.content.startswith(b'\x89PNG')
    assert response.headers['content-type'] == 'image/png'
    assert response.headers['x-content-type-options'] == 'nosniff'
    assert 'no-store' in response.headers['cache-control']
    for other in (f'/files/{pdf_id}/pages/5.png?zoom=100', f'/files/{pdf_id + 99}/pages/1.png'):
        missing = await user.http_client.get(other)
        assert missing.status_code == 404 and missing.headers['content-type'].startswith('text/plain')
    assert (await user.http_client.get(f'/files/{pdf_id}/pages/1.png?zoom=333')).status_code == 400


async def test_someone_else_sees_no_pages(user: User, viewers: dict) -> None:
    await log_in(user, 'auditor1')
    await user.open(PAGE)
    await user.should_see('未找到该文件')
    assert not one(user, 'pdf-next').enabled
    response = await user.http_client.get(f'/files/{viewers["pdf_id"]}/pages/1.png?zoom=100')
    assert (response.status_code, response.text) == (404, '未找到该文件')


async def test_a_document_that_cannot_be_shown_is_offered_for_download(
        user: User, viewers: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document_conversion.shutil, 'which', lambda name: None)  # no LibreOffice
    word_id = files.save_streamed_bytes(_actor('test1'), 'course_document', files.DOCUMENT, '讲义.docx', docx(['讲义']))

    @ui.page('/test/word-viewer')
    def page(request: Request) -> None:
        PdfViewer(actor_of(request), word_id, '讲义.docx', height='400px')

    await log_in(user, 'test1')
    await user.open('/test/word-viewer')
    await user.should_see('该文件暂无法在线预览')
    link = one(user, 'pdf-download')
    assert link.visible and link.props['href'] == f'/files/{word_id}' and not one(user, 'pdf-next').enabled
    assert (await user.http_client.get(f'/files/{word_id}')).content.startswith(b'PK')


async def test_the_video_player_keeps_remarks_in_order(user: User, viewers: dict,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    seeks: list[int] = []  # the seek is a script the page does not wait for: its rules do not see it

    def run_javascript(code: str, **_: object) -> None:
        seeks.extend(int(found) for found in re.findall(r'v\.currentTime = (\d+);', code))

    monkeypatch.setattr(ui, 'run_javascript', run_javascript)
    await log_in(user, 'test1')
    await user.open(PAGE)
    player: VideoPlayer = viewers['video']
    video = one(user, 'video-player')
    assert (video.tag, video.props['src'], video.props['preload']) == ('video', f'/files/{VIDEO_ID}', 'metadata')
    assert remark_texts(player) == ['00:30 开场', '15:00 结尾']

    user.find(marker='remark-time').type('12:30')
    user.find(marker='remark-text').type('画面与讲义不符')
    user.find(marker='remark-add').click()
    await until(lambda: viewers['saved'] == [[(30, '开场'), (750, '画面与讲义不符'), (900, '结尾')]])
    assert remark_texts(player) == ['00:30 开场', '12:30 画面与讲义不符', '15:00 结尾']
    await user.should_see('12:30 画面与讲义不符')
    assert one(user, 'remark-time').value == '' and one(user, 'remark-text').value == ''

    [jump] = [b for b in user.find(marker='remark').elements if b.text.startswith('12:30')]
    UserInteraction(user, {jump}, None).click()
    await until(lambda: seeks == [750])

    [delete] = [b for b in user.find(marker='remark-delete').elements if b.props['aria-label'] == '删除备注 00:30 开场']
    UserInteraction(user, {delete}, None).click()
    await until(lambda: viewers['saved'][-1] == [(750, '画面与讲义不符'), (900, '结尾')])
    assert remark_texts(player) == ['12:30 画面与讲义不符', '15:00 结尾']


async def test_bad_remarks_are_refused_beside_their_field(user: User, viewers: dict) -> None:
    await log_in(user, 'test1')
    await user.open(PAGE)
    time, text = one(user, 'remark-time'), one(user, 'remark-text')
    user.find(marker='remark-time').type('12.30')
    user.find(marker='remark-text').type('画面与讲义不符')
    user.find(marker='remark-add').click()
    await until(lambda: time.props.get('error-message') == '时间格式应为 分:秒，如 12:30')
    assert time.props['error'] is True and 'error' not in text.props

    user.find(marker='remark-time').clear().type('12:30')
    user.find(marker='remark-text').clear()
    user.find(marker='remark-add').click()
    await until(lambda: text.props.get('error-message') == '请填写备注内容')
    assert 'error' not in time.props

    viewers['refuse'] = True  # the caller could not keep it: the list stays as it was
    user.find(marker='remark-text').type('画面与讲义不符')
    user.find(marker='remark-add').click()
    await user.should_see('该业务已被他人处理或已发生变化，请刷新后重试')
    assert remark_texts(viewers['video']) == ['00:30 开场', '15:00 结尾'] and viewers['saved'] == []
    assert time.value == '12:30'


async def test_current_time_comes_from_the_player(user: User, viewers: dict) -> None:
    user.javascript_rules[re.compile(r'.*return v \? v\.currentTime : null;')] = lambda _: 754.6
    await log_in(user, 'test1')
    await user.open(PAGE)
    user.find(marker='remark-now').click()
    await until(lambda: one(user, 'remark-time').value == '12:34')
