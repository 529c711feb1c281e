"""The service catalogue of R3.2 and its fuzzy search."""
from __future__ import annotations

from domain.engine.catalogue import get_service, search_services, services, services_of_type


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


def test_search_by_chinese_and_pinyin_initials() -> None:
    assert search_services('年度')[0].name == '年度确认申请'
    assert search_services('nd')[0].name == '年度确认申请'
    assert search_services('ND ')[0].name == '年度确认申请'
    assert search_services('ryzc')[0].name == '人员注册申请'
    assert search_services('nianduqueren')[0].name == '年度确认申请'
    assert search_services('shensu')[0].name == '申诉'
    assert search_services('注册')[0].name == '人员注册申请'


def test_search_ranks_prefix_first_and_misses_nothing_relevant() -> None:
    assert search_services('申')[0].name == '申诉'  # a name that starts with the text comes first
    names = [s.name for s in search_services('申请')]
    assert names[0] == '人员注册申请'  # equal matches keep the catalogue's order
    assert {'人员注册申请', '年度确认申请', '考试成绩复核申请', '专家申请', '证书注销申请'} <= set(names)


def test_search_of_nothing_finds_nothing() -> None:
    assert search_services('') == []
    assert search_services('xyzxyz') == []
