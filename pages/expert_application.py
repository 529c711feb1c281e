"""专家申请 在线申请 (R10.7): 条件自检 → 专家申请 → 操作完成, and what CCAA staff see of it.

Choices are saved the moment they are made, texts as they are typed, 证明材料 the moment they are uploaded; the
draft reopens at the step it was left at.
"""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from domain import cases
from domain import expert_application_form as applications
from domain.actors import Actor
from domain.certificates import FIELD_SCOPES
from domain.expert_application import SERVICE_CODE
from pages.application_wizard import ApplicationWizard, application_frame, wizard_pages
from pages.files import file_link
from pages.session import actor_of
from pages.workspace import CASE_SECTIONS, changed_facts, fact, section_start
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
        await self.precheck_step(applications.precheck, lambda: call(applications.start, self.actor))

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
            self.attachment_field('evidence', LABELS['evidence'], applications.attach, applications.detach,
                                  applications.EVIDENCE.limit)
        wizard_nav(on_previous=self.previous, on_save=self.save_texts_then_draft, on_next=self.info_next)

    async def info_next(self) -> None:
        await self.check_then_review(applications.problems, applications.facts, applications.submit)


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
