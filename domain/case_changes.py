"""What changed in an application since it was returned for rectification (R14.3).

When a case is returned (退回整改), the application as it stood then — its 申请信息 and every experience row, as
the reviewer saw them — is kept as that round's snapshot. Whoever reviews the resubmission sees each 申请信息 field
that changed and each row added, changed (field by field) or removed since.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from domain import (annual_confirmation_application, cases, certificate_cancellation_application, clock,
                    exam_application, experiences, grievance_application, registration_application,
                    transfer_application)
from domain.actors import Actor
from domain.annual_confirmation import SERVICE_CODE as ANNUAL_CONFIRMATION
from domain.certificate_cancellation import SERVICE_CODE as CERTIFICATE_CANCELLATION
from domain.exam_registration import SERVICE_CODE as EXAM_REGISTRATION
from domain import expert_application_form
from domain.expert_application import SERVICE_CODE as EXPERT_APPLICATION
from domain.experiences import KINDS
from domain.registration import SERVICE_CODE as REGISTRATION
from domain.transfer import SERVICE_CODE as TRANSFER
from domain.workflow import RECTIFICATION
from domain.workflows import workflow_for
from storage.db import unit_of_work
from storage.tables import Case, CaseEvent, CaseSnapshot

ADDED, CHANGED, REMOVED = '新增', '修改', '删除'

# service -> its 申请信息 as label -> text; services without one compare their experience rows only
FACTS: dict[str, Callable[[Session, Case], dict[str, str]]] = {
    REGISTRATION: registration_application.facts_in,
    ANNUAL_CONFIRMATION: annual_confirmation_application.facts_in,
    TRANSFER: transfer_application.facts_in,
    CERTIFICATE_CANCELLATION: certificate_cancellation_application.facts_in,
    **{code: grievance_application.facts_in for code in grievance_application.SERVICES},
    EXPERT_APPLICATION: expert_application_form.facts_in,
    EXAM_REGISTRATION: exam_application.facts_in,
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class RowChange:
    kind: str
    kind_title: str
    row_id: int
    change: str  # ADDED | CHANGED | REMOVED
    caption: str  # the row named by its first columns (as it is now; as it was, for a removed row)
    fields: tuple[FieldChange, ...] = ()  # CHANGED: each field that differs


@dataclass(frozen=True)
class CaseChanges:
    since_round: int
    returned_at: datetime
    returned_by: str
    returned_at_stage: str
    facts: tuple[FieldChange, ...]
    rows: tuple[RowChange, ...]

    @property
    def unchanged(self) -> bool:
        return not self.facts and not self.rows

    def flag_of(self, kind: str, row_id: int) -> str:
        """新增 / 修改 for a row of the application as it is now, '' when it is as it was."""
        return next((c.change for c in self.rows if c.kind == kind and c.row_id == row_id and c.change != REMOVED), '')


def take_snapshot(session: Session, case: Case) -> None:
    """Keep the application as it is at the end of the case's current round (called when it is returned)."""
    session.add(CaseSnapshot(case_id=case.id, round=case.round, taken_at=clock.now(),  # type: ignore[arg-type]
                             content=json.dumps(_content(session, case), ensure_ascii=False)))


def changes_since_return(actor: Actor, case_id: int) -> CaseChanges | None:
    """What changed since the case was last returned; None for a case that was never returned.

    Anyone who may view the case may see it (NotFound otherwise).
    """
    cases.get_case(actor, case_id)
    with unit_of_work() as session:
        case = session.get(Case, case_id)
        assert case is not None
        snapshot = session.exec(select(CaseSnapshot).where(CaseSnapshot.case_id == case_id,
                                                           CaseSnapshot.round < case.round)
                                .order_by(CaseSnapshot.round.desc())).first()  # type: ignore[attr-defined]
        if snapshot is None:
            return None
        returned = session.exec(select(CaseEvent).where(
            CaseEvent.case_id == case_id, CaseEvent.round == snapshot.round,
            CaseEvent.to_stage == RECTIFICATION).order_by(CaseEvent.id.desc())).first()  # type: ignore[union-attr]
        now = _content(session, case)
    facts, rows = compare(json.loads(snapshot.content), now)
    return CaseChanges(
        since_round=snapshot.round, returned_at=snapshot.taken_at,
        returned_by=returned.actor_name if returned else '',
        returned_at_stage=workflow_for(case.service_code).label(returned.from_stage) if returned else '',
        facts=facts, rows=rows)


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[tuple[FieldChange, ...], tuple[RowChange, ...]]:
    """The differences between two snapshots' contents, in table order: kinds as KINDS lists them, rows as
    each table shows them, removed rows after the rows that are still there."""
    old_facts, new_facts = before.get('application', {}), after.get('application', {})
    facts = tuple(FieldChange(label, old_facts.get(label, ''), new_facts.get(label, ''))
                  for label in dict.fromkeys([*old_facts, *new_facts])
                  if old_facts.get(label, '') != new_facts.get(label, ''))
    rows: list[RowChange] = []
    for code, spec in KINDS.items():
        old_rows: dict[str, dict[str, str]] = before.get('rows', {}).get(code, {})
        new_rows: dict[str, dict[str, str]] = after.get('rows', {}).get(code, {})
        for row_id, texts in new_rows.items():
            if row_id not in old_rows:
                rows.append(RowChange(code, spec.title, int(row_id), ADDED, spec.caption(texts)))
                continue
            fields = tuple(FieldChange(f.label, old_rows[row_id].get(f.name, ''), texts.get(f.name, ''))
                           for f in spec.fields if old_rows[row_id].get(f.name, '') != texts.get(f.name, ''))
            if fields:
                rows.append(RowChange(code, spec.title, int(row_id), CHANGED, spec.caption(texts), fields))
        rows.extend(RowChange(code, spec.title, int(row_id), REMOVED, spec.caption(texts))
                    for row_id, texts in old_rows.items() if row_id not in new_rows)
    return facts, tuple(rows)


def _content(session: Session, case: Case) -> dict[str, Any]:
    facts = FACTS.get(case.service_code)
    rows = experiences.case_texts_in(session, case.id)  # type: ignore[arg-type]
    return {'application': facts(session, case) if facts else {},
            'rows': {kind: {str(row_id): texts for row_id, texts in by_id.items()} for kind, by_id in rows.items()}}
