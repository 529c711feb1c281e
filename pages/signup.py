"""注册 (R2, manual §2): 立即注册 → 个人注册 / 机构注册 → 个人基本信息 → 实名认证 → 个人注册结束 (注册成功)."""
from __future__ import annotations

from datetime import date

from nicegui import app, context, ui

from domain.accounts import signup, sso
from domain.accounts.real_name import RESIDENT_ID
from domain.accounts.signup import SignupForm
from domain.shared import identity
from domain.shared.errors import DomainError, Invalid
from pages.password_fields import new_password_fields
from ui.call import call
from ui.code_button import CodeButton
from ui.form import FieldErrors
from ui.frame import frame

STEPS = ('个人基本信息', '实名认证', '个人注册结束')
NOTES = (
    '1.注册个人账户只能办理个人事项,注册机构账号只能办理机构事项',
    '2.注册账号时需要接收手机注册验证码,请正确填写您的手机号码',
    '3.登录业务系统请使用注册的注册信息,请勿误填写',
    '4.请牢记已注册登录账号和密码,切勿向他人透露',
    '5.手机短信验证码在2分钟内有效,且每2分钟只能发送一次验证码',
)
SSO_TICKET = 'sso_ticket'


@ui.page('/register', title='注册 - CCAA综合服务平台')
def choose_kind() -> None:
    with frame():
        with ui.column().classes('self-center items-stretch gap-4 q-mt-xl w-full').style('max-width: 640px'):
            ui.label('请选择注册类型').classes('text-h6').props('role=heading aria-level=1')
            with ui.row().classes('w-full gap-4 items-stretch flex-col sm:flex-row sm:flex-nowrap'):  # stacked on phones
                with ui.link(target='/register/person').classes('col no-underline text-dark') \
                        .props('data-testid=register-person').mark('register-person'):
                    with ui.card().classes('h-full q-pa-lg cursor-pointer items-center text-center'):
                        ui.icon('person', size='48px', color='primary')
                        ui.label('个人注册').classes('text-subtitle1 text-weight-bold')
                        ui.label('认证人员、考生、教师、专家等个人用户，注册后办理个人事项').classes('text-caption text-grey-7')
                with ui.card().classes('col q-pa-lg items-center text-center') \
                        .props('data-testid=register-institution'):
                    ui.icon('apartment', size='48px', color='grey-6')
                    ui.label('机构注册').classes('text-subtitle1 text-weight-bold')
                    ui.label('认证机构、培训机构的机构账号由中国认证认可协会统一开通，请与协会联系办理；'
                             '机构账号只能办理机构事项。').classes('text-caption text-grey-7')
            ui.link('返回登录', '/login').classes('self-center')


def steps_header(current: int) -> ui.row:
    with ui.row().classes('w-full justify-center items-center gap-2 q-mb-md').props('role=list aria-label=注册步骤') as row:
        for index, title in enumerate(STEPS, 1):
            done, active = index < current, index == current
            colour = 'bg-primary text-white' if active or done else 'bg-grey-3 text-grey-9'
            with ui.row().classes('items-center gap-2 no-wrap').props(
                    'role=listitem' + (' aria-current=step' if active else '')):
                ui.label('✓' if done else str(index)).classes(
                    f'{colour} rounded-full w-7 h-7 flex flex-center text-weight-bold')
                ui.label(title).classes('text-weight-bold' if active else 'text-grey-7')
            if index < len(STEPS):
                ui.element('div').classes('w-12 border-t-2 border-grey-4')
    return row


def notes_panel() -> None:
    with ui.column().classes('ccaa-card q-pa-md gap-2 w-full md:w-72 shrink-0').props('data-testid=signup-notes'):
        ui.label('注册事项').classes('text-subtitle1 text-weight-bold')
        for note in NOTES:
            ui.label(note).classes('text-body2')
        with ui.row().classes('gap-0 text-body2'):
            ui.label('6.其他问题,请点击查看')
            ui.link('常见问题解答', '/help')


class PersonForm:
    """个人基本信息: every field, its message, and the values as a SignupForm."""

    def __init__(self, prefill: sso.Prefill | None) -> None:
        with ui.column().classes('w-full gap-1'):
            ui.label('登录信息').classes('text-subtitle2 text-grey-8')
            self.account = self._input('登录账号', 'account', autocomplete='username')
            self.account.props['hint'] = signup.ACCOUNT_RULES  # set directly: props() drops text with 、and ，
            self.password, self.password_confirm = new_password_fields('密码', '确认密码')
            ui.label('个人信息').classes('text-subtitle2 text-grey-8 q-mt-sm')
            self.name = self._input('姓名', 'name', autocomplete='name')
            self.id_type = ui.select(list(signup.ID_TYPES), label='证件类型', value=RESIDENT_ID) \
                .props('outlined data-testid=id_type').classes('w-full').mark('id_type')
            self.id_number = self._input('证件号码', 'id_number', autocomplete='off')
            with ui.row().classes('w-full no-wrap gap-3'):
                self.gender = ui.select(list(signup.GENDERS), label='性别').props('outlined data-testid=gender') \
                    .classes('col').mark('gender')
                self.birth_date = ui.input('出生日期', placeholder='YYYY-MM-DD') \
                    .props('outlined data-testid=birth_date').classes('col').mark('birth_date')
                with self.birth_date.add_slot('append'):
                    with ui.menu().props('no-parent-event') as menu:
                        ui.date().bind_value(self.birth_date).props('default-view=Years')
                    self.calendar = ui.button(icon='event', on_click=menu.open) \
                        .props('flat round dense aria-label=选择日期')
            with ui.row().classes('w-full no-wrap items-start gap-2'):
                self.mobile = self._input('手机号码', 'mobile', autocomplete='tel').classes('col')
                self.code_button = CodeButton(self._send_code)
                self.code_button.button.classes('q-mt-sm')
            self.code = self._input('验证码', 'code', autocomplete='one-time-code').props('maxlength=6')
            self.email = self._input('电子邮箱', 'email', autocomplete='email')
            self.general = ui.label('').classes('text-negative').props('role=alert data-testid=signup-error')
        self.errors = FieldErrors({'account': self.account, 'password': self.password,
                                   'password_confirm': self.password_confirm, 'name': self.name,
                                   'id_type': self.id_type, 'id_number': self.id_number, 'gender': self.gender,
                                   'birth_date': self.birth_date, 'mobile': self.mobile, 'code': self.code,
                                   'email': self.email}, self.general)
        for field in signup.UNIQUE_FIELDS:
            self._check_on_blur(field)
        for field in ('password', 'password_confirm', 'name'):
            self._check_on_blur(field)
        self.id_type.on_value_change(self._fill_from_id)
        self.id_number.on_value_change(self._fill_from_id)
        self.sso_ticket: str | None = None
        if prefill is not None:
            self.name.set_value(prefill.name)
            self.id_number.set_value(prefill.id_number)
            self.mobile.set_value(prefill.mobile)
            self.email.set_value(prefill.email)
        self._fill_from_id()

    @staticmethod
    def _input(label: str, field: str, *, autocomplete: str) -> ui.input:
        return ui.input(label).props(f'outlined autocomplete={autocomplete} data-testid={field}').classes('w-full') \
            .mark(field)

    def _check_on_blur(self, field: str) -> None:
        element = self.errors.fields[field]

        async def check() -> None:
            value = str(element.value or '')
            if not value.strip():
                element.error = None
                return
            if field == 'password_confirm':
                element.error = None if value == self.password.value else '两次输入的密码不一致'
                return
            request = context.client.request
            element.error = await call(signup.check_field, field, value, self.id_type.value,
                                       request.client.host if request.client else 'unknown') or None

        element.on('blur', check)

    def _fill_from_id(self) -> None:
        """A complete, valid resident ID number fills gender and birth date, which are then read-only."""
        resident = self.id_type.value == RESIDENT_ID
        info = signup.derived(self.id_type.value, self.id_number.value or '')
        if resident:
            self.gender.set_value(info.gender.value if info else None)
            self.birth_date.set_value(info.birth_date.isoformat() if info else '')
        self.calendar.set_visibility(not resident)
        for element in (self.gender, self.birth_date):
            if resident:
                element.props('readonly hint=根据证件号码自动填写')
            else:
                element.props(remove='readonly hint')

    async def _send_code(self) -> int | None:
        self.mobile.error = None
        try:
            return await call(signup.send_code, self.mobile.value or '')
        except Invalid as error:
            self.errors.show('mobile', error.message)
        except DomainError as error:
            self.errors.show('', error.message)
        return None

    def value(self) -> SignupForm:
        try:
            born = date.fromisoformat(self.birth_date.value) if self.birth_date.value else None
        except ValueError:
            born = None
        return SignupForm(account=self.account.value or '', password=self.password.value or '',
                          password_confirm=self.password_confirm.value or '', name=self.name.value or '',
                          id_type=self.id_type.value or '', id_number=self.id_number.value or '',
                          gender=self.gender.value or '', birth_date=born, mobile=self.mobile.value or '',
                          code=self.code.value or '', email=self.email.value or '', sso_ticket=self.sso_ticket)


@ui.page('/register/person', title='个人注册 - CCAA综合服务平台')
async def person_page() -> None:
    ticket = app.storage.user.get(SSO_TICKET)
    prefill = await call(sso.prefill, ticket) if ticket else None

    @ui.refreshable
    def header(current: int) -> None:
        steps_header(current)

    async def next_step() -> None:
        form.errors.clear()
        entered = form.value()
        problems = await call(signup.problems, entered)
        if problems:
            form.errors.show_all(problems)
            return
        try:
            await call(signup.check, entered)
        except Invalid as error:
            form.errors.show(error.field, error.message)
            return
        show_confirmation(entered)

    def show_confirmation(entered: signup.SignupForm) -> None:
        header.refresh(2)
        basic.set_visibility(False)
        confirm.clear()
        with confirm:
            ui.label('请确认以下信息，系统将核验姓名与证件号码是否一致').classes('text-body1')
            for label, value in (('姓名', entered.name.strip()), ('证件类型', entered.id_type),
                                 ('证件号码', identity.mask_id_number(signup.normalized(entered).id_number))):
                with ui.row().classes('gap-2'):
                    ui.label(f'{label}：').classes('text-grey-7 w-20')
                    ui.label(value).props(f'data-testid=confirm-{label}')
            with ui.row().classes('gap-3 q-mt-md'):
                ui.button('返回修改个人资料', on_click=back_to_form).props('outline no-caps data-testid=back-to-form')
                submit = ui.button('提交认证').props('unelevated color=primary data-testid=submit-verification')
                submit.on_click(lambda: register(entered, submit))
        confirm.set_visibility(True)

    def back_to_form() -> None:
        header.refresh(1)
        confirm.set_visibility(False)
        basic.set_visibility(True)

    async def register(entered: signup.SignupForm, submit: ui.button) -> None:
        submit.props('loading')
        try:
            account = await call(signup.register, entered)
        except Invalid as error:
            back_to_form()
            form.errors.show(error.field, error.message)
            return
        except DomainError as error:
            back_to_form()
            form.errors.show('', error.message)
            return
        finally:
            submit.props(remove='loading')
        app.storage.user.pop(SSO_TICKET, None)
        header.refresh(3)
        confirm.set_visibility(False)
        with done:
            ui.icon('check_circle', size='64px', color='positive')
            ui.label('注册成功').classes('text-h5').props('role=heading aria-level=1 data-testid=signup-success')
            ui.label(f'您的登录账号为 {account}，点击返回登录，可以以注册账户和密码进行登录。').classes('text-body1')
            ui.button('返回登录', on_click=lambda: ui.navigate.to('/login')) \
                .props('unelevated color=primary data-testid=back-to-login')
        done.set_visibility(True)

    with frame():
        with ui.column().classes('w-full items-center gap-4'):
            ui.label('个人注册').classes('text-h5').props('role=heading aria-level=1')
            header(1)
            with ui.row().classes('w-full items-start gap-4 justify-center flex-col md:flex-row md:flex-nowrap'):
                with ui.column().classes('ccaa-card q-pa-lg col gap-2 w-full').style('max-width: 640px'):
                    if prefill is not None:
                        ui.label('已通过统一身份认证。请补全以下信息完成注册，注册后两个账号将自动关联。') \
                            .classes('text-primary').props('data-testid=sso-prefill')
                    with ui.column().classes('w-full gap-2') as basic:
                        form = PersonForm(prefill)
                        form.sso_ticket = ticket if prefill is not None else None
                        with ui.row().classes('w-full justify-between items-center q-mt-md'):
                            ui.link('返回登录', '/login')
                            ui.button('下一步', on_click=next_step) \
                                .props('unelevated color=primary data-testid=next-step')
                    confirm = ui.column().classes('w-full gap-2')
                    confirm.set_visibility(False)
                    done = ui.column().classes('w-full items-center gap-3 q-py-lg')
                    done.set_visibility(False)
                notes_panel()
