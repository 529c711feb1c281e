"""The filer's side of 申诉 (appeal) and 投诉 (complaint), R8.1: the draft with its subject, respondent, facts, request
and attachments, 条件自检 and submission. Both services share one form and one table (Grievance); only the words
differ (FORMS).

An appeal is against a decision, usually on one of the appellant's own cases: a 相关业务号, when given, must be
one of theirs. A complaint may concern anyone, so its 相关业务号 is only checked for form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, select

from domain.engine import case_attachments, cases, prechecks
from domain.engine.applications import ApplicationModel
from domain.engine.case_attachments import Attachment, Slot
from domain.engine.prechecks import PrecheckItem
from domain.services.grievances.appeal import SERVICE_CODE as APPEAL
from domain.services.grievances.complaint import SERVICE_CODE as COMPLAINT
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Invalid, NotFound
from storage.db import unit_of_work
from storage.tables import Case, Grievance, GrievanceFile

SERVICES = (APPEAL, COMPLAINT)
STEPS = ('precheck', 'info', 'done')
MAX_FILES = 5
ATTACHMENTS = Slot(GrievanceFile, purpose='grievance_attachment', limit=MAX_FILES, field='attachments', label='附件')
LIMITS = {'subject': 100, 'respondent': 100, 'facts': 4000, 'request': 1000}
CASE_NO = re.compile(r'\d{14}')


@dataclass(frozen=True)
class Form:
    """The words of one service's form."""

    title: str  # 申诉 / 投诉
    labels: dict[str, str]  # field -> label
    notice: tuple[str, ...]  # the 须知 shown before the form


FORMS = {
    APPEAL: Form('申诉', {'subject': '申诉主题', 'respondent': '申诉对象', 'related_case_no': '相关业务号',
                        'facts': '事实与理由', 'request': '申诉请求'}, (
        '申诉是对CCAA作出的注册、确认、考试等决定不服，请求重新处理的途径。',
        '请写明申诉针对的决定（可填写相关业务号）、事实与理由和申诉请求，并上传能够证明的材料。',
        'CCAA受理后将分配专家评价，并在90个工作日内给出处理意见，结果可在 个人中心 › 我的事项 中查看。',
    )),
    COMPLAINT: Form('投诉', {'subject': '投诉主题', 'respondent': '被投诉对象', 'related_case_no': '相关业务号',
                           'facts': '事实与理由', 'request': '投诉请求'}, (
        '投诉是对认证机构、培训机构、认证人员或CCAA工作人员的行为提出意见，请求处理的途径。',
        '请写明被投诉的机构或人员、事实与理由和投诉请求，并上传能够证明的材料。',
        'CCAA将在90个工作日内给出处理意见，结果可在 个人中心 › 我的事项 中查看。',
    )),
}


@dataclass(frozen=True)
class GrievanceView:
    case: cases.CaseView
    subject: str
    respondent: str
    related_case_no: str
    facts: str
    request: str
    attachments: tuple[Attachment, ...]
    wizard_step: str

    @property
    def form(self) -> Form:
        return FORMS[self.case.service_code]


# -- services --------------------------------------------------------------------------------------

def precheck(actor: Actor, case_id: int | None = None) -> list[PrecheckItem]:
    """条件自检: a person files in their own, real-name verified, name; an institution account in its body's name."""
    if actor.role is Role.INSTITUTION_STAFF:
        return [PrecheckItem('机构账号', True, f'以机构名义提交：{actor.institution_name or ""}')]
    return [prechecks.real_name(actor)]


def start(actor: Actor, service_code: str) -> GrievanceView:
    """Open a new draft (it gets its 业务号 now and appears in 草稿箱)."""
    if service_code not in SERVICES:
        raise NotFound('未找到该事项')
    with unit_of_work(write=True) as session:
        case = cases.create_draft_in(session, actor, service_code, summary='')
        session.add(Grievance(case_id=case.id, wizard_step='info', updated_at=clock.now()))  # type: ignore[arg-type]
        case_id: int = case.id  # type: ignore[assignment]
    return application(actor, case_id)


def save_info(actor: Actor, case_id: int, **values: object) -> GrievanceView:
    """Save what the filer changed at once (autosave): only known fields, within their lengths."""
    with unit_of_work(write=True) as session:
        case, row = _load(session, actor, case_id, for_edit=True)
        for name, value in values.items():
            _set(session, actor, case, row, name, value)
        case.summary = row.subject
        row.updated_at = clock.now()
        session.add_all([case, row])
        session.flush()
        return _view(session, case, row)


# -- inside a transaction --------------------------------------------------------------------------

def facts_in(session: Session, case: Case) -> dict[str, str]:
    """The 申请信息, label -> text (also kept in the snapshot of a returned round, R14.3)."""
    row = session.get(Grievance, case.id)
    if row is None:
        return {}
    labels = FORMS[case.service_code].labels
    texts = {label: getattr(row, name) for name, label in labels.items()}
    texts['附件'] = '、'.join(a.name for a in _attachments(session, case.id))
    return texts


# -- helpers ---------------------------------------------------------------------------------------

def _attachments(session: Session, case_id: int) -> tuple[Attachment, ...]:
    return case_attachments.listed(session, ATTACHMENTS, case_id)


def _view(session: Session, case: Case, row: Grievance) -> GrievanceView:
    return GrievanceView(cases.view_of(case), row.subject, row.respondent, row.related_case_no, row.facts,
                         row.request, _attachments(session, case.id), row.wizard_step)  # type: ignore[arg-type]


def _set(session: Session, actor: Actor, case: Case, row: Grievance, name: str, value: object) -> None:
    labels = FORMS[case.service_code].labels
    if name == 'wizard_step':
        if value not in STEPS:
            raise Invalid(name, '请从选项中选择')
        row.wizard_step = value  # type: ignore[assignment]
        return
    if name not in labels:
        raise Invalid(name, '未知字段')
    text = value.strip() if isinstance(value, str) else None
    if text is None:
        raise Invalid(name, '请输入文字')
    if name == 'related_case_no':
        _check_related(session, actor, case, text)
    elif len(text) > LIMITS[name]:
        raise Invalid(name, f'{labels[name]}不能超过{LIMITS[name]}个字')
    setattr(row, name, text)


def _check_related(session: Session, actor: Actor, case: Case, case_no: str) -> None:
    if not case_no:
        return
    if not CASE_NO.fullmatch(case_no):
        raise Invalid('related_case_no', '业务号为14位数字')
    if case.service_code == APPEAL:
        own = session.exec(select(Case.id).where(Case.case_no == case_no, Case.applicant_id == actor.user_id,
                                                 Case.id != case.id)).first()
        if own is None:
            raise Invalid('related_case_no', '未找到您名下的该业务，请核对业务号')


def _problems_in(actor: Actor, case: Case, row: Grievance) -> list[Invalid]:
    labels = FORMS[case.service_code].labels
    found = [Invalid(name, f'请填写{labels[name]}') for name in ('subject', 'respondent', 'facts', 'request')
             if not getattr(row, name)]
    if not all(item.passed for item in precheck(actor)):
        found.append(Invalid('precheck', '实名认证：请先在账户信息中完成实名认证'))
    return found


# -- what every application does, with this one's parts --------------------------------------------

MODEL = ApplicationModel(Grievance, SERVICES, view=lambda session, actor, case, row: _view(session, case, row),
                         problems_in=lambda session, actor, case, row: _problems_in(actor, case, row),
                         facts_in=facts_in, attachments=ATTACHMENTS)
application, problems, submit, facts = MODEL.application, MODEL.problems, MODEL.submit, MODEL.facts
attach, detach, _load = MODEL.attach, MODEL.detach, MODEL.load
