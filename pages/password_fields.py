"""New password + confirmation with the strength hint and the rules, as registration, 忘记密码 and 账户信息 ask."""
from __future__ import annotations

from nicegui import ui

from domain.accounts import passwords


def password_input(label: str) -> ui.input:
    """A password field with a button that shows what is typed (NiceGUI's own eye icon takes no keyboard focus). The
    button is named by its title, so that the field alone answers to its label."""
    field = ui.input(label, password=True)
    with field.add_slot('append'):
        toggle = ui.button(icon='visibility_off').props('flat round dense color=grey-8 title=显示密码 aria-pressed=false')

    def flip() -> None:
        shown = field.props['type'] == 'password'
        field.props['type'] = 'text' if shown else 'password'
        toggle.props['icon'] = 'visibility' if shown else 'visibility_off'
        toggle.props['aria-pressed'] = 'true' if shown else 'false'
        field.update()
        toggle.update()

    toggle.on_click(flip)
    return field


def new_password_fields(label: str = '新密码', confirm_label: str = '确认新密码') -> tuple[ui.input, ui.input]:
    password = password_input(label) \
        .props('outlined autocomplete=new-password data-testid=password').classes('w-full').mark('password')
    with ui.row().classes('w-full items-start gap-2 no-wrap q-mb-xs'):
        strength = ui.label('').classes('text-caption shrink-0').props('data-testid=password-strength')
        ui.label(f'密码{passwords.RULES}').classes('text-caption text-grey-7')
    password.on_value_change(lambda e: strength.set_text(f'密码强度：{passwords.strength(e.value)}' if e.value else ''))
    confirm = password_input(confirm_label) \
        .props('outlined autocomplete=new-password data-testid=password_confirm').classes('w-full') \
        .mark('password_confirm')
    return password, confirm
