"""忘记密码 (R1.4): account or mobile → SMS code → new password. The page says the same whether or not the account
exists."""
from __future__ import annotations

from nicegui import ui

from domain.accounts import recovery
from domain.shared.errors import DomainError, Invalid
from pages.password_fields import new_password_fields
from ui.call import call
from ui.code_button import CodeButton
from ui.form import FieldErrors
from ui.frame import frame


@ui.page('/password/forgot', title='找回密码 - CCAA综合服务平台')
def forgot_password_page() -> None:
    async def send_code() -> int | None:
        errors.clear()
        try:
            seconds = await call(recovery.send_code, identifier.value or '')
        except Invalid as error:
            errors.show(error.field, error.message)
            return None
        sent.set_text(recovery.MSG_SENT)
        return seconds

    async def reset() -> None:
        errors.clear()
        button.props('loading')
        try:
            await call(recovery.reset_password, identifier.value or '', code.value or '', password.value or '',
                       password_confirm.value or '')
        except Invalid as error:
            errors.show(error.field, error.message)
            return
        except DomainError as error:
            errors.show('', error.message)
            return
        finally:
            button.props(remove='loading')
        form.set_visibility(False)
        done.set_visibility(True)

    with frame():
        with ui.card().classes('self-center q-pa-lg q-mt-xl w-full').style('max-width: 460px'):
            ui.label('找回密码').classes('text-h6')
            with ui.column().classes('w-full gap-2') as form:
                ui.label('验证码将发送至账号绑定的手机号码').classes('text-caption text-grey-7')
                with ui.row().classes('w-full no-wrap items-start gap-2'):
                    identifier = ui.input('登录账号或手机号码') \
                        .props('outlined autocomplete=username data-testid=identifier').classes('col') \
                        .mark('identifier')
                    code_button = CodeButton(send_code)
                    code_button.button.classes('q-mt-sm')
                sent = ui.label('').classes('text-positive text-caption').props('role=status data-testid=code-sent')
                code = ui.input('验证码').props('outlined maxlength=6 autocomplete=one-time-code data-testid=code') \
                    .classes('w-full').mark('code')
                password, password_confirm = new_password_fields()
                general = ui.label('').classes('text-negative').props('role=alert data-testid=reset-error')
                button = ui.button('重置密码', on_click=reset).classes('w-full') \
                    .props('unelevated color=primary data-testid=reset-password')
                ui.link('返回登录', '/login').classes('self-center')
            with ui.column().classes('w-full items-center gap-3 q-py-md') as done:
                ui.icon('check_circle', size='56px', color='positive')
                ui.label('密码已重置').classes('text-h6').props('data-testid=reset-done')
                ui.label('请使用新密码登录；此前在其他设备上的登录已全部退出。').classes('text-body2 text-center')
                ui.button('返回登录', on_click=lambda: ui.navigate.to('/login')).props('unelevated color=primary')
            done.set_visibility(False)
    errors = FieldErrors({'identifier': identifier, 'code': code, 'password': password,
                          'password_confirm': password_confirm}, general)
