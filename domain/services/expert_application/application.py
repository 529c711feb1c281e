"""The applicant's side of 专家申请 (R10.7): who may apply, the draft and its 申请信息 with 证明材料, 条件自检,
submission; and what 批准 writes to the applicant's account.

A person applies while they have no expert permission. A person has at most one open (draft or in-progress)
application: ExpertApplication.open_for holds their id, under a unique index, until the case closes; applying
again while the draft is open reopens it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from domain.engine import case_attachments, cases, prechecks
from domain.engine.applications import ApplicationModel
from domain.engine.case_attachments import Attachment, Slot
from domain.engine.prechecks import PrecheckItem
from domain.engine.workflow import DRAFT
from domain.records.certificates import FIELD_SCOPES
from domain.services.expert_application.workflow import SERVICE_CODE
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Conflict, Invalid, NotAllowed
from storage.db import unit_of_work
from storage.tables import Case, ExpertApplication, ExpertApplicationFile, User

TITLES = ('正高级', '副高级', '中级', '初级', '无')  # 职称
LIMITS = {'employer': 200, 'resume': 2000}
MAX_YEARS = 60
STEPS = ('precheck', 'info', 'done')
EVIDENCE = Slot(ExpertApplicationFile, purpose='expert_evidence', limit=5, field='evidence', label='证明材料')
LABELS = {'fields': '申请专业领域', 'title': '职称', 'employer': '工作单位', 'years': '从事认证相关工作年限',
          'resume': '专业特长及工作简历', 'evidence': '证明材料'}
NOT_PERSON = '只有个人用户可以申请专家权限'
ALREADY_EXPERT = '您已具有专家权限，无需申请'
OPEN_ELSEWHERE = '您已有一条办理中的专家申请【{case_no}】，办结后才能再次申请'
YEARS_RULE = f'请填写0至{MAX_YEARS}之间的整数'
WHOLE_NUMBER = re.compile(r'[0-9]{1,3}')


@dataclass(frozen=True)
class ExpertApplicationView:
    case: cases.CaseView
    fields: tuple[str, ...]  # field codes, in FIELD_SCOPES order
    title: str | None
    employer: str
    years: int | None
    resume: str
    attachments: tuple[Attachment, ...]
    wizard_step: str


# -- services --------------------------------------------------------------------------------------

def precheck(actor: Actor, case_id: int | None = None) -> list[PrecheckItem]:
    """条件自检: 实名认证 (as for 人员注册申请), no expert permission yet, and no other open application than this
    one (a draft counts as none: applying again reopens it)."""
    if actor.role is not Role.INDIVIDUAL:
        return [PrecheckItem('个人用户', False, NOT_PERSON)]
    items = [prechecks.real_name(actor)]
    with unit_of_work() as session:
        user = session.get(User, actor.user_id)
        expert = bool(user and user.is_expert)
        open_case = _open_case_no(session, actor.user_id, exclude_case=case_id)
    items.append(PrecheckItem('专家权限', not expert, ALREADY_EXPERT if expert else '尚未具有专家权限'))
    items.append(PrecheckItem('办理中的专家申请', open_case is None,
                              '没有办理中的专家申请' if open_case is None else OPEN_ELSEWHERE.format(case_no=open_case)))
    return items


def start(actor: Actor) -> ExpertApplicationView:
    """Open a new draft after 条件自检 (it gets its 业务号 now and appears in 草稿箱), or reopen the person's draft."""
    if actor.role is not Role.INDIVIDUAL:
        raise NotAllowed(NOT_PERSON)
    try:
        with unit_of_work(write=True) as session:
            user = session.get(User, actor.user_id)
            if user is None or user.is_expert:
                raise NotAllowed(ALREADY_EXPERT)
            existing = session.exec(select(Case).join(ExpertApplication)  # type: ignore[arg-type]
                                    .where(ExpertApplication.open_for == actor.user_id)).first()
            if existing is not None:
                if existing.stage != DRAFT:
                    raise NotAllowed(OPEN_ELSEWHERE.format(case_no=existing.case_no))
                case_id = existing.id
            else:
                case = cases.create_draft_in(session, actor, SERVICE_CODE, summary=_summary(()))
                session.add(ExpertApplication(case_id=case.id, open_for=actor.user_id,  # type: ignore[arg-type]
                                              wizard_step='info', updated_at=clock.now()))
                session.flush()
                case_id = case.id
    except IntegrityError:  # the same person started one in another tab at the same moment
        raise Conflict('您已有一条未办结的专家申请，请在 我的事项 › 草稿箱 中继续填报') from None
    return application(actor, case_id)  # type: ignore[arg-type]


def save_info(actor: Actor, case_id: int, **values: object) -> ExpertApplicationView:
    """Save what the applicant changed at once (autosave): only known fields, only well-formed values."""
    with unit_of_work(write=True) as session:
        case, row = _load(session, actor, case_id, for_edit=True)
        for name, value in values.items():
            _set(row, name, value)
        case.summary = _summary(_codes(row))
        row.updated_at = clock.now()
        session.add_all([case, row])
        session.flush()
        return _view(session, case, row)


# -- inside a transaction: effects of the workflow and the snapshot of a returned round -------------------

def facts_in(session: Session, case: Case) -> dict[str, str]:
    """The 申请信息, label -> text (also kept in the snapshot of a returned round, R14.3)."""
    row = session.get(ExpertApplication, case.id)
    if row is None:
        return {}
    evidence = case_attachments.listed(session, EVIDENCE, case.id)  # type: ignore[arg-type]
    return {
        LABELS['fields']: '、'.join(f'{code} {FIELD_SCOPES[code]}' for code in _codes(row)),
        LABELS['title']: row.title or '',
        LABELS['employer']: row.employer,
        LABELS['years']: f'{row.years} 年' if row.years is not None else '',
        LABELS['resume']: row.resume,
        LABELS['evidence']: '、'.join(a.name for a in evidence),
    }



# -- helpers ---------------------------------------------------------------------------------------

def _view(session: Session, case: Case, row: ExpertApplication) -> ExpertApplicationView:
    return ExpertApplicationView(cases.view_of(case), _codes(row), row.title, row.employer, row.years, row.resume,
                                 case_attachments.listed(session, EVIDENCE, case.id),  # type: ignore[arg-type]
                                 row.wizard_step)


def _codes(row: ExpertApplication) -> tuple[str, ...]:
    return tuple(code for code in row.fields.split(',') if code)


def _summary(codes: tuple[str, ...]) -> str:
    """事项名称's detail in 我的事项: the fields applied for."""
    return '、'.join(codes) if codes else '未选择专业领域'


def _set(row: ExpertApplication, name: str, value: object) -> None:
    if name == 'fields':
        chosen = value if isinstance(value, (list, tuple)) else None
        if chosen is None or not all(isinstance(code, str) and code in FIELD_SCOPES for code in chosen):
            raise Invalid(name, '请从选项中选择专业领域')
        row.fields = ','.join(code for code in FIELD_SCOPES if code in chosen)
    elif name == 'title':
        if value is not None and value not in TITLES:
            raise Invalid(name, '请从选项中选择职称')
        row.title = value  # type: ignore[assignment]
    elif name in LIMITS:
        text = value.strip() if isinstance(value, str) else None
        if text is None:
            raise Invalid(name, '请输入文字')
        if len(text) > LIMITS[name]:
            raise Invalid(name, f'{LABELS[name]}不能超过{LIMITS[name]}个字')
        setattr(row, name, text)
    elif name == 'years':
        row.years = _years(value)
    elif name == 'wizard_step':
        if value not in STEPS:
            raise Invalid(name, '请从选项中选择')
        row.wizard_step = value  # type: ignore[assignment]
    else:
        raise Invalid(name, '未知字段')


def _years(value: object) -> int | None:
    """从事认证相关工作年限 as typed: empty, or a whole number of years from 0 to MAX_YEARS."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()):
        years = int(value.strip())
    elif isinstance(value, float) and value.is_integer():  # a number field sends floats
        years = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        years = value
    else:
        raise Invalid('years', YEARS_RULE)
    if not 0 <= years <= MAX_YEARS:
        raise Invalid('years', YEARS_RULE)
    return years


def _open_case_no(session: Session, user_id: int, exclude_case: int | None) -> str | None:
    """The 业务号 of the person's open application past its draft, unless it is the one excluded."""
    found = session.exec(select(Case.id, Case.case_no, Case.stage).join(ExpertApplication)  # type: ignore[arg-type]
                         .where(ExpertApplication.open_for == user_id)).first()
    if found is None or found[2] == DRAFT or found[0] == exclude_case:
        return None
    return found[1]


def _problems_in(session: Session, actor: Actor, row: ExpertApplication) -> list[Invalid]:
    found: list[Invalid] = []
    if not _codes(row):
        found.append(Invalid('fields', '请至少选择一个申请专业领域'))
    if row.title is None:
        found.append(Invalid('title', '请选择职称'))
    found.extend(Invalid(name, f'请填写{LABELS[name]}') for name in ('employer', 'years', 'resume')
                 if getattr(row, name) in ('', None))
    user = session.get(User, actor.user_id)
    if user is None or not user.real_name_verified:
        found.append(Invalid('precheck', '实名认证：请先在账户信息中完成实名认证'))
    elif user.is_expert:
        found.append(Invalid('precheck', ALREADY_EXPERT))
    return found


# -- what every application does, with this one's parts --------------------------------------------

MODEL = ApplicationModel(ExpertApplication, (SERVICE_CODE,),
                         view=lambda session, actor, case, row: _view(session, case, row),
                         problems_in=lambda session, actor, case, row: _problems_in(session, actor, row),
                         facts_in=facts_in, attachments=EVIDENCE)
application, problems, submit, facts = MODEL.application, MODEL.problems, MODEL.submit, MODEL.facts
attach, detach, _load = MODEL.attach, MODEL.detach, MODEL.load
