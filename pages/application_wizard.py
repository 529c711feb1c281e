"""What the wizards of every online application share (人员注册申请, 年度确认申请, …): the fields by name with a message
beside each, autosave through the service's own save function, 暂存草稿, moving between steps, the 条件自检 list,
the 退回整改 notice and the 操作完成 message."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Request
from nicegui import ui

from domain.engine import cases, files
from domain.engine.case_attachments import Slot
from domain.engine.prechecks import PrecheckItem
from domain.engine.workflow import Status
from domain.shared.actors import Actor
from domain.shared.errors import DomainError, Invalid
from pages.drafts import delete_draft
from pages.files import file_link
from pages.layout import portal_frame
from pages.session import actor_of
from ui.attachment_list import AttachmentList, Attachments, StreamedAttachmentList
from ui.call import call
from ui.field_error import show_field_error
from ui.step_wizard import step_bar, wizard_nav

# save_info(actor, case_id, **values) -> the application as saved; raises Invalid(field, message)
SaveService = Callable[..., Any]
FILE_RULE = '支持 JPG、PNG、PDF 文件，每个不超过 10 MB'


class ApplicationWizard:
    """One application's wizard: its step bar, the step the draft was left at, the 退回整改 notice; subclasses draw
    each step (show_step) with the fields, autosave and messages below."""

    def __init__(self, actor: Actor, case_id: int | None, step: str | None, *, path: str, title: str,
                 steps: Sequence[tuple[str, str]], load_service: Callable[..., Any], save_service: SaveService) -> None:
        self.actor = actor
        self.case_id = case_id
        self.requested_step = step
        self.path = path  # the wizard's page: {path}/{case_id}?step=…
        self.title = title
        self.steps = steps  # (key, label), 'precheck' first and 'done' last
        self.load_service = load_service  # application(actor, case_id) -> the draft as the service sees it
        self.save_service = save_service
        self.fields: dict[str, ui.element] = {}
        self.text_names: list[str] = []  # the fields of text_field, saved by save_texts
        self.refused: dict[str, object] = {}  # field -> the value last refused, not sent again until it changes
        self.view: Any = None
        self.step = 'precheck'
        self.body: ui.column | None = None
        self.saving = asyncio.Lock()  # one save at a time, so that self.view is always the latest

    async def build(self) -> None:
        self.view = await call(self.load_service, self.actor, self.case_id) if self.case_id else None
        if self.view and not self.view.case.editable:
            ui.label('该业务已提交，不能再编辑。').classes('text-negative')
            ui.link('查看业务', f'/my/cases/{self.case_id}')
            return
        form_steps = [key for key, _ in self.steps if key != 'done']
        stored = self.view.wizard_step if self.view else 'precheck'
        if stored not in form_steps:
            stored = 'info'  # returned for rectification after an earlier submission
        self.step = self.requested_step if self.view and self.requested_step in form_steps else stored
        if not self.view:
            self.step = 'precheck'
        ui.label(f'{self.title}　在线申请').classes('text-h6').props('role=heading aria-level=1')
        if self.view:
            with ui.row().classes('w-full items-center'):
                ui.label(f'业务号：{self.view.case.case_no}').classes('text-caption text-grey-7') \
                    .props('data-testid=case-no')
                ui.space()
                if self.view.case.status is Status.DRAFT:
                    ui.button('删除草稿', on_click=self.delete_draft) \
                        .props('flat dense no-caps color=negative icon=delete_outline data-testid=delete-draft')
        step_bar(self.steps, self.step, set(form_steps) if self.view else {'precheck'}, self.step_link)
        if self.view and self.view.case.stage == 'rectification':
            await self.return_notice()
        with ui.column().classes('w-full gap-3') as self.body:
            await self.show_step(self.step)

    async def show_step(self, step: str) -> None:
        raise NotImplementedError

    async def delete_draft(self) -> None:
        if await delete_draft(self.actor, self.case_id):  # type: ignore[arg-type]
            ui.navigate.to('/my/cases?tab=草稿箱')

    async def step_link(self, step: str) -> None:
        """What a click on a step of the step bar does."""
        await self.go(step)

    async def go(self, step: str) -> None:
        """Remember the step in the draft and open it."""
        if self.case_id:
            await call(self.save_service, self.actor, self.case_id, wizard_step=step)
            ui.navigate.to(f'{self.path}/{self.case_id}?step={step}')

    async def save(self, name: str, value: object) -> bool:
        """Autosave one field; a refusal lands beside the field and the value typed stays where it is."""
        async with self.saving:
            self.clear_error(name)
            try:
                self.view = await call(self.save_service, self.actor, self.case_id, **{name: value})
            except Invalid as error:
                self.refused[name] = value
                self.show_error(error.field, error.message)
                return False
            except DomainError as error:
                ui.notify(error.message, type='negative')
                return False
            self.refused.pop(name, None)
            return True

    async def save_draft(self) -> None:
        await call(self.save_service, self.actor, self.case_id, wizard_step=self.step)
        ui.notify('草稿已保存，可在 个人中心 › 我的事项 › 草稿箱 中继续填报', type='positive')

    async def precheck_step(self, precheck_service: Callable[..., Any], start: Callable[[], Awaitable[Any]], *,
                            notice: tuple[str, Sequence[str]] | None = None,
                            gate: Callable[[], str | None] | None = None) -> None:
        """The first step: the service's 说明 (title and lines) if it has one, its conditions with a mark each, and
        下一步, which opens the draft (start) the first time. gate may name what must be done on the page first."""
        if notice is not None:
            title, lines = notice
            with ui.column().classes('w-full gap-1 q-pa-md bg-blue-1 rounded-borders').props('data-testid=notice'):
                ui.label(title).classes('text-subtitle1 text-weight-bold')
                for number, line in enumerate(lines, start=1):
                    ui.label(f'{number}. {line}').classes('text-body2')
        self.precheck_extra()
        items = await call(precheck_service, self.actor, self.case_id)
        precheck_list(items)
        failed = next((item for item in items if not item.passed), None)

        async def next_step() -> None:
            problem = (gate() if gate else None) or (failed.detail if failed else None)
            if problem:
                ui.notify(problem, type='warning', multi_line=True)
                return
            if self.case_id:
                await self.go('info')
                return
            try:
                view = await start()
            except DomainError as error:
                ui.notify(error.message, type='warning', multi_line=True)
                return
            ui.navigate.to(f'{self.path}/{view.case.id}?step=info')

        wizard_nav(on_previous=None, on_save=self.save_draft if self.case_id else None, on_next=next_step)

    def precheck_extra(self) -> None:
        """What a service shows between its 说明 and its conditions (a tick box); nothing by default."""

    async def check_then_review(self, problems_service: Callable[..., Any], facts_service: Callable[..., Any],
                                submit_service: Callable[..., Any], omit: Sequence[str] = ()) -> None:
        """下一步 on the form: what is typed saved, each problem beside its field, else 请核对申请信息 (the facts but
        those omitted) and 提交."""
        # a refused choice (a number out of range) still stands in its field while the draft holds the older one
        if not await self.save_texts() or self.refused:
            ui.notify('请完善申请信息', type='warning')
            return
        found = await call(problems_service, self.actor, self.case_id)
        for problem in found:
            self.show_error(problem.field, problem.message)
        if found:
            ui.notify(found[0].message if len(found) == 1 else '请完善申请信息', type='warning')
            return
        facts = await call(facts_service, self.actor, self.case_id)
        await self.review_and_submit([(k, v) for k, v in facts.items() if k not in omit], submit_service)

    async def previous(self) -> None:
        """< 上一步 from the form: what is typed saved, then 条件自检."""
        await self.save_texts()
        await self.go('precheck')

    async def save_texts_then_draft(self) -> None:
        await self.save_texts()
        await self.save_draft()

    def attachment_field(self, name: str, label: str, attach: Callable[..., Any], detach: Callable[..., Any],
                         limit: int) -> AttachmentList:
        """附件 / 证明材料 of a service whose view lists .attachments: uploaded and removed through its services."""
        def pairs() -> Attachments:
            return [(a.file_id, a.name) for a in self.view.attachments]

        async def through(service: Callable[..., Any], *args: object) -> Attachments:
            try:
                self.view = await call(service, self.actor, self.case_id, *args)
            except DomainError as error:
                raise ValueError(error.message) from None
            return pairs()

        field = AttachmentList(label, pairs(), link_of=file_link, on_upload=lambda n, d: through(attach, n, d),
                               on_remove=lambda f: through(detach, f), max_files=limit, accept=files.ACCEPT,
                               max_bytes=files.MAX_UPLOAD_BYTES, rule=FILE_RULE)
        self.fields[name] = field  # type: ignore[assignment]
        return field

    def stream_field(self, slot: Slot, link: Callable[..., Any], unlink: Callable[..., Any]) -> StreamedAttachmentList:
        """Course documents or videos of a declared form's streamed slot: uploaded by the browser straight to the
        server, however large, then added to the draft through the service (link / unlink)."""
        def pairs() -> Attachments:
            return [(a.file_id, a.name) for a in self.view.streamed.get(slot.field, ())]

        async def through(service: Callable[..., Any], file_id: int) -> Attachments:
            try:
                self.view = await call(service, self.actor, self.case_id, slot.field, file_id)
            except DomainError as error:
                raise ValueError(error.message) from None
            return pairs()

        field = StreamedAttachmentList(
            slot.label, pairs(), link_of=file_link, on_link=lambda f: through(link, f),
            on_remove=lambda f: through(unlink, f), max_files=slot.limit, accept=files.STREAM_ACCEPT[slot.stream],
            rule=slot.hint or files.STREAM_TYPE_MESSAGES[slot.stream], purpose=slot.purpose, actor=self.actor)
        self.fields[slot.field] = field  # type: ignore[assignment]
        return field

    async def review_and_submit(self, facts: Sequence[tuple[str, str]], submit_service: Callable[..., Any]) -> None:
        """请核对申请信息: the answers as they will be submitted, then 提交 (or 返回修改). The version the wizard
        loaded goes along, so that a screen left open while the case moved on changes nothing."""
        with ui.dialog() as dialog, ui.card().style('width: 40rem; max-width: 95vw'):
            dialog.props['aria-label'] = '请核对申请信息'
            ui.label('请核对申请信息').classes('text-h6')
            for label, value in facts:
                with ui.row().classes('gap-2 no-wrap items-start w-full'):
                    ui.label(f'{label}：').classes('text-grey-7 col-auto')
                    ui.label(value or '—').classes('col').style('overflow-wrap: anywhere; white-space: pre-wrap')
            with ui.row().classes('w-full justify-end'):
                ui.button('返回修改', on_click=lambda: dialog.submit(False)).props('flat')
                ui.button('提交', on_click=lambda: dialog.submit(True)) \
                    .props('unelevated color=primary data-testid=wizard-submit')
        if not await dialog:
            return
        try:
            await call(submit_service, self.actor, self.case_id, self.view.case.version)
        except DomainError as error:
            ui.notify(error.message, type='negative', multi_line=True)
            return
        ui.navigate.to(f'{self.path}/{self.case_id}/done')

    def radio_field(self, name: str, label: str, options: object, value: object) -> ui.column:
        """A radio group with its label above and room for an error message below (radios have neither)."""
        with ui.column().classes('gap-0') as group:
            ui.label(label).classes('text-body2')
            radio = ui.radio(options, value=value, on_change=lambda e: self.save(name, e.value)) \
                .props(f'inline data-testid=field-{name} aria-label="{label.lstrip("* ")}"')
            radio.error_label = ui.label('').classes('text-negative text-caption')  # type: ignore[attr-defined]
        self.fields[name] = radio
        return group

    def show_error(self, name: str, message: str) -> None:
        element = self.fields.get(name)
        if element is None:
            ui.notify(message, type='warning')
            return
        if hasattr(element, 'error_label'):
            element.error_label.set_text(message)  # type: ignore[attr-defined]
        else:
            show_field_error(element, message)

    def clear_error(self, name: str) -> None:
        element = self.fields.get(name)
        if element is not None and hasattr(element, 'error_label'):
            element.error_label.set_text('')  # type: ignore[attr-defined]
        elif element is not None and 'error' in element.props:
            # only when shown: a props update resends the field's value, which could overwrite what is being typed
            element.props(remove='error error-message')

    def text_field(self, name: str, label: str, value: str, max_length: int, *, multiline: bool = False,
                   placeholder: str = '') -> ui.input | ui.textarea:
        """A text saved as it is typed (within a second), when it is left, and before any step change."""
        kind = ui.textarea if multiline else ui.input
        field = kind(label, value=value, placeholder=placeholder) \
            .props(f'outlined counter maxlength={max_length} data-testid=field-{name}' + (' autogrow' if multiline
                                                                                          else '')).classes('w-full')
        field.on('blur', self.save_texts)
        if not self.text_names:
            ui.timer(1.0, self.save_texts)
        self.text_names.append(name)
        self.fields[name] = field
        return field

    async def save_texts(self) -> bool:
        """Every text field whose value differs from the draft, into the draft; False when one was refused."""
        saved = True
        for name in self.text_names:
            field = self.fields[name]
            if field.is_deleted:
                return True
            typed = (field.value or '').strip()  # type: ignore[attr-defined]
            if typed == getattr(self.view, name):
                if self.refused.pop(name, None) is not None:  # back to what the draft holds: nothing is wrong
                    self.clear_error(name)
                continue
            if name in self.refused and typed == self.refused[name]:
                saved = False  # still the refused value, its message still beside it
                continue
            saved = await self.save(name, typed) and saved
        return saved

    async def return_notice(self) -> None:
        """退回整改: which stage returned the case, who, and why."""
        events = await call(cases.timeline, self.actor, self.case_id)  # type: ignore[arg-type]
        returned = next((e for e in reversed(events) if e.to_label == '退回整改'), None)
        if returned:
            with ui.card().classes('w-full bg-orange-1').props('flat bordered'):
                ui.label(f'本业务已被退回整改（{returned.from_label}，{returned.actor_name}）').classes('text-weight-bold')
                ui.label(f'意见：{returned.opinion}')


def precheck_list(items: Sequence[PrecheckItem]) -> None:
    """条件自检: each condition with a pass/fail mark and why."""
    ui.label('请确认以下申请条件：').classes('text-subtitle1')
    for item in items:
        with ui.row().classes('items-center gap-2').props(f'data-testid=precheck-{item.label}'):
            ui.icon('check_circle' if item.passed else 'cancel', color='positive' if item.passed else 'negative')
            ui.label(item.label).classes('text-weight-bold')
            ui.label(item.detail).classes('text-grey-8')


def done_message(service_name: str) -> None:
    """操作完成: '<service> 业务已成功提交' and 完成, which leads to 我的事项."""
    with ui.column().classes('w-full items-center gap-2 q-pa-xl'):
        ui.icon('check_circle', color='positive').classes('text-h2')
        ui.label(f'{service_name} 业务已成功提交').classes('text-h6 text-center')
        ui.label('你可以前往用户中心-我的事项查看相关业务信息。').classes('text-center')
        ui.button('完成', on_click=lambda: ui.navigate.to('/my/cases')).props('unelevated color=positive')


@asynccontextmanager
async def application_frame(actor: Actor) -> AsyncIterator[None]:
    """The portal frame of 在线申请 with the card every wizard step sits on."""
    async with portal_frame(actor, subtitle='在线申请'):
        with ui.column().classes('ccaa-card q-pa-md w-full gap-2'):
            yield


def wizard_pages(path: str, title: str, steps: Sequence[tuple[str, str]],
                 wizard: Callable[[Actor, int | None, str | None], ApplicationWizard], *, start: bool = True) -> None:
    """An application's pages: the wizard on a new application ({path}; start=False for a service that draws that
    page itself), on its draft ({path}/{case_id}?step=…) and its 操作完成 ({path}/{case_id}/done)."""

    # the pages belong to the service's own module (NiceGUI's test harness re-imports a page's module to register it
    # again for the next test)
    owner = wizard.__module__

    async def new_application(request: Request) -> None:
        actor = actor_of(request)
        async with application_frame(actor):
            await wizard(actor, None, None).build()

    async def edit_application(request: Request, case_id: int, step: str = '') -> None:
        actor = actor_of(request)
        async with application_frame(actor):
            await draft_page(wizard(actor, case_id, step or None))

    async def application_done(request: Request, case_id: int) -> None:
        actor = actor_of(request)
        async with application_frame(actor):
            await done_page(actor, case_id, title, steps)

    pages = [(path + '/{case_id}', edit_application), (path + '/{case_id}/done', application_done)]
    for route, page in ([(path, new_application)] if start else []) + pages:
        page.__module__ = owner
        ui.page(route, title=f'{title} - CCAA综合服务平台')(page)


async def draft_page(wizard: ApplicationWizard) -> None:
    """The wizard on its draft, or why it cannot be opened."""
    try:
        await wizard.build()
    except DomainError as error:
        ui.label(error.message).classes('text-negative')
        ui.link('返回我的事项', '/my/cases')


async def done_page(actor: Actor, case_id: int, title: str, steps: Sequence[tuple[str, str]]) -> None:
    """操作完成 of a submitted case the actor may see."""
    try:
        await call(cases.get_case, actor, case_id)
    except DomainError as error:
        ui.label(error.message).classes('text-negative')
        return
    ui.label(f'{title}　在线申请').classes('text-h6').props('role=heading aria-level=1')
    step_bar(steps, 'done', set(), _stay)
    done_message(title)


async def _stay(_: str) -> None:
    return None
