"""The applicant's side of 人员注册申请 (R5.1–R5.4): the draft, its 申请信息, 条件自检, and submission."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from domain.engine import cases, experiences, prechecks
from domain.engine.applications import ApplicationModel
from domain.engine.prechecks import PrecheckItem
from domain.engine.workflow import Status
from domain.records import specialties
from domain.services.registration import eligibility
from domain.services.registration.workflow import SERVICE_CODE
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Invalid, NotAllowed
from storage.db import unit_of_work
from storage.tables import Case, Institution, RegistrationApplication

APPLICATION_TYPES = ('体系认证审核员', '其他领域转换')
FIELDS = ('QMS', 'EMS', 'OHSMS', 'FSMS', 'HACCP', 'ISMS', 'ITSMS', 'EnMS')
PAYERS = {'person': '个人缴费', 'institution': '机构缴费'}
STEPS = ('precheck', 'info', 'experience', 'done')
REQUIRED_KINDS = ('education', 'work_experience')  # an application without these cannot be judged


@dataclass(frozen=True)
class ApplicationView:
    case: cases.CaseView
    application_type: str | None
    grade: str | None
    field: str | None
    sub_field: str | None  # 子专业, when the field has them
    narrow_scope: bool | None
    payer: str | None
    body_id: int | None
    wizard_step: str


def certification_bodies() -> list[tuple[int, str]]:
    """(id, name) of the bodies an applicant can choose as 执业机构."""
    with unit_of_work() as session:
        rows = session.exec(select(Institution.id, Institution.name).where(Institution.kind == 'certification')
                            .order_by(Institution.name)).all()
    return [(i, n) for i, n in rows]  # type: ignore[misc]


def summary_of(application_type: str | None, grade: str | None, field: str | None, sub_field: str | None = None) -> str:
    """事项名称's detail in 我的事项: '体系认证审核员: QMS', '实习审核员: OHSMS', '体系认证审核员: QMS QMS建工'."""
    kind = grade if application_type == '体系认证审核员' and grade and grade != '审核员' else application_type
    return f'{kind or "未选择申请类型"}: {specialties.specialty_text(field, sub_field) or "未选择专业"}'


def start(actor: Actor) -> ApplicationView:
    """Open a new draft after 条件自检 (it gets its 业务号 now and appears in 草稿箱)."""
    if actor.role is not Role.INDIVIDUAL:
        raise NotAllowed('机构账号只能办理机构事项')
    case = cases.create_draft(actor, SERVICE_CODE, summary=summary_of(None, None, None))
    with unit_of_work(write=True) as session:
        session.add(RegistrationApplication(case_id=case.id, wizard_step='info', updated_at=clock.now()))
    return application(actor, case.id)


def save_info(actor: Actor, case_id: int, **values: object) -> ApplicationView:
    """Save what the applicant changed on 个人注册申请 at once (autosave): only known fields, only known options.
    A 子专业 must belong to the field chosen; choosing another field drops it."""
    allowed = {'application_type': APPLICATION_TYPES, 'grade': tuple(eligibility.grades()), 'field': FIELDS,
               'sub_field': None, 'narrow_scope': (True, False), 'payer': tuple(PAYERS), 'body_id': None,
               'wizard_step': STEPS}
    with unit_of_work(write=True) as session:
        case, row = _load(session, actor, case_id, for_edit=True)
        for name, value in values.items():
            if name not in allowed:
                raise Invalid(name, '未知字段')
            options = allowed[name]
            if value is not None and options is not None and value not in options:
                raise Invalid(name, '请从选项中选择')
            if name == 'body_id' and value is not None:
                body = session.get(Institution, value)
                if body is None or body.kind != 'certification':
                    raise Invalid('body_id', '请选择执业机构')
            if name in ('payer', 'body_id'):
                setattr(case, name, value)
            else:
                setattr(row, name, value)
        if row.application_type != '体系认证审核员':
            row.grade = None
        if values.get('sub_field') is not None and not specialties.is_sub_specialty_of(row.field, values['sub_field']):  # type: ignore[arg-type]
            raise Invalid('sub_field', '请从选项中选择')
        if row.sub_field and not specialties.is_sub_specialty_of(row.field, row.sub_field):
            row.sub_field = None
        case.summary = summary_of(row.application_type, row.grade, row.field, row.sub_field)
        row.updated_at = clock.now()
        session.add_all([case, row])
        session.flush()
        return _view(case, row)


def precheck(actor: Actor, case_id: int | None = None, today: date | None = None) -> list[PrecheckItem]:
    """条件自检: each condition with a pass/fail mark and why."""
    today = today or clock.today()
    with unit_of_work() as session:
        items = [prechecks.real_name(actor, session)]
        if case_id is None:
            return items
        case, row = _load(session, actor, case_id)
        duplicate = _open_duplicate(session, actor, case, row)
    if row.application_type and row.field:
        specialty = specialties.specialty_text(row.field, row.sub_field)
        items.append(PrecheckItem('重复申请', duplicate is None,
                                  f'{row.application_type} {specialty} 没有其他办理中的申请' if duplicate is None
                                  else f'业务【{duplicate}】与本申请的申请类型和专业相同，且正在办理中'))
    if row.application_type == '体系认证审核员' and row.grade:
        result = _eligibility(actor, case_id, row.grade, today)
        items.extend(PrecheckItem(c.label, c.passed, c.detail) for c in result.checks)
    return items


def problems(actor: Actor, case_id: int) -> list[Invalid]:
    """Everything that keeps the application from being submitted, each tied to a field or step."""
    view = application(actor, case_id)
    found: list[Invalid] = []
    required = (('application_type', '请选择申请类型'), ('field', '请选择申请专业'),
                ('narrow_scope', '请选择是否缩小专业范围'), ('payer', '请选择付款方式'), ('body_id', '请选择执业机构'))
    for name, message in required:
        if getattr(view, name) is None:
            found.append(Invalid(name, message))
    if view.application_type == '体系认证审核员' and not view.grade:
        found.append(Invalid('grade', '请选择申请级别'))
    for kind in REQUIRED_KINDS:
        if not experiences.list_case_rows(actor, kind, case_id):
            found.append(Invalid(kind, f'请填写{experiences.kind_of(kind).title}'))
    found.extend(Invalid('precheck', f'{item.label}：{item.detail}')
                 for item in precheck(actor, case_id) if not item.passed)
    return found


def submit(actor: Actor, case_id: int) -> cases.CaseView:
    """提交 (or 重新提交 after 退回整改): only a complete application that passes 条件自检."""
    found = problems(actor, case_id)
    if found:
        raise found[0]
    with unit_of_work(write=True) as session:  # the transition and the wizard's end together
        case, row = _load(session, actor, case_id, for_edit=True)
        return cases.submit_in(session, actor, case, row, None)


# -- inside a transaction --------------------------------------------------------------------------

def facts_in(session: Session, case: Case) -> dict[str, str]:
    """The 申请信息 as reviewers read it, label -> text (kept in the snapshot of a returned round, R14.3)."""
    row = session.get(RegistrationApplication, case.id)
    body = session.get(Institution, case.body_id) if case.body_id else None
    if row is None:
        return {}
    return {
        '申请类型': row.application_type or '',
        '申请级别': row.grade or '',
        '申请专业': specialties.specialty_text(row.field, row.sub_field),
        '是否缩小专业范围': {True: '是', False: '否'}.get(row.narrow_scope, ''),  # type: ignore[arg-type]
        '付款方式': PAYERS.get(case.payer or '', ''),
        '执业机构': body.name if body else '',
    }


def _view(case: Case, row: RegistrationApplication) -> ApplicationView:
    return ApplicationView(cases.view_of(case), row.application_type, row.grade, row.field, row.sub_field,
                           row.narrow_scope, case.payer, case.body_id, row.wizard_step)


def _open_duplicate(session: Session, actor: Actor, case: Case, row: RegistrationApplication) -> str | None:
    """The 业务号 of another open registration of the applicant for the same type and field, if any."""
    found = session.exec(
        select(Case.case_no).join(RegistrationApplication, RegistrationApplication.case_id == Case.id)  # type: ignore[arg-type]
        .where(Case.applicant_id == actor.user_id, Case.id != case.id, Case.status == Status.IN_PROGRESS.value,
               RegistrationApplication.application_type == row.application_type,
               RegistrationApplication.field == row.field,
               RegistrationApplication.sub_field == row.sub_field if row.sub_field
               else RegistrationApplication.sub_field.is_(None))).first()  # type: ignore[union-attr]
    return found


def _eligibility(actor: Actor, case_id: int, grade: str, today: date) -> eligibility.Eligibility:
    def period(values: dict) -> eligibility.Period:  # type: ignore[type-arg]
        return eligibility.Period(values['start_date'], values.get('end_date'))

    education = experiences.list_case_rows(actor, 'education', case_id)
    work = experiences.list_case_rows(actor, 'work_experience', case_id)
    professional = experiences.list_case_rows(actor, 'professional_experience', case_id)
    return eligibility.check(
        grade, [eligibility.Study(r.values['degree'], period(r.values)) for r in education],
        [period(r.values) for r in work], [period(r.values) for r in professional], today)


# -- what every application does, with this one's parts (提交 checks more than its own row: see submit) ----------

MODEL = ApplicationModel(RegistrationApplication, (SERVICE_CODE,),
                         view=lambda session, actor, case, row: _view(case, row),
                         problems_in=lambda session, actor, case, row: problems(actor, case.id), facts_in=facts_in)
application, _load = MODEL.application, MODEL.load
