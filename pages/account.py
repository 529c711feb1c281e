"""账户信息 (R4.5): the account's facts, masked, and 修改密码 / 修改手机号码 / 修改电子邮箱; for individuals 日历订阅."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request
from nicegui import ui

from domain.accounts import account_settings
from domain.shared.actors import Actor, Role
from domain.shared.errors import DomainError, Invalid
from pages.calendar_feed import calendar_section
from pages.layout import user_centre_frame
from pages.password_fields import new_password_fields, password_input
from pages.session import actor_of, session_token, site_url
from ui.call import call
from ui.code_button import CodeButton
from ui.form import FieldErrors


def current_password_input(form: str) -> ui.input:
    return password_input('当前密码') \
        .props(f'outlined autocomplete=current-password data-testid={form}-current').classes('w-full') \
        .mark(f'{form}-current')


async def submit(errors: FieldErrors, action: Callable[[], Awaitable[object]], done: str,
                 after: Callable[[], Awaitable[None]] | None = None) -> None:
    """Run a change; its refusal lands beside the field, its success clears the form and says so."""
    errors.clear()
    try:
        await action()
    except Invalid as error:
        errors.show(error.field, error.message)
        return
    except DomainError as error:
        errors.show('', error.message)
        return
    for element in errors.fields.values():
        element.set_value('')
    errors.clear()
    ui.notify(done, type='positive')
    if after is not None:
        await after()


@ui.page('/my/account', title='账户信息 - CCAA综合服务平台')
async def account_page(request: Request) -> None:
    actor = actor_of(request)
    async with user_centre_frame(actor, '账户信息'):

        @ui.refreshable
        async def facts() -> None:
            info = await call(account_settings.account_info, actor)
            rows = [('登录账号', info.account), ('姓名', info.name), ('证件类型', info.id_type or '—'),
                    ('证件号码', info.id_number or '—'), ('手机号码', info.mobile or '—'), ('电子邮箱', info.email or '—'),
                    ('实名认证', '已认证' if info.real_name_verified else '未认证')]
            with ui.element('dl').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-x-6 gap-y-2 q-ma-none'):
                for label, value in rows:
                    with ui.element('div').classes('row no-wrap gap-2'):
                        with ui.element('dt').classes('text-grey-7 shrink-0'):
                            ui.label(f'{label}：')
                        with ui.element('dd').classes('q-ma-none'):
                            ui.label(value).props(f'data-testid=account-{label}')

        await facts()
        ui.separator()
        with ui.tabs().props('align=left dense no-caps').classes('w-full') as tabs:
            ui.tab('修改密码')
            ui.tab('修改手机号码')
            ui.tab('修改电子邮箱')
        with ui.tab_panels(tabs, value='修改密码').classes('w-full').style('max-width: 480px'):
            with ui.tab_panel('修改密码').classes('q-px-none'):
                password_form(actor)
            with ui.tab_panel('修改手机号码').classes('q-px-none'):
                mobile_form(actor, facts.refresh)
            with ui.tab_panel('修改电子邮箱').classes('q-px-none'):
                email_form(actor, facts.refresh)
        if actor.role is Role.INDIVIDUAL:
            ui.separator()
            await calendar_section(actor, site_url(request))


def password_form(actor: Actor) -> None:
    current = current_password_input('password')
    new, confirm = new_password_fields()
    ui.label('修改后，您在其他设备或浏览器上的登录将全部退出。').classes('text-caption text-grey-7')
    general = ui.label('').classes('text-negative').props('role=alert')
    errors = FieldErrors({'current_password': current, 'password': new, 'password_confirm': confirm}, general)

    async def change() -> None:
        await call(account_settings.change_password, actor, current.value or '', new.value or '',
                   confirm.value or '', keep_token=session_token())

    ui.button('确认修改', on_click=lambda: submit(errors, change, '密码已修改，其他设备上的登录已退出')) \
        .props('unelevated color=primary data-testid=change-password').mark('change-password')


def mobile_form(actor: Actor, refresh: Callable[[], Awaitable[None]]) -> None:
    current = current_password_input('mobile')
    with ui.row().classes('w-full no-wrap items-start gap-2'):
        mobile = ui.input('新手机号码').props('outlined autocomplete=tel data-testid=mobile').classes('col').mark('mobile')

        async def send() -> int | None:
            mobile.error = None
            try:
                return await call(account_settings.send_mobile_code, actor, mobile.value or '')
            except Invalid as error:
                errors.show('mobile', error.message)
            except DomainError as error:
                errors.show('', error.message)
            return None

        CodeButton(send).button.classes('q-mt-sm')
    code = ui.input('验证码').props('outlined maxlength=6 autocomplete=one-time-code data-testid=code') \
        .classes('w-full').mark('code')
    ui.label('验证码将发送至新手机号码，2分钟内有效。').classes('text-caption text-grey-7')
    general = ui.label('').classes('text-negative').props('role=alert')
    errors = FieldErrors({'current_password': current, 'mobile': mobile, 'code': code}, general)

    async def change() -> None:
        await call(account_settings.change_mobile, actor, current.value or '', mobile.value or '', code.value or '')

    ui.button('确认修改', on_click=lambda: submit(errors, change, '手机号码已修改', refresh)) \
        .props('unelevated color=primary data-testid=change-mobile').mark('change-mobile')


def email_form(actor: Actor, refresh: Callable[[], Awaitable[None]]) -> None:
    current = current_password_input('email')
    email = ui.input('新电子邮箱').props('outlined autocomplete=email data-testid=email').classes('w-full').mark('email')
    general = ui.label('').classes('text-negative').props('role=alert')
    errors = FieldErrors({'current_password': current, 'email': email}, general)

    async def change() -> None:
        await call(account_settings.change_email, actor, current.value or '', email.value or '')

    ui.button('确认修改', on_click=lambda: submit(errors, change, '电子邮箱已修改', refresh)) \
        .props('unelevated color=primary data-testid=change-email').mark('change-email')
