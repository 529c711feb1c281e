"""The per-process shortcut for NiceGUI's handler inspection gives NiceGUI's own answers; tab storage is kept in the
process."""
from __future__ import annotations

import pytest
from nicegui import app, helpers
from nicegui.persistence import PersistentDict
from nicegui.storage import Storage

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


async def test_tab_storage_stays_in_the_process_and_goes_with_the_tab(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even with Redis configured (here one nobody listens at: NiceGUI would connect to it for every tab)."""
    nicegui_tuning.apply()
    monkeypatch.setattr(Storage, 'redis_url', 'redis://127.0.0.1:1')
    await app.storage._create_tab_storage('tab-a')
    app.storage._tabs['tab-a']['kept'] = 1
    await app.storage._create_tab_storage('tab-b', old_tab_id='tab-a')  # a duplicated tab
    assert dict(app.storage._tabs['tab-b']) == {'kept': 1}
    assert not isinstance(app.storage._tabs['tab-b'], PersistentDict)
    await app.storage.close_tab('tab-a')
    await app.storage.close_tab('tab-b')
    assert 'tab-a' not in app.storage._tabs and 'tab-b' not in app.storage._tabs
