"""What the app does on its own, on a timer: certificate reminders (R14.6), and deleting uploads nobody kept. In a
cluster only the process that leads (storage.leader) runs a round; the domain would anyway send each reminder once
and delete each file once."""
from __future__ import annotations

import asyncio
import logging
import os

from nicegui import background_tasks
from nicegui.app import App

from domain.engine import file_cleanup
from domain.portal import reminders
from storage.leader import leadership
from ui.call import call

logger = logging.getLogger(__name__)


async def remind_every(hours: float, rounds: int | None = None) -> None:
    """Look for due reminders now and then every `hours` (for `rounds` rounds, or for as long as the app runs)."""
    done = 0
    while rounds is None or done < rounds:
        try:
            sent = await call(reminders.send_due) if await call(leadership.holds) else 0
            if sent:
                logger.info('%d certificate reminders sent', sent)
        except Exception:  # a failed round must not end the job: the next one tries again
            logger.exception('looking for certificate reminders failed')
        done += 1
        if rounds is None or done < rounds:
            await asyncio.sleep(hours * 3600)


def cleanup_hours() -> float:
    """How often uploads nobody kept are looked for (CCAA_CLEANUP_HOURS, 6; 0 turns it off, as the page tests do)."""
    return float(os.environ.get('CCAA_CLEANUP_HOURS') or 6)


async def clean_every(hours: float) -> None:
    """Delete the uploads nobody kept, now and then every `hours`, for as long as the app runs."""
    while True:
        try:
            while await call(leadership.holds) and await call(file_cleanup.forget_unattached) == file_cleanup.BATCH:
                pass  # more than one batch waited
        except Exception:  # the next round tries again
            logger.exception('deleting unattached uploads failed')
        await asyncio.sleep(hours * 3600)


def register_jobs(app: App, reminder_hours: float) -> None:
    if app.is_started:
        return  # main() again on a running app (the page tests' harness): the jobs run already, or are not wanted
    if reminder_hours > 0:
        app.on_startup(lambda: background_tasks.create(remind_every(reminder_hours), name='reminders'))
    hours = cleanup_hours()
    if hours > 0:
        app.on_startup(lambda: background_tasks.create(clean_every(hours), name='upload cleanup'))
