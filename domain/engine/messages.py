"""通知 and 消息 (R4.4): sending within a unit of work, reading them back for their recipient only."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import NotFound
from storage.db import unit_of_work
from storage.tables import Message

NOTICE = 'notice'  # 通知: announcements and results
MESSAGE = 'message'  # 消息: work for the recipient (待办) and replies


@dataclass(frozen=True)
class MessageView:
    id: int
    kind: str
    title: str
    body: str
    link: str | None
    created_at: datetime
    read: bool


def send(session: Session, recipient_ids: Iterable[int], *, kind: str, title: str, body: str = '',
         link: str | None = None, case_id: int | None = None) -> None:
    """Add messages to the caller's transaction, so that they exist exactly when the change does."""
    at = clock.now()
    for recipient_id in dict.fromkeys(recipient_ids):  # once per recipient, order kept
        session.add(Message(recipient_id=recipient_id, kind=kind, title=title, body=body, link=link,
                            case_id=case_id, created_at=at))


def unread_counts(actor: Actor) -> dict[str, int]:
    """{'notice': N, 'message': N} for the header badges."""
    return unread_counts_of(actor.user_id)


def unread_counts_of(user_id: int) -> dict[str, int]:
    """unread_counts for the process's page watcher, which acts for no one: it shows each person their own."""
    with unit_of_work() as session:
        rows = session.exec(
            select(Message.kind, func.count()).where(Message.recipient_id == user_id, Message.read_at.is_(None))  # type: ignore[union-attr]
            .group_by(Message.kind)
        ).all()
    counts = {NOTICE: 0, MESSAGE: 0}
    counts.update({kind: count for kind, count in rows})
    return counts


def latest_id() -> int:
    """The newest message's id in the whole database: a cheap signal that some user may have a new message."""
    with unit_of_work() as session:
        return session.exec(select(func.max(Message.id))).one() or 0


def recipients_after(last_id: int) -> tuple[int, set[int]]:
    """The newest message id now, and who was sent a message after last_id: what the page watcher of each process
    asks once a second (an index range scan). The newest id can fall when the newest messages were deleted (全部清空);
    SQLite may then reuse ids, so the caller starts again from the lower one."""
    with unit_of_work() as session:
        newest = session.exec(select(func.max(Message.id))).one() or 0
        if newest <= last_id:
            return newest, set()
        recipients = session.exec(select(Message.recipient_id).where(Message.id > last_id).distinct()).all()  # type: ignore[operator]
    return newest, set(recipients)


def count_messages(actor: Actor, kind: str | None = None) -> int:
    with unit_of_work() as session:
        query = select(func.count()).select_from(Message).where(Message.recipient_id == actor.user_id)
        if kind:
            query = query.where(Message.kind == kind)
        return session.exec(query).one()


def list_messages(actor: Actor, kind: str | None = None, limit: int = 50, offset: int = 0) -> list[MessageView]:
    with unit_of_work() as session:
        query = select(Message).where(Message.recipient_id == actor.user_id)
        if kind:
            query = query.where(Message.kind == kind)
        rows = session.exec(query.order_by(Message.created_at.desc(), Message.id.desc())  # type: ignore[union-attr]
                            .offset(offset).limit(limit)).all()
    return [MessageView(m.id, m.kind, m.title, m.body, m.link, m.created_at, m.read_at is not None)  # type: ignore[arg-type]
            for m in rows]


def mark_read(actor: Actor, message_id: int) -> str | None:
    """Mark one of the actor's messages read and give its link target."""
    with unit_of_work(write=True) as session:
        message = session.get(Message, message_id)
        if message is None or message.recipient_id != actor.user_id:
            raise NotFound()
        if message.read_at is None:
            message.read_at = clock.now()
            session.add(message)
        return message.link


def mark_all_read(actor: Actor, kind: str | None = None) -> None:
    with unit_of_work(write=True) as session:
        query = update(Message).where(Message.recipient_id == actor.user_id, Message.read_at.is_(None))  # type: ignore[arg-type,union-attr]
        if kind:
            query = query.where(Message.kind == kind)  # type: ignore[arg-type]
        session.exec(query.values(read_at=clock.now()))  # type: ignore[call-overload]


def clear_all(actor: Actor, kind: str | None = None) -> None:
    """全部清空: delete the actor's messages (of one kind, or all)."""
    with unit_of_work(write=True) as session:
        query = delete(Message).where(Message.recipient_id == actor.user_id)  # type: ignore[arg-type]
        if kind:
            query = query.where(Message.kind == kind)  # type: ignore[arg-type]
        session.exec(query)  # type: ignore[call-overload]
