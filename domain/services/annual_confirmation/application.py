"""The applicant's side of 年度确认申请 (R6.1, R6.2): which certificates are due, the draft and its 申请信息,
条件自检, submission; and what 批准 writes to the certificate.

Which years a certificate can be confirmed for (`confirmable_years`): a holder confirms, once for each calendar year,
that they kept the conditions of registration in that year. The year a certificate is issued is covered by the review
that issued it; after that every year up to the current one — or, for a certificate that has expired, up to the year
it expired in — waits for confirmation until one is approved (Certificate.last_confirmed_year). Only certificates
that are 有效, or that expired less than EXPIRED_GRACE_MONTHS ago (证书快到期或者已过期时可以进年度确认), qualify;
suspended, revoked and cancelled ones do not. A certificate is due while it has a confirmable year.

Only one open (draft or in-progress) application may exist per certificate and year: AnnualConfirmation.open_key,
unique, holds '<certificate id>:<year>' from the moment both are chosen until the case closes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from domain.engine import cases, prechecks
from domain.engine.applications import ApplicationModel
from domain.engine.prechecks import PrecheckItem
from domain.engine.workflow import DRAFT, RECTIFICATION
from domain.records.certificates import STATUS_LABELS, effective_status
from domain.services.annual_confirmation.workflow import SERVICE_CODE
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.calendar import add_months
from domain.shared.errors import Invalid, NotAllowed
from storage.db import unit_of_work
from storage.tables import AnnualConfirmation, Case, Certificate, Institution, User

EXPIRED_GRACE_MONTHS = 3
STEPS = ('precheck', 'info', 'done')
YES_NO = {True: '是', False: '否'}
QUESTIONS = {  # the 是/否 questions of the form, in its order
    'has_complaints': '是否有投诉记录',
    'development_done': '是否完成专业发展/继续教育',
    'keeps_personal_qualities': '是否持续具备审核员个人素质',
    'follows_code_of_conduct': '是否持续遵守CCAA审核员行为准则',
}
DATES = {'development_start': '专业发展开始时间', 'development_end': '专业发展结束时间'}
TEXTS = {'development_content': '专业发展内容', 'remarks': '备注'}
MAX_TEXT = 2000
NO_DUE_CERTIFICATE = '您没有需要进行年度确认的证书'


@dataclass(frozen=True)
class DueCertificate:
    """A certificate of the applicant's that can be confirmed, and the years it can be confirmed for."""

    id: int
    cert_no: str
    field: str
    grade: str
    body_name: str
    expires_on: date
    status_label: str
    last_confirmed_year: int | None
    years: tuple[int, ...]

    @property
    def label(self) -> str:
        """How the 证书信息 select shows it: number, field and grade."""
        return f'{self.cert_no}（{self.field} {self.grade}）'


@dataclass(frozen=True)
class ApplicationView:
    case: cases.CaseView
    certificate_id: int | None
    confirm_year: int | None
    has_complaints: bool | None
    development_done: bool | None
    keeps_personal_qualities: bool | None
    follows_code_of_conduct: bool | None
    development_start: date | None
    development_end: date | None
    development_content: str
    remarks: str
    wizard_step: str


# -- the rules -------------------------------------------------------------------------------------

def confirmable_years(certificate: Certificate, today: date) -> tuple[int, ...]:
    """The years this certificate can still be confirmed for, oldest first; () when it is not due."""
    status = effective_status(certificate, today)
    if status not in ('valid', 'expired') or certificate.expires_on < add_months(today, -EXPIRED_GRACE_MONTHS):
        return ()
    confirmed = max(certificate.last_confirmed_year or 0, certificate.issued_on.year)
    latest = min(today.year, certificate.expires_on.year)
    return tuple(range(confirmed + 1, latest + 1))


def confirmation_due_on(year: int) -> date:
    """The last day to confirm a year: its 31 December."""
    return date(year, 12, 31)


def period_problem(start: date | None, end: date | None) -> Invalid | None:
    """专业发展结束时间 may not come before 专业发展开始时间."""
    if start is not None and end is not None and end < start:
        return Invalid('development_end', '专业发展结束时间不能早于专业发展开始时间')
    return None


def summary_of(cert_no: str | None, year: int | None) -> str:
    """事项名称's detail in 我的事项: 'CCAA-QMS-2024-00123: 2026年度'."""
    if not cert_no:
        return '未选择证书'
    return f'{cert_no}: {year}年度' if year else cert_no


# -- services --------------------------------------------------------------------------------------

def due_certificates(actor: Actor, today: date | None = None) -> list[DueCertificate]:
    """The actor's own certificates that are due for annual confirmation (R6.1)."""
    today = today or clock.today()
    with unit_of_work() as session:
        return _due_in(session, actor, today)


def start(actor: Actor) -> ApplicationView:
    """Open a new draft after 条件自检 (it gets its 业务号 now and appears in 草稿箱). With exactly one due
    certificate that no other open application claims, it is chosen already, for its oldest open year."""
    if actor.role is not Role.INDIVIDUAL:
        raise NotAllowed('机构账号只能办理机构事项')
    due = due_certificates(actor)
    if not due:
        raise NotAllowed(NO_DUE_CERTIFICATE)
    case = cases.create_draft(actor, SERVICE_CODE, summary=summary_of(None, None))
    with unit_of_work(write=True) as session:
        session.add(AnnualConfirmation(case_id=case.id, wizard_step='info', updated_at=clock.now()))
    if len(due) == 1:
        try:
            return save_info(actor, case.id, certificate_id=due[0].id)
        except Invalid:
            pass  # claimed by another open application: the applicant chooses and is told which
    return application(actor, case.id)


def save_info(actor: Actor, case_id: int, **values: object) -> ApplicationView:
    """Save what the applicant changed at once (autosave): only known fields, only well-formed values, only the
    applicant's own due certificates and their open years. Choosing a certificate routes the case to its body."""
    try:
        with unit_of_work(write=True) as session:
            case, row = _load(session, actor, case_id, for_edit=True)
            today = clock.today()
            for name, value in values.items():
                _set(session, actor, case, row, name, value, today)
            certificate = session.get(Certificate, row.certificate_id) if row.certificate_id else None
            if certificate is not None:
                years = confirmable_years(certificate, today)
                if row.confirm_year not in years and 'confirm_year' not in values and years:
                    row.confirm_year = years[0]
                if case.stage == DRAFT:  # a submitted case stays with the body it was routed to
                    case.body_id = certificate.body_id
            with session.no_autoflush:  # ask before writing the claim, so that a taken one is named
                _check_claim(session, case, row, 'certificate_id' if 'certificate_id' in values else 'confirm_year')
            row.open_key = _claim_of(row)
            case.summary = summary_of(certificate.cert_no if certificate else None, row.confirm_year)
            row.updated_at = clock.now()
            session.add_all([case, row])
            session.flush()
            return _view(case, row)
    except IntegrityError:  # another application claimed the same certificate and year at this moment
        raise Invalid('confirm_year', '该证书本年度的年度确认申请已在办理中') from None


def precheck(actor: Actor, case_id: int | None = None, today: date | None = None) -> list[PrecheckItem]:
    """条件自检: 实名认证 (as for 人员注册申请) and whether any certificate is due."""
    today = today or clock.today()
    items = [prechecks.real_name(actor)]
    due = due_certificates(actor, today)
    if due:
        detail = '，'.join(f'{c.label} {"、".join(str(y) for y in c.years)}年度' for c in due)
        items.append(PrecheckItem('待年度确认证书', True, f'需要进行年度确认的证书：{detail}'))
    elif case_id is None or application(actor, case_id).certificate_id is None:
        items.append(PrecheckItem('待年度确认证书', False, NO_DUE_CERTIFICATE))
    return items


# -- inside a transaction --------------------------------------------------------------------------

def _with_body_of_certificate(session: Session, actor: Actor, case: Case, row: AnnualConfirmation) -> None:
    """On 提交: the case goes to the body the certificate is at now (it may have moved since it was chosen)."""
    certificate = session.get(Certificate, row.certificate_id)
    if case.stage == DRAFT and certificate is not None and case.body_id != certificate.body_id:
        case.body_id = certificate.body_id
        session.add(case)


def facts_in(session: Session, case: Case) -> dict[str, str]:
    """The 申请信息, label -> text (also kept in the snapshot of a returned round, R14.3)."""
    row = session.get(AnnualConfirmation, case.id)
    if row is None:
        return {}
    certificate = session.get(Certificate, row.certificate_id) if row.certificate_id else None
    body = session.get(Institution, certificate.body_id) if certificate and certificate.body_id else None
    texts = {'证书信息': f'{certificate.cert_no}（{certificate.field} {certificate.grade}）' if certificate else '',
             '执业机构': body.name if body else ''}
    texts.update({label: YES_NO.get(getattr(row, name), '') for name, label in QUESTIONS.items()})  # type: ignore[call-overload]
    texts.update({label: (getattr(row, name).isoformat() if getattr(row, name) else '') for name, label in DATES.items()})
    texts['确认年度'] = str(row.confirm_year or '')
    texts.update({label: getattr(row, name) for name, label in TEXTS.items()})
    return texts



def _due_in(session: Session, actor: Actor, today: date) -> list[DueCertificate]:
    rows = session.exec(select(Certificate, Institution.name)
                        .join(Institution, Institution.id == Certificate.body_id, isouter=True)  # type: ignore[arg-type]
                        .where(Certificate.holder_id == actor.user_id)
                        .order_by(Certificate.expires_on, Certificate.id)).all()
    due = []
    for certificate, body_name in rows:
        years = confirmable_years(certificate, today)
        if years:
            due.append(DueCertificate(
                certificate.id, certificate.cert_no, certificate.field, certificate.grade, body_name or '',  # type: ignore[arg-type]
                certificate.expires_on, STATUS_LABELS[effective_status(certificate, today)],
                certificate.last_confirmed_year, years))
    return due


def _set(session: Session, actor: Actor, case: Case, row: AnnualConfirmation, name: str, value: object,
         today: date) -> None:
    if name == 'certificate_id':
        if value is None:
            if case.stage == RECTIFICATION:
                raise Invalid(name, '退回整改的业务不能更换证书')
            row.certificate_id, row.confirm_year = None, None
            return
        certificate = session.get(Certificate, value) if _is_int(value) else None
        if certificate is None or certificate.holder_id != actor.user_id:
            raise Invalid(name, '请从选项中选择证书')
        if case.stage == RECTIFICATION and value != row.certificate_id:
            raise Invalid(name, '退回整改的业务不能更换证书，如需确认其他证书，请另行申请')
        if not confirmable_years(certificate, today):
            raise Invalid(name, '该证书当前无需进行年度确认')
        row.certificate_id = value
    elif name == 'confirm_year':
        if value is None:
            row.confirm_year = None
            return
        certificate = session.get(Certificate, row.certificate_id) if row.certificate_id else None
        if certificate is None:
            raise Invalid(name, '请先选择证书信息')
        if not _is_int(value) or value not in confirmable_years(certificate, today):
            raise Invalid(name, '请从选项中选择确认年度')
        row.confirm_year = value
    elif name in QUESTIONS:
        if value not in (True, False, None):
            raise Invalid(name, '请选择是或否')
        setattr(row, name, value)
    elif name in DATES:
        setattr(row, name, _date(name, value))
    elif name in TEXTS:
        if not isinstance(value, str):
            raise Invalid(name, '请输入文字')
        if len(value) > MAX_TEXT:
            raise Invalid(name, f'{TEXTS[name]}不能超过{MAX_TEXT}个字')
        setattr(row, name, value)
    elif name == 'wizard_step':
        if value not in STEPS:
            raise Invalid(name, '请从选项中选择')
        row.wizard_step = value  # type: ignore[assignment]
    else:
        raise Invalid(name, '未知字段')


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _date(name: str, value: object) -> date | None:
    if value is None or value == '':
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r'\d{4}-\d{2}-\d{2}', value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Invalid(name, '请输入正确的日期，格式为 YYYY-MM-DD')


def _claim_of(row: AnnualConfirmation) -> str | None:
    return f'{row.certificate_id}:{row.confirm_year}' if row.certificate_id and row.confirm_year else None


def _check_claim(session: Session, case: Case, row: AnnualConfirmation, field: str) -> None:
    """Refuse a certificate and year that another open application holds, naming its 业务号."""
    claim = _claim_of(row)
    if claim is None:
        return
    other = session.exec(select(Case.case_no).join(AnnualConfirmation, AnnualConfirmation.case_id == Case.id)  # type: ignore[arg-type]
                         .where(AnnualConfirmation.open_key == claim, Case.id != case.id)).first()
    if other is not None:
        raise Invalid(field, f'该证书{row.confirm_year}年度的年度确认申请已在办理中（业务号 {other}）')


def _problems_in(session: Session, actor: Actor, case: Case, row: AnnualConfirmation, today: date) -> list[Invalid]:
    found: list[Invalid] = []
    certificate = session.get(Certificate, row.certificate_id) if row.certificate_id else None
    if certificate is None:
        found.append(Invalid('certificate_id', '请选择证书信息'))
    found.extend(Invalid(name, f'请选择{label}') for name, label in QUESTIONS.items() if getattr(row, name) is None)
    if row.confirm_year is None:
        if certificate is not None:
            found.append(Invalid('confirm_year', '请选择确认年度'))
    elif certificate is not None and row.confirm_year not in confirmable_years(certificate, today):
        found.append(Invalid('confirm_year', f'证书{certificate.cert_no}的{row.confirm_year}年度已确认或无需确认'))
    if certificate is not None and certificate.body_id is None:
        found.append(Invalid('certificate_id', '该证书没有执业机构，无法进行机构审核'))
    problem = period_problem(row.development_start, row.development_end)
    if problem is not None:
        found.append(problem)
    user = session.get(User, actor.user_id)
    if user is None or not user.real_name_verified:
        found.append(Invalid('precheck', '实名认证：请先在账户信息中完成实名认证'))
    return found


def _view(case: Case, row: AnnualConfirmation) -> ApplicationView:
    return ApplicationView(cases.view_of(case), row.certificate_id, row.confirm_year, row.has_complaints,
                           row.development_done, row.keeps_personal_qualities, row.follows_code_of_conduct,
                           row.development_start, row.development_end, row.development_content, row.remarks,
                           row.wizard_step)


# -- what every application does, with this one's parts --------------------------------------------

MODEL = ApplicationModel(AnnualConfirmation, (SERVICE_CODE,), view=lambda session, actor, case, row: _view(case, row),
                         problems_in=lambda session, actor, case, row: _problems_in(session, actor, case, row,
                                                                                    clock.today()),
                         facts_in=facts_in, before_submit=_with_body_of_certificate)
application, problems, submit, facts, _load = (MODEL.application, MODEL.problems, MODEL.submit, MODEL.facts,
                                               MODEL.load)
