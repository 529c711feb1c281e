"""The metadata's naming convention, set here before any table is defined, and the tables every area refers to:
institutions, users and their sessions, cases with their events, messages, files, snapshots, ratings and
evaluations, certificate reminders, calendar feeds and the public-query throttle."""
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
        Index('ix_case_applicant_created', 'applicant_id', 'created_at'),  # 我的事项's 全部 tab, newest first
        Index('ix_case_stage_body', 'stage', 'body_id'),
        Index('ix_case_stage_to_body', 'stage', 'to_body_id'),
        # 我的事项 filtered by 业务环节: its count reads this index alone instead of every case of the user
        Index('ix_case_applicant_service_stage_created', 'applicant_id', 'service_code', 'stage', 'created_at'),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_no: str = Field(max_length=14, unique=True)
    service_code: str = Field(max_length=32, index=True)
    summary: str = Field(default='', max_length=200)
    applicant_id: int = Field(foreign_key='users.id')
    body_id: int | None = Field(default=None, foreign_key='institutions.id')
    # a second body the case is routed to: a transfer's 转入机构 (body_id is then its 转出机构)
    to_body_id: int | None = Field(default=None, foreign_key='institutions.id')
    expert_id: int | None = Field(default=None, foreign_key='users.id', index=True)
    payer: str | None = Field(default=None, max_length=16)  # 'person' | 'institution'
    # which of its declared paths the case follows, where the application decides it (an exam that needs review)
    route: str | None = Field(default=None, max_length=16)
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


class StoredFile(SQLModel, table=True):
    """An uploaded file; its bytes live in the file store under `storage_name`, outside any public folder."""

    __tablename__ = 'stored_files'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key='users.id', index=True)
    purpose: str = Field(max_length=32)  # 'education_certificate', …
    original_name: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size: int
    storage_name: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_column=_ts())
    # a Word or PowerPoint file's PDF, made by LibreOffice at its first view and kept in the file store under this
    # name (domain/engine/document_conversion.py); None until then, and for every other file
    preview_name: str | None = Field(default=None, max_length=64)


class CaseSnapshot(SQLModel, table=True):
    """What an application said when it was returned for rectification (退回整改), so that whoever reviews the
    resubmission can see what changed since (R14.3). content: JSON written and read by domain/case_changes.py."""

    __tablename__ = 'case_snapshots'  # type: ignore[assignment]
    __table_args__ = (Index('ix_case_snapshots_case_round', 'case_id', 'round', unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id')
    round: int  # the round that was returned
    taken_at: datetime = Field(sa_column=_ts())
    content: str = Field(sa_type=Text)


class CaseRating(SQLModel, table=True):
    """好差评 (R14.7): the applicant's rating of a closed case, once: 1 (非常不满意) to 5 (非常满意) and a comment."""

    __tablename__ = 'case_ratings'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id', unique=True)
    rater_id: int = Field(foreign_key='users.id')
    score: int
    comment: str = Field(default='', sa_type=Text)
    created_at: datetime = Field(sa_column=_ts())


class Evaluation(SQLModel, table=True):
    """An expert's 评价 of a case: the result and the 专家评价意见."""

    __tablename__ = 'evaluations'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id', index=True)
    expert_id: int = Field(foreign_key='users.id')
    round: int = 1
    result: str = Field(max_length=16)  # 评价结果: 通过 | 不通过 | 退回整改
    opinion: str = Field(default='', sa_type=Text)
    submitted_at: datetime = Field(sa_column=_ts())


class Reminder(SQLModel, table=True):
    """A reminder sent about a certificate (R14.6), kept so that each is sent once, however many processes look:
    kind 'expiry' with period = the expiry date, kind 'annual' with period = the year to confirm."""

    __tablename__ = 'reminders'  # type: ignore[assignment]
    __table_args__ = (Index('ix_reminders_certificate_kind_period', 'certificate_id', 'kind', 'period', unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    certificate_id: int = Field(foreign_key='certificates.id')
    kind: str = Field(max_length=16)
    period: str = Field(max_length=16)
    sent_at: datetime = Field(sa_column=_ts())


class CalendarFeed(SQLModel, table=True):
    """日历订阅 (R14.5): the opaque token in a person's calendar feed address. It is kept as it is, not hashed, since
    账户信息 shows the address again; 重置链接 replaces it, and the old address stops working at once."""

    __tablename__ = 'calendar_feeds'  # type: ignore[assignment]

    user_id: int = Field(primary_key=True, foreign_key='users.id')
    token: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_column=_ts())


class QueryThrottle(SQLModel, table=True):
    """Public lookups per client in the current window, so that nobody can harvest the registers (R3.4).
    client_key: a hash of the client address, not the address itself."""

    __tablename__ = 'query_throttles'  # type: ignore[assignment]

    client_key: str = Field(primary_key=True, max_length=64)
    window_started_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    hits: int = 0
