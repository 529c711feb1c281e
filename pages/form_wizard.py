"""The wizard of any service whose form is declared (domain.engine.forms): 条件自检 → the form → 操作完成 at
/apply/<code>, each field drawn from its declaration with autosave, 暂存草稿, the messages beside the fields and
请核对申请信息. It calls the service's own applicant's services where it has them (Service.handlers), the generic
ones of a declared form otherwise. A service with page code of its own (pages/services) registers its own pages for
its path first; these routes take every other declared service, including one registered after start.
"""
from __future__ import annotations

from functools import partial

from fastapi import Request
from nicegui import ui

from domain.engine.applications import handlers_of
from domain.engine.catalogue import find_service
from domain.engine.forms import Field, Kind
from domain.engine.registry import Service
from domain.shared.actors import Actor
from pages.application_wizard import (
    ApplicationWizard,
    application_frame,
    done_page,
    draft_page,
)
from pages.session import actor_of
from ui.call import call
from ui.step_wizard import wizard_nav

YES_NO = {True: '是', False: '否'}


class FormWizard(ApplicationWizard):
    def __init__(self, service: Service, actor: Actor, case_id: int | None, step: str | None) -> None:
        self.handlers = handlers_of(service)
        super().__init__(actor, case_id, step, path=service.apply_path or f'/apply/{service.code}',
                         title=service.name, steps=steps_of(service), load_service=self.handlers.application,
                         save_service=self.handlers.save)
        self.service = service
        self.form = service.form

    async def show_step(self, step: str) -> None:
        await (self.info() if step == 'info' else self.precheck())

    async def precheck(self) -> None:
        await self.precheck_step(self.handlers.precheck, lambda: call(self.handlers.start, self.actor),
                                 notice=self.form.notice)

    async def info(self) -> None:
        with ui.column().classes('w-full gap-3 ccaa-card q-pa-md').props('data-testid=declared-form'):
            ui.label(self.form.heading or self.form.title).classes('text-subtitle1 text-weight-bold')
            for field in self.form.fields:
                options = await call(field.options_of, self.actor, self.view) if field.options_of else None
                self.draw(field, getattr(self.view, field.name), options)
            slot = self.form.attachments
            if slot is not None:
                self.attachment_field(slot.field, slot.label, self.handlers.attach, self.handlers.detach, slot.limit)
            for stream in self.form.streams:
                self.stream_field(stream, self.handlers.link, self.handlers.unlink)
        wizard_nav(on_previous=self.previous, on_save=self.save_texts_then_draft, on_next=self.info_next)

    def draw(self, field: Field, value: object, options: dict[object, str] | None = None) -> None:
        """One field as its kind is shown, saved the moment it changes (texts: as they are typed)."""
        label = f'* {field.label}' if field.required else field.label
        testid = f'data-testid=field-{field.name}'
        if field.kind in (Kind.TEXT, Kind.TEXTAREA):
            self.text_field(field.name, label, str(value or ''), field.max_length,
                            multiline=field.kind is Kind.TEXTAREA, placeholder=field.hint)
            return
        if field.kind in (Kind.YES_NO, Kind.RADIO):
            self.radio_field(field.name, label, YES_NO if field.kind is Kind.YES_NO else field.options, value)
            return
        if field.kind is Kind.AGREE:
            with ui.column().classes('gap-0'):
                element = ui.checkbox(field.hint or field.label, value=bool(value),
                                      on_change=lambda e, name=field.name: self.save(name, e.value)).props(testid)
                element.error_label = ui.label('').classes('text-negative text-caption')  # type: ignore[attr-defined]
            self.fields[field.name] = element
            return
        element = self.choice(field, label, value, options)
        self.fields[field.name] = element
        if field.hint:
            element.props['hint'] = field.hint  # set as a value: the props string parser drops Chinese words

    def choice(self, field: Field, label: str, value: object, options: dict[object, str] | None) -> ui.element:
        save = partial(self.save, field.name)
        if field.kind is Kind.SELECT:
            return ui.select(options if options is not None else field.options, label=label,
                             value=None if value == '' else value,  # a text column not chosen yet holds ''
                             with_input=options is None,
                             on_change=lambda e: save(e.value)) \
                .props(f'outlined data-testid=field-{field.name}').classes('w-full max-w-xl')
        if field.kind is Kind.MULTISELECT:
            chosen = value.split(',') if isinstance(value, str) else list(value or ())  # type: ignore[call-overload]
            return ui.select(field.options, label=label, value=chosen, multiple=True,
                             on_change=lambda e: save(e.value or [])) \
                .props(f'outlined use-chips data-testid=field-{field.name}').classes('w-full')
        if field.kind is Kind.NUMBER:  # no min/max here: a number out of range is refused beside it, not changed
            number = ui.number(label, value=value, on_change=lambda e: save(e.value)) \
                .props(f'outlined data-testid=field-{field.name}').classes('w-64')
            if field.unit:
                number.props['suffix'] = field.unit
            return number
        shown = value.isoformat() if hasattr(value, 'isoformat') else ''  # type: ignore[union-attr]
        return ui.input(label, value=shown, on_change=lambda e: save(e.value or None)) \
            .props(f'outlined type=date stack-label data-testid=field-{field.name}').classes('w-64')

    async def info_next(self) -> None:
        await self.check_then_review(self.handlers.problems, self.handlers.facts, self.handlers.submit)


def steps_of(service: Service) -> tuple[tuple[str, str], ...]:
    return (('precheck', service.form.precheck_label), ('info', service.form.title), ('done', '操作完成'))


def _declared(code: str) -> Service | None:
    service = find_service(code)
    return service if service is not None and service.form is not None and service.online else None


def _not_found() -> None:
    ui.label('未找到该事项').classes('text-h6')
    ui.link('返回首页', '/')


@ui.page('/apply/{code}', title='在线申请 - CCAA综合服务平台')
async def new_application(request: Request, code: str) -> None:
    actor = actor_of(request)
    async with application_frame(actor):
        service = _declared(code)
        if service is None:
            _not_found()
            return
        ui.page_title(f'{service.name} - CCAA综合服务平台')
        await FormWizard(service, actor, None, None).build()


@ui.page('/apply/{code}/{case_id}', title='在线申请 - CCAA综合服务平台')
async def edit_application(request: Request, code: str, case_id: int, step: str = '') -> None:
    actor = actor_of(request)
    async with application_frame(actor):
        service = _declared(code)
        if service is None:
            _not_found()
            return
        ui.page_title(f'{service.name} - CCAA综合服务平台')
        await draft_page(FormWizard(service, actor, case_id, step or None))


@ui.page('/apply/{code}/{case_id}/done', title='在线申请 - CCAA综合服务平台')
async def application_done(request: Request, code: str, case_id: int) -> None:
    actor = actor_of(request)
    async with application_frame(actor):
        service = _declared(code)
        if service is None:
            _not_found()
            return
        await done_page(actor, case_id, service.name, steps_of(service))
