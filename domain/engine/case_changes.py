"""What changed in an application since it was returned for rectification (R14.3).

When a case is returned (退回整改), the application as it stood then — its 申请信息 and every experience row, as
the reviewer saw them — is kept as that round's snapshot. Whoever reviews the resubmission sees each 申请信息 field
that changed and each row added, changed (field by field) or removed since.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import select

from domain.engine import access, registry, snapshots
from domain.engine.experiences import KINDS
from domain.engine.workflow import RECTIFICATION
from domain.shared.actors import Actor
from storage.db import unit_of_work
from storage.tables import Case, CaseEvent, CaseSnapshot

ADDED, CHANGED, REMOVED = '新增', '修改', '删除'

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


def changes_since_return(actor: Actor, case_id: int) -> CaseChanges | None:
    """What changed since the case was last returned; None for a case that was never returned.

    Anyone who may view the case may see it (NotFound otherwise).
    """
    access.require_view(actor, case_id)
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
        now = snapshots.content(session, case)
    facts, rows = compare(json.loads(snapshot.content), now)
    return CaseChanges(
        since_round=snapshot.round, returned_at=snapshot.taken_at,
        returned_by=returned.actor_name if returned else '',
        returned_at_stage=registry.workflow_for(case.service_code).label(returned.from_stage) if returned else '',
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
