"""The service catalogue of R3.2, read from the registry: the services with their system type and 办结期限 (working
days), the pages that start them, and the fuzzy search over their names.

Beside the services (applications, each a case) the catalogue lists 事项 that are public queries, such as
检验检测人员信息登记查询 under 检验检测人员: done online without a case, they lead straight to their query page."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from domain.engine import registry
from domain.engine.registry import Service

SYSTEM_TYPES = ('认证人员', '会员服务', '检验检测人员')


@dataclass(frozen=True)
class Entry:
    """One 事项 of the catalogue: a service (its 在线办理 leads to /services/<code>) or a public query."""

    name: str
    system_type: str
    path: str  # where its 在线办理 leads
    deadline_text: str = ''
    online: bool = True  # 可在线申办: a service with its online application; a query always
    is_query: bool = False


QUERIES = (Entry('检验检测人员信息登记查询', '检验检测人员', '/query/inspectors', is_query=True),)


def services() -> list[Service]:
    """Every service of the catalogue, in its order."""
    return [service for service in registry.services() if service.in_catalogue]


def get_service(code: str) -> Service:
    return registry.get(code)


def find_service(code: str) -> Service | None:
    return registry.find(code)


def services_of_type(system_type: str | None) -> list[Service]:
    """The services under one 按系统类型分类 tab; None or '全部' gives all."""
    if system_type in (None, '全部'):
        return services()
    return [service for service in services() if service.system_type == system_type]


def entries_of_type(system_type: str | None) -> list[Entry]:
    """The 事项 under one 按系统类型分类 tab, the services first, then the public queries; None or '全部' gives all."""
    queries = [query for query in QUERIES if system_type in (None, '全部', query.system_type)]
    return [Entry(s.name, s.system_type, f'/services/{s.code}', s.deadline_text, s.online)
            for s in services_of_type(system_type)] + queries


def apply_path(code: str) -> str | None:
    """The page that starts the service's online application; None while it is applied for offline."""
    service = registry.find(code)
    return service.apply_path if service is not None and service.online else None


def is_online(code: str) -> bool:
    return apply_path(code) is not None


def filed_by_institutions(kind: str | None) -> list[Service]:
    """What an institution of this kind ('certification', 'training') files itself: 申诉 and 投诉 for any (R8.1:
    个人用户或机构用户都可以发起申诉/投诉), 课程备案 for training bodies."""
    return [service for service in registry.services()
            if service.filed_by_institutions and service.online and kind in service.institution_kinds]


def _initials(text: str) -> str:
    from pypinyin import Style, lazy_pinyin
    return ''.join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower()


def _full_pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin
    return ''.join(lazy_pinyin(text)).lower()


@functools.lru_cache(maxsize=256)
def _search_keys(name: str) -> tuple[str, str, str]:
    return name, _initials(name), _full_pinyin(name)


def search_entries(text: str) -> list[Entry]:
    """Fuzzy match over the names of the catalogue's 事项: Chinese substring, pinyin initials (nd → 年度确认申请) or full
    pinyin; the best match first."""
    query = ''.join(text.split()).lower()
    if not query:
        return []
    scored: list[tuple[int, int, Entry]] = []
    for order, entry in enumerate(entries_of_type(None)):
        name, initials, full = _search_keys(entry.name)
        if name.startswith(query):
            score = 0
        elif query in name:
            score = 1
        elif initials.startswith(query):
            score = 2
        elif query in initials:
            score = 3
        elif query in full:
            score = 4
        elif all(ch in name for ch in query):  # every character typed appears somewhere: 注册申 → 人员注册申请
            score = 5
        else:
            continue
        scored.append((score, order, entry))
    return [entry for _, _, entry in sorted(scored, key=lambda item: (item[0], item[1]))]
