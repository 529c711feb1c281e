"""信用评价 (R11.2): the decisions recorded about a person — complaints upheld, sanctions — read-only to them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from domain.shared.actors import Actor
from storage.db import unit_of_work
from storage.tables import CreditRecord

KIND_LABELS = {
    'complaint_upheld': '投诉成立',
    'notice': '通报',
    'suspension': '暂停',
    'revocation': '撤销',
}


@dataclass(frozen=True)
class CreditRecordView:
    id: int
    kind: str
    summary: str
    decided_on: date
    issuer: str
    until: date | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def until_text(self) -> str:
        return self.until.isoformat() if self.until else '长期'


def my_credit_records(actor: Actor) -> list[CreditRecordView]:
    """The actor's own records, the latest decision first."""
    with unit_of_work() as session:
        rows = session.exec(select(CreditRecord).where(CreditRecord.user_id == actor.user_id)
                            .order_by(CreditRecord.decided_on.desc(), CreditRecord.id.desc())).all()  # type: ignore[attr-defined,union-attr]
    return [CreditRecordView(id=r.id, kind=r.kind, summary=r.summary, decided_on=r.decided_on,  # type: ignore[arg-type]
                             issuer=r.issuer, until=r.until) for r in rows]
