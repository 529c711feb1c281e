"""获取验证码: a button that sends an SMS code and then counts down until another may be asked for."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui


class CodeButton:
    """`send` asks the service for a code and answers the seconds to wait, or None when nothing was sent."""

    def __init__(self, send: Callable[[], Awaitable[int | None]], *, test_id: str = 'send-code') -> None:
        self._send = send
        self._left = 0
        self.button = ui.button('获取验证码', on_click=self._click) \
            .props(f'outline no-caps color=primary data-testid={test_id}').classes('shrink-0')
        self._timer = ui.timer(1.0, self._tick, active=False)

    async def _click(self) -> None:
        if self._left > 0:
            return
        self.button.props('loading')
        try:
            seconds = await self._send()
        finally:
            self.button.props(remove='loading')
        if seconds:
            self.count_down(seconds)

    def count_down(self, seconds: int) -> None:
        self._left = seconds
        self._show()
        self._timer.activate()

    def _tick(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self._timer.deactivate()
        self._show()

    def _show(self) -> None:
        waiting = self._left > 0
        self.button.set_text(f'{self._left}秒后重新获取' if waiting else '获取验证码')
        self.button.set_enabled(not waiting)
