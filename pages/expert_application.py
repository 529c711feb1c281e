"""专家申请 在线申请 (R10.7): 条件自检 → 专家申请 → 操作完成, and what CCAA staff see of it.

Choices are saved the moment they are made, texts as they are typed, 证明材料 the moment they are uploaded; the
draft reopens at the step it was left at.
"""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from domain import cases, files
from domain import expert_application_form as applications
from domain.actors import Actor
from domain.certificates import FIELD_SCOPES
from domain.errors import DomainError
from domain.expert_application import SERVICE_CODE
from pages.application_wizard import ApplicationWizard, application_frame, precheck_list, wizard_pages
from pages.files import file_link
from pages.grievances import FILE_RULE
from pages.session import actor_of
from pages.workspace import CASE_SECTIONS, changed_facts, fact, section_start
from ui.attachment_list import AttachmentList, Attachments
from ui.call import call
from ui.scoring_panel import ScoringPanel
from ui.step_wizard import wizard_nav

PATH = '/apply/expert_application'
TITLE = '专家申请'
STEPS = (('precheck', '条件自检'), ('info', '专家申请'), ('done', '操作完成'))
LABELS = applications.LABELS


class ExpertApplicationWizard(ApplicationWizard):
    def __init__(self, actor: Actor, case_id: int | None, step: str | None) -> None:
        super().__init__(actor, case_id, step, path=PATH, title=TITLE, steps=STEPS,
                         load_service=applications.application, save_service=applications.save_info)

    async def show_step(self, step: str) -> None:
        await (self.info() if step == 'info' else self.precheck())

    async def precheck(self) -> None:
        items = await call(applications.precheck, self.actor, self.case_id)
        precheck_list(items)
        failed = next((item for item in items if not item.passed), None)

        async def next_step() -> None:
            if failed is not None:
                ui.notify(failed.detail, type='warning')
                return
            if self.case_id:
                await self.go('info')
                return
            try:
                view = await call(applications.start, self.actor)
            except DomainError as error:
                ui.notify(error.message, type='warning')
                return
            ui.navigate.to(f'{PATH}/{view.case.id}?step=info')

        wizard_nav(on_previous=None, on_save=self.save_draft if self.case_id else None, on_next=next_step)

    async def info(self) -> None:
        view: applications.ExpertApplicationView = self.view
        with ui.column().classes('w-full gap-3 ccaa-card q-pa-md'):
            ui.label(f'* {TITLE}信息').classes('text-subtitle1 text-weight-bold')
            self.fields['fields'] = ui.select(
                {code: f'{code} {name}' for code, name in FIELD_SCOPES.items()}, multiple=True,
                label=f'* {LABELS["fields"]}', value=list(view.fields),
                on_change=lambda e: self.save('fields', e.value or [])) \
                .props('outlined use-chips data-testid=field-fields').classes('w-full')
            with ui.element('div').classes('w-full grid grid-cols-1 md:grid-cols-2 gap-x-4 gap-y-3'):
                self.fields['title'] = ui.select(
                    list(applications.TITLES), label=f'* {LABELS["title"]}', value=view.title,
                    on_change=lambda e: self.save('title', e.value)) \
                    .props('outlined data-testid=field-title').classes('w-full')
                self.fields['years'] = ui.number(
                    f'* {LABELS["years"]}', value=view.years, on_change=lambda e: self.save('years', e.value)) \
                    .props('outlined suffix=年 data-testid=field-years').classes('w-full')
            self.text_field('employer', f'* {LABELS["employer"]}', view.employer, applications.LIMITS['employer'])
            self.text_field('resume', f'* {LABELS["resume"]}', view.resume, applications.LIMITS['resume'],
                            multiline=True, placeholder='专业特长、主要工作经历及从事认证工作的情况')
            self.fields['evidence'] = AttachmentList(  # type: ignore[assignment]
                LABELS['evidence'], _pairs(view), link_of=file_link, on_upload=self.attach, on_remove=self.detach,
                max_files=applications.EVIDENCE.limit, accept=files.ACCEPT, max_bytes=files.MAX_UPLOAD_BYTES,
                rule=FILE_RULE)
        wizard_nav(on_previous=self.previous, on_save=self.save_texts_then_draft, on_next=self.info_next)

    async def attach(self, name: str, data: bytes) -> Attachments:
        try:
            self.view = await call(applications.attach, self.actor, self.case_id, name, data)
        except DomainError as error:
            raise ValueError(error.message) from None
        return _pairs(self.view)

    async def detach(self, file_id: int) -> Attachments:
        try:
            self.view = await call(applications.detach, self.actor, self.case_id, file_id)
        except DomainError as error:
            raise ValueError(error.message) from None
        return _pairs(self.view)

    async def save_texts_then_draft(self) -> None:
        await self.save_texts()
        await self.save_draft()

    async def previous(self) -> None:
        await self.save_texts()
        await self.go('precheck')

    async def info_next(self) -> None:
        # a value refused (e.g. 61 years) is still in its field: the draft holds an older one
        if not await self.save_texts() or self.refused:
            ui.notify('请完善申请信息', type='warning')
            return
        found = await call(applications.problems, self.actor, self.case_id)
        for problem in found:
            self.show_error(problem.field, problem.message)
        if found:
            ui.notify('请完善申请信息', type='warning')
            return
        facts = await call(applications.facts, self.actor, self.case_id)
        await self.review_and_submit(list(facts.items()), applications.submit)


def _pairs(view: applications.ExpertApplicationView) -> Attachments:
    return [(a.file_id, a.name) for a in view.attachments]


@ui.page(PATH, title=f'{TITLE} - CCAA综合服务平台')
async def new_expert_application(request: Request) -> None:
    actor = actor_of(request)
    async with application_frame(actor):
        await ExpertApplicationWizard(actor, None, None).build()


wizard_pages(PATH, TITLE, STEPS, ExpertApplicationWizard)


async def application_section(actor: Actor, case: cases.CaseView) -> ScoringPanel | None:
    """专家申请信息 with the 证明材料 to open, and what changed in it since it was last returned (R14.3)."""
    facts = await call(applications.facts, actor, case.id)
    view = await call(applications.application, actor, case.id)
    changed = changed_facts(await section_start(actor, case, f'{TITLE}信息'))
    wide = (LABELS['resume'], LABELS['evidence'])
    with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 md:grid-cols-4 gap-x-6 gap-y-2') \
            .props('data-testid=application-facts'):
        for label, value in facts.items():
            if label not in wide:
                fact(label, value, label in changed)
    fact(LABELS['resume'], facts[LABELS['resume']], LABELS['resume'] in changed, wide=True)
    fact(LABELS['evidence'], '', LABELS['evidence'] in changed,
         links=[(a.name, file_link(a.file_id)) for a in view.attachments])
    return None


CASE_SECTIONS[SERVICE_CODE] = application_section
