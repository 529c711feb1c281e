"""课程类别管理 (R10) for CCAA staff: three levels added through the page, a duplicate refused beside the field,
重命名 and 停用; anyone else sees the refusal only."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from domain.demo import _actor
from domain.records import course_categories
from domain.records.course_categories import CategoryNode
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def node(*path: str) -> CategoryNode:
    nodes: tuple[CategoryNode, ...] = tuple(course_categories.tree(_actor('admin')))
    for name in path:
        found = next(n for n in nodes if n.name == name)
        nodes = found.children
    return found


def name_box(user: User) -> ui.input:
    boxes = user.find(marker='category-name').elements
    assert len(boxes) == 1, 'one dialog open at a time'
    return next(iter(boxes))  # type: ignore[return-value]


async def fill_in(user: User, opener: str, name: str) -> ui.input:
    """Open the name dialog with the button marked opener, type the name and save."""
    user.find(marker=opener).click()
    await user.should_see(marker='category-name', retries=50)
    box = name_box(user)
    box.set_value(name)
    user.find(marker='category-submit').click()
    return box


async def saved(user: User) -> None:
    """The dialog goes once the service has accepted the name."""
    await user.should_not_see(marker='category-name', retries=100)


async def test_staff_build_rename_and_retire_categories(user: User) -> None:
    await log_in(user, 'admin')
    await user.should_see('协会工作台', retries=50)
    user.find('课程类别管理').click()
    await user.should_see(marker='add-root', retries=100)
    await user.should_see('认证人员守则')

    await fill_in(user, 'add-root', '体系课程')
    await saved(user)
    await user.should_see('已新增课程类别')
    root = node('体系课程')
    assert root.level == 1
    await user.should_see(marker=f'add-child-{root.id}', retries=50)

    await fill_in(user, f'add-child-{root.id}', 'QMS')
    await saved(user)
    second = node('体系课程', 'QMS')
    await user.should_see(marker=f'add-child-{second.id}', retries=50)

    await fill_in(user, f'add-child-{second.id}', 'QMS体系')
    await saved(user)
    third = node('体系课程', 'QMS', 'QMS体系')
    assert third.level == 3
    await user.should_see(marker=f'rename-{third.id}', retries=50)
    await user.should_not_see(marker=f'add-child-{third.id}')  # no fourth level

    # a duplicate is refused beside the field, and what was typed stays
    box = await fill_in(user, f'add-child-{second.id}', ' QMS体系 ')
    await eventually(lambda: _assert_equal(box.error, '同一上级类别下已有同名类别'))
    assert box.props.get('error-message') == '同一上级类别下已有同名类别' and box.value == ' QMS体系 '
    box.set_value('QMS审核')
    user.find(marker='category-submit').click()
    await saved(user)
    assert [c.name for c in node('体系课程', 'QMS').children] == ['QMS体系', 'QMS审核']
    await user.should_see(marker=f'rename-{node("体系课程", "QMS", "QMS审核").id}', retries=50)

    await fill_in(user, f'rename-{third.id}', 'QMS体系标准')
    await saved(user)
    await user.should_see('已重命名')
    await user.should_see(kind=ui.label, content='QMS体系标准', retries=50)
    assert node('体系课程', 'QMS', 'QMS体系标准').id == third.id

    await user.should_not_see('已停用')
    user.find(marker=f'retire-{second.id}').click()
    await user.should_see(marker='retire-confirm', retries=50)
    user.find(marker='retire-confirm').click()
    await user.should_see('已停用 3 个课程类别', retries=50)
    for category_id in (second.id, third.id):
        await user.should_see(marker=f'retired-{category_id}', retries=50)
        assert [b.text for b in user.find(marker=f'retired-{category_id}').elements] == ['已停用']
    await user.should_not_see(marker=f'retired-{root.id}')
    assert [n.retired for n in (node('体系课程'), node('体系课程', 'QMS'), node('体系课程', 'QMS', 'QMS体系标准'))] \
        == [False, True, True]
    assert course_categories.options(_actor('admin'), root.id) == []

    user.find(marker=f'restore-{second.id}').click()
    await user.should_see('已启用', retries=50)
    await user.should_see(marker=f'retire-{second.id}', retries=50)
    assert not node('体系课程', 'QMS').retired and node('体系课程', 'QMS', 'QMS体系标准').retired


async def test_others_see_the_refusal_only(user: User) -> None:
    await log_in(user, 'test1')
    await user.should_see('您好', retries=50)
    await user.open('/staff/course-categories')
    await user.should_see('只有协会工作人员可以管理课程类别', retries=100)
    await user.should_not_see(marker='add-root')
    await user.should_not_see('认证人员守则')
