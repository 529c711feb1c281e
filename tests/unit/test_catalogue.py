"""The service catalogue of R3.2 and its fuzzy search."""
from __future__ import annotations

from domain.engine.catalogue import (
    entries_of_type,
    get_service,
    search_entries,
    services,
    services_of_type,
)


def test_the_ten_services_with_their_deadlines() -> None:
    assert [(s.name, s.deadline_days) for s in services()] == [
        ('人员注册申请', 15), ('年度确认申请', 1), ('人员转换执业机构', 1), ('认证人员注册全国统一考试报名', 1),
        ('考试成绩复核申请', 4), ('专家申请', None), ('老课复审', None), ('投诉', 90), ('申诉', 90), ('证书注销申请', None)]
    assert get_service('registration').deadline_text == '15 个工作日'
    assert get_service('expert_application').deadline_text == ''


def test_tabs() -> None:
    assert len(services_of_type('全部')) == 10
    assert len(services_of_type('认证人员')) == 10
    assert services_of_type('会员服务') == []


def test_the_inspectors_tab_lists_its_public_query_beside_the_services() -> None:
    """检验检测人员信息登记查询 is a 事项 of the catalogue that is a query, not a service: 全部 shows the ten services
    and it (11, all of them online), 检验检测人员 it alone, leading to its query page."""
    [query] = entries_of_type('检验检测人员')
    assert (query.name, query.path, query.is_query, query.online, query.deadline_text) == (
        '检验检测人员信息登记查询', '/query/inspectors', True, True, '')
    everything = entries_of_type('全部')
    assert [e.name for e in everything] == [s.name for s in services()] + ['检验检测人员信息登记查询']
    assert sum(e.online for e in everything) == 11
    assert [e.path for e in entries_of_type('认证人员')] == [f'/services/{s.code}' for s in services()]
    assert entries_of_type('会员服务') == []


def test_search_by_chinese_and_pinyin_initials() -> None:
    assert search_entries('年度')[0].name == '年度确认申请'
    assert search_entries('nd')[0].name == '年度确认申请'
    assert search_entries('ND ')[0].name == '年度确认申请'
    assert search_entries('ryzc')[0].name == '人员注册申请'
    assert search_entries('nianduqueren')[0].name == '年度确认申请'
    assert search_entries('shensu')[0].name == '申诉'
    assert search_entries('注册')[0].name == '人员注册申请'
    assert search_entries('jyjc')[0].path == '/query/inspectors'  # a public query is found too, with its page


def test_search_ranks_prefix_first_and_misses_nothing_relevant() -> None:
    assert search_entries('申')[0].name == '申诉'  # a name that starts with the text comes first
    names = [s.name for s in search_entries('申请')]
    assert names[0] == '人员注册申请'  # equal matches keep the catalogue's order
    assert {'人员注册申请', '年度确认申请', '考试成绩复核申请', '专家申请', '证书注销申请'} <= set(names)


def test_search_of_nothing_finds_nothing() -> None:
    assert search_entries('') == []
    assert search_entries('xyzxyz') == []
