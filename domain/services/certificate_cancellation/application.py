"""The applicant's side of 证书注销申请 (R11.1): which certificates can be cancelled, the draft and its 申请信息,
条件自检, submission; and what 批准 writes to the certificate.

A holder may ask to cancel their own certificate while it is 有效 or 暂停 (an expired, revoked or cancelled one has
nothing left to cancel). Only one open (draft or in-progress) application may exist per certificate:
CertificateCancellation.open_key, unique, holds the certificate's id from the moment it is chosen until the case
closes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from domain.engine import cases, prechecks
from domain.engine.applications import ApplicationModel
from domain.engine.prechecks import PrecheckItem
from domain.engine.workflow import DRAFT, RECTIFICATION
from domain.records.certificates import CANCELLABLE, STATUS_LABELS, effective_status
from domain.services.certificate_cancellation.workflow import SERVICE_CODE
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Invalid, NotAllowed
from storage.db import unit_of_work
from storage.tables import Case, Certificate, CertificateCancellation, Institution

REASONS = ('本人申请注销', '不再从事认证审核工作', '其他')
OTHER = '其他'
NOTE_MAX = 500
STEPS = ('precheck', 'info', 'done')
DECLARATION = '本人自愿申请注销上述证书，知悉证书注销后即不再有效，如需再次执业须重新申请注册。'
NO_CERTIFICATE = '您没有可以注销的证书'
TAKEN = '该证书的注销申请已在办理中（业务号 {case_no}）'


@dataclass(frozen=True)
class CancellableCertificate:
    id: int
    cert_no: str
    field: str
    grade: str
    body_name: str
    expires_on: date
    status_label: str

    @property
    def label(self) -> str:
        """How the 注销证书 select shows it: number, field, grade and status."""
        return f'{self.cert_no}（{self.field} {self.grade}，{self.status_label}）'


@dataclass(frozen=True)
class CancellationView:
    case: cases.CaseView
    certificate_id: int | None
    reason: str | None
    note: str
    declared: bool
    wizard_step: str


# -- services --------------------------------------------------------------------------------------

def cancellable_certificates(actor: Actor) -> list[CancellableCertificate]:
    """The actor's own certificates that can be cancelled."""
    with unit_of_work() as session:
        return _cancellable_in(session, actor.user_id, clock.today())


def precheck(actor: Actor, case_id: int | None = None) -> list[PrecheckItem]:
    """条件自检: 实名认证 (as for 人员注册申请) and a certificate that can be cancelled."""
    items = [prechecks.real_name(actor)]
    held = cancellable_certificates(actor)
    chosen = application(actor, case_id).certificate_id if case_id else None
    passed = bool(held) or chosen is not None
    items.append(PrecheckItem('可注销证书', passed,
                              f'可以注销的证书：{"，".join(c.label for c in held)}' if held else
                              '已选择证书' if passed else NO_CERTIFICATE))
    return items


def start(actor: Actor) -> CancellationView:
    """Open a new draft after 条件自检 (it gets its 业务号 now and appears in 草稿箱). With exactly one certificate
    that no other open application claims, it is chosen already."""
    if actor.role is not Role.INDIVIDUAL:
        raise NotAllowed('机构账号只能办理机构事项')
    held = cancellable_certificates(actor)
    if not held:
        raise NotAllowed(NO_CERTIFICATE)
    with unit_of_work(write=True) as session:
        case = cases.create_draft_in(session, actor, SERVICE_CODE, summary=_summary(None))
        session.add(CertificateCancellation(case_id=case.id, wizard_step='info', updated_at=clock.now()))  # type: ignore[arg-type]
        case_id: int = case.id  # type: ignore[assignment]
    if len(held) == 1:
        try:
            return save_info(actor, case_id, certificate_id=held[0].id)
        except Invalid:
            pass  # claimed by another open application: the applicant is told when choosing
    return application(actor, case_id)


def save_info(actor: Actor, case_id: int, **values: object) -> CancellationView:
    """Save what the applicant changed at once (autosave): only known fields, only well-formed values, only the
    applicant's own cancellable certificates that no other open application holds."""
    try:
        with unit_of_work(write=True) as session:
            case, row = _load(session, actor, case_id, for_edit=True)
            for name, value in values.items():
                _set(session, actor, case, row, name, value)
            certificate = session.get(Certificate, row.certificate_id) if row.certificate_id else None
            if certificate is not None and case.stage == DRAFT:
                case.body_id = certificate.body_id
            with session.no_autoflush:
                _check_claim(session, case, row)
            row.open_key = row.certificate_id
            case.summary = _summary(certificate)
            row.updated_at = clock.now()
            session.add_all([case, row])
            session.flush()
            return _view(case, row)
    except IntegrityError:  # another application claimed the same certificate at this moment
        raise Invalid('certificate_id', '该证书的注销申请已在办理中') from None


# -- inside a transaction --------------------------------------------------------------------------

def facts_in(session: Session, case: Case) -> dict[str, str]:
    """The 申请信息, label -> text (also kept in the snapshot of a returned round, R14.3)."""
    row = session.get(CertificateCancellation, case.id)
    if row is None:
        return {}
    certificate = session.get(Certificate, row.certificate_id) if row.certificate_id else None
    body = session.get(Institution, certificate.body_id) if certificate and certificate.body_id else None
    return {
        '注销证书': f'{certificate.cert_no}（{certificate.field} {certificate.grade}）' if certificate else '',
        '执业机构': body.name if body else '',
        '证书有效期至': certificate.expires_on.isoformat() if certificate else '',
        '注销原因': row.reason or '',
        '补充说明': row.note,
        '本人承诺': '已确认' if row.declared else '未确认',
    }



# -- helpers ---------------------------------------------------------------------------------------

def _view(case: Case, row: CertificateCancellation) -> CancellationView:
    return CancellationView(cases.view_of(case), row.certificate_id, row.reason, row.note, row.declared,
                            row.wizard_step)


def _summary(certificate: Certificate | None) -> str:
    """事项名称's detail in 我的事项: the certificate's number."""
    return certificate.cert_no if certificate else '未选择证书'


def _cancellable_in(session: Session, user_id: int, today: date) -> list[CancellableCertificate]:
    rows = session.exec(select(Certificate, Institution.name)
                        .join(Institution, Institution.id == Certificate.body_id, isouter=True)  # type: ignore[arg-type]
                        .where(Certificate.holder_id == user_id)
                        .order_by(Certificate.issued_on, Certificate.id)).all()
    return [CancellableCertificate(c.id, c.cert_no, c.field, c.grade, name or '', c.expires_on,  # type: ignore[arg-type]
                                   STATUS_LABELS[effective_status(c, today)])
            for c, name in rows if effective_status(c, today) in CANCELLABLE]


def _set(session: Session, actor: Actor, case: Case, row: CertificateCancellation, name: str, value: object) -> None:
    if name == 'certificate_id':
        if case.stage == RECTIFICATION and value != row.certificate_id:
            raise Invalid(name, '退回整改的业务不能更换证书，如需注销其他证书，请另行申请')
        if value is None:
            row.certificate_id = None
            return
        certificate = session.get(Certificate, value) if isinstance(value, int) and not isinstance(value, bool) \
            else None
        if certificate is None or certificate.holder_id != actor.user_id:
            raise Invalid(name, '请从选项中选择证书')
        if effective_status(certificate, clock.today()) not in CANCELLABLE:
            raise Invalid(name, f'该证书当前为{STATUS_LABELS[effective_status(certificate, clock.today())]}状态，不能注销')
        row.certificate_id = value
    elif name == 'reason':
        if value is not None and value not in REASONS:
            raise Invalid(name, '请从选项中选择注销原因')
        row.reason = value  # type: ignore[assignment]
    elif name == 'note':
        note = value.strip() if isinstance(value, str) else ''
        if len(note) > NOTE_MAX:
            raise Invalid(name, f'补充说明不能超过{NOTE_MAX}字')
        row.note = note
    elif name == 'declared':
        if value not in (True, False):
            raise Invalid(name, '请确认本人承诺')
        row.declared = value  # type: ignore[assignment]
    elif name == 'wizard_step':
        if value not in STEPS:
            raise Invalid(name, '请从选项中选择')
        row.wizard_step = value  # type: ignore[assignment]
    else:
        raise Invalid(name, '未知字段')


def _check_claim(session: Session, case: Case, row: CertificateCancellation) -> None:
    """Refuse a certificate that another open application holds, naming its 业务号."""
    if row.certificate_id is None:
        return
    other = session.exec(select(Case.case_no).join(CertificateCancellation)  # type: ignore[arg-type]
                         .where(CertificateCancellation.open_key == row.certificate_id, Case.id != case.id)).first()
    if other is not None:
        raise Invalid('certificate_id', TAKEN.format(case_no=other))


def _problems_in(session: Session, actor: Actor, row: CertificateCancellation) -> list[Invalid]:
    found: list[Invalid] = []
    certificate = session.get(Certificate, row.certificate_id) if row.certificate_id else None
    if certificate is None:
        found.append(Invalid('certificate_id', '请选择注销证书'))
    elif effective_status(certificate, clock.today()) not in CANCELLABLE:
        found.append(Invalid('certificate_id', '该证书已不能注销'))
    if row.reason is None:
        found.append(Invalid('reason', '请选择注销原因'))
    elif row.reason == OTHER and not row.note:
        found.append(Invalid('note', '注销原因为【其他】时，补充说明为必填'))
    if not row.declared:
        found.append(Invalid('declared', '请阅读并勾选本人承诺'))
    if not prechecks.real_name(actor, session).passed:
        found.append(Invalid('precheck', '实名认证：请先在账户信息中完成实名认证'))
    return found


# -- what every application does, with this one's parts --------------------------------------------

MODEL = ApplicationModel(CertificateCancellation, (SERVICE_CODE,),
                         view=lambda session, actor, case, row: _view(case, row),
                         problems_in=lambda session, actor, case, row: _problems_in(session, actor, row),
                         facts_in=facts_in)
application, problems, submit, facts, _load = (MODEL.application, MODEL.problems, MODEL.submit, MODEL.facts,
                                               MODEL.load)
