"""A message beside a Quasar field. It is set as a prop's value, never written into a props string, where a quote
in the text would end the attribute and start another."""
from __future__ import annotations

from nicegui import ui


def show_field_error(element: ui.element, message: str) -> None:
    element.props['error'] = True
    element.props['error-message'] = message
    element.update()
