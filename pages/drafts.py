"""删除 of a draft, the same from 草稿箱 and from the wizard (#14): the person confirms, the domain deletes."""
from __future__ import annotations

from nicegui import ui

from domain.engine import drafts
from domain.shared.actors import Actor
from domain.shared.errors import DomainError
from ui.call import call
from ui.confirm import confirmed


async def delete_draft(actor: Actor, case_id: int) -> bool:
    """删除 of a draft, after the person confirms; True when it is gone."""
    if not await confirmed('确定删除该草稿吗？', '删除后草稿及其附件不可恢复。'):
        return False
    try:
        await call(drafts.delete_draft, actor, case_id)
    except DomainError as error:
        ui.notify(error.message, type='negative')
        return False
    ui.notify('草稿已删除', type='positive')
    return True
