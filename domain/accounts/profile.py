"""个人信息 › 基本信息: the person's own facts, masked as every list shows them (R4.5, R13.3)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.shared.actors import Actor, Role
from domain.shared.errors import NotAllowed, NotFound
from domain.shared.identity import mask_id_number, mask_mobile
from storage.db import unit_of_work
from storage.tables import User


@dataclass(frozen=True)
class BasicInfo:
    name: str
    id_type: str
    id_number: str  # masked
    gender: str
    birth_date: date | None
    mobile: str  # masked
    email: str
    file_no: str


def basic_info(actor: Actor) -> BasicInfo:
    if actor.role is not Role.INDIVIDUAL:
        raise NotAllowed('机构账号没有个人信息')
    with unit_of_work() as session:
        user = session.get(User, actor.user_id)
        if user is None:
            raise NotFound('未找到该用户')
        return BasicInfo(name=user.name, id_type=user.id_type or '', id_number=mask_id_number(user.id_number),
                         gender=user.gender or '', birth_date=user.birth_date, mobile=mask_mobile(user.mobile),
                         email=user.email or '', file_no=user.file_no or '')
