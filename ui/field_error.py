"""A message beside a Quasar field. It is set as a prop's value, never written into a props string, where a quote
in the text would end the attribute and start another."""
from __future__ import annotations

from collections.abc import Awaitable, Iterable, Mapping

from nicegui import ui

from domain.shared.errors import DomainError, Invalid


def show_field_error(element: ui.element, message: str) -> None:
    element.props['error'] = True
    element.props['error-message'] = message
    element.update()


def clear_field_errors(elements: Iterable[ui.element]) -> None:
    for element in elements:
        element.props(remove='error error-message')


async def submit_fields(action: Awaitable[object], fields: Mapping[str, ui.element], *, done: str,
                        then: str) -> bool:
    """A form's 提交: the domain's refusal beside the field it names (or as a notice), otherwise `done` and off to
    `then`. The fields' earlier messages are cleared first; True when it went through."""
    clear_field_errors(fields.values())
    try:
        await action
    except Invalid as error:
        if error.field in fields:
            show_field_error(fields[error.field], error.message)
        else:
            ui.notify(error.message, type='negative')
        return False
    except DomainError as error:
        ui.notify(error.message, type='negative')
        return False
    ui.notify(done, type='positive')
    ui.navigate.to(then)
    return True
