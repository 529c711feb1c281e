"""课程备案's own rules: which teachers a course may name, and what 提交 asks of them."""
from __future__ import annotations

from sqlmodel import Session, select

from domain.records import teacher_confirmation
from domain.records.training import is_teacher
from domain.shared.actors import Actor
from storage.tables import Case, Institution, TeacherCategory, User

ASK = '您有一条业务流水号【{case_no}】的机构备案课程，该培训课程需要教师确认'
FILINGS_PAGE = '/my/courses/filings'  # 培训课程管理 › 课程备案管理


def teachers_bound_to(session: Session, category_id: int | None) -> list[tuple[int, str]]:
    """(user id, name) of the active teachers bound to the category: those a course in it may name."""
    if category_id is None:
        return []
    rows = session.exec(select(User.id, User.name).join(TeacherCategory, TeacherCategory.teacher_id == User.id)
                        .where(TeacherCategory.category_id == category_id).order_by(User.name, User.id)).all()
    return [(user_id, name) for user_id, name in rows if is_teacher(session, user_id)]  # type: ignore[misc]


def is_training_body(session: Session, actor: Actor) -> bool:
    body = session.get(Institution, actor.institution_id) if actor.institution_id else None
    return body is not None and body.kind == 'training'


def ask_teachers(session: Session, case: Case, actor: Actor) -> None:
    """On 提交 and 重新提交: every named teacher is asked afresh."""
    teacher_confirmation.ask(session, case, ASK.format(case_no=case.case_no), FILINGS_PAGE)
