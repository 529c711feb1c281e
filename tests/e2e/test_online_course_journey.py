"""Online courses end to end in a real browser (R10.5, R10.6): the training body tb1 uploads a course's PDF and video
(a progress bar while the bytes go), CCAA staff assign expert1 for 文件评价 and 视频评价, expert1 opens each from
消息, reads the PDF page by page inside the page, plays the video, notes a remark and seeks to it, judges each file
and submits; staff see both results and approve. Then expert1 evaluates the demo's 老课复审 and staff extend the
course.

The journey runs on a server of its own: it changes what expert1's lists and messages show."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from domain import demo_course_files
from tests.e2e.conftest import as_user, open_from_queue, running_server, screenshot


@pytest.fixture(scope='module')
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(Path(tmp_path_factory.mktemp('online-course-e2e'))) as url:
        yield url


def open_message(page: Page, title: str) -> None:
    page.get_by_test_id('message-count').click()
    page.get_by_text(title).first.click()


def test_an_online_course_uploaded_evaluated_inside_the_page_and_approved(browser: Browser, own_server: str,
                                                                          tmp_path: Path) -> None:
    body = as_user(browser, own_server, 'tb1')
    body.goto('/institution')
    body.get_by_test_id('institution-filing').get_by_role('link', name='发起网络课程').click()
    expect(body.get_by_text('以培训机构名义上报')).to_be_visible()
    body.get_by_test_id('wizard-next').click()
    expect(body.get_by_text('* 网络课程信息')).to_be_visible()
    case_no = body.get_by_test_id('case-no').inner_text().split('：')[1]
    body.get_by_label('课程名称').fill('质量管理体系内审员网络课程')
    for field, option in (('design_type', '继续教育课程'), ('design_field', 'QMS')):
        body.get_by_test_id(f'field-{field}').click()
        body.get_by_role('option', name=re.compile(f'^{option}')).first.click()
    body.get_by_label('课程简介').fill('标准条款与内审方法，视频 2 讲，共 8 学时。')
    lecture = tmp_path / '内审讲义.pdf'
    lecture.write_bytes(demo_course_files.course_pdf())
    video = tmp_path / '第一讲.mp4'  # a real clip, padded so that the upload takes long enough to be watched
    video.write_bytes(demo_course_files.course_video_path('mp4').read_bytes() + bytes(6 * 1024 * 1024))
    uploads = body.get_by_test_id('upload-input')
    uploads.nth(0).set_input_files(str(lecture))
    expect(body.get_by_role('link', name='内审讲义.pdf')).to_be_visible()
    network = body.context.new_cdp_session(body)
    network.send('Network.enable')
    network.send('Network.emulateNetworkConditions', {'offline': False, 'latency': 0, 'downloadThroughput': -1,
                                                      'uploadThroughput': 3 * 1024 * 1024})
    uploads.nth(1).set_input_files(str(video))
    expect(body.get_by_test_id('upload-progress')).to_be_visible()
    screenshot(body, 'online-course-upload-progress')
    expect(body.get_by_role('link', name='第一讲.mp4')).to_be_visible(timeout=30_000)
    network.send('Network.emulateNetworkConditions', {'offline': False, 'latency': 0, 'downloadThroughput': -1,
                                                      'uploadThroughput': -1})
    body.get_by_test_id('wizard-next').click()
    expect(body.get_by_text('请核对申请信息')).to_be_visible()
    body.get_by_test_id('wizard-submit').click()
    expect(body.get_by_text('网络课程 业务已成功提交')).to_be_visible()

    staff = as_user(browser, own_server, 'admin')
    open_from_queue(staff, '/staff', case_no, '网络课程信息')
    for kind in ('document', 'video'):
        staff.get_by_test_id(f'assign-{kind}').click()
        staff.get_by_role('option', name='赵强').click()
        staff.keyboard.press('Escape')
        expect(staff.get_by_role('listbox')).to_have_count(0)
    screenshot(staff, 'online-course-assign')
    staff.get_by_test_id('assign-submit').click()
    expect(staff).to_have_url(re.compile(r'/staff$'))

    expert = as_user(browser, own_server, 'expert1')
    open_message(expert, f'您有一条业务流水号【{case_no}】的网络课程需要进行文件文审')
    expect(expert.get_by_test_id('review-heading')).to_contain_text('文件评价')
    expect(expert.get_by_test_id('pdf-page-label')).to_have_text('第 1 / 4 页')
    first_page = expert.get_by_test_id('pdf-page').get_attribute('src')
    expert.get_by_test_id('pdf-next').click()
    expect(expert.get_by_test_id('pdf-page-label')).to_have_text('第 2 / 4 页')
    expect(expert.get_by_test_id('pdf-page')).not_to_have_attribute('src', first_page or '')
    loaded = expert.get_by_test_id('pdf-page').evaluate('img => img.decode().then(() => img.naturalWidth)')
    assert loaded > 500  # the page really is drawn, not a broken image
    expert.get_by_role('radio', name='符合').first.click()
    expert.get_by_test_id('review-result').click()
    expert.get_by_role('option', name='通过', exact=True).click()
    expert.get_by_label('评价意见').fill('讲义结构清晰，条款解释准确。')
    screenshot(expert, 'online-course-document-evaluation')
    expert.get_by_test_id('review-submit').click()
    expect(expert).to_have_url(re.compile(r'/my/expert/courses$'))
    mine = expert.get_by_test_id('course-reviews').locator('tbody tr', has_text=case_no)
    expect(mine).to_have_count(1)  # the 视频评价 is still to do
    expect(mine).to_contain_text('视频评价')

    open_message(expert, f'您有一条业务流水号【{case_no}】的网络课程需要进行视频文审')
    expect(expert.get_by_test_id('review-heading')).to_contain_text('视频评价')
    player = expert.get_by_test_id('video-player')
    player.evaluate('v => { v.muted = true; return v.play(); }')
    expert.wait_for_function('v => v.currentTime > 0.5', arg=player.element_handle(), timeout=10_000)
    player.evaluate('v => v.pause()')
    expert.get_by_test_id('remark-time').fill('00:07')
    expert.get_by_test_id('remark-text').fill('画面与讲义不符')
    expert.get_by_test_id('remark-add').click()
    remark = expert.get_by_test_id('remark').filter(has_text='00:07 画面与讲义不符')
    expect(remark).to_be_visible()
    remark.click()
    expert.wait_for_function('v => Math.round(v.currentTime) === 7', arg=player.element_handle())
    expert.get_by_role('radio', name='不符合').first.click()
    reason = expert.get_by_placeholder('请填写不符合的原因')
    reason.fill('第 7 秒起画面与讲义第二章不一致')
    reason.press('Enter')  # saved on leaving the field, or on Enter
    expert.get_by_test_id('review-result').click()
    expert.get_by_role('option', name='不通过', exact=True).click()
    expert.get_by_label('评价意见').fill('视频需重新剪辑。')
    screenshot(expert, 'online-course-video-evaluation')
    expert.get_by_test_id('review-submit').click()
    expect(expert).to_have_url(re.compile(r'/my/expert/courses$'))

    open_from_queue(staff, '/staff', case_no, '网络课程信息')
    results = staff.get_by_test_id('review-results')
    expect(results.locator('tbody tr')).to_have_count(2)
    expect(results).to_contain_text('讲义结构清晰')
    expect(results).to_contain_text('00:07 画面与讲义不符')
    expect(results).to_contain_text('不符合：第 7 秒起画面与讲义第二章不一致')
    screenshot(staff, 'online-course-results')
    staff.get_by_label('办理意见').fill('请按视频评价意见修改后上线。')
    staff.get_by_test_id('action-approve').click()
    expect(staff).to_have_url(re.compile(r'/staff$'))


def test_the_demo_rereview_evaluated_and_the_course_extended(browser: Browser, own_server: str) -> None:
    expert = as_user(browser, own_server, 'expert1')
    open_message(expert, '网络课程名为【EMS课程】的老课复审申请需要您进行评价')
    expect(expert.get_by_test_id('review-heading')).to_contain_text('老课复审评价')
    expert.goto('/my/expert/rereviews')
    row = expert.get_by_test_id('course-reviews').locator('tbody tr', has_text='EMS课程')
    expect(row).to_contain_text('自2027-01-06延期至2028-01-05')
    screenshot(expert, 'rereview-list')
    row.get_by_role('link', name='评价').click()
    expect(expert.get_by_test_id('course-facts')).to_contain_text('自2027-01-06延期至2028-01-05')
    expert.get_by_test_id('review-result').click()
    expert.get_by_role('option', name='同意延期', exact=True).click()
    expert.get_by_label('评价意见').fill('课程案例已更新，同意延期。')
    expert.get_by_test_id('review-submit').click()
    expect(expert).to_have_url(re.compile(r'/my/expert/rereviews$'))
    expect(expert.get_by_test_id('course-reviews').locator('tbody tr', has_text='EMS课程')).to_have_count(0)

    staff = as_user(browser, own_server, 'admin')
    staff.goto('/staff')
    case_no = staff.get_by_test_id('queue').first.locator('tbody tr', has_text='老课复审').locator('td').first \
        .inner_text()
    open_from_queue(staff, '/staff', case_no, '老课复审信息')
    expect(staff.get_by_test_id('review-results')).to_contain_text('同意延期')
    staff.get_by_test_id('action-approve').click()
    expect(staff).to_have_url(re.compile(r'/staff$'))


def test_the_header_drop_down_marks_read_and_clears(browser: Browser, own_server: str) -> None:
    """expert1's 消息 after the journeys above: the manual's drop-down, by keyboard, down to 全部清空."""
    expert = as_user(browser, own_server, 'expert1')
    button = expert.get_by_test_id('message-count')
    expect(button).not_to_have_text('消息 (0)')
    button.focus()
    expert.keyboard.press('Enter')
    menu = expert.get_by_role('menu')
    expect(menu.get_by_role('link', name='查看全部')).to_be_visible()
    expect(menu.get_by_text('(未读)').first).to_be_visible()
    expect(menu.locator('[data-inbox-first]')).to_be_focused()  # the keyboard is taken into the list …
    expert.keyboard.press('Escape')
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()  # … and given back
    expert.keyboard.press('Enter')
    expect(menu.get_by_text('(未读)').first).to_be_visible()
    screenshot(expert, 'header-messages-drop-down')
    menu.get_by_role('button', name='全部已读').click()
    expect(button).to_have_text('消息 (0)')
    expect(menu.get_by_text('(未读)')).to_have_count(0)
    expect(menu.get_by_text('(已读)').first).to_be_visible()
    menu.get_by_role('button', name='全部清空').click()
    expect(expert.get_by_text('确定清空全部消息吗？清空后不可恢复。')).to_be_visible()
    expert.get_by_test_id('confirm-yes').click()
    button.click()
    expect(expert.get_by_role('menu').get_by_text('暂无消息')).to_be_visible()
    expert.get_by_role('menu').get_by_role('link', name='查看全部').click()
    expect(expert).to_have_url(re.compile(r'/my/messages\?kind=message$'))
    expect(expert.get_by_text('暂无消息').last).to_be_visible()
