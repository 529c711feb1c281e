"""Who is acting: the roles of R0.1 and a snapshot of the acting user."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    INDIVIDUAL = 'individual'
    INSTITUTION_STAFF = 'institution_staff'
    CCAA_STAFF = 'ccaa_staff'


ROLE_LABELS = {Role.INDIVIDUAL: '个人用户', Role.INSTITUTION_STAFF: '机构用户', Role.CCAA_STAFF: 'CCAA'}


@dataclass(frozen=True)
class Actor:
    """The user on whose behalf a service runs; pages get it from the session and pass it in."""

    user_id: int
    name: str
    role: Role
    institution_id: int | None = None
    institution_name: str | None = None
    is_expert: bool = False
    is_teacher: bool = False

    @property
    def display_name(self) -> str:
        """Name shown in a timeline: the body for institution staff, the association for CCAA staff."""
        if self.role is Role.INSTITUTION_STAFF and self.institution_name:
            return self.institution_name
        if self.role is Role.CCAA_STAFF:
            return f'中国认证认可协会（{self.name}）'
        return self.name


SYSTEM = Actor(user_id=0, name='系统', role=Role.CCAA_STAFF)
