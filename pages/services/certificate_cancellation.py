"""证书注销申请 在线申请 (R11.1): 条件自检 → 证书注销申请 → 操作完成, and what CCAA staff see of it.

Every choice is saved the moment it is made and 补充说明 when the field is left, so closing the tab loses at most the
text being typed; the draft reopens at the step it was left at.
"""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from domain.services.certificate_cancellation import application as applications
from domain.shared.actors import Actor
from pages.application_wizard import ApplicationWizard, application_frame, wizard_pages
from pages.session import actor_of
from ui.call import call
from ui.step_wizard import wizard_nav

PATH = '/apply/certificate_cancellation'
TITLE = '证书注销申请'
STEPS = (('precheck', '条件自检'), ('info', '证书注销申请'), ('done', '操作完成'))


class CancellationWizard(ApplicationWizard):
    def __init__(self, actor: Actor, case_id: int | None, step: str | None) -> None:
        super().__init__(actor, case_id, step, path=PATH, title=TITLE, steps=STEPS,
                         load_service=applications.application, save_service=applications.save_info)

    async def show_step(self, step: str) -> None:
        await (self.info() if step == 'info' else self.precheck())

    async def precheck(self) -> None:
        await self.precheck_step(applications.precheck, lambda: call(applications.start, self.actor))

    async def info(self) -> None:
        view = self.view
        certificates = {c.id: c.label for c in await call(applications.cancellable_certificates, self.actor)}
        if view.certificate_id is not None and view.certificate_id not in certificates:  # cancelled or moved on since
            certificates[view.certificate_id] = (await call(applications.facts, self.actor, view.case.id))['注销证书']
        with ui.column().classes('w-full gap-3 ccaa-card q-pa-md'):
            ui.label(f'* {TITLE}').classes('text-subtitle1 text-weight-bold')
            self.fields['certificate_id'] = ui.select(
                certificates, label='* 注销证书', value=view.certificate_id,
                on_change=lambda e: self.save('certificate_id', e.value)) \
                .props('outlined data-testid=field-certificate_id').classes('w-full max-w-xl')
            self.radio_field('reason', '* 注销原因', list(applications.REASONS), view.reason)
            self.text_field('note', '补充说明', view.note, applications.NOTE_MAX, multiline=True,
                            placeholder='注销原因为【其他】时必填')
            with ui.column().classes('gap-0'):
                declared = ui.checkbox(applications.DECLARATION, value=view.declared,
                                       on_change=lambda e: self.save('declared', e.value)) \
                    .props('data-testid=field-declared')
                declared.error_label = ui.label('').classes('text-negative text-caption')  # type: ignore[attr-defined]
            self.fields['declared'] = declared
        wizard_nav(on_previous=self.previous, on_save=self.save_texts_then_draft, on_next=self.info_next)

    async def info_next(self) -> None:
        await self.check_then_review(applications.problems, applications.facts, applications.submit)


@ui.page(PATH, title=f'{TITLE} - CCAA综合服务平台')
async def new_cancellation(request: Request) -> None:
    actor = actor_of(request)
    async with application_frame(actor):
        await CancellationWizard(actor, None, None).build()


wizard_pages(PATH, TITLE, STEPS, CancellationWizard)
