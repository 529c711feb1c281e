"""好差评 (R14.7): once a case is closed, its applicant may rate how it was handled — five levels and a comment —
once. Whoever may view the case may read the rating."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from domain.engine import cases
from domain.engine.workflow import Status
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Conflict, Invalid, NotAllowed
from storage.db import unit_of_work
from storage.tables import CaseRating

LEVELS = {5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意'}
COMMENT_MAX = 500
MSG_ALREADY = '该业务已评价，不能重复评价'


@dataclass(frozen=True)
class RatingView:
    score: int
    comment: str
    created_at: datetime

    @property
    def level(self) -> str:
        return LEVELS[self.score]


def rating_of(actor: Actor, case_id: int) -> RatingView | None:
    """The case's rating, if it has one (NotFound unless the actor may view the case)."""
    cases.get_case(actor, case_id)
    with unit_of_work() as session:
        row = session.exec(select(CaseRating).where(CaseRating.case_id == case_id)).first()
    return RatingView(row.score, row.comment, row.created_at) if row else None


def may_rate(actor: Actor, case_id: int) -> bool:
    case = cases.get_case(actor, case_id)
    return case.applicant_id == actor.user_id and case.status is Status.CLOSED and rating_of(actor, case_id) is None


def rate(actor: Actor, case_id: int, score: int | None, comment: str = '') -> RatingView:
    """The applicant rates their closed case; a second rating is refused."""
    case = cases.get_case(actor, case_id)
    if case.applicant_id != actor.user_id:
        raise NotAllowed('只有申请人可以评价该业务')
    if case.status is not Status.CLOSED:
        raise NotAllowed('业务办结后才能评价')
    if score not in LEVELS:
        raise Invalid('score', '请选择评价等级')
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise Invalid('comment', f'评价内容不能超过{COMMENT_MAX}字')
    if score <= 2 and not comment:
        raise Invalid('comment', '请说明不满意的原因，以便改进')
    row = CaseRating(case_id=case_id, rater_id=actor.user_id, score=score, comment=comment, created_at=clock.now())
    try:
        with unit_of_work(write=True) as session:
            if session.exec(select(CaseRating.id).where(CaseRating.case_id == case_id)).first() is not None:
                raise Conflict(MSG_ALREADY)
            session.add(row)
            session.flush()
            return RatingView(row.score, row.comment, row.created_at)
    except IntegrityError:  # two submissions at once: the unique case_id keeps one
        raise Conflict(MSG_ALREADY) from None
