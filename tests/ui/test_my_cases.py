"""我的事项: tabs, filters, summary line, paging, 查看 with the timeline, and other users' cases stay hidden."""
from __future__ import annotations

import asyncio

from nicegui import ui
from nicegui.testing import User
from sqlmodel import select

from domain.demo import _actor
from domain.engine import cases
from storage.db import unit_of_work
from storage.tables import Case
from tests.ui.test_login import log_in


async def eventually(check, timeout: float = 3.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for handlers that run as background tasks (tab changes, table requests) to finish."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            check()
            return
        except AssertionError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.05)


def table_rows(user: User) -> list[dict]:
    tables = [t for t in user.find(ui.table).elements if any(c['name'] == 'case_no' for c in t.columns)]
    assert len(tables) == 1
    return tables[0].rows


async def test_summary_and_all_cases(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    await user.open('/my/cases')
    await user.should_see('共有 5 个事项; 有 1 个事项已完结; 有 3 个事项办理中; 草稿箱有 1 个事项。')
    rows = table_rows(user)
    assert len(rows) == 5
    assert {r['stage'] for r in rows} == {'草稿箱', '机构初核', '退回整改', '待缴费', '已结束'}  # 业务环节 of a closed one
    assert all(r['title'].startswith('人员注册申请 (') for r in rows)
    assert rows == sorted(rows, key=lambda r: r['created'], reverse=True)


async def test_tabs_filter_by_status(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    await user.open('/my/cases?tab=草稿箱')
    await eventually(lambda: _assert_equal([r['status'] for r in table_rows(user)], ['草稿箱']))
    user.find(ui.tabs).elements.pop().set_value('已完结')
    await eventually(lambda: _assert_equal([(r['stage'], r['status']) for r in table_rows(user)],
                                           [('已结束', '已完结')]))


async def test_filter_by_stage_and_service_then_reset(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    await user.open('/my/cases')
    await user.should_see('共有 5 个事项')
    boxes = {e.props.get('placeholder', '')[:10]: e for e in user.find(ui.input).elements}
    stage_box, service_box = boxes['请输入要查询的业务环'], boxes['请输入要查询的事项名']

    def stages() -> list[str]:
        return [r['stage'] for r in table_rows(user)]

    stage_box.set_value('整改')
    user.find(kind=ui.button, content='查询').click()
    await eventually(lambda: _assert_equal(stages(), ['退回整改']))
    service_box.set_value('OHSMS')
    user.find(kind=ui.button, content='查询').click()
    await eventually(lambda: _assert_equal(stages(), ['退回整改']))
    service_box.set_value('年度确认')
    user.find(kind=ui.button, content='查询').click()
    await eventually(lambda: _assert_equal(stages(), []))
    user.find(kind=ui.button, content='重置').click()
    await eventually(lambda: _assert_equal(len(stages()), 5))
    assert stage_box.value == '' and service_box.value == ''


async def test_paging_happens_in_the_database(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    await user.open('/my/cases')
    await user.should_see('共有 5 个事项')
    table = next(t for t in user.find(ui.table).elements if any(c['name'] == 'case_no' for c in t.columns))
    user.find(ui.table).trigger('request', {'pagination': {'page': 2, 'rowsPerPage': 2, 'sortBy': 'created',
                                                           'descending': False}})
    await eventually(lambda: _assert_equal((len(table.rows), table.pagination['rowsNumber'], table.pagination['page']),
                                           (2, 5, 2)))


async def test_view_shows_the_timeline_with_the_opinion(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    await user.open('/my/cases')
    await user.should_see('共有 5 个事项')
    returned = next(r for r in table_rows(user) if r['stage'] == '退回整改')
    await user.open(f"/my/cases/{returned['id']}")
    await user.should_see('办理过程', retries=100)
    await user.should_see('意见：工作经历证明人电话缺失，请补充后重新提交。')
    # find() gives a set: take the entries in page order from their timeline
    timeline = next(iter(user.find(ui.timeline).elements))
    entries = [e for e in timeline.default_slot.children if isinstance(e, ui.timeline_entry)]
    assert [e.props['title'] for e in entries] == ['提交：草稿箱 → 机构初核', '退回整改：机构初核 → 退回整改']
    assert entries[0].props['subtitle'].endswith('李明') and entries[1].props['subtitle'].endswith('中正认证有限公司')
    await user.should_see('申请材料')  # the application itself, read-only
    await user.should_see('北京精工制造有限公司')
    await user.should_not_see('不符合')  # no 审核结果 to mark: the applicant only reads them


async def test_a_closed_case_paid_by_the_body_says_so(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    await user.open('/my/cases?tab=已完结')
    await user.should_see('共有 5 个事项', retries=100)
    await eventually(lambda: _assert_equal(len(table_rows(user)), 1))
    await user.open(f"/my/cases/{table_rows(user)[0]['id']}")
    await user.should_see('办理过程', retries=100)
    headings = [label.text for label in user.find(ui.label).elements]
    assert '机构缴费' in headings and '个人缴费' not in headings
    await user.should_see('申请材料')


async def test_another_users_case_is_not_found(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    await user.open('/my/cases')
    await user.should_see('共有 5 个事项')
    case_id = table_rows(user)[0]['id']
    user.find('退出登录').click()
    await user.should_see('个人登录')
    await log_in(user, 'auditor1')
    await user.should_see('您好王芳')
    await user.open(f'/my/cases/{case_id}')
    await user.should_see('未找到该业务')
    await user.open(f'/my/cases/{case_id}/edit')  # 编辑 of someone else's case leads back to one's own list
    await user.should_see('共有 1 个事项')  # auditor1's exam registration, waiting in the staff's 报名审核
    await eventually(lambda: _assert_equal([(r['stage'], r['status']) for r in table_rows(user)], [('报名审核', '办理中')]))
    assert table_rows(user)[0]['title'].startswith('认证人员注册全国统一考试报名 (')
    await user.open('/my/cases/99999999999999999999')  # beyond any id the database can hold: not found, no error
    await user.should_see('未找到该业务')


def _assert_equal(actual: object, expected: object) -> None:
    assert actual == expected


async def test_export_csv_and_xlsx_of_the_filtered_list(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    await user.open('/my/cases?tab=办理中')
    await eventually(lambda: _assert_equal(len(table_rows(user)), 3))
    user.find(kind=ui.button, content='导出CSV').click()
    response = await user.download.next(timeout=3)
    text = response.content.decode('utf-8-sig')
    lines = text.strip().splitlines()
    assert lines[0] == '业务号,事项名称,业务环节,办理状态,申请时间,办结期限'
    assert len(lines) == 4 and all(',办理中,' in line for line in lines[1:])
    user.find(kind=ui.button, content='导出Excel').click()
    response = await user.download.next(timeout=3)
    assert response.content[:2] == b'PK'  # an XLSX is a zip archive


async def test_a_draft_is_deleted_from_the_drafts_list_after_confirming(user: User) -> None:
    """#14: 草稿箱's 删除 asks first, then removes the draft; submitted cases have no 删除."""
    await log_in(user)
    await user.open('/my/cases?tab=草稿箱')
    await eventually(lambda: _assert_equal(len(table_rows(user)), 1))
    draft = table_rows(user)[0]
    assert draft['deletable'] is True
    user.find(ui.table).trigger('delete_draft', {'id': draft['id']})  # the row's 删除
    await user.should_see('确定删除该草稿吗？')
    assert cases.get_case(_actor('test1'), draft['id'])  # nothing happens before the answer
    user.find('confirm-yes').click()
    await user.should_see('草稿已删除')
    await eventually(lambda: _assert_equal(table_rows(user), []))
    await user.open('/my/cases?tab=全部')
    await eventually(lambda: _assert_equal({r['deletable'] for r in table_rows(user)}, {False}))


async def test_a_registrations_page_shows_what_the_applicant_filled_in(user: User) -> None:
    """#14: 查看 of 人员注册申请 shows the 申请信息 block above the 申请材料, as reviewers see it."""
    with unit_of_work() as session:
        waiting = session.exec(select(Case).where(Case.service_code == 'registration',
                                                  Case.stage == 'body_review')).one()
    await log_in(user)
    await user.open(f'/my/cases/{waiting.id}')
    await user.should_see('人员注册申请信息', retries=100)
    for label in ('申请类型', '申请专业', '是否缩小专业范围', '付款方式', '执业机构'):
        await user.should_see(label)
    await user.should_see('申请材料')
