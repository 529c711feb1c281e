"""Comparing an application with what it said when it was returned (R14.3): pure, no database."""
from __future__ import annotations

from domain.engine.case_changes import ADDED, CHANGED, REMOVED, FieldChange, compare

JOB = {'employer': '北京精工制造有限公司', 'start_date': '2015-07-01', 'end_date': '至今', 'position': '质量工程师'}


def test_nothing_changed_means_no_differences() -> None:
    content = {'application': {'申请专业': 'QMS'}, 'rows': {'work_experience': {'7': JOB}}}
    assert compare(content, content) == ((), ())


def test_rows_added_changed_and_removed_are_told_apart() -> None:
    before = {'rows': {'work_experience': {'7': JOB, '8': {**JOB, 'employer': '上海某公司'}}}}
    after = {'rows': {'work_experience': {'7': {**JOB, 'position': '质量经理'}, '9': {**JOB, 'employer': '新公司'}}}}
    _, rows = compare(before, after)
    assert [(r.row_id, r.change) for r in rows] == [(7, CHANGED), (9, ADDED), (8, REMOVED)]
    assert rows[0].fields == (FieldChange('职务/职称', '质量工程师', '质量经理'),)
    assert rows[0].kind_title == '工作经历' and rows[0].caption.startswith('北京精工制造有限公司 2015-07-01')
    assert rows[2].caption.startswith('上海某公司')


def test_kinds_follow_the_order_of_the_application() -> None:
    after = {'rows': {'continuing_education': {'1': {}}, 'education': {'2': {}}}}
    _, rows = compare({}, after)
    assert [r.kind for r in rows] == ['education', 'continuing_education']


def test_application_fields_that_changed() -> None:
    before = {'application': {'申请专业': 'QMS', '是否缩小专业范围': '否', '执业机构': '甲'}}
    after = {'application': {'申请专业': 'QMS', '是否缩小专业范围': '是', '执业机构': '甲'}}
    facts, rows = compare(before, after)
    assert facts == (FieldChange('是否缩小专业范围', '否', '是'),) and rows == ()
