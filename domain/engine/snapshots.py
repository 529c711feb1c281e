"""The application as it stood when a case was returned for rectification (退回整改): its 申请信息 (the service's
facts) and every experience row, kept as that round's snapshot so that the resubmission's changes can be shown
(domain.engine.case_changes, R14.3). The engine takes one whenever a case enters 退回整改."""
from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from domain.engine import experiences, registry
from domain.shared import clock
from storage.tables import Case, CaseSnapshot


def take(session: Session, case: Case) -> None:
    """Keep the application as it is at the end of the case's current round."""
    session.add(CaseSnapshot(case_id=case.id, round=case.round, taken_at=clock.now(),  # type: ignore[arg-type]
                             content=json.dumps(content(session, case), ensure_ascii=False)))


def content(session: Session, case: Case) -> dict[str, Any]:
    service = registry.find(case.service_code)
    facts = service.facts_in if service is not None else None
    rows = experiences.case_texts_in(session, case.id)  # type: ignore[arg-type]
    return {'application': facts(session, case) if facts else {},
            'rows': {kind: {str(row_id): texts for row_id, texts in by_id.items()} for kind, by_id in rows.items()}}
