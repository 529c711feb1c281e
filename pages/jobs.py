"""What the app does on its own, on a timer: certificate reminders (R14.6). Every process may run it; the domain
sends each reminder once."""
from __future__ import annotations

import asyncio
import logging

from nicegui import background_tasks
from nicegui.app import App

from domain.portal import reminders
from ui.call import call

logger = logging.getLogger(__name__)


async def remind_every(hours: float, rounds: int | None = None) -> None:
    """Look for due reminders now and then every `hours` (for `rounds` rounds, or for as long as the app runs)."""
    done = 0
    while rounds is None or done < rounds:
        try:
            sent = await call(reminders.send_due)
            if sent:
                logger.info('%d certificate reminders sent', sent)
        except Exception:  # a failed round must not end the job: the next one tries again
            logger.exception('looking for certificate reminders failed')
        done += 1
        if rounds is None or done < rounds:
            await asyncio.sleep(hours * 3600)


def register_jobs(app: App, reminder_hours: float) -> None:
    if reminder_hours > 0:
        app.on_startup(lambda: background_tasks.create(remind_every(reminder_hours), name='reminders'))
