"""New password + confirmation with the strength hint and the rules, as registration, 忘记密码 and 账户信息 ask."""
from __future__ import annotations

from nicegui import ui

from domain.accounts import passwords


def new_password_fields(label: str = '新密码', confirm_label: str = '确认新密码') -> tuple[ui.input, ui.input]:
    password = ui.input(label, password=True, password_toggle_button=True) \
        .props('outlined autocomplete=new-password data-testid=password').classes('w-full').mark('password')
    with ui.row().classes('w-full items-start gap-2 no-wrap q-mb-xs'):
        strength = ui.label('').classes('text-caption shrink-0').props('data-testid=password-strength')
        ui.label(f'密码{passwords.RULES}').classes('text-caption text-grey-7')
    password.on_value_change(lambda e: strength.set_text(f'密码强度：{passwords.strength(e.value)}' if e.value else ''))
    confirm = ui.input(confirm_label, password=True, password_toggle_button=True) \
        .props('outlined autocomplete=new-password data-testid=password_confirm').classes('w-full') \
        .mark('password_confirm')
    return password, confirm
