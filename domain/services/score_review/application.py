"""考试成绩复核申请 (R9.5, manual §4.2): the candidate's form, its checks, submission, and what staff record.

The form lists every exam that allows 成绩复核 now (its scores published, the review's last day not passed); on
下一步 the system checks that the candidate sat the chosen exam under the 准考证号 they typed. A score is reviewed
once: ScoreReview.registration_id, set on 提交, is unique.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.engine import cases, prechecks
from domain.engine.applications import ApplicationModel
from domain.engine.prechecks import PrecheckItem
from domain.engine.workflow import DRAFT
from domain.records.exams import may_request_review, score_text
from domain.services.score_review.workflow import SERVICE_CODE
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotAllowed
from storage.db import unit_of_work
from storage.tables import Case, Exam, ExamRegistration, ScoreReview

STEPS = ('precheck', 'info', 'done')
REASON_MAX = 500
NO_EXAM = '当前没有允许成绩复核的考试'
NOT_AGREED = '请阅读考试成绩复核申请说明并勾选'
ADMISSION_NO = re.compile(r'\d{6,32}')


@dataclass(frozen=True)
class ReviewableExam:
    id: int
    name: str
    subject: str
    exam_date: date
    review_until: date | None

    @property
    def label(self) -> str:
        until = f'，{self.review_until.isoformat()} 前可申请' if self.review_until else ''
        return f'{self.name}（{self.subject}，{self.exam_date.isoformat()}{until}）'


@dataclass(frozen=True)
class ScoreReviewView:
    case: cases.CaseView
    exam_id: int | None
    admission_no: str
    reason: str
    original_score: Decimal | None
    reviewed_score: Decimal | None
    wizard_step: str


# -- services --------------------------------------------------------------------------------------

def reviewable_exams() -> list[ReviewableExam]:
    """允许成绩复核考试: every exam whose scores may be reviewed today."""
    with unit_of_work() as session:
        return _reviewable(session, clock.today())


def precheck(actor: Actor, case_id: int | None = None) -> list[PrecheckItem]:
    """实名认证, and an exam that allows review now."""
    items = [prechecks.real_name(actor)]
    open_now = reviewable_exams()
    items.append(PrecheckItem('允许成绩复核考试', bool(open_now),
                              f'允许成绩复核的考试：{"，".join(e.label for e in open_now)}' if open_now else NO_EXAM))
    return items


def start(actor: Actor, agreed: bool, exam_id: int | None = None) -> ScoreReviewView:
    """Open a draft once the 说明 is ticked; from 我的考试's 成绩复核 the exam and its 准考证号 come filled in."""
    if not agreed:
        raise NotAllowed(NOT_AGREED)
    with unit_of_work(write=True) as session:
        case = cases.create_draft_in(session, actor, SERVICE_CODE, summary='未选择考试')
        row = ScoreReview(case_id=case.id, wizard_step='info', updated_at=clock.now())  # type: ignore[arg-type]
        session.add(row)
        if exam_id is not None and exam_id in {e.id for e in _reviewable(session, clock.today())}:
            row.exam_id = exam_id
            own = _registration(session, actor.user_id, exam_id)
            row.admission_no = (own.admission_no or '') if own else ''
            case.summary = _summary(session, row)
        case_id: int = case.id  # type: ignore[assignment]
    return application(actor, case_id)


def save_info(actor: Actor, case_id: int, **values: object) -> ScoreReviewView:
    """Save what the candidate changed at once (autosave)."""
    with unit_of_work(write=True) as session:
        case, row = _load(session, actor, case_id, for_edit=True)
        for name, value in values.items():
            if name == 'exam_id':
                if value is not None and value not in {e.id for e in _reviewable(session, clock.today())}:
                    raise Invalid(name, '请从允许成绩复核的考试中选择')
                row.exam_id = value  # type: ignore[assignment]
            elif name in ('admission_no', 'reason'):
                text = value.strip() if isinstance(value, str) else None
                if text is None:
                    raise Invalid(name, '请输入文字')
                if name == 'admission_no' and text and not ADMISSION_NO.fullmatch(text):
                    raise Invalid(name, '准考证号为数字')
                if name == 'reason' and len(text) > REASON_MAX:
                    raise Invalid(name, f'复核原因不能超过{REASON_MAX}个字')
                setattr(row, name, text)
            elif name == 'wizard_step':
                if value not in STEPS:
                    raise Invalid(name, '请从选项中选择')
                row.wizard_step = value  # type: ignore[assignment]
            else:
                raise Invalid(name, '未知字段')
        case.summary = _summary(session, row)
        row.updated_at = clock.now()
        session.add_all([case, row])
        session.flush()
        return _view(case, row)


def submit(actor: Actor, case_id: int, expected_version: int | None = None) -> cases.CaseView:
    """提交: checked, the registration matched and claimed, and moved, in one transaction."""
    try:
        return MODEL.submit(actor, case_id, expected_version)
    except IntegrityError:  # another review of the same exam was submitted at this moment
        raise Invalid('exam_id', '该考试已申请过成绩复核，每场考试只能申请一次') from None


def _claim_registration(session: Session, actor: Actor, case: Case, row: ScoreReview) -> None:
    """On 提交: the review holds the registration it is about, and the score as it was."""
    own = _registration(session, actor.user_id, row.exam_id)  # type: ignore[arg-type]
    assert own is not None
    row.registration_id, row.original_score = own.id, own.score
    session.add(row)
    session.flush()


def record_correction(actor: Actor, case_id: int, expected_version: int, score: str,
                      opinion: str) -> cases.CaseView:
    """更正成绩: staff record the reviewed score; the registration's score and 合格 follow, with the transition."""
    try:
        reviewed = Decimal(score.strip())
    except (InvalidOperation, AttributeError):
        raise Invalid('score', '请输入0至100之间的成绩，最多一位小数') from None
    if not (0 <= reviewed <= 100) or reviewed != reviewed.quantize(Decimal('0.1')):
        raise Invalid('score', '请输入0至100之间的成绩，最多一位小数')
    if not opinion.strip():
        raise Invalid('opinion', '请填写复核说明')
    with unit_of_work(write=True) as session:
        moved = cases.act_in(session, actor, case_id, 'correct', expected_version=expected_version,
                             opinion=f'复核后成绩：{score_text(reviewed)}。{opinion.strip()}')
        row = session.get(ScoreReview, case_id)
        assert row is not None and row.registration_id is not None
        own = session.get(ExamRegistration, row.registration_id)
        assert own is not None
        own.score, own.passed = reviewed, reviewed >= 60
        row.reviewed_score = reviewed
        session.add_all([own, row])
        return moved


# -- inside a transaction --------------------------------------------------------------------------

def facts_in(session: Session, case: Case) -> dict[str, str]:
    row = session.get(ScoreReview, case.id)
    if row is None:
        return {}
    exam = session.get(Exam, row.exam_id) if row.exam_id else None
    return {'允许成绩复核考试': f'{exam.name}（{exam.subject}）' if exam else '', '准考证号': row.admission_no,
            '复核原因': row.reason, '原成绩': score_text(row.original_score),
            '复核后成绩': score_text(row.reviewed_score)}



# -- helpers ---------------------------------------------------------------------------------------

def _view(case: Case, row: ScoreReview) -> ScoreReviewView:
    return ScoreReviewView(cases.view_of(case), row.exam_id, row.admission_no, row.reason, row.original_score,
                           row.reviewed_score, row.wizard_step)


def _summary(session: Session, row: ScoreReview) -> str:
    exam = session.get(Exam, row.exam_id) if row.exam_id else None
    return exam.name if exam else '未选择考试'


def _reviewable(session: Session, today: date) -> list[ReviewableExam]:
    found = session.exec(select(Exam).where(Exam.score_review_allowed, col(Exam.scores_published_at).is_not(None))
                         .order_by(col(Exam.exam_date).desc())).all()
    return [ReviewableExam(e.id, e.name, e.subject, e.exam_date, e.score_review_until)  # type: ignore[arg-type]
            for e in found if e.score_review_until is None or today <= e.score_review_until]


def _registration(session: Session, user_id: int, exam_id: int) -> ExamRegistration | None:
    return session.exec(select(ExamRegistration).where(ExamRegistration.user_id == user_id,
                                                       ExamRegistration.exam_id == exam_id)).first()


def _problems_in(session: Session, actor: Actor, case: Case, row: ScoreReview) -> list[Invalid]:
    found = [Invalid(name, message) for name, message in (
        ('exam_id', '请选择允许成绩复核考试'), ('admission_no', '请输入准考证号'), ('reason', '请输入复核原因'))
        if not getattr(row, name)]
    if not prechecks.real_name(actor, session).passed:
        found.append(Invalid('precheck', '实名认证：请先在账户信息中完成实名认证'))
    if found or case.stage != DRAFT:
        return found
    exam = session.get(Exam, row.exam_id)
    own = _registration(session, actor.user_id, row.exam_id)  # type: ignore[arg-type]
    if exam is None or own is None:
        return [Invalid('exam_id', '您未报考该考试，不能申请成绩复核')]
    if own.admission_no != row.admission_no:
        return [Invalid('admission_no', '准考证号与您在该考试的报考记录不符')]
    if own.score is None:
        return [Invalid('exam_id', '您未参加该考试（无考试成绩），不能申请成绩复核')]
    if not may_request_review(exam, own, clock.today()):
        return [Invalid('exam_id', '该考试当前不允许成绩复核')]
    other = session.exec(select(Case.case_no).join(ScoreReview)  # type: ignore[arg-type]
                         .where(ScoreReview.registration_id == own.id, Case.id != case.id)).first()
    if other is not None:
        return [Invalid('exam_id', f'该考试已申请过成绩复核（业务号 {other}），每场考试只能申请一次')]
    return []


# -- what every application does, with this one's parts --------------------------------------------

MODEL = ApplicationModel(ScoreReview, (SERVICE_CODE,), view=lambda session, actor, case, row: _view(case, row),
                         problems_in=_problems_in, facts_in=facts_in, before_submit=_claim_registration)
application, problems, facts, _load = MODEL.application, MODEL.problems, MODEL.facts, MODEL.load
