"""培训课程管理 › 课程管理 for teachers (R10.1, manual §5.1.1): the course categories they are bound to, and 绑定课程类别 —
条件自检 → 绑定课程类别 (the category in three cascading selects, 工作经历 or 授课经历 as evidence) → 操作完成.

The category is saved the moment the third level is chosen, the evidence rows as they are added; the draft reopens
at the step it was left at.
"""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from domain.engine.experiences import KINDS
from domain.records import course_categories
from domain.services.course_binding import application as bindings
from domain.services.course_binding.workflow import SERVICE_CODE
from domain.shared import clock
from domain.shared.actors import Actor
from pages.application_wizard import ApplicationWizard, wizard_pages
from pages.experience_sections import case_section
from pages.layout import courses_menu, user_centre_frame
from pages.session import actor_of
from pages.teacher_lists import LEVELS
from pages.workspace import CASE_SECTIONS, declared_section, review_rows
from ui.call import call
from ui.cascade_select import CascadeSelect
from ui.scoring_panel import ScoringPanel
from ui.step_wizard import wizard_nav

PATH = '/apply/course_binding'
TITLE = '绑定课程类别'
STEPS = (('precheck', '条件自检'), ('info', '绑定课程类别'), ('done', '操作完成'))


class BindingWizard(ApplicationWizard):
    def __init__(self, actor: Actor, case_id: int | None, step: str | None) -> None:
        super().__init__(actor, case_id, step, path=PATH, title=TITLE, steps=STEPS,
                         load_service=bindings.application, save_service=bindings.save_info)

    async def show_step(self, step: str) -> None:
        await (self.info() if step == 'info' else self.precheck())

    async def precheck(self) -> None:
        await self.precheck_step(bindings.precheck, lambda: call(bindings.start, self.actor))

    async def info(self) -> None:
        view: bindings.BindingView = self.view
        with ui.column().classes('w-full gap-3 ccaa-card q-pa-md'):
            ui.label('* 课程类别').classes('text-subtitle1 text-weight-bold')
            picker = CascadeSelect(LEVELS, options_of=self.options, on_change=lambda v: self.save('category_id', v),
                                   name='category')
            self.fields['category_id'] = picker
            await picker.show(view.lineage)
            ui.label('请添加工作经历或授课经历（至少一条），作为绑定该课程类别的依据。').classes('text-caption text-grey-7')
            evidence = ui.label('').classes('text-negative text-caption').props('role=alert')
            self.fields['evidence'] = evidence
            evidence.error_label = evidence  # type: ignore[attr-defined]
            for code in bindings.EVIDENCE_KINDS:
                await case_section(self.actor, KINDS[code], self.case_id, editable=True,  # type: ignore[arg-type]
                                   on_change=lambda: self.clear_error('evidence'))
        wizard_nav(on_previous=lambda: self.go('precheck'), on_save=self.save_draft, on_next=self.info_next)

    async def options(self, parent_id: object | None) -> list[tuple[object, str]]:
        return await call(course_categories.options, self.actor, parent_id)  # type: ignore[arg-type]

    async def info_next(self) -> None:
        await self.check_then_review(bindings.problems, bindings.facts, bindings.submit)


wizard_pages(PATH, TITLE, STEPS, BindingWizard)


@ui.page('/my/courses', title='培训课程管理 - CCAA综合服务平台')
async def courses_page(request: Request) -> None:
    """课程管理: the teacher's bound categories and 绑定课程类别."""
    actor = actor_of(request)
    async with user_centre_frame(actor, '培训课程管理'):
        if not await call(bindings.is_active_teacher, actor):
            ui.label(bindings.NOT_TEACHER).classes('text-grey-7')
            return
        with ui.row().classes('w-full items-center justify-between'):
            courses_menu('课程管理')
            ui.button('绑定课程类别', on_click=lambda: ui.navigate.to(PATH)) \
                .props('unelevated color=primary data-testid=bind-category')
        bound = await call(bindings.bound_categories, actor)
        ui.table(columns=[{'name': 'no', 'label': '序号', 'field': 'no', 'align': 'left'},
                          {'name': 'path', 'label': '课程类别', 'field': 'path', 'align': 'left'},
                          {'name': 'at', 'label': '绑定时间', 'field': 'at', 'align': 'left'}],
                 rows=[{'no': i, 'path': b.path, 'at': clock.local_text(b.bound_at)} for i, b in enumerate(bound, 1)],
                 row_key='no').props('flat bordered no-data-label=尚未绑定课程类别 data-testid=bound-categories') \
            .classes('w-full')


async def binding_section(actor: Actor, case: object) -> ScoringPanel | None:
    """The category, then the evidence rows."""
    await declared_section(actor, case)  # type: ignore[arg-type]
    return await review_rows(actor, case)  # type: ignore[arg-type]


CASE_SECTIONS[SERVICE_CODE] = binding_section
