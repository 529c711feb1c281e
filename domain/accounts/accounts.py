"""Accounts, passwords and login sessions (R0, R1.3).

Passwords are hashed with argon2id at OWASP's minimum cost or above. The browser holds a random session
token; the database holds only its SHA-256, with idle and absolute expiry.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, update
from sqlmodel import Session, select

from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Invalid
from storage.db import unit_of_work
from storage.tables import AuthSession, Institution, User

HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Verified against when the account does not exist, so that both failures take the same time.
_DUMMY_HASH = HASHER.hash('not-a-password-' + secrets.token_hex(8))

SESSION_IDLE = timedelta(minutes=30)
SESSION_ABSOLUTE = timedelta(hours=12)
LOGIN_FAILED = '账号或密码错误'


@dataclass(frozen=True)
class NewUser:
    account: str
    password: str
    name: str
    role: Role = Role.INDIVIDUAL
    id_type: str | None = None
    id_number: str | None = None
    gender: str | None = None
    birth_date: date | None = None
    mobile: str | None = None
    email: str | None = None
    institution_id: int | None = None
    is_expert: bool = False
    is_teacher: bool = False
    real_name_verified: bool = False
    file_no: str | None = None


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def actor_of(session: Session, user: User) -> Actor:
    institution = session.get(Institution, user.institution_id) if user.institution_id else None
    return Actor(user_id=user.id, name=user.name, role=Role(user.role), institution_id=user.institution_id,  # type: ignore[arg-type]
                 institution_name=institution.name if institution else None,
                 is_expert=user.is_expert, is_teacher=user.is_teacher)


def create_user(session: Session, new: NewUser) -> User:
    """Add an account inside the caller's transaction (registration, demo data, the staff command)."""
    if session.exec(select(User.id).where(User.account == new.account)).first() is not None:
        raise Invalid('account', '该登录账号已注册')
    fields = {k: v for k, v in new.__dict__.items() if k not in {'password', 'role'}}
    user = User(**fields, role=new.role.value, password_hash=hash_password(new.password), created_at=clock.now())
    session.add(user)
    session.flush()
    return user


def authenticate(account: str, password: str) -> Actor | None:
    """The actor for correct credentials, else None; unknown accounts cost the same as wrong passwords.

    The hash is checked outside any transaction, so that no write lock is held while argon2 works."""
    with unit_of_work() as session:
        user = session.exec(select(User).where(User.account == account.strip())).first()
    if user is None:
        _verify(_DUMMY_HASH, password)
        return None
    if not _verify(user.password_hash, password):
        return None
    with unit_of_work(write=True) as session:
        user = session.get(User, user.id)
        assert user is not None
        if HASHER.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
            session.add(user)
        return actor_of(session, user)


def password_matches(user_id: int, password: str) -> bool:
    """Whether this is the user's current password (asked again before changing account settings)."""
    with unit_of_work() as session:
        user = session.get(User, user_id)
    return user is not None and _verify(user.password_hash, password)


def set_password(session: Session, user: User, password: str, *, keep_token: str | None = None) -> None:
    """Store a new password (the caller has checked the policy) and end the user's sessions, all but the one
    holding `keep_token`."""
    user.password_hash = hash_password(password)
    session.add(user)
    query = delete(AuthSession).where(AuthSession.user_id == user.id)  # type: ignore[arg-type]
    if keep_token:
        query = query.where(AuthSession.token_hash != _digest(keep_token))  # type: ignore[arg-type]
    session.exec(query)  # type: ignore[call-overload]


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user_id: int) -> str:
    """A new session token for a login; the caller stores it in the browser's session storage."""
    token = secrets.token_urlsafe(32)
    at = clock.now()
    with unit_of_work(write=True) as session:
        session.add(AuthSession(token_hash=_digest(token), user_id=user_id, created_at=at, last_seen_at=at,
                                expires_at=at + SESSION_ABSOLUTE))
    return token


def resolve_session(token: str | None) -> Actor | None:
    """The actor of a live session, extending its idle time; None for an unknown, idle or expired token. Every page
    request asks this, so it only reads — a write (and on SQLite the database's one write lock) only when the
    session ends or its idle time is due to be extended, at most every 30 s."""
    if not token:
        return None
    at = clock.now()
    digest = _digest(token)
    with unit_of_work() as session:  # one statement: the session with its user and the user's institution
        row = session.exec(
            select(AuthSession.expires_at, AuthSession.last_seen_at, User.id, User.name, User.role,
                   User.institution_id, Institution.name, User.is_expert, User.is_teacher)
            .join(User, User.id == AuthSession.user_id)  # type: ignore[arg-type]
            .outerjoin(Institution, Institution.id == User.institution_id)  # type: ignore[arg-type]
            .where(AuthSession.token_hash == digest)).first()
    if row is None:
        return None
    expires_at, last_seen_at, user_id, name, role, institution_id, institution_name, is_expert, is_teacher = row
    ended = at >= expires_at or at - last_seen_at >= SESSION_IDLE
    due = at - last_seen_at > timedelta(seconds=30)
    actor = None if ended else Actor(user_id=user_id, name=name, role=Role(role), institution_id=institution_id,
                                     institution_name=institution_name, is_expert=is_expert, is_teacher=is_teacher)
    if ended:
        end_session(token)
    elif due:
        with unit_of_work(write=True) as session:
            session.exec(update(AuthSession).where(AuthSession.token_hash == digest)  # type: ignore[call-overload]
                         .values(last_seen_at=at))
    return actor


def session_alive(token: str | None, user_id: int) -> bool:
    """Whether the token is still this user's live session — asked before each action of a page that stays open
    (a logout in another tab, a password change or the idle limit end it); a read unless its idle time is due to be
    extended."""
    if not token:
        return False
    at = clock.now()
    with unit_of_work() as session:
        row = session.exec(select(AuthSession).where(AuthSession.token_hash == _digest(token))).first()
    if row is None or row.user_id != user_id or at >= row.expires_at or at - row.last_seen_at >= SESSION_IDLE:
        return False
    if at - row.last_seen_at > timedelta(seconds=30):
        actor = resolve_session(token)
        return actor is not None and actor.user_id == user_id
    return True


def live_sessions(held: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
    """Of the (token, user id) pairs that open pages hold, those still live — one read for all of them, and one
    that keeps nobody's session alive: an open page is not activity."""
    held = set(held)
    if not held:
        return set()
    at = clock.now()
    by_digest = {_digest(token): (token, user_id) for token, user_id in held}
    with unit_of_work() as session:
        rows = session.exec(select(AuthSession.token_hash, AuthSession.user_id, AuthSession.expires_at,
                                   AuthSession.last_seen_at)
                            .where(AuthSession.token_hash.in_(list(by_digest)))).all()  # type: ignore[attr-defined]
    return {by_digest[digest] for digest, user_id, expires_at, last_seen_at in rows
            if by_digest[digest][1] == user_id and at < expires_at and at - last_seen_at < SESSION_IDLE}


def end_session(token: str | None) -> None:
    if not token:
        return
    with unit_of_work(write=True) as session:
        session.exec(delete(AuthSession).where(AuthSession.token_hash == _digest(token)))  # type: ignore[call-overload,arg-type]

