"""Experiences (教育经历, 工作经历, 专业工作经历, 审核经历, 继续教育): the person's profile library (基本信息库, R4.5)
and the copies inside applications (R5.3).

The five kinds are data: each is a table and a list of field specs, and one set of services validates, stores,
lists and copies every kind. A library row (case_id NULL) is kept once and reused; adding it to an application
copies it (source_id = the library row), so that editing one never changes the other.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from sqlmodel import Session, SQLModel, select

from domain.engine import access, files
from domain.engine.workflow import DRAFT, RECTIFICATION
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Invalid, NotAllowed, NotFound
from domain.shared.identity import is_valid_mobile
from storage.db import unit_of_work
from storage.tables import (
    AuditExperience,
    Case,
    ContinuingEducation,
    Education,
    ProfessionalExperience,
    TeachingExperience,
    WorkExperience,
)

VERDICTS = ('符合', '不符合')
DEGREES = ('中专', '大专', '本科', '硕士研究生', '博士研究生')
AUDIT_TYPES = ('初次认证', '监督审核', '再认证', '其他')
MSG_ROW_NOT_FOUND = '未找到该记录'
MSG_CASE_NOT_FOUND = '未找到该业务'


class FieldType(StrEnum):
    DATE = 'date'
    TEXT = 'text'
    INT = 'int'
    DECIMAL = 'decimal'
    PHONE = 'phone'
    SELECT = 'select'
    FILE = 'file'


@dataclass(frozen=True)
class FieldSpec:
    """One column of a kind: its name in code, its label (the manual's column header) and its rules.

    ui.experience_table reads these attributes by name (name, label, type, required, options, hint, step,
    accept, max_bytes) without importing this module.
    """

    name: str
    label: str
    type: FieldType
    required: bool = True
    options: tuple[str, ...] = ()
    max_length: int = 100
    max_value: int | None = None
    step: Decimal | None = None  # numbers: the smallest unit (现场审核天数 counts half days)
    not_after_today: bool = False  # dates that cannot lie in the future
    empty_text: str = ''  # shown for an empty optional value (结束日期 → 至今)
    purpose: str = ''  # files: what the stored file is for
    accept: str = ''  # files: what the browser's file chooser offers
    max_bytes: int | None = None  # files

    @property
    def hint(self) -> str:
        return f'不填表示{self.empty_text}' if self.empty_text else ''


@dataclass(frozen=True)
class Kind:
    code: str
    title: str
    table: type[SQLModel]
    fields: tuple[FieldSpec, ...]
    ranges: tuple[tuple[str, str], ...] = ()  # (earlier, later): the later date may not come before the earlier

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(name, label) of the table's columns, in the manual's order."""
        return [(f.name, f.label) for f in self.fields]

    def caption(self, texts: Mapping[str, str]) -> str:
        """A row named in a sentence: the texts of its first three columns."""
        return ' '.join(texts[f.name] for f in self.fields[:3] if texts.get(f.name))


def _date(name: str, label: str, **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, FieldType.DATE, **kw)


def _text(name: str, label: str, **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, FieldType.TEXT, **kw)


def _employment_fields(*, with_post: bool) -> tuple[FieldSpec, ...]:
    """工作经历, and 专业工作经历 which adds 工作岗位 after 职务/职称."""
    post = (_text('post', '工作岗位'),) if with_post else ()
    return (
        _text('employer', '工作单位', max_length=200),
        _date('start_date', '开始日期', not_after_today=True),
        _date('end_date', '结束日期', required=False, not_after_today=True, empty_text='至今'),
        _text('department', '所在部门', required=False),
        _text('position', '职务/职称'),
        *post,
        _text('referee_name', '证明人姓名', max_length=50),
        FieldSpec('referee_phone', '证明人电话', FieldType.PHONE, max_length=20),
    )


KINDS: dict[str, Kind] = {kind.code: kind for kind in (
    Kind('education', '教育经历', Education, (
        _date('start_date', '入学时间', not_after_today=True),
        _date('end_date', '毕业时间'),
        _text('school', '院校名称'),
        _text('major', '所学专业'),
        FieldSpec('degree', '学历', FieldType.SELECT, options=DEGREES),
        FieldSpec('file_id', '学历文件', FieldType.FILE, required=False, purpose='education_certificate',
                  accept=files.ACCEPT, max_bytes=files.MAX_UPLOAD_BYTES),
    ), ranges=(('start_date', 'end_date'),)),
    Kind('work_experience', '工作经历', WorkExperience, _employment_fields(with_post=False),
         ranges=(('start_date', 'end_date'),)),
    Kind('professional_experience', '专业工作经历', ProfessionalExperience, _employment_fields(with_post=True),
         ranges=(('start_date', 'end_date'),)),
    Kind('audit_experience', '审核经历', AuditExperience, (
        _date('start_date', '开始日期', not_after_today=True),
        _date('end_date', '结束日期', not_after_today=True),
        _text('auditee', '受审核方名称', max_length=200),
        FieldSpec('onsite_days', '现场审核天数', FieldType.DECIMAL, max_value=999, step=Decimal('0.5')),
        FieldSpec('audit_type', '审核类型', FieldType.SELECT, options=AUDIT_TYPES),
    ), ranges=(('start_date', 'end_date'),)),
    Kind('continuing_education', '继续教育(有效课程)', ContinuingEducation, (
        _text('course_name', '课程名称', max_length=200),
        _date('start_date', '开始日期', not_after_today=True),
        _date('valid_until', '有效期至'),
        FieldSpec('hours', '课程学时', FieldType.INT, max_value=9999),
        _text('category', '课程类别'),
    ), ranges=(('start_date', 'valid_until'),)),
    Kind('teaching_experience', '授课经历', TeachingExperience, (
        _date('start_date', '开始日期', not_after_today=True),
        _date('end_date', '结束日期', required=False, not_after_today=True, empty_text='至今'),
        _text('organization', '授课机构', max_length=200),
        _text('course_name', '课程名称', max_length=200),
        FieldSpec('hours', '授课学时', FieldType.INT, max_value=9999),
    ), ranges=(('start_date', 'end_date'),)),
)}


def kind_of(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f'unknown experience kind {code!r}') from None


@dataclass(frozen=True)
class RowView:
    """One row as pages see it: typed values for editing, texts for showing."""

    id: int
    kind: str
    values: dict[str, Any]  # field name -> date | str | int | Decimal | None (files: the file id)
    texts: dict[str, str]  # field name -> as shown in a table (dates ISO, empty end date 至今, file name)
    case_id: int | None = None
    source_id: int | None = None
    verdict: str | None = None
    verdict_reason: str = field(default='')


# -- services ---------------------------------------------------------------------------------------

def list_library(actor: Actor, kind: str) -> list[RowView]:
    """The actor's own library rows of one kind, oldest first."""
    spec = kind_of(kind)
    _require_person(actor)
    with unit_of_work() as session:
        table: Any = spec.table
        rows = session.exec(select(table).where(table.owner_id == actor.user_id, table.case_id.is_(None))
                            .order_by(table.start_date, table.id)).all()
        return _views(session, spec, rows)


def list_case_rows(actor: Actor, kind: str, case_id: int) -> list[RowView]:
    """The rows of one kind inside an application, for anyone who may view that application."""
    spec = kind_of(kind)
    access.require_view(actor, case_id)  # NotFound unless the actor may view the case
    with unit_of_work() as session:
        table: Any = spec.table
        rows = session.exec(select(table).where(table.case_id == case_id)
                            .order_by(table.start_date, table.id)).all()
        return _views(session, spec, rows)


def get_row(actor: Actor, kind: str, row_id: int) -> RowView:
    """A library row of the actor, or a row of an application the actor may view."""
    spec = kind_of(kind)
    with unit_of_work() as session:
        row: Any = session.get(spec.table, row_id)
        if row is None:
            raise NotFound(MSG_ROW_NOT_FOUND)
        case_id = row.case_id
        if row.owner_id == actor.user_id:
            return _views(session, spec, [row])[0]
    if case_id is None:
        raise NotFound(MSG_ROW_NOT_FOUND)
    try:
        access.require_view(actor, case_id)
    except NotFound:
        raise NotFound(MSG_ROW_NOT_FOUND) from None
    with unit_of_work() as session:
        row = session.get(spec.table, row_id)
        if row is None:
            raise NotFound(MSG_ROW_NOT_FOUND)
        return _views(session, spec, [row])[0]


def save_row(actor: Actor, kind: str, values: Mapping[str, Any], row_id: int | None = None, *,
             case_id: int | None = None) -> RowView:
    """Add (row_id None) or change a row of the actor's library, or with case_id of an application the actor
    may still edit. `values` holds every field of the kind; other keys are ignored. Raises Invalid(field, message).
    """
    spec = kind_of(kind)
    _require_person(actor)
    cleaned = clean(spec, values)
    with unit_of_work(write=True) as session:
        if case_id is not None:
            _editable_case(session, actor, case_id)
        for f in spec.fields:
            if f.type is FieldType.FILE and cleaned[f.name] is not None \
                    and files.owned_file(session, actor, cleaned[f.name], f.purpose) is None:
                raise Invalid(f.name, f'请重新上传{f.label}')
        if row_id is None:
            row: Any = spec.table(owner_id=actor.user_id, case_id=case_id, created_at=clock.now(), **cleaned)
        else:
            row = _own_row(session, actor, spec, row_id, case_id)
            for name, value in cleaned.items():
                setattr(row, name, value)
        session.add(row)
        session.flush()
        return _views(session, spec, [row])[0]


def delete_row(actor: Actor, kind: str, row_id: int, *, case_id: int | None = None) -> None:
    """Remove a row of the actor's library, or with case_id a row of an application the actor may still edit.
    Copies already in applications stay as they are."""
    spec = kind_of(kind)
    _require_person(actor)
    with unit_of_work(write=True) as session:
        if case_id is not None:
            _editable_case(session, actor, case_id)
        session.delete(_own_row(session, actor, spec, row_id, case_id))


def copy_rows(actor: Actor, kind: str, row_ids: Iterable[int], case_id: int) -> list[RowView]:
    """从基本信息库添加: copy library rows of the actor into an application the actor may still edit.
    Rows already copied into that application are skipped; returns the new copies."""
    spec = kind_of(kind)
    _require_person(actor)
    wanted = list(dict.fromkeys(row_ids))
    with unit_of_work(write=True) as session:
        _editable_case(session, actor, case_id)
        table: Any = spec.table
        sources = [_own_row(session, actor, spec, row_id, None) for row_id in wanted]
        present = set(session.exec(select(table.source_id).where(table.case_id == case_id)).all())
        copies = [spec.table(owner_id=actor.user_id, case_id=case_id, source_id=source.id, created_at=clock.now(),
                             **{f.name: getattr(source, f.name) for f in spec.fields})
                  for source in sources if source.id not in present]
        session.add_all(copies)
        session.flush()
        return _views(session, spec, copies)


# -- validation ---------------------------------------------------------------------------------------

def clean(spec: Kind, values: Mapping[str, Any]) -> dict[str, Any]:
    """The typed values of every field of the kind, or Invalid for the first field that is wrong."""
    cleaned = {f.name: _clean_field(f, values.get(f.name)) for f in spec.fields}
    for earlier, later in spec.ranges:
        start, end = cleaned[earlier], cleaned[later]
        if start is not None and end is not None and end < start:
            raise Invalid(later, f'{spec.field(later).label}不能早于{spec.field(earlier).label}')
    return cleaned


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _clean_field(f: FieldSpec, value: Any) -> Any:
    if _blank(value):
        if f.required:
            verb = '请选择' if f.type in (FieldType.DATE, FieldType.SELECT) else \
                '请上传' if f.type is FieldType.FILE else '请填写'
            raise Invalid(f.name, f'{verb}{f.label}')
        return '' if f.type in (FieldType.TEXT, FieldType.PHONE) else None
    if f.type is FieldType.DATE:
        return _clean_date(f, value)
    if f.type is FieldType.INT:
        return _clean_number(f, value, integer=True)
    if f.type is FieldType.DECIMAL:
        return _clean_number(f, value, integer=False)
    if f.type is FieldType.FILE:
        if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
            raise Invalid(f.name, f'请重新上传{f.label}')
        return int(value)
    text = str(value).strip()
    if len(text) > f.max_length:
        raise Invalid(f.name, f'{f.label}不能超过{f.max_length}个字')
    if f.type is FieldType.SELECT and text not in f.options:
        raise Invalid(f.name, f'请选择{f.label}')
    if f.type is FieldType.PHONE and not is_valid_mobile(text):
        raise Invalid(f.name, '请输入正确的手机号码')
    return text


def _clean_date(f: FieldSpec, value: Any) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip().replace('/', '-'))
        except ValueError:
            raise Invalid(f.name, f'{f.label}格式不正确，应为 YYYY-MM-DD') from None
    if value.year < 1900:
        raise Invalid(f.name, f'{f.label}不正确')
    if f.not_after_today and value > clock.today():
        raise Invalid(f.name, f'{f.label}不能晚于今天')
    return value


def _clean_number(f: FieldSpec, value: Any, *, integer: bool) -> int | Decimal:
    if isinstance(value, bool):
        raise Invalid(f.name, f'{f.label}必须是数字')
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise Invalid(f.name, f'{f.label}必须是数字') from None
    if not number.is_finite():
        raise Invalid(f.name, f'{f.label}必须是数字')
    if number <= 0:
        raise Invalid(f.name, f'{f.label}必须大于0')
    if f.max_value is not None and number > f.max_value:
        raise Invalid(f.name, f'{f.label}不能超过{f.max_value}')
    if integer:
        if number != number.to_integral_value():
            raise Invalid(f.name, f'{f.label}必须是整数')
        return int(number)
    if f.step is not None and number % f.step:
        raise Invalid(f.name, f'{f.label}最小单位为{f.step}')
    return number


# -- inside a transaction ---------------------------------------------------------------------------

def _require_person(actor: Actor) -> None:
    if actor.role is not Role.INDIVIDUAL:
        raise NotAllowed('机构账号没有个人信息库')


def _own_row(session: Session, actor: Actor, spec: Kind, row_id: int, case_id: int | None) -> Any:
    """The actor's row in the library (case_id None) or in that application; NotFound for anyone else's."""
    row: Any = session.get(spec.table, row_id)
    if row is None or row.owner_id != actor.user_id or row.case_id != case_id:
        raise NotFound(MSG_ROW_NOT_FOUND)
    return row


def _editable_case(session: Session, actor: Actor, case_id: int) -> Case:
    """The actor's own application, locked against a concurrent submission, while it may still be edited."""
    case = session.exec(select(Case).where(Case.id == case_id).with_for_update()).first()
    if case is None or case.applicant_id != actor.user_id:
        raise NotFound(MSG_CASE_NOT_FOUND)
    if case.stage not in (DRAFT, RECTIFICATION):
        raise NotAllowed('只有草稿或退回整改的业务可以编辑')
    return case


def case_texts_in(session: Session, case_id: int) -> dict[str, dict[int, dict[str, str]]]:
    """Every row of an application as its table shows it: kind -> row id -> field name -> text."""
    texts: dict[str, dict[int, dict[str, str]]] = {}
    for spec in KINDS.values():
        table: Any = spec.table
        rows = session.exec(select(table).where(table.case_id == case_id).order_by(table.start_date, table.id)).all()
        texts[spec.code] = {view.id: view.texts for view in _views(session, spec, rows)}
    return texts


def _text_of(f: FieldSpec, value: Any, names: Mapping[int, str]) -> str:
    if value is None or value == '':
        return f.empty_text
    if f.type is FieldType.FILE:
        return names.get(value, '')
    if f.type is FieldType.DATE:
        return value.isoformat()  # type: ignore[no-any-return]
    if f.type is FieldType.DECIMAL:
        return format(Decimal(value).normalize(), 'f')
    return str(value)


def _views(session: Session, spec: Kind, rows: Iterable[Any]) -> list[RowView]:
    rows = list(rows)
    file_fields = [f.name for f in spec.fields if f.type is FieldType.FILE]
    names = files.file_names(session, {getattr(r, n) for r in rows for n in file_fields if getattr(r, n)})
    views = []
    for row in rows:
        values = {f.name: getattr(row, f.name) for f in spec.fields}
        views.append(RowView(
            id=row.id, kind=spec.code, values=values,
            texts={f.name: _text_of(f, values[f.name], names) for f in spec.fields},
            case_id=row.case_id, source_id=row.source_id, verdict=row.verdict, verdict_reason=row.verdict_reason))
    return views
