"""Messages beside form fields: a service's Invalid(field, message) lands under the field it names."""
from __future__ import annotations

from collections.abc import Mapping

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement


class FieldErrors:
    """The fields of one form by name, and a line for messages that belong to no field."""

    def __init__(self, fields: Mapping[str, ValidationElement], general: ui.label) -> None:
        self.fields = dict(fields)
        self.general = general

    def clear(self) -> None:
        for element in self.fields.values():
            element.error = None
        self.general.set_text('')

    def show(self, field: str, message: str) -> None:
        element = self.fields.get(field)
        if element is None:
            self.general.set_text(message)
        else:
            element.error = message or None

    def show_all(self, problems: Mapping[str, str]) -> None:
        for field, message in problems.items():
            self.show(field, message)


def date_input(label: str, value: str = '', placeholder: str = 'YYYY-MM-DD') -> ui.input:
    """A date typed as YYYY-MM-DD or picked from a calendar that the button beside it opens."""
    with ui.input(label, value=value, placeholder=placeholder) as field:
        with ui.menu().props('no-parent-event') as menu:
            ui.date(on_change=menu.close).bind_value(field).props('minimal')
        with field.add_slot('append'):
            ui.button(icon='event', on_click=menu.open).props('flat round dense aria-label=选择日期')
    return field
