"""个人信息: basic facts masked, the five experience tables of the profile library, the dialog, uploads, /files."""
from __future__ import annotations

import io
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User
from PIL import Image

from domain.demo import _actor
from domain.engine import experiences, files
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import eventually
from ui.experience_table import ExperienceTable

TITLES = ['教育经历', '工作经历', '专业工作经历', '审核经历', '继续教育(有效课程)', '授课经历']
HEADERS = {
    'education': ['入学时间', '毕业时间', '院校名称', '所学专业', '学历', '学历文件', '操作'],
    'work_experience': ['工作单位', '开始日期', '结束日期', '所在部门', '职务/职称', '证明人姓名', '证明人电话', '操作'],
    'professional_experience': ['工作单位', '开始日期', '结束日期', '所在部门', '职务/职称', '工作岗位', '证明人姓名',
                                '证明人电话', '操作'],
    'audit_experience': ['开始日期', '结束日期', '受审核方名称', '现场审核天数', '审核类型', '操作'],
    'continuing_education': ['课程名称', '开始日期', '有效期至', '课程学时', '课程类别', '操作'],
    'teaching_experience': ['开始日期', '结束日期', '授课机构', '课程名称', '授课学时', '操作'],
}


@pytest.fixture(autouse=True)
def empty_library(app_database: str) -> None:
    """These tests start from an empty profile library (the demo fills test1's)."""
    test1 = _actor('test1')
    for kind in experiences.KINDS:
        for row in experiences.list_library(test1, kind):
            experiences.delete_row(test1, kind, row.id)


async def open_profile(user: User, account: str = 'test1') -> None:
    await log_in(user, account)
    await user.should_see('您好', retries=30)
    await user.open('/my/profile')
    await user.should_see(marker='teaching_experience-table', retries=30)  # the last section is built


def section(user: User, key: str) -> ExperienceTable:
    [element] = user.find(marker=f'experience-{key}').elements
    assert isinstance(element, ExperienceTable)
    return element


def field(user: User, name: str) -> Any:
    [element] = user.find(marker=name).elements
    return element


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new('RGB', (16, 16), (27, 79, 156)).save(buffer, 'PNG')
    return buffer.getvalue()


def fill_work_dialog(user: User, phone: str) -> None:
    user.find(marker='employer').type('华信认证中心有限公司')
    user.find(marker='start_date').type('2010-03-01')
    user.find(marker='department').type('质量部')
    user.find(marker='position').type('工程师')
    user.find(marker='referee_name').type('张伟')
    user.find(marker='referee_phone').type(phone)


async def test_page_shows_menu_masked_basics_and_five_tables(user: User) -> None:
    await open_profile(user)
    for entry in ('我的事项', '账户信息', '个人信息', '我的证书', '缴费记录'):
        await user.should_see(entry)
    assert field(user, 'basic-证件号码').text == '110***********0012'
    assert field(user, 'basic-手机号码').text == '138****0001'
    assert field(user, 'basic-姓名').text == '李明'
    assert field(user, 'basic-性别').text == '男'
    assert field(user, 'basic-出生日期').text == '1985-03-12'
    assert field(user, 'basic-电子邮箱').text == 'test1@example.com'
    await user.should_not_see('110105198503120012')
    await user.should_not_see('13800000001')
    for title in TITLES:
        await user.should_see(title)
    for key, headers in HEADERS.items():
        table = section(user, key).table
        assert [c['label'] for c in table.columns] == headers
        assert table.rows == []
        assert table.props['no-data-label'] == '暂无数据'
    await user.should_see('添加')
    await user.should_see('折叠表格内容')
    for key in HEADERS:
        await user.should_not_see(marker=f'{key}-pick')  # 从基本信息库添加 belongs to applications
    await user.should_not_see('审核结果')


async def test_add_a_work_experience_through_the_dialog(user: User) -> None:
    await open_profile(user)
    user.find(marker='work_experience-add').click()
    await user.should_see('添加工作经历')
    fill_work_dialog(user, '13912345678')
    user.find(marker='work_experience-save').click()
    work = section(user, 'work_experience')
    await eventually(lambda: expect(len(work.table.rows) == 1))
    row = work.table.rows[0]
    assert (row['employer'], row['start_date'], row['end_date'], row['referee_phone']) == \
        ('华信认证中心有限公司', '2010-03-01', '至今', '13912345678')
    assert '_values' not in row, 'edit values stay on the server'
    assert not work.dialog.value
    [stored] = experiences.list_library(_actor('test1'), 'work_experience')
    assert stored.values['position'] == '工程师'


async def test_bad_phone_shows_beside_the_field_and_keeps_the_input(user: User) -> None:
    await open_profile(user)
    user.find(marker='work_experience-add').click()
    fill_work_dialog(user, '12345')
    user.find(marker='work_experience-save').click()
    await user.should_see('请输入正确的手机号码')
    phone = field(user, 'referee_phone')
    assert phone.error == '请输入正确的手机号码'
    assert section(user, 'work_experience').dialog.value, 'the dialog stays open'
    assert field(user, 'employer').value == '华信认证中心有限公司'
    assert field(user, 'start_date').value == '2010-03-01'
    assert phone.value == '12345'
    assert experiences.list_library(_actor('test1'), 'work_experience') == []

    phone.value = '13912345678'
    user.find(marker='work_experience-save').click()
    await eventually(lambda: expect(len(section(user, 'work_experience').table.rows) == 1))


async def test_end_before_start_is_shown_on_the_end_date(user: User) -> None:
    await open_profile(user)
    user.find(marker='audit_experience-add').click()
    user.find(marker='start_date').type('2024-05-10')
    user.find(marker='end_date').type('2024-05-09')
    user.find(marker='auditee').type('北京某制造有限公司')
    user.find(marker='onsite_days').type('1.5')
    user.find(marker='audit_type').click()
    user.find('初次认证').click()
    user.find(marker='audit_experience-save').click()
    await user.should_see('结束日期不能早于开始日期')
    assert field(user, 'end_date').error == '结束日期不能早于开始日期'
    assert field(user, 'onsite_days').value == 1.5


async def test_edit_then_delete_with_confirmation(user: User) -> None:
    actor = _actor('test1')
    row = experiences.save_row(actor, 'continuing_education', {
        'course_name': 'QMS 继续教育', 'start_date': '2024-01-10', 'valid_until': '2027-01-09', 'hours': 16,
        'category': '继续教育课程'})
    await open_profile(user)
    courses = section(user, 'continuing_education')
    assert [r['course_name'] for r in courses.table.rows] == ['QMS 继续教育']

    # a row's 编辑 / 删除 buttons are Vue slot buttons that emit 'edit' / 'delete' with the row id
    user.find(marker='continuing_education-table').trigger('edit', row.id)
    await user.should_see('编辑继续教育(有效课程)')
    hours = field(user, 'hours')
    assert (hours.value, field(user, 'course_name').value) == (16, 'QMS 继续教育')
    hours.value = 24
    user.find(marker='continuing_education-save').click()
    await eventually(lambda: expect(courses.table.rows[0]['hours'] == '24'))

    user.find(marker='continuing_education-table').trigger('delete', row.id)
    await user.should_see('确定删除这条继续教育(有效课程)吗？')
    assert courses.table.rows, 'nothing is deleted before the confirmation'
    user.find(marker='continuing_education-confirm-delete').click()
    await eventually(lambda: expect(courses.table.rows == []))
    assert experiences.list_library(actor, 'continuing_education') == []


async def test_collapse_and_expand(user: User) -> None:
    await open_profile(user)
    education = section(user, 'education')
    user.find(marker='education-toggle').click()
    assert not education.table.visible
    await user.should_see('展开表格内容')
    user.find(marker='education-toggle').click()
    assert education.table.visible


async def test_upload_an_education_file_and_refuse_a_text_file(user: User) -> None:
    await open_profile(user)
    user.find(marker='education-add').click()
    upload = user.find(ui.upload).elements.pop()
    await upload.handle_uploads([ui.upload.SmallFileUpload('notes.png', 'image/png', b'just some text')])
    await user.should_see(files.MSG_TYPE)

    await upload.handle_uploads([ui.upload.SmallFileUpload('毕业证.png', 'image/png', png_bytes())])
    await user.should_see('已上传：毕业证.png')
    await user.should_not_see(files.MSG_TYPE)
    user.find(marker='start_date').type('2003-09-01')
    user.find(marker='end_date').type('2007-07-01')
    user.find(marker='school').type('北京理工大学')
    user.find(marker='major').type('机械工程')
    user.find(marker='degree').click()
    user.find('本科').click()
    user.find(marker='education-save').click()
    education = section(user, 'education')
    await eventually(lambda: expect(len(education.table.rows) == 1))
    row = education.table.rows[0]
    [stored] = experiences.list_library(_actor('test1'), 'education')
    file_id = stored.values['file_id']
    assert row['file_id'] == '毕业证.png'
    assert row['_links'] == {'file_id': f'/files/{file_id}'}

    response = await user.http_client.get(f'/files/{file_id}')
    assert response.status_code == 200
    assert response.content == png_bytes()
    assert response.headers['content-type'] == 'image/png'
    assert response.headers['content-disposition'] == "inline; filename*=UTF-8''%E6%AF%95%E4%B8%9A%E8%AF%81.png"
    assert response.headers['cache-control'] == 'no-store'
    assert response.headers['x-content-type-options'] == 'nosniff'


async def test_files_of_others_are_not_found(user: User) -> None:
    file_id = files.save_upload(_actor('test1'), 'education_certificate', 'a.png', png_bytes())
    await log_in(user, 'auditor1')
    await user.should_see('您好王芳', retries=30)
    response = await user.http_client.get(f'/files/{file_id}')
    assert response.status_code == 404
    assert png_bytes() not in response.content
    assert (await user.http_client.get(f'/files/{file_id + 1}')).status_code == 404


async def test_files_need_a_login(user: User) -> None:
    file_id = files.save_upload(_actor('test1'), 'education_certificate', 'a.png', png_bytes())
    response = await user.http_client.get(f'/files/{file_id}')
    assert response.status_code in (302, 307)
    assert response.headers['location'].startswith('/login')


def expect(condition: bool) -> None:
    assert condition
