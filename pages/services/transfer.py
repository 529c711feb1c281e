"""人员转换执业机构 在线申请 (R7.1): 条件自检 → 人员转会申请 → 操作完成, and what the bodies and CCAA staff see of it
on the shared case page (R7.2).

Only a certified auditor gets the form; anyone else is told why. Every choice is saved the moment it is made, the
补充说明 while it is typed (each second it changed) and when it is left, so a lost connection loses nothing; the draft
reopens at the step it was left at.
"""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from domain.engine import cases, files
from domain.engine.experiences import FieldSpec, FieldType
from domain.services.transfer import application as transfers
from domain.services.transfer.workflow import SERVICE_CODE
from domain.shared.actors import Actor, Role
from domain.shared.errors import DomainError, Invalid
from pages.application_wizard import ApplicationWizard, application_frame, wizard_pages
from pages.files import file_link
from pages.session import actor_of
from pages.workspace import CASE_SECTIONS, changed_facts, fact, section_start
from ui.call import call
from ui.experience_table import FieldError, FileField
from ui.scoring_panel import ScoringPanel
from ui.step_wizard import wizard_nav

PATH = '/apply/transfer'
TITLE = '人员转换执业机构'
STEPS = (('precheck', '条件自检'), ('info', '人员转会申请'), ('done', '操作完成'))
REASON_FILE = FieldSpec('reason_file_id', '转会理由文件', FieldType.FILE, required=False,
                        purpose=transfers.FILE_PURPOSE, accept=files.ACCEPT, max_bytes=files.MAX_UPLOAD_BYTES)
NOTE_HINT = '转会理由为【其他】时，补充说明为必填'


class TransferWizard(ApplicationWizard):
    def __init__(self, actor: Actor, case_id: int | None, step: str | None) -> None:
        super().__init__(actor, case_id, step, path=PATH, title=TITLE, steps=STEPS,
                         load_service=transfers.application, save_service=transfers.save_info)
        self.note: ui.textarea | None = None
        self.saving_note = False

    async def show_step(self, step: str) -> None:
        await (self.info() if step == 'info' else self.precheck())

    async def step_link(self, step: str) -> None:
        await self.leave_for(step)

    # -- steps -------------------------------------------------------------------------------------------

    async def precheck(self) -> None:
        await self.precheck_step(transfers.precheck, lambda: call(transfers.start, self.actor))  # or the draft the applicant already has

    async def info(self) -> None:
        view: transfers.TransferView = self.view
        bodies = await call(transfers.transfer_bodies, self.actor)
        person = view.applicant
        with ui.column().classes('w-full gap-3 ccaa-card q-pa-md'):
            ui.label('转会申请信息').classes('text-subtitle1 text-weight-bold')
            with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-x-4 gap-y-2') \
                    .props('data-testid=transfer-form'):
                for name, label, value in (('file_no', '档案号', person.file_no), ('name', '人员姓名', person.name),
                                           ('id_type', '证件类型', person.id_type),
                                           ('id_number', '证件号码', person.id_number),
                                           ('mobile', '手机号码', person.mobile), ('email', '电子邮箱', person.email),
                                           ('gender', '人员性别', person.gender),
                                           ('birth_date', '出生日期', person.birth_date)):
                    ui.input(label, value=value or '—').props(f'outlined dense readonly data-testid=applicant-{name}')
                self.fields['from_body'] = ui.input('* 转出机构', value=view.from_body_name) \
                    .props('outlined dense readonly data-testid=field-from_body')
                self.fields['transfer_type'] = ui.select(
                    list(transfers.TRANSFER_TYPES), label='* 转会类型', value=view.transfer_type,
                    on_change=lambda e: self.save('transfer_type', e.value)) \
                    .props('outlined dense data-testid=field-transfer_type')
                self.fields['to_body_id'] = ui.select(
                    dict(bodies), label='* 转入机构', value=view.to_body_id, with_input=True,
                    on_change=lambda e: self.save('to_body_id', e.value)) \
                    .props('outlined dense data-testid=field-to_body_id')
                # set as a value: the props string parser drops words in Chinese
                self.fields['to_body_id'].props['hint'] = '请选择【转入机构】，(可输入筛选)'
                self.fields['reason'] = ui.select(
                    list(transfers.REASONS), label='转会理由', value=view.reason, clearable=True,
                    on_change=lambda e: self.reason_changed(e.value)) \
                    .props('outlined dense data-testid=field-reason')
            self.note = ui.textarea('补充说明', value=view.note, placeholder=NOTE_HINT) \
                .props(f'outlined autogrow counter maxlength={transfers.NOTE_MAX} data-testid=field-note') \
                .classes('w-full')
            self.note.props['hint'] = NOTE_HINT
            self.note.on('blur', self.save_note)
            self.fields['note'] = self.note
            ui.timer(1.0, self.save_note)  # what is typed reaches the draft within a second
            self.fields['reason_file_id'] = FileField(  # type: ignore[assignment]
                REASON_FILE, view.reason_file_id, view.reason_file_name,
                file_link(view.reason_file_id) if view.reason_file_id else None,
                on_upload=self.upload, on_clear=lambda: self.save_file(None), link_of=file_link)
        wizard_nav(on_previous=self.previous, on_save=self.save_all_then_draft, on_next=self.info_next)

    # -- autosave ----------------------------------------------------------------------------------------

    async def reason_changed(self, value: str | None) -> None:
        if await self.save('reason', value) and value != transfers.OTHER:
            self.clear_error('note')

    async def save_note(self) -> bool:
        """The 补充说明 into the draft if it changed since it was last saved; False when it was refused."""
        if self.note is None or self.saving_note or self.note.is_deleted:
            return True
        text = (self.note.value or '').strip()
        if text == self.view.note:
            return True
        self.saving_note = True
        try:
            return await self.save('note', text)
        finally:
            self.saving_note = False

    async def upload(self, _field: str, name: str, data: bytes) -> tuple[int | None, str]:
        try:
            self.view = await call(transfers.upload_reason_file, self.actor, self.case_id, name, data)
        except Invalid as error:
            raise FieldError('reason_file_id', error.message) from None
        except DomainError as error:
            raise FieldError('reason_file_id', error.message) from None
        return self.view.reason_file_id, self.view.reason_file_name

    async def save_file(self, file_id: int | None) -> None:
        if not await self.save('reason_file_id', file_id):
            raise FieldError('reason_file_id', '未能移除，请重试')

    async def leave_for(self, step: str) -> None:
        await self.save_note()
        await self.go(step)

    async def previous(self) -> None:
        await self.leave_for('precheck')

    async def save_all_then_draft(self) -> None:
        await self.save_note()
        await self.save_draft()

    async def info_next(self) -> None:
        if not await self.save_note():
            ui.notify('请完善申请信息', type='warning')
            return
        found = await call(transfers.problems, self.actor, self.case_id)
        for problem in found:
            self.show_error(problem.field, problem.message)
        if found:
            ui.notify('请完善申请信息', type='warning')
            return
        await self.review()

    async def review(self) -> None:
        self.view = await call(transfers.application, self.actor, self.case_id)
        await self.review_and_submit(_application_facts(self.view), transfers.submit)


def _application_facts(view: transfers.TransferView) -> list[tuple[str, str]]:
    """转会申请信息 in the form's order: the applicant's read as the viewer may see them, then the application."""
    person = view.applicant
    return [('档案号', person.file_no), ('人员姓名', person.name), ('证件类型', person.id_type),
            ('证件号码', person.id_number), ('手机号码', person.mobile), ('电子邮箱', person.email),
            ('人员性别', person.gender), ('出生日期', person.birth_date), ('转出机构', view.from_body_name),
            ('转会类型', view.transfer_type or ''), ('转入机构', view.to_body_name), ('转会理由', view.reason or ''),
            ('补充说明', view.note), ('转会理由文件', view.reason_file_name)] + (
        [('转会证书', '、'.join(view.certificates))] if view.certificates else [])  # none listed once closed


def not_eligible(actor: Actor) -> None:
    """Instead of the form, for anyone who is not a certified auditor (R7.1)."""
    with ui.column().classes('w-full items-center gap-2 q-pa-lg').props('data-testid=not-eligible'):
        ui.icon('info', color='primary').classes('text-h3')
        ui.label(transfers.NOT_AUDITOR).classes('text-subtitle1 text-center')
        if actor.role is Role.INDIVIDUAL:
            ui.label('您当前没有有效的认证人员证书。取得证书后，可以在此申请转换执业机构。').classes('text-grey-8 text-center')
            with ui.row().classes('gap-4'):
                ui.link('查看我的证书', '/my/certificates')
                ui.link('返回首页', '/')
        else:
            ui.label('机构账号只能办理机构事项。').classes('text-grey-8 text-center')


# -- pages -------------------------------------------------------------------------------------------------

@ui.page(PATH, title=f'{TITLE} - CCAA综合服务平台')
async def new_transfer(request: Request) -> None:
    actor = actor_of(request)
    async with application_frame(actor):
        if actor.role is not Role.INDIVIDUAL or await call(transfers.current_body, actor) is None:
            ui.label(f'{TITLE}　在线申请').classes('text-h6')
            not_eligible(actor)
            return
        await TransferWizard(actor, None, None).build()


wizard_pages(PATH, TITLE, STEPS, TransferWizard, start=False)


# -- what the bodies and CCAA staff see (the shared case page of pages.workspace) ----------------------------

async def application_section(actor: Actor, case: cases.CaseView) -> ScoringPanel | None:
    """转会申请信息 of the case, the reason file to open, and what changed since it was last returned (R14.3)."""
    view = await call(transfers.application, actor, case.id)
    changed = changed_facts(await section_start(actor, case, '转会申请信息'))
    with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 md:grid-cols-4 gap-x-6 gap-y-2') \
            .props('data-testid=application-facts'):
        for label, value in _application_facts(view):
            if label == '转会理由文件' and view.reason_file_id:
                fact(label, value, label in changed, links=[(value, file_link(view.reason_file_id))]) \
                    .props('data-testid=reason-file')
            elif label != '补充说明':
                fact(label, value, label in changed)
    fact('补充说明', view.note, '补充说明' in changed, wide=True)
    return None


CASE_SECTIONS[SERVICE_CODE] = application_section
