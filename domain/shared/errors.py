"""Typed errors that services raise; pages turn them into messages. Nothing is written when one is raised."""
from __future__ import annotations


class DomainError(Exception):
    """Base of every error a page may show to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The object does not exist, or the user may not know that it does."""

    def __init__(self, message: str = '未找到该记录') -> None:
        super().__init__(message)


class NotAllowed(DomainError):
    """The user may not do this."""

    def __init__(self, message: str = '您无权进行此操作') -> None:
        super().__init__(message)


class Conflict(DomainError):
    """The object changed since the user loaded it (a stale screen), or a uniqueness rule was hit."""

    def __init__(self, message: str = '该业务已被他人处理或已发生变化，请刷新后重试') -> None:
        super().__init__(message)


class Invalid(DomainError):
    """Bad input: the message belongs beside one field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Throttled(DomainError):
    """Too many requests from one client: refused without doing anything."""

    def __init__(self, message: str = '查询过于频繁，请稍后再试') -> None:
        super().__init__(message)
