"""申诉 and 投诉 在线申请 (R8.1, manual §3.4.1 and §3.5.1): 须知 → 填写信息 → 操作完成, one wizard for both, and what
CCAA staff and the assigned expert see of them.

Texts are saved as they are typed; attachments the moment they are uploaded.
"""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from domain import cases
from domain import grievance_application as grievances
from domain.actors import Actor
from pages.application_wizard import ApplicationWizard, application_frame, wizard_pages
from pages.files import file_link
from pages.session import actor_of
from pages.workspace import CASE_SECTIONS, changed_facts, fact, section_start
from ui.call import call
from ui.scoring_panel import ScoringPanel
from ui.step_wizard import wizard_nav

PATH = '/apply/{service}'


def wizard_for(service_code: str) -> type[ApplicationWizard]:
    form = grievances.FORMS[service_code]
    path = PATH.format(service=service_code)
    steps = (('precheck', f'{form.title}须知'), ('info', f'填写{form.title}信息'), ('done', '操作完成'))

    class GrievanceWizard(ApplicationWizard):
        STEPS = steps

        def __init__(self, actor: Actor, case_id: int | None, step: str | None) -> None:
            super().__init__(actor, case_id, step, path=path, title=form.title, steps=steps,
                             load_service=grievances.application, save_service=grievances.save_info)

        async def show_step(self, step: str) -> None:
            await (self.info() if step == 'info' else self.precheck())

        async def precheck(self) -> None:
            await self.precheck_step(grievances.precheck, lambda: call(grievances.start, self.actor, service_code),
                                     notice=(f'{form.title}须知', form.notice))

        async def info(self) -> None:
            view: grievances.GrievanceView = self.view
            labels = form.labels
            with ui.column().classes('w-full gap-3 ccaa-card q-pa-md'):
                ui.label(f'* {form.title}信息').classes('text-subtitle1 text-weight-bold')
                self.text_field('subject', f'* {labels["subject"]}', view.subject, grievances.LIMITS['subject'])
                with ui.element('div').classes('w-full grid grid-cols-1 md:grid-cols-2 gap-x-4'):
                    self.text_field('respondent', f'* {labels["respondent"]}', view.respondent,
                                    grievances.LIMITS['respondent'])
                    self.text_field('related_case_no', labels['related_case_no'], view.related_case_no, 14,
                                    placeholder='选填，14位业务号')
                self.text_field('facts', f'* {labels["facts"]}', view.facts, grievances.LIMITS['facts'],
                                multiline=True)
                self.text_field('request', f'* {labels["request"]}', view.request, grievances.LIMITS['request'],
                                multiline=True)
                self.attachment_field('attachments', '附件', grievances.attach, grievances.detach,
                                      grievances.MAX_FILES)
            wizard_nav(on_previous=self.previous, on_save=self.save_texts_then_draft, on_next=self.info_next)

        async def info_next(self) -> None:
            await self.check_then_review(grievances.problems, grievances.facts, grievances.submit)

    return GrievanceWizard


def _register(service_code: str) -> None:
    form = grievances.FORMS[service_code]
    wizard = wizard_for(service_code)
    path = PATH.format(service=service_code)

    @ui.page(path, title=f'{form.title} - CCAA综合服务平台')
    async def new_grievance(request: Request) -> None:
        actor = actor_of(request)
        async with application_frame(actor):
            await wizard(actor, None, None).build()

    wizard_pages(path, form.title, wizard.STEPS, wizard)  # type: ignore[attr-defined]
    CASE_SECTIONS[service_code] = application_section


async def application_section(actor: Actor, case: cases.CaseView) -> ScoringPanel | None:
    """The appeal's or complaint's 申请信息 with its attachments to open, and what changed since a return (R14.3)."""
    view = await call(grievances.application, actor, case.id)
    form = view.form
    changed = changed_facts(await section_start(actor, case, f'{form.title}信息'))
    with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-3 gap-x-6 gap-y-2') \
            .props('data-testid=application-facts'):
        for name in ('subject', 'respondent', 'related_case_no'):
            label = form.labels[name]
            fact(label, getattr(view, name), label in changed)
    for name in ('facts', 'request'):
        label = form.labels[name]
        fact(label, getattr(view, name), label in changed, wide=True)
    fact('附件', '', '附件' in changed, links=[(a.name, file_link(a.file_id)) for a in view.attachments])
    return None


for _code in grievances.SERVICES:
    _register(_code)
