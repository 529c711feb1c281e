"""StreamUpload's server side, on a page of the test's own: it hands the browser the upload address, a token for
the logged-in user and the limit as prop values, and passes on to on_uploaded only uploads that really are the
user's own of that purpose, whatever the browser reports. (tests/e2e/test_stream_upload.py drives its browser side.)"""
from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from fastapi import Request
from nicegui import background_tasks, ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from domain.demo import _actor
from domain.engine import files, registry
from pages import uploads
from pages.session import actor_of
from tests.ui.test_login import log_in
from ui.stream_upload import StreamUpload

PAGE = '/test/stream-upload'
VIDEOS, DOCUMENTS = 'ui_test_course_video', 'ui_test_course_document'
MP4 = b'\x00\x00\x00\x20ftypisom' + bytes(500)


@pytest.fixture
def made(user: User) -> Iterator[dict]:
    """The page (test1's uploader of videos) and what its on_uploaded got."""
    got: dict = {'uploaded': []}
    service = registry.Service(code='ui_test_stream_upload', name='测试', order=9999, in_catalogue=False,
                               stream_purposes={VIDEOS: files.VIDEO, DOCUMENTS: files.DOCUMENT})

    @ui.page(PAGE)
    def page(request: Request) -> None:
        async def uploaded(file_id: int, name: str) -> None:
            got['uploaded'].append((file_id, name))

        got['element'] = StreamUpload(VIDEOS, '视频', '.mp4,.webm', uploaded, actor=actor_of(request))

    with registry.registered(service):
        yield got


async def report(user: User, element: StreamUpload, answer: object) -> None:
    """What the browser tells the element when a file is stored; returns once the element has handled it."""
    before = set(background_tasks.running_tasks)
    UserInteraction(user, {element}, None).trigger('uploaded', answer)
    await asyncio.wait_for(asyncio.gather(*(background_tasks.running_tasks - before)), timeout=5)


async def test_the_browser_gets_the_address_token_and_limit_as_values(user: User, made: dict) -> None:
    await log_in(user, 'test1')
    await user.open(PAGE)
    props = made['element'].props
    assert (props['url'], props['accept'], props['multiple'], props['button_label']) == (
        f'/uploads/{VIDEOS}', '.mp4,.webm', True, '选择视频')
    assert uploads.token_valid(_actor('test1'), VIDEOS, props['token'])
    assert not uploads.token_valid(_actor('auditor1'), VIDEOS, props['token'])
    assert props['limit'] == files.stream_limit(files.VIDEO)
    assert props['messages']['too_large'] == '文件不能超过 2048 MB'


async def test_only_the_users_own_upload_of_that_purpose_is_passed_on(user: User, made: dict) -> None:
    test1, auditor1 = _actor('test1'), _actor('auditor1')
    mine = await files.save_stream_upload(test1, VIDEOS, files.VIDEO, '第1讲.mp4', [MP4], len(MP4))
    theirs = await files.save_stream_upload(auditor1, VIDEOS, files.VIDEO, '别人的.mp4', [MP4], len(MP4))
    other_purpose = await files.save_stream_upload(test1, DOCUMENTS, files.DOCUMENT, '讲义.pdf', [b'%PDF-1.7'], 8)
    await log_in(user, 'test1')
    await user.open(PAGE)
    element = made['element']
    for forged in ({'file_id': theirs, 'name': '别人的.mp4'}, {'file_id': other_purpose}, {'file_id': mine + 99},
                   {'file_id': str(mine)}, {'file_id': True}, {}, ['not', 'a', 'dict']):
        await report(user, element, forged)
        assert made['uploaded'] == [], forged
    await report(user, element, {'file_id': mine, 'name': 'whatever the browser says.mp4', 'size': 1})
    assert made['uploaded'] == [(mine, '第1讲.mp4')]  # the stored name, not the browser's
