"""The frame every logged-in page opens, with the user's name and unread counts."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from nicegui import ui

from domain import messages
from domain.actors import Actor
from pages.session import log_out
from ui.call import call
from ui.frame import frame


@asynccontextmanager
async def portal_frame(actor: Actor, subtitle: str = '') -> AsyncIterator[ui.column]:
    counts = await call(messages.unread_counts, actor)
    with frame(user_name=actor.name, counts=counts, on_logout=log_out, subtitle=subtitle) as content:
        yield content
