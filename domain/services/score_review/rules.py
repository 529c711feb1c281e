"""考试成绩复核申请's own rules: what 维持原成绩 writes."""
from __future__ import annotations

from sqlmodel import Session

from domain.shared.actors import Actor
from storage.tables import Case, ScoreReview


def keep_score(session: Session, case: Case, actor: Actor) -> None:
    """On 维持原成绩: the review found the score right."""
    row = session.get(ScoreReview, case.id)
    if row is not None:
        row.reviewed_score = row.original_score
        session.add(row)
        session.flush()
