"""The service catalogue of R3.2: the ten services with their system type and 办结期限 (working days)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    system_type: str  # the 按系统类型分类 tab it belongs to
    deadline_days: int | None  # 办结期限 in working days; None where the manual shows none

    @property
    def deadline_text(self) -> str:
        return f'{self.deadline_days} 个工作日' if self.deadline_days else ''


SYSTEM_TYPES = ('认证人员', '会员服务', '检验检测人员')

SERVICES: tuple[Service, ...] = (
    Service('registration', '人员注册申请', '认证人员', 15),
    Service('annual_confirmation', '年度确认申请', '认证人员', 1),
    Service('transfer', '人员转换执业机构', '认证人员', 1),
    Service('exam_registration', '认证人员注册全国统一考试报名', '认证人员', 1),
    Service('score_review', '考试成绩复核申请', '认证人员', 4),
    Service('expert_application', '专家申请', '认证人员', None),
    Service('course_rereview', '老课复审', '认证人员', None),
    Service('complaint', '投诉', '认证人员', 90),
    Service('appeal', '申诉', '认证人员', 90),
    Service('certificate_cancellation', '证书注销申请', '认证人员', None),
)

_BY_CODE = {service.code: service for service in SERVICES}


def get_service(code: str) -> Service:
    return _BY_CODE[code]


def services_of_type(system_type: str | None) -> list[Service]:
    """The services under one 按系统类型分类 tab; None or '全部' gives all."""
    if system_type in (None, '全部'):
        return list(SERVICES)
    return [service for service in SERVICES if service.system_type == system_type]


# Services whose online application is built, with the page that starts it. The rest get an information page
# saying how to apply offline until theirs is built.
ONLINE_APPLICATIONS: dict[str, str] = {
    'registration': '/apply/registration',
    'annual_confirmation': '/apply/annual_confirmation',
    'transfer': '/apply/transfer',
    'certificate_cancellation': '/apply/certificate_cancellation',
    'appeal': '/apply/appeal',
    'complaint': '/apply/complaint',
    'expert_application': '/apply/expert_application',
    'exam_registration': '/apply/exam_registration',
    'score_review': '/apply/score_review',
}


# Services institution accounts may file too (R8.1: 个人用户或机构用户都可以发起申诉/投诉); the rest are personal.
FILED_BY_INSTITUTIONS = ('appeal', 'complaint')


def is_online(code: str) -> bool:
    return code in ONLINE_APPLICATIONS


def _initials(text: str) -> str:
    from pypinyin import Style, lazy_pinyin
    return ''.join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower()


def _full_pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin
    return ''.join(lazy_pinyin(text)).lower()


_SEARCH_KEYS = {s.code: (s.name, _initials(s.name), _full_pinyin(s.name)) for s in SERVICES}


def search_services(text: str) -> list[Service]:
    """Fuzzy match over service names: Chinese substring, pinyin initials (nd → 年度确认申请) or full pinyin;
    the best match first."""
    query = ''.join(text.split()).lower()
    if not query:
        return []
    scored: list[tuple[int, int, Service]] = []
    for order, service in enumerate(SERVICES):
        name, initials, full = _SEARCH_KEYS[service.code]
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
