"""StreamUpload in Chromium: chosen files go to POST /uploads with a progress bar and come back as links; refusals
stay beside the button; the uploaded MP4 and WebM play and seek in a <video> served by GET /files/{id}."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import running_server

ROOT = Path(__file__).resolve().parents[2]
VIDEOS = ROOT / 'assets' / 'demo'  # a 10-second test picture, as MP4 (H.264) and WebM (VP9)


@pytest.fixture(scope='module')
def upload_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp('stream-upload'), ('tests/e2e/stream_upload_app.py',), ready='/',
                        CCAA_MAX_VIDEO_MB='1') as url:
        yield url


@pytest.fixture
def upload_page(browser: Browser, upload_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=upload_server, locale='zh-CN')
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto('/')
    expect(page.get_by_test_id('upload-button')).to_contain_text('选择视频')
    page.evaluate('''() => {  // what the progress bar showed, however short the upload
        window.progressSeen = [];
        new MutationObserver(() => {
            const bar = document.querySelector('[data-testid=upload-progress]');
            if (bar) window.progressSeen.push(bar.innerText.replace(/\\s+/g, ' ').trim());
        }).observe(document.body, {subtree: true, childList: true, characterData: true});
    }''')
    yield page
    context.close()


def choose(page: Page, *paths: Path | str) -> None:
    page.get_by_test_id('upload-input').set_input_files([str(p) for p in paths])


def plays_and_seeks(page: Page, href: str) -> dict[str, float]:
    return page.evaluate('''async (src) => {
        const video = document.createElement('video');
        video.muted = true;
        video.src = src;
        document.body.appendChild(video);
        await new Promise((ok, bad) => {
            video.onloadedmetadata = ok;
            video.onerror = () => bad(new Error('media error ' + video.error.code));
        });
        await video.play();
        await new Promise(ok => { const wait = () => video.currentTime > 0.5 ? ok() : setTimeout(wait, 50); wait(); });
        video.currentTime = 7.5;
        await new Promise(ok => { video.onseeked = ok; });
        const seeked = video.currentTime;
        await new Promise(ok => setTimeout(ok, 300));
        const result = {duration: video.duration, seeked, playing: !video.paused && video.currentTime > seeked};
        video.remove();
        return result;
    }''', href)


@pytest.mark.skipif(not (VIDEOS / 'course-video.mp4').exists(), reason='no demo videos')
def test_videos_are_uploaded_with_progress_and_play_and_seek(upload_page: Page) -> None:
    page = upload_page
    choose(page, VIDEOS / 'course-video.mp4', VIDEOS / 'course-video.webm')  # two at once, one after the other
    links = page.get_by_test_id('uploaded')
    expect(links).to_have_text(['course-video.mp4', 'course-video.webm'])
    expect(page.get_by_test_id('upload-progress')).to_have_count(0)
    seen = page.evaluate('window.progressSeen')
    assert any(text.startswith('course-video.mp4') and text.endswith('%') for text in seen), seen
    assert any(text.startswith('course-video.webm') for text in seen), seen
    for index in range(2):
        played = plays_and_seeks(page, links.nth(index).get_attribute('href') or '')
        assert played['duration'] == pytest.approx(10, abs=0.2), played
        assert played['seeked'] == pytest.approx(7.5, abs=0.1) and played['playing'], played


def test_refusals_stay_beside_the_button_until_the_next_try(upload_page: Page, tmp_path: Path) -> None:
    page = upload_page
    error = page.get_by_test_id('upload-error')
    (tmp_path / '讲义.pdf').write_bytes(b'%PDF-1.7\n' + bytes(1000))
    choose(page, tmp_path / '讲义.pdf')
    expect(error).to_have_text('讲义.pdf：仅支持 MP4 或 WebM 视频')  # the server's answer
    expect(error).to_have_css('color', 'rgb(193, 0, 21)')  # Quasar's negative red
    page.wait_for_timeout(500)
    expect(error).to_be_visible()

    with (tmp_path / 'big.mp4').open('wb') as big:  # over CCAA_MAX_VIDEO_MB=1: refused before sending
        big.write(b'\x00\x00\x00\x20ftypisom')
        big.truncate(1024 * 1024 + 1)
    choose(page, tmp_path / 'big.mp4')
    expect(error).to_have_text('big.mp4：文件不能超过 1 MB')
    expect(page.get_by_test_id('uploaded')).to_have_count(0)

    (tmp_path / 'ok.mp4').write_bytes(b'\x00\x00\x00\x20ftypisom' + bytes(1000))
    choose(page, tmp_path / 'ok.mp4')
    expect(page.get_by_test_id('uploaded')).to_have_text(['ok.mp4'])
    expect(error).to_have_count(0)
