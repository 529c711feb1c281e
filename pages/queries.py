"""信息查询 (R3.4): 培训证书查询, 职业资格查询, 考试查询 and 教师信息查询, with 培训计划查询 and 检验检测人员信息登记查询
(R3.1's 常用服务) — public, no login.

Each query is declared once (its ways of looking up, the service behind each, its columns) and built by one page
function; the services count every lookup against the client's address and mask the people they show.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from nicegui import ui

from domain.portal import public_queries
from domain.shared.errors import DomainError, Invalid
from pages.home import PERSONAL_SERVICES
from ui.call import call
from ui.frame import frame
from ui.query_panel import QueryInput, QueryMode, QueryPanel

CERT_NO = QueryInput('cert_no', '证书编号')
NAME = QueryInput('name', '姓名')
ID_NUMBER = QueryInput('id_number', '证件号码')
ADMISSION_NO = QueryInput('admission_no', '准考证号')
REGISTRATION_NO = QueryInput('registration_no', '登记编号')
BY_PERSON = '按姓名和证件号码查询'
MASKED = '个人信息已做脱敏处理。'


@dataclass(frozen=True)
class Way:
    """One way of looking up: the inputs shown, and the service given the client and those inputs in order."""

    mode: QueryMode
    service: Callable[..., Sequence[Any]]


@dataclass(frozen=True)
class PublicQuery:
    path: str
    title: str
    ways: tuple[Way, ...]
    columns: tuple[tuple[str, str], ...]  # (field, 列名)
    row: Callable[[Any], dict[str, Any]]
    note: str


def _date(value: Any) -> str:
    return value.isoformat() if value else ''


QUERIES = (
    PublicQuery(
        '/query/training-certificates', '培训证书查询',
        (Way(QueryMode('按证书编号查询', (CERT_NO,)), public_queries.training_certificates_by_number),
         Way(QueryMode(BY_PERSON, (NAME, ID_NUMBER)), public_queries.training_certificates_by_person)),
        (('cert_no', '证书编号'), ('holder', '持证人'), ('id_number', '证件号码'), ('course', '课程名称'),
         ('hours', '课程学时'), ('body', '培训机构'), ('issued', '发证日期')),
        lambda c: {'cert_no': c.cert_no, 'holder': c.holder_name, 'id_number': c.holder_id_number,
                   'course': c.course_name, 'hours': c.hours or '', 'body': c.body_name, 'issued': _date(c.issued_on)},
        '培训机构颁发的培训证书，可按证书编号查询，或同时输入姓名和证件号码查询。' + MASKED),
    PublicQuery(
        '/query/qualifications', '职业资格查询',
        (Way(QueryMode('按证书编号查询', (CERT_NO,)), public_queries.qualifications_by_number),
         Way(QueryMode(BY_PERSON, (NAME, ID_NUMBER)), public_queries.qualifications_by_person)),
        (('cert_no', '证书编号'), ('holder', '持证人'), ('id_number', '证件号码'), ('field', '认证领域'),
         ('grade', '注册级别'), ('body', '执业机构'), ('issued', '发证日期'), ('expires', '有效期至'),
         ('status', '证书状态')),
        lambda c: {'cert_no': c.cert_no, 'holder': c.holder_name, 'id_number': c.holder_id_number, 'field': c.field,
                   'grade': c.grade, 'body': c.body_name, 'issued': _date(c.issued_on),
                   'expires': _date(c.expires_on), 'status': c.status_label},
        '认证人员注册证书，可按证书编号查询，或同时输入姓名和证件号码查询。' + MASKED),
    PublicQuery(
        '/query/exams', '考试查询',
        (Way(QueryMode('按准考证号查询', (ADMISSION_NO, ID_NUMBER)), public_queries.exam_results_by_admission_no),
         Way(QueryMode(BY_PERSON, (NAME, ID_NUMBER)), public_queries.exam_results_by_person)),
        (('name', '姓名'), ('exam', '考试名称'), ('subject', '考试科目'), ('date', '考试日期'), ('score', '成绩'),
         ('passed', '是否合格')),
        lambda r: {'name': r.holder_name, 'exam': r.exam_name, 'subject': r.subject, 'date': _date(r.exam_date),
                   'score': r.score, 'passed': r.passed},
        '认证人员注册全国统一考试的成绩，在成绩公布后可查询。' + MASKED),
    PublicQuery(
        '/query/teachers', '教师信息查询',
        (Way(QueryMode('按教师姓名查询', (QueryInput('name', '教师姓名'),)), public_queries.teachers_by_name),),
        (('name', '姓名'), ('categories', '课程类别'), ('body', '所属培训机构'), ('status', '状态')),
        lambda t: {'name': t.name, 'categories': '\n'.join(t.categories) or '—', 'body': t.body_name or '—',
                   'status': t.status},
        '请输入教师的完整姓名。教师信息依其授课职责公开，仅显示姓名、课程类别、所属培训机构和状态。'),
    PublicQuery(
        '/query/training-plans', '培训计划查询',
        (Way(QueryMode('按培训编号、课程名称或培训机构查询', (QueryInput('text', '培训编号/课程名称/培训机构'),)),
             public_queries.training_plans),
         Way(QueryMode('按课程类别和日期查询', (QueryInput('category', '课程类别'), QueryInput('on', '日期（年-月-日）'))),
             public_queries.training_plans_by_category)),
        (('plan_no', '培训编号'), ('course', '课程名称'), ('category', '课程类别'), ('body', '培训机构'),
         ('period', '培训时间'), ('mode', '培训方式'), ('place', '培训地点'), ('capacity', '计划人数'), ('status', '状态')),
        lambda p: {'plan_no': p.plan_no, 'course': p.course_name, 'category': p.category, 'body': p.body_name,
                   'period': p.period, 'mode': p.mode, 'place': p.place, 'capacity': p.capacity, 'status': p.status},
        '培训机构上报、授课教师均已确认的培训计划。可输入培训编号、课程名称或培训机构名称的一部分查询，或按课程类别查询某日以后仍在进行的培训。'),
    PublicQuery(
        '/query/inspectors', '检验检测人员信息登记查询',
        (Way(QueryMode('按登记编号查询', (REGISTRATION_NO,)), public_queries.inspectors_by_number),
         Way(QueryMode(BY_PERSON, (NAME, ID_NUMBER)), public_queries.inspectors_by_person)),
        (('registration_no', '登记编号'), ('name', '姓名'), ('id_number', '证件号码'), ('employer', '检验检测机构名称'),
         ('field', '检测领域/专业'), ('registered', '登记日期'), ('valid_until', '有效期至'), ('status', '登记状态')),
        lambda p: {'registration_no': p.registration_no, 'name': p.name, 'id_number': p.id_number,
                   'employer': p.employer, 'field': p.field, 'registered': _date(p.registered_on),
                   'valid_until': _date(p.valid_until), 'status': p.status},
        '检验检测人员的登记信息，可按登记编号查询，或同时输入姓名和证件号码查询。' + MASKED),
)


def _columns(query: PublicQuery) -> list[dict[str, Any]]:
    return [{'name': field, 'label': label, 'field': field, 'align': 'left',
             **({'style': 'white-space: pre-line'} if field == 'categories' else {})}
            for field, label in query.columns]


def other_queries(current: str) -> None:
    """信息查询: links to the public queries, the current one highlighted."""
    with ui.row().classes('items-center gap-4').props('role=navigation aria-label=信息查询'):
        ui.label('信息查询').classes('text-subtitle2 text-weight-bold')
        for name, path in dict(PERSONAL_SERVICES)['信息查询']:
            link = ui.link(name, path).classes('text-body2')
            if path == current:
                link.classes('text-weight-bold').props('aria-current=page')


def _client_of(request: Request) -> str:
    """The budget each lookup counts against: the client's address as the server sees it."""
    return request.client.host if request.client else 'unknown'


def _register(query: PublicQuery) -> None:
    @ui.page(query.path, title=f'{query.title} - CCAA综合服务平台')
    async def page(request: Request, cert_no: str = '') -> None:
        """A link may carry a certificate number (?cert_no=…): it is looked up at once."""
        client = _client_of(request)

        async def search(index: int, values: dict[str, str]) -> None:
            way = query.ways[index]
            try:
                found = await call(way.service, client, *(values[item.key] for item in way.mode.inputs))
            except Invalid as error:
                panel.show_field_error(index, error.field, error.message)
            except DomainError as error:
                panel.show_message(error.message)
            else:
                panel.show_rows([query.row(item) for item in found])

        prefilled = next((index for index, way in enumerate(query.ways)
                          if cert_no.strip() and CERT_NO in way.mode.inputs), None)
        with frame():
            with ui.column().classes('w-full max-w-5xl self-center gap-3'):
                other_queries(query.path)
                panel = QueryPanel(query.title, [way.mode for way in query.ways], _columns(query), search,
                                   note=query.note, mode=prefilled or 0, values={'cert_no': cert_no})
        if prefilled is not None:
            await panel.search(prefilled)


for _query in QUERIES:
    _register(_query)
