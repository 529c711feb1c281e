"""Account security: SMS codes, failed logins, captchas, single sign-on."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from storage.tables.core import _ts
from storage.types import UTCDateTime


class SmsCode(SQLModel, table=True):
    """The latest SMS code sent to a number: one row per number, so a new code replaces the old one."""

    __tablename__ = 'sms_codes'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    mobile: str = Field(max_length=20, unique=True)
    purpose: str = Field(max_length=16)  # 'register' | 'reset_password' | 'change_mobile'
    code_hash: str = Field(max_length=128)  # 'salt$sha256(salt, mobile, purpose, code)'
    sent_at: datetime = Field(sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts())
    failed_attempts: int = 0
    used_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class LoginGuard(SQLModel, table=True):
    """Failed logins for one typed account name, whether or not that account exists, so that neither the captcha
    nor the lock tells anyone which accounts exist."""

    __tablename__ = 'login_guards'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    account: str = Field(max_length=64, unique=True)
    failures: int = 0  # since the last success
    window_started_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    window_failures: int = 0
    last_failed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    locked_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Captcha(SQLModel, table=True):
    """An image captcha shown to someone; only hashes are kept, and each is checked once."""

    __tablename__ = 'captchas'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    answer_hash: str = Field(max_length=64)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))


class SsoLogin(SQLModel, table=True):
    """A single sign-on in progress, keyed by the hash of its state; once the provider has vouched for someone
    without an account here, the verified claims that prefill registration, keyed by the hash of a ticket."""

    __tablename__ = 'sso_logins'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(max_length=64, unique=True)
    nonce: str = Field(max_length=64)
    code_verifier: str = Field(max_length=128)
    redirect_to: str = Field(default='/', max_length=500)
    claims: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(sa_column=_ts())
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))


class SsoIdentity(SQLModel, table=True):
    """An account at the OpenID Connect provider (issuer + subject) linked to a user here."""

    __tablename__ = 'sso_identities'  # type: ignore[assignment]
    __table_args__ = (Index('ix_sso_identities_issuer_subject', 'issuer', 'subject', unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    issuer: str = Field(max_length=255)
    subject: str = Field(max_length=255)
    user_id: int = Field(foreign_key='users.id', index=True)
    created_at: datetime = Field(sa_column=_ts())
