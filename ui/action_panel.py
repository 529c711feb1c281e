"""办理: the actions open to the user on a case, with an opinion and, where asked for, the expert to assign."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from nicegui import ui

from ui.field_error import show_field_error

NEGATIVE = {'return', 'reject', 'refuse', 'reject_payment'}


@dataclass(frozen=True)
class ActionButton:
    key: str
    label: str
    opinion_required: bool
    assigns_expert: bool


# on_act(key, opinion, expert_id) -> None when done, or (field, message) for a field the user must correct
OnAct = Callable[[str, str, int | None], Awaitable[tuple[str, str] | None]]


def action_panel(actions: Sequence[ActionButton], *, on_act: OnAct, experts: Sequence[tuple[int, str]] = (),
                 opinion_label: str = '办理意见') -> ui.textarea | None:
    """The buttons, the opinion field (returned, so that row marks can be appended to it) and the expert choice."""
    if not actions:
        ui.label('当前环节无需您办理').classes('text-grey-7')
        return None
    needs_expert = any(action.assigns_expert for action in actions)
    expert = None
    if needs_expert:
        expert = ui.select({user_id: name for user_id, name in experts}, label='分配专家（分配专家时必选）',
                           with_input=True, clearable=True).props('outlined').classes('w-80')
    opinion = ui.textarea(opinion_label, placeholder=f'请输入{opinion_label}（退回整改、不通过时必填）') \
        .props('outlined autogrow counter maxlength=2000').classes('w-full')

    async def run(action: ActionButton) -> None:
        for field in (opinion, expert):
            if field is not None:
                field.props(remove='error error-message')
        for button in buttons:
            button.disable()
        try:
            problem = await on_act(action.key, opinion.value or '', expert.value if expert is not None else None)
        finally:
            for button in buttons:
                button.enable()
        if problem is not None:
            field_name, message = problem
            target = expert if field_name == 'expert_id' and expert is not None else opinion
            show_field_error(target, message)

    with ui.row().classes('gap-2'):
        buttons = [ui.button(action.label, on_click=lambda a=action: run(a))
                   .props(f'unelevated color={"negative" if action.key in NEGATIVE else "primary"}'
                          f' data-testid=action-{action.key}')
                   for action in actions]
    return opinion
