"""The per-process shortcut for NiceGUI's handler inspection gives NiceGUI's own answers."""
from __future__ import annotations

from nicegui import helpers

from ui import nicegui_tuning


class Handlers:
    def takes_one(self, change: object) -> None: ...

    def takes_none(self) -> None: ...

    def takes_optional(self, change: object = None) -> None: ...


def test_bound_methods_answer_as_nicegui_does_and_are_inspected_once() -> None:
    nicegui_tuning.apply()
    first, second = Handlers(), Handlers()
    for name in ('takes_one', 'takes_none', 'takes_optional'):
        assert helpers.expects_arguments(getattr(first, name)) == nicegui_tuning._original(getattr(first, name))
        assert helpers.expects_arguments(getattr(second, name)) == nicegui_tuning._original(getattr(second, name))
    assert Handlers.takes_one in nicegui_tuning._known


def test_other_callables_are_asked_every_time() -> None:
    nicegui_tuning.apply()
    assert helpers.expects_arguments(lambda change: None) is True
    assert helpers.expects_arguments(lambda: None) is False
    assert helpers.expects_arguments(lambda change=None: None) is False
