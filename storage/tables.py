"""SQLModel tables. Storage knows nothing of screens; the domain reads and writes these."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

# Deterministic constraint names, so that migrations name the same things on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    'ix': 'ix_%(table_name)s_%(column_0_N_name)s',
    'uq': 'uq_%(table_name)s_%(column_0_N_name)s',
    'ck': 'ck_%(table_name)s_%(constraint_name)s',
    'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    'pk': 'pk_%(table_name)s',
}


def _ts(nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(UTCDateTime(), nullable=nullable)


class Institution(SQLModel, table=True):
    """A certification body or a training body."""

    __tablename__ = 'institutions'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=16)  # 'certification' | 'training'


class User(SQLModel, table=True):
    """Every account: individuals, institution staff and CCAA staff."""

    __tablename__ = 'users'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    account: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=255)
    name: str = Field(max_length=100)
    role: str = Field(max_length=32)  # 'individual' | 'institution_staff' | 'ccaa_staff'
    id_type: str | None = Field(default=None, max_length=32)
    id_number: str | None = Field(default=None, max_length=32, unique=True)
    gender: str | None = Field(default=None, max_length=4)
    birth_date: date | None = None
    mobile: str | None = Field(default=None, max_length=20, unique=True)
    email: str | None = Field(default=None, max_length=254, unique=True)
    file_no: str | None = Field(default=None, max_length=32)
    institution_id: int | None = Field(default=None, foreign_key='institutions.id', index=True)
    is_expert: bool = False
    is_teacher: bool = False
    real_name_verified: bool = False
    created_at: datetime = Field(sa_column=_ts())


class AuthSession(SQLModel, table=True):
    """A login session; the browser holds only the token, the table holds its hash."""

    __tablename__ = 'auth_sessions'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key='users.id', index=True)
    created_at: datetime = Field(sa_column=_ts())
    last_seen_at: datetime = Field(sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts())


class CaseNoCounter(SQLModel, table=True):
    """Last sequence number used for case numbers within one hour (YYYYMMDDHH)."""

    __tablename__ = 'case_no_counters'  # type: ignore[assignment]

    hour_key: str = Field(primary_key=True, max_length=10)
    last_seq: int = 0


class Case(SQLModel, table=True):
    """One application of a service by one user (业务)."""

    __tablename__ = 'cases'  # type: ignore[assignment]

    __table_args__ = (
        Index('ix_case_applicant_status_created', 'applicant_id', 'status', 'created_at'),
        Index('ix_case_stage_body', 'stage', 'body_id'),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_no: str = Field(max_length=14, unique=True)
    service_code: str = Field(max_length=32, index=True)
    summary: str = Field(default='', max_length=200)
    applicant_id: int = Field(foreign_key='users.id')
    body_id: int | None = Field(default=None, foreign_key='institutions.id')
    expert_id: int | None = Field(default=None, foreign_key='users.id', index=True)
    payer: str | None = Field(default=None, max_length=16)  # 'person' | 'institution'
    stage: str = Field(max_length=32)
    status: str = Field(max_length=16)  # 'draft' | 'in_progress' | 'closed'
    resume_stage: str | None = Field(default=None, max_length=32)
    outcome: str | None = Field(default=None, max_length=16)  # 'approved' | 'refused' | 'withdrawn'
    round: int = 1
    version: int = 1
    created_at: datetime = Field(sa_column=_ts())
    submitted_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    closed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    due_on: date | None = None
    stage_due_on: date | None = None


class CaseEvent(SQLModel, table=True):
    """One accepted action on a case: the timeline (who, role, when, from, to, opinion)."""

    __tablename__ = 'case_events'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id', index=True)
    at: datetime = Field(sa_column=_ts())
    actor_id: int | None = Field(default=None, foreign_key='users.id')
    actor_name: str = Field(max_length=200)
    actor_role: str = Field(max_length=32)
    action: str = Field(max_length=32)
    from_stage: str = Field(max_length=32)
    to_stage: str = Field(max_length=32)
    opinion: str = Field(default='', sa_column=Column(Text, nullable=False, default=''))
    round: int = 1


class Message(SQLModel, table=True):
    """通知 (notice) and 消息 (message) for one recipient."""

    __tablename__ = 'messages'  # type: ignore[assignment]

    __table_args__ = (Index('ix_message_recipient_kind_read', 'recipient_id', 'kind', 'read_at'),)

    id: int | None = Field(default=None, primary_key=True)
    recipient_id: int = Field(foreign_key='users.id')
    kind: str = Field(max_length=16)  # 'notice' | 'message'
    title: str = Field(max_length=200)
    body: str = Field(default='', sa_column=Column(Text, nullable=False, default=''))
    link: str | None = Field(default=None, max_length=200)
    case_id: int | None = Field(default=None, foreign_key='cases.id')
    created_at: datetime = Field(sa_column=_ts())
    read_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Certificate(SQLModel, table=True):
    """A personnel certificate (证书) held by an auditor."""

    __tablename__ = 'certificates'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    cert_no: str = Field(max_length=32, unique=True)
    holder_id: int = Field(foreign_key='users.id', index=True)
    body_id: int | None = Field(default=None, foreign_key='institutions.id')
    case_id: int | None = Field(default=None, foreign_key='cases.id')
    field: str = Field(max_length=32)  # QMS, EMS, ...
    grade: str = Field(max_length=32)  # 实习审核员 / 审核员 / 高级审核员
    scope: str = Field(default='', max_length=500)
    issued_on: date
    expires_on: date
    status: str = Field(default='valid', max_length=16)
    last_confirmed_year: int | None = None
    verify_token: str = Field(max_length=64, unique=True)
