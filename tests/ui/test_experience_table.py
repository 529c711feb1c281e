"""The experience table on its own: what an application shows (审核结果, 从基本信息库添加) and a read-only table."""
from __future__ import annotations

from dataclasses import dataclass

from nicegui import ui
from nicegui.testing import User

from tests.ui.test_login import log_in
from tests.ui.test_profile import eventually, expect
from ui.experience_table import ExperienceTable, FieldError


@dataclass(frozen=True)
class Spec:
    name: str
    label: str
    type: str = 'text'
    required: bool = True
    options: tuple[str, ...] = ()
    hint: str = ''
    max_length: int = 100
    step: object = None
    accept: str = ''
    max_bytes: int | None = None


FIELDS = [Spec('auditee', '受审核方名称'), Spec('onsite_days', '现场审核天数', 'decimal', step=0.5)]
COLUMNS = [(f.name, f.label) for f in FIELDS]
ROWS = [{'id': 7, 'auditee': '某公司', 'onsite_days': '1.5', 'verdict': '不符合', 'verdict_reason': '天数不足',
         '_values': {'auditee': '某公司', 'onsite_days': 1.5}}]


async def test_an_application_table_shows_verdicts_and_the_library_button(user: User) -> None:
    picked: list[bool] = []
    saved: list[tuple[dict, int | None]] = []

    async def save(values: dict, row_id: int | None) -> None:
        if not values['auditee']:
            raise FieldError('auditee', '请填写受审核方名称')
        if values['onsite_days'] == 99:
            raise FieldError('', '该业务已提交，不能修改')
        saved.append((values, row_id))

    async def delete(row_id: int) -> None:
        raise AssertionError('not deleted in this test')

    async def pick() -> None:
        picked.append(True)

    @ui.page('/test/experience-table')
    def page() -> None:
        ExperienceTable('审核经历', COLUMNS, ROWS, fields=FIELDS, on_save=save, on_delete=delete,
                        on_pick_from_library=pick, show_verdict=True, key='audit')

    await log_in(user)  # every page but the public ones needs a login
    await user.should_see('您好', retries=30)
    await user.open('/test/experience-table')
    table = user.find(marker='audit-table').elements.pop()
    assert [c['label'] for c in table.columns] == ['受审核方名称', '现场审核天数', '审核结果', '操作']
    assert table.rows == [{k: v for k, v in ROWS[0].items() if k != '_values'}]

    user.find('从基本信息库添加').click()
    await eventually(lambda: expect(picked == [True]))

    user.find(marker='audit-table').trigger('edit', 7)
    await user.should_see('编辑审核经历')
    auditee = user.find(marker='auditee').elements.pop()
    assert auditee.value == '某公司'
    auditee.value = ''
    user.find(marker='audit-save').click()
    await user.should_see('请填写受审核方名称')
    assert auditee.error == '请填写受审核方名称'

    user.find(marker='onsite_days').elements.pop().value = 99
    auditee.value = '另一公司'
    user.find(marker='audit-save').click()
    await user.should_see('该业务已提交，不能修改')  # not a field of the form: a notification
    assert auditee.error is None

    user.find(marker='onsite_days').elements.pop().value = 2
    user.find(marker='audit-save').click()
    await user.should_see('保存成功')
    assert saved == [({'auditee': '另一公司', 'onsite_days': 2}, 7)]


async def test_a_read_only_table_offers_no_changes(user: User) -> None:
    async def never(*_: object) -> None:
        raise AssertionError('read-only')

    @ui.page('/test/experience-table-read-only')
    def page() -> None:
        ExperienceTable('审核经历', COLUMNS, ROWS, fields=FIELDS, on_save=never, on_delete=never,
                        on_pick_from_library=never, show_verdict=True, editable=False, key='audit')

    await log_in(user)
    await user.should_see('您好', retries=30)
    await user.open('/test/experience-table-read-only')
    table = user.find(marker='audit-table').elements.pop()
    assert [c['label'] for c in table.columns] == ['受审核方名称', '现场审核天数', '审核结果']
    await user.should_not_see(marker='audit-add')
    await user.should_not_see(marker='audit-pick')
    await user.should_see('折叠表格内容')
