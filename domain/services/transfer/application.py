"""The applicant's side of 人员转换执业机构 (R7.1): who may apply, the draft and its 转会申请信息, and submission.

Only a certified auditor (a valid certificate at a certification body) may apply; the 转出机构 is the body of that
certificate and becomes the case's body, the 转入机构 its second body. A person has at most one open transfer: the
application's open_for column holds their id until the case closes, under a unique index.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from domain.engine import cases, files
from domain.engine.applications import ApplicationModel
from domain.engine.prechecks import PrecheckItem
from domain.engine.workflow import DRAFT
from domain.records.certificates import effective_status
from domain.services.transfer.rules import (
    _valid_certificates_at,
)
from domain.services.transfer.workflow import SERVICE_CODE
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Conflict, Invalid, NotAllowed
from domain.shared.identity import mask_email, mask_id_number, mask_mobile
from storage.db import unit_of_work
from storage.tables import (
    Case,
    Certificate,
    Institution,
    StoredFile,
    TransferApplication,
    User,
)

TRANSFER_TYPES = ('认证转会',)
REASONS = ('个人职业发展', '工作单位变动', '与原机构解除聘用关系', '原机构停止执业或资质变更', '其他')
OTHER = '其他'
NOTE_MAX = 500
STEPS = ('precheck', 'info', 'done')
FILE_PURPOSE = 'transfer_reason'
NOT_AUDITOR = '只有持有有效证书的认证人员可以申请人员转换执业机构'
OPEN_ELSEWHERE = '您已有一条未办结的人员转换执业机构业务【{case_no}】，办结后才能再次申请'


@dataclass(frozen=True)
class Applicant:
    """The person as the form shows them, prefilled and read-only (证件号码 masked)."""

    file_no: str
    name: str
    id_type: str
    id_number: str
    mobile: str
    email: str
    gender: str
    birth_date: str


@dataclass(frozen=True)
class TransferView:
    case: cases.CaseView
    applicant: Applicant
    from_body_id: int | None
    from_body_name: str
    to_body_id: int | None
    to_body_name: str
    transfer_type: str | None
    reason: str | None
    note: str
    reason_file_id: int | None
    reason_file_name: str
    certificates: tuple[str, ...]  # while open, the certificates that would move: '证书编号（专业 级别）'
    wizard_step: str


# -- who may apply -------------------------------------------------------------------------------------

def current_body(actor: Actor) -> tuple[int, str] | None:
    """(id, name) of the body the actor practises at: that of their latest valid certificate; None if they hold none."""
    with unit_of_work() as session:
        body = _current_body(session, actor.user_id)
        return (body.id, body.name) if body else None  # type: ignore[return-value]


def precheck(actor: Actor, case_id: int | None = None) -> list[PrecheckItem]:
    """条件自检: a valid certificate at a certification body, and no other open transfer than this one (a draft
    counts as none: applying again reopens it)."""
    with unit_of_work() as session:
        body = _current_body(session, actor.user_id)
        open_case = _open_case_no(session, actor.user_id, exclude_case=case_id)
    items = [PrecheckItem('认证人员', body is not None,
                          f'持有有效证书，执业机构：{body.name}' if body else NOT_AUDITOR)]
    items.append(PrecheckItem('办理中的转会申请', open_case is None,
                              '没有办理中的人员转换执业机构业务' if open_case is None
                              else OPEN_ELSEWHERE.format(case_no=open_case)))
    return items


def transfer_bodies(actor: Actor) -> list[tuple[int, str]]:
    """(id, name) of the certification bodies the actor may move to: all but the one they practise at."""
    with unit_of_work() as session:
        body = _current_body(session, actor.user_id)
        rows = session.exec(select(Institution.id, Institution.name).where(Institution.kind == 'certification')
                            .order_by(Institution.name)).all()
    return [(i, n) for i, n in rows if body is None or i != body.id]  # type: ignore[misc]


# -- the draft ---------------------------------------------------------------------------------------------

def start(actor: Actor) -> TransferView:
    """Open a new draft after 条件自检, or reopen the applicant's draft if there is one."""
    if actor.role is not Role.INDIVIDUAL:
        raise NotAllowed('机构账号只能办理机构事项')
    try:
        with unit_of_work(write=True) as session:
            body = _current_body(session, actor.user_id)
            if body is None:
                raise NotAllowed(NOT_AUDITOR)
            existing = session.exec(select(Case).join(TransferApplication)  # type: ignore[arg-type]
                                    .where(TransferApplication.open_for == actor.user_id)).first()
            if existing is not None:
                if existing.stage != DRAFT:
                    raise NotAllowed(OPEN_ELSEWHERE.format(case_no=existing.case_no))
                case_id = existing.id
            else:
                case = cases.create_draft_in(session, actor, SERVICE_CODE, summary=_summary(body.name, None),
                                             body_id=body.id)
                session.add(TransferApplication(case_id=case.id, transfer_type=TRANSFER_TYPES[0],  # type: ignore[arg-type]
                                                open_for=actor.user_id, wizard_step='info', updated_at=clock.now()))
                session.flush()
                case_id = case.id
    except IntegrityError:  # the same person started a transfer in another tab at the same moment
        raise Conflict('您已有一条未办结的人员转换执业机构业务，请在 我的事项 › 草稿箱 中继续填报') from None
    return application(actor, case_id)  # type: ignore[arg-type]


def save_info(actor: Actor, case_id: int, **values: object) -> TransferView:
    """Save what the applicant changed on 人员转会申请 at once (autosave): only known fields and options."""
    allowed = {'transfer_type': TRANSFER_TYPES, 'to_body_id': None, 'reason': REASONS, 'note': None,
               'reason_file_id': None, 'wizard_step': STEPS}
    with unit_of_work(write=True) as session:
        case, row = _load(session, actor, case_id, for_edit=True)
        for name, value in values.items():
            if name not in allowed:
                raise Invalid(name, '未知字段')
            options = allowed[name]
            if value is not None and options is not None and value not in options:
                raise Invalid(name, '请从选项中选择')
            if name == 'to_body_id':
                if value is not None:
                    _check_to_body(session, case, value)  # type: ignore[arg-type]
                case.to_body_id = value  # type: ignore[assignment]
            elif name == 'note':
                note = str(value or '').strip()
                if len(note) > NOTE_MAX:
                    raise Invalid('note', f'补充说明不能超过{NOTE_MAX}字')
                row.note = note
            elif name == 'reason_file_id':
                if value is not None and files.owned_file(session, actor, value, FILE_PURPOSE) is None:  # type: ignore[arg-type]
                    raise Invalid('reason_file_id', '请重新上传转会理由文件')
                row.reason_file_id = value  # type: ignore[assignment]
            else:
                setattr(row, name, value)
        to_body = session.get(Institution, case.to_body_id) if case.to_body_id else None
        from_body = session.get(Institution, case.body_id) if case.body_id else None
        case.summary = _summary(from_body.name if from_body else '', to_body.name if to_body else None)
        row.updated_at = clock.now()
        session.add_all([case, row])
        session.flush()
        return _view(session, case, row, actor)


def upload_reason_file(actor: Actor, case_id: int, filename: str, data: bytes) -> TransferView:
    """转会理由文件: checked by content and size, stored, and attached to the application (replacing any earlier one)."""
    with unit_of_work() as session:
        _load(session, actor, case_id, for_edit=True)  # NotFound / NotAllowed before anything is stored
    try:
        file_id = files.save_upload(actor, FILE_PURPOSE, filename, data)
    except Invalid as error:
        raise Invalid('reason_file_id', error.message) from None
    return save_info(actor, case_id, reason_file_id=file_id)


# -- inside a transaction: effects of the workflow and the snapshot of a returned round -----------------------


def facts_in(session: Session, case: Case) -> dict[str, str]:
    """The 转会申请信息 as reviewers read it, label -> text (kept in the snapshot of a returned round, R14.3)."""
    row = session.get(TransferApplication, case.id)
    if row is None:
        return {}
    from_body = session.get(Institution, case.body_id) if case.body_id else None
    to_body = session.get(Institution, case.to_body_id) if case.to_body_id else None
    stored = session.get(StoredFile, row.reason_file_id) if row.reason_file_id else None
    return {
        '转出机构': from_body.name if from_body else '',
        '转会类型': row.transfer_type or '',
        '转入机构': to_body.name if to_body else '',
        '转会理由': row.reason or '',
        '补充说明': row.note,
        '转会理由文件': stored.original_name if stored else '',
    }


# -- helpers -------------------------------------------------------------------------------------------------

def _summary(from_name: str, to_name: str | None) -> str:
    """事项名称's detail in 我的事项: '华信认证中心有限公司 → 中正认证有限公司'."""
    return f'{from_name} → {to_name or "未选择转入机构"}'


def _current_body(session: Session, user_id: int) -> Institution | None:
    today = clock.today()
    found = session.exec(select(Certificate, Institution).join(Institution)  # type: ignore[arg-type]
                         .where(Certificate.holder_id == user_id, Institution.kind == 'certification')
                         .order_by(Certificate.issued_on.desc(), Certificate.id.desc())).all()  # type: ignore[attr-defined]
    return next((body for certificate, body in found if effective_status(certificate, today) == 'valid'), None)



def _open_case_no(session: Session, user_id: int, exclude_case: int | None) -> str | None:
    """The 业务号 of the person's open transfer past its draft, unless it is the one excluded."""
    found = session.exec(select(Case.id, Case.case_no, Case.stage).join(TransferApplication)  # type: ignore[arg-type]
                         .where(TransferApplication.open_for == user_id)).first()
    if found is None or found[2] == DRAFT or found[0] == exclude_case:
        return None
    return found[1]


def _check_to_body(session: Session, case: Case, body_id: int) -> None:
    body = session.get(Institution, body_id)
    if body is None or body.kind != 'certification':
        raise Invalid('to_body_id', '请选择转入机构')
    if body_id == case.body_id:
        raise Invalid('to_body_id', '转入机构不能与转出机构相同')


def _problems(session: Session, actor: Actor, case: Case, row: TransferApplication) -> list[Invalid]:
    found: list[Invalid] = []
    if not _valid_certificates_at(session, case.applicant_id, case.body_id):
        found.append(Invalid('from_body', '您在转出机构已没有有效证书，不能申请人员转换执业机构'))
    if row.transfer_type not in TRANSFER_TYPES:
        found.append(Invalid('transfer_type', '请选择转会类型'))
    if case.to_body_id is None:
        found.append(Invalid('to_body_id', '请选择转入机构'))
    else:
        try:
            _check_to_body(session, case, case.to_body_id)
        except Invalid as error:
            found.append(error)
    if row.reason == OTHER and not row.note.strip():
        found.append(Invalid('note', '转会理由为【其他】时，补充说明为必填'))
    if row.reason_file_id is not None and files.owned_file(session, actor, row.reason_file_id, FILE_PURPOSE) is None:
        found.append(Invalid('reason_file_id', '请重新上传转会理由文件'))
    return found


def _view(session: Session, case: Case, row: TransferApplication, actor: Actor) -> TransferView:
    """The applicant sees their own mobile and email, reviewers see them masked (R13.3); the ID number is masked for
    all."""
    person = session.get(User, case.applicant_id)
    assert person is not None
    own = actor.user_id == case.applicant_id
    from_body = session.get(Institution, case.body_id) if case.body_id else None
    to_body = session.get(Institution, case.to_body_id) if case.to_body_id else None
    stored = session.get(StoredFile, row.reason_file_id) if row.reason_file_id else None
    moving = _valid_certificates_at(session, case.applicant_id, case.body_id) if case.status != 'closed' else []
    return TransferView(
        case=cases.view_of(case),
        applicant=Applicant(
            file_no=person.file_no or '', name=person.name, id_type=person.id_type or '',
            id_number=mask_id_number(person.id_number),
            mobile=(person.mobile or '') if own else mask_mobile(person.mobile),
            email=(person.email or '') if own else mask_email(person.email),
            gender=person.gender or '', birth_date=person.birth_date.isoformat() if person.birth_date else ''),
        from_body_id=case.body_id, from_body_name=from_body.name if from_body else '',
        to_body_id=case.to_body_id, to_body_name=to_body.name if to_body else '',
        transfer_type=row.transfer_type, reason=row.reason, note=row.note, reason_file_id=row.reason_file_id,
        reason_file_name=stored.original_name if stored else '',
        certificates=tuple(f'{c.cert_no}（{c.field} {c.grade}）' for c in moving),
        wizard_step=row.wizard_step)


# -- what every application does, with this one's parts --------------------------------------------

MODEL = ApplicationModel(TransferApplication, (SERVICE_CODE,),
                         view=lambda session, actor, case, row: _view(session, case, row, actor),
                         problems_in=_problems, facts_in=facts_in)
application, problems, submit, _load = MODEL.application, MODEL.problems, MODEL.submit, MODEL.load
