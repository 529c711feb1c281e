"""Experts' evaluations of online courses (R10.5, R10.6): CCAA staff assign experts to a course case — 文件评价 and
视频评价 of a 网络课程, 老课复审评价 of a course asking to be extended — each expert works on their own CourseReview
(a result per file, time-coded remarks on videos, saved as they go) and submits it; the last submission moves the
case on to CCAA's decision. Both course services keep their evaluations here.

The workflow of a service using this declares, at its expert stage, the service actions 'evaluate' (a submission,
staying at the stage) and 'experts_done' (the last one), and at its assigning stage 'assign_experts'.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from domain.engine import access, cases, messages
from domain.engine.workflow import (
    CLOSED,
    CLOSED_STAGE,
    DRAFT,
    RECTIFICATION,
    Action,
    Party,
    Stage,
    Workflow,
    return_action,
)
from domain.records.certificates import FIELD_SCOPES
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import (
    Case,
    CourseRereview,
    CourseReview,
    OnlineCourse,
    OnlineCourseDocument,
    OnlineCourseVideo,
    StoredFile,
    User,
)

DESIGN_TYPES = ('继续教育课程', '注册培训课程', '专题培训课程')  # 课程设计类型
DESIGN_FIELDS = tuple(FIELD_SCOPES)  # 课程设计领域
KIND_LABELS = {'document': '文件评价', 'video': '视频评价', 'rereview': '老课复审评价'}
RESULTS = {'document': ('通过', '不通过'), 'video': ('通过', '不通过'), 'rereview': ('同意延期', '不同意延期')}
VERDICTS = ('符合', '不符合')
STATUSES = ('未评价', '已评价')
OPINION_MAX = 2000
REASON_MAX = 500
REMARK_MAX = 200
REMARKS_MAX = 100  # per video
ASSIGN_ACTION, EVALUATE_ACTION, DONE_ACTION = 'assign_experts', 'evaluate', 'experts_done'
NOT_FOUND = '未找到该评价任务'


def review_link(review_id: int) -> str:
    return f'/expert/course-reviews/{review_id}'


@dataclass(frozen=True)
class CourseFile:
    file_id: int
    name: str


@dataclass(frozen=True)
class ReviewRow:
    """A line of the expert's 网络课程评价 / 老课复审评价 list."""

    review_id: int
    case_no: str
    course_name: str
    design_type: str
    design_field: str
    kind_label: str
    extension: str  # 延期时间 of a 老课复审
    assigned_at: datetime
    status: str  # 未评价 | 已评价


@dataclass(frozen=True)
class ReviewView:
    """What the expert's evaluation page shows and edits."""

    id: int
    kind: str
    kind_label: str
    case_id: int
    case_no: str
    course_name: str
    course_facts: dict[str, str]
    documents: tuple[CourseFile, ...]
    videos: tuple[CourseFile, ...]
    verdicts: dict[int, tuple[str, str]]  # file id -> (符合 | 不符合, reason)
    remarks: dict[int, list[tuple[int, str]]]  # video file id -> [(seconds, text)]
    result: str
    opinion: str
    submitted: bool
    results: tuple[str, ...]

    @property
    def files(self) -> tuple[CourseFile, ...]:
        """What this evaluation judges file by file: the documents of a 文件评价, the videos of a 视频评价."""
        return {'document': self.documents, 'video': self.videos}.get(self.kind, ())


@dataclass(frozen=True)
class ResultView:
    """An expert's evaluation as CCAA staff read it."""

    expert_name: str
    kind_label: str
    round: int
    assigned_at: datetime
    submitted_at: datetime | None
    result: str
    opinion: str


# -- who may see what ------------------------------------------------------------------------------

def is_reviewer(session: Session, case: Case, actor: Actor) -> bool:
    """Whether the actor was assigned to evaluate this course case, or a 老课复审 of this course (whose expert reads
    the course's files)."""
    if not actor.is_expert:
        return False
    rereviews = select(CourseRereview.case_id).where(CourseRereview.course_case_id == case.id)
    found = session.exec(select(CourseReview.id).where(
        CourseReview.expert_id == actor.user_id,
        or_(col(CourseReview.case_id) == case.id, col(CourseReview.case_id).in_(rereviews))).limit(1)).first()
    return found is not None


def course_of(session: Session, case: Case) -> OnlineCourse | None:
    """The online course a course case is about: its own, or the one a 老课复审 asks to extend."""
    course = session.get(OnlineCourse, case.id)
    if course is not None:
        return course
    rereview = session.get(CourseRereview, case.id)
    return session.get(OnlineCourse, rereview.course_case_id) if rereview and rereview.course_case_id else None


def course_files(session: Session, course_case_id: int) -> tuple[tuple[CourseFile, ...], tuple[CourseFile, ...]]:
    """(documents, videos) of an online course, in the order they were added."""
    found = []
    for table in (OnlineCourseDocument, OnlineCourseVideo):
        rows = session.exec(select(StoredFile.id, StoredFile.original_name)
                            .join(table, col(table.file_id) == StoredFile.id)
                            .where(table.case_id == course_case_id).order_by(col(table.id))).all()
        found.append(tuple(CourseFile(file_id, name) for file_id, name in rows))  # type: ignore[arg-type]
    return found[0], found[1]


def materials(actor: Actor, case_id: int) -> tuple[tuple[CourseFile, ...], tuple[CourseFile, ...]]:
    """(documents, videos) of the course a course case is about, for anyone who may view the case."""
    with unit_of_work() as session:
        case = access.load_for(session, actor, case_id)
        course = course_of(session, case)
        return course_files(session, course.case_id) if course else ((), ())


def extension_text(extend_from: date | None, extend_to: date | None) -> str:
    """The manual's 延期时间: 自2022-04-06延期至2023-04-05."""
    return f'自{extend_from.isoformat()}延期至{extend_to.isoformat()}' if extend_from and extend_to else ''


# -- CCAA staff: assigning, and reading the results ------------------------------------------------

# service code -> kind -> the 消息 its expert gets ({case_no}, {course_name}); each course service says its own
_NOTICES: dict[str, dict[str, str]] = {}


def evaluates(service_code: str, notices: dict[str, str]) -> None:
    """Declare the kinds of evaluation a service's cases get, each with the message its experts receive."""
    _NOTICES[service_code] = dict(notices)


def kinds_of(service_code: str) -> dict[str, str]:
    """kind -> label of the evaluations a service's cases get ({} for other services)."""
    return {kind: KIND_LABELS[kind] for kind in _NOTICES.get(service_code, {})}


def assign(actor: Actor, case_id: int, expected_version: int, chosen: dict[str, list[int]]) -> cases.CaseView:
    """分配专家 on a course case waiting for it: experts for each of its kinds of evaluation."""
    with unit_of_work(write=True) as session:
        case = access.load_for(session, actor, case_id, lock=True)
        notices = _NOTICES.get(case.service_code)
        if not notices:
            raise NotFound('未找到该业务')
        unknown = set(chosen) - set(notices)
        if unknown:
            raise Invalid(sorted(unknown)[0], '未知的评价类型')
        assign_in(session, actor, case, {kind: list(chosen.get(kind) or []) for kind in notices},
                  expected_version=expected_version, notices=notices)
        session.refresh(case)
        return cases.view_of(case)

def experts(actor: Actor) -> list[tuple[int, str]]:
    """Everyone with expert permission, for the 分配专家 choices."""
    return cases.experts(actor)


def assign_in(session: Session, actor: Actor, case: Case, chosen: dict[str, list[int]], *,
              expected_version: int, notices: dict[str, str]) -> None:
    """分配专家: the staff's action, and one CourseReview per expert and kind, each expert told by a 消息
    (notices: kind -> title with {case_no} and {course_name})."""
    if actor.role is not Role.CCAA_STAFF:
        raise NotAllowed()
    for kind, expert_ids in chosen.items():
        if not expert_ids:
            raise Invalid(kind, f'请选择{KIND_LABELS[kind]}专家')
        for expert_id in expert_ids:
            expert = session.get(User, expert_id) if isinstance(expert_id, int) else None
            if expert is None or not expert.is_expert:
                raise Invalid(kind, '所选用户没有专家权限')
    names = {k: '、'.join(session.get(User, e).name for e in ids) for k, ids in chosen.items()}  # type: ignore[union-attr]
    opinion = '；'.join(f'{KIND_LABELS[k]}：{n}' for k, n in names.items())
    cases.act_in(session, actor, case.id, ASSIGN_ACTION, expected_version=expected_version,  # type: ignore[arg-type]
                 opinion=opinion)
    course = course_of(session, case)
    now = clock.now()
    for kind, expert_ids in chosen.items():
        for expert_id in dict.fromkeys(expert_ids):
            review = CourseReview(case_id=case.id, expert_id=expert_id, kind=kind, round=case.round,  # type: ignore[arg-type]
                                  assigned_at=now)
            session.add(review)
            session.flush()
            title = notices[kind].format(case_no=case.case_no, course_name=course.course_name if course else '')
            messages.send(session, [expert_id], kind=messages.MESSAGE, case_id=case.id, title=title,
                          link=review_link(review.id))  # type: ignore[arg-type]


def results_of(actor: Actor, case_id: int) -> list[ResultView]:
    """Every expert's evaluation of the case, every round (CCAA staff only: experts' names stay with CCAA)."""
    if actor.role is not Role.CCAA_STAFF:
        raise NotAllowed()
    with unit_of_work() as session:
        access.load_for(session, actor, case_id)
        rows = session.exec(select(CourseReview, User.name).join(User, User.id == CourseReview.expert_id)  # type: ignore[arg-type]
                            .where(CourseReview.case_id == case_id).order_by(col(CourseReview.id))).all()
        return [ResultView(name, KIND_LABELS[r.kind], r.round, r.assigned_at, r.submitted_at, r.result,
                           r.opinion if r.submitted_at else '') for r, name in rows]


# -- the expert ------------------------------------------------------------------------------------

def my_reviews(actor: Actor, kinds: tuple[str, ...], *, course_name: str = '', design_type: str = '',
               design_field: str = '', status: str = '未评价') -> list[ReviewRow]:
    """The actor's evaluations of these kinds, newest assignment first, with the lists' filters."""
    if not actor.is_expert:
        raise NotAllowed('您没有专家权限')
    # one query: the course is the case's own, or the one its 老课复审 asks to extend; the filters in SQL
    course_case = func.coalesce(CourseRereview.course_case_id, CourseReview.case_id)
    query = (select(CourseReview, Case.case_no, OnlineCourse, CourseRereview)
             .join(Case, Case.id == CourseReview.case_id)  # type: ignore[arg-type]
             .join(CourseRereview, CourseRereview.case_id == CourseReview.case_id, isouter=True)  # type: ignore[arg-type]
             .join(OnlineCourse, OnlineCourse.case_id == course_case, isouter=True)  # type: ignore[arg-type]
             .where(CourseReview.expert_id == actor.user_id, col(CourseReview.kind).in_(kinds)))
    if status == '未评价':
        query = query.where(col(CourseReview.submitted_at).is_(None))
    elif status == '已评价':
        query = query.where(col(CourseReview.submitted_at).is_not(None))
    if course_name.strip():
        query = query.where(col(OnlineCourse.course_name).contains(course_name.strip()))
    if design_type:
        query = query.where(OnlineCourse.design_type == design_type)
    if design_field:
        query = query.where(OnlineCourse.design_field == design_field)
    with unit_of_work() as session:
        found = session.exec(query.order_by(col(CourseReview.assigned_at).desc(), col(CourseReview.id).desc())
                             .limit(500)).all()
    return [ReviewRow(review.id, case_no, course.course_name if course else '',  # type: ignore[arg-type]
                      course.design_type if course else '', course.design_field if course else '',
                      KIND_LABELS[review.kind],
                      extension_text(rereview.extend_from, rereview.extend_to) if rereview else '',
                      review.assigned_at, '已评价' if review.submitted_at else '未评价')
            for review, case_no, course, rereview in found]


def _own(session: Session, actor: Actor, review_id: int, lock: bool = False) -> CourseReview:
    review = session.get(CourseReview, review_id, with_for_update=lock) if 0 < review_id <= access.MAX_ID else None
    if review is None or not actor.is_expert or review.expert_id != actor.user_id:
        raise NotFound(NOT_FOUND)
    return review


def review(actor: Actor, review_id: int) -> ReviewView:
    """The evaluation and the course it is about; NotFound for anyone but its expert."""
    with unit_of_work() as session:
        found = _own(session, actor, review_id)
        return _view(session, found)


def _details(review: CourseReview) -> dict:  # type: ignore[type-arg]
    try:
        loaded = json.loads(review.details or '{}')
    except ValueError:
        loaded = {}
    return loaded if isinstance(loaded, dict) else {}


def _view(session: Session, found: CourseReview) -> ReviewView:
    case = session.get(Case, found.case_id)
    assert case is not None
    course = course_of(session, case)
    documents, videos = course_files(session, course.case_id) if course else ((), ())
    details = _details(found)
    verdicts = {int(k): (v.get('verdict', ''), v.get('reason', '')) for k, v in details.get('items', {}).items()}
    remarks = {int(k): [(int(s), str(t)) for s, t in v] for k, v in details.get('remarks', {}).items()}
    facts = {'课程名称': course.course_name, '课程设计类型': course.design_type, '课程设计领域': course.design_field,
             '课程简介': course.intro} if course else {}
    rereview = session.get(CourseRereview, case.id)
    if rereview is not None:
        facts['延期时间'] = extension_text(rereview.extend_from, rereview.extend_to)
        facts['申请说明'] = rereview.reason
    return ReviewView(found.id, found.kind, KIND_LABELS[found.kind], case.id, case.case_no,  # type: ignore[arg-type]
                      course.course_name if course else '', facts, documents, videos, verdicts, remarks,
                      found.result, found.opinion, found.submitted_at is not None, RESULTS[found.kind])


def _open_for_edit(session: Session, actor: Actor, review_id: int) -> tuple[CourseReview, ReviewView]:
    found = _own(session, actor, review_id, lock=True)
    if found.submitted_at is not None:
        raise NotAllowed('该评价已提交，不能修改')
    return found, _view(session, found)


def set_verdict(actor: Actor, review_id: int, file_id: int, verdict: str | None, reason: str = '') -> ReviewView:
    """A file's 评价结果 (符合 / 不符合 with its reason), saved at once."""
    if verdict not in (*VERDICTS, None):
        raise Invalid('verdict', '请选择评价结果')
    reason = reason.strip()
    if verdict == '不符合' and not reason:
        raise Invalid('reason', '请填写不符合的原因')
    if len(reason) > REASON_MAX:
        raise Invalid('reason', f'原因不能超过{REASON_MAX}字')
    with unit_of_work(write=True) as session:
        found, view = _open_for_edit(session, actor, review_id)
        if file_id not in {f.file_id for f in view.files}:
            raise NotFound('未找到该文件')
        details = _details(found)
        items = details.setdefault('items', {})
        if verdict is None:
            items.pop(str(file_id), None)
        else:
            items[str(file_id)] = {'verdict': verdict, 'reason': reason if verdict == '不符合' else ''}
        found.details = json.dumps(details, ensure_ascii=False)
        session.add(found)
        session.flush()
        return _view(session, found)


def set_remarks(actor: Actor, review_id: int, file_id: int, remarks: list[tuple[int, str]]) -> ReviewView:
    """The time-coded remarks on one video of a 视频评价, saved at once."""
    cleaned: list[tuple[int, str]] = []
    for seconds, text in remarks:
        text = str(text).strip()
        if not isinstance(seconds, int) or isinstance(seconds, bool) or not 0 <= seconds < 100 * 3600:
            raise Invalid('remark', '时间格式不正确')
        if not text:
            raise Invalid('remark', '请填写备注内容')
        if len(text) > REMARK_MAX:
            raise Invalid('remark', f'备注不能超过{REMARK_MAX}字')
        cleaned.append((seconds, text))
    if len(cleaned) > REMARKS_MAX:
        raise Invalid('remark', f'每个视频最多{REMARKS_MAX}条备注')
    with unit_of_work(write=True) as session:
        found, view = _open_for_edit(session, actor, review_id)
        if found.kind != 'video' or file_id not in {f.file_id for f in view.videos}:
            raise NotFound('未找到该文件')
        details = _details(found)
        details.setdefault('remarks', {})[str(file_id)] = sorted(cleaned)
        found.details = json.dumps(details, ensure_ascii=False)
        session.add(found)
        session.flush()
        return _view(session, found)


def _timecode(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f'{hours}:{rest // 60:02d}:{rest % 60:02d}' if hours else f'{rest // 60:02d}:{rest % 60:02d}'


def findings(view: ReviewView) -> list[str]:
    """What the evaluation found, as it stands in the opinion: each 不符合 file with its reason, each remark."""
    names = {f.file_id: f.name for f in (*view.documents, *view.videos)}
    lines = [f'【{names.get(file_id, "")}】不符合：{reason}' for file_id, (verdict, reason) in view.verdicts.items()
             if verdict == '不符合' and file_id in names]
    for file_id, remarks in view.remarks.items():
        lines += [f'【{names.get(file_id, "")}】{_timecode(s)} {text}' for s, text in remarks if file_id in names]
    return lines


def submit(actor: Actor, review_id: int, result: str, opinion: str) -> ReviewView:
    """提交 the evaluation: every file judged, a result and an opinion, to which the server adds what was found
    (不符合 files, remarks) so that nothing marked is left out. The last expert's submission moves the case on."""
    opinion = opinion.strip()
    if len(opinion) > OPINION_MAX:
        raise Invalid('opinion', f'评价意见不能超过{OPINION_MAX}字')
    with unit_of_work(write=True) as session:
        found, view = _open_for_edit(session, actor, review_id)
        if result not in view.results:
            raise Invalid('result', '请选择评价结果')
        if any(f.file_id not in view.verdicts for f in view.files):
            raise Invalid('verdict', '请对每个文件给出评价结果')
        if not opinion:
            raise Invalid('opinion', '请填写评价意见')
        lines = findings(view)
        found.result, found.submitted_at = result, clock.now()
        found.opinion = '\n'.join([opinion, *lines])
        session.add(found)
        session.flush()
        case = session.get(Case, found.case_id)
        assert case is not None
        summary = f'{view.kind_label}：{result}。{opinion}'  # the findings in full stay in the results (results_of)
        if lines:
            summary += f'\n另有{len(lines)}条不符合或备注，见专家评价结果'
        cases.act_in(session, actor, case.id, EVALUATE_ACTION, opinion=summary)  # type: ignore[arg-type]
        still_open = session.exec(select(CourseReview.id).where(
            CourseReview.case_id == case.id, CourseReview.round == found.round,
            col(CourseReview.submitted_at).is_(None)).limit(1)).first()
        if still_open is None:
            cases.act_in(session, actor, case.id, DONE_ACTION)  # type: ignore[arg-type]
        return _view(session, found)


# -- the workflow both course services share ---------------------------------------------------------

ASSIGN_STAGE, EXPERT_STAGE, DECISION_STAGE = 'assign', 'expert_review', 'ccaa_review'


def evaluated_workflow(service_code: str, *, approve: Callable[[Session, Case, Actor], object],
                       approve_label: str = '批准', refuse_label: str = '不予通过') -> Workflow:
    """提交 → 分配专家 (CCAA staff) → 专家评价 (every assigned expert; the service moves on after the last) →
    CCAA审核 (批准, whose effect is the service's, 退回整改 or refusal) → 已完结."""
    return Workflow(service_code=service_code, stages=(
        Stage(DRAFT, '草稿箱', Party.APPLICANT, (Action('submit', '提交', ASSIGN_STAGE, by_service=True),)),
        Stage(ASSIGN_STAGE, '分配专家', Party.STAFF, (
            Action(ASSIGN_ACTION, '分配专家', EXPERT_STAGE, by_service=True),
            return_action(),
        ), deadline_days=5, notice='您有一条业务流水号【{case_no}】的{service}需要分配专家'),
        Stage(EXPERT_STAGE, '专家评价', Party.EXPERT, (
            Action(EVALUATE_ACTION, '提交评价', EXPERT_STAGE, party=Party.SERVICE, by_service=True),
            Action(DONE_ACTION, '专家评价完成', DECISION_STAGE, party=Party.SERVICE, by_service=True),
        ), deadline_days=10),
        Stage(DECISION_STAGE, 'CCAA审核', Party.STAFF, (
            Action('approve', approve_label, CLOSED, outcome='approved', effect=approve),
            return_action(),
            Action('refuse', refuse_label, CLOSED, opinion_required=True, outcome='refused'),
        ), deadline_days=5, notice='您有一条业务流水号【{case_no}】的{service}专家评价已完成，需要审核'),
        Stage(RECTIFICATION, '退回整改', Party.APPLICANT, (
            Action('resubmit', '重新提交', ASSIGN_STAGE, by_service=True),)),
        CLOSED_STAGE,
    ))
