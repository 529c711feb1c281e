"""The service catalogue of R3.2, read from the registry: the services with their system type and 办结期限 (working
days), the pages that start them, and the fuzzy search over their names."""
from __future__ import annotations

import functools

from domain.engine import registry
from domain.engine.registry import Service

SYSTEM_TYPES = ('认证人员', '会员服务', '检验检测人员')


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


def search_services(text: str) -> list[Service]:
    """Fuzzy match over service names: Chinese substring, pinyin initials (nd → 年度确认申请) or full pinyin;
    the best match first."""
    query = ''.join(text.split()).lower()
    if not query:
        return []
    scored: list[tuple[int, int, Service]] = []
    for order, service in enumerate(services()):
        name, initials, full = _search_keys(service.name)
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
        scored.append((score, order, service))
    return [service for _, _, service in sorted(scored, key=lambda item: (item[0], item[1]))]
