"""培训计划 (R10.4): the training body's 培训计划上报 — 条件自检 → 培训计划 (培训编号, 备案课程, dates, 培训方式 and
地点, 计划人数, 授课教师) → 操作完成 —, its 终止 on the plan's page, and the teachers' 培训课程管理 › 培训计划管理
(manual §5.2.1) with the filters 课程类别, 课程名称 and 确认状态, 详情, and 确认 with 确认结果 and 理由."""
from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from nicegui import ui

from domain.engine import cases
from domain.services.training_plan import application as plans
from domain.services.training_plan import teachers
from domain.services.training_plan.workflow import SERVICE_CODE
from domain.shared.actors import Actor
from domain.shared.errors import DomainError, Invalid
from pages.application_wizard import ApplicationWizard, wizard_pages
from pages.layout import user_centre_frame
from pages.session import actor_of
from pages.teacher_lists import TeacherList
from pages.workspace import CASE_SECTIONS, declared_section
from ui.answer_dialogs import facts_dialog
from ui.call import call
from ui.field_error import show_field_error
from ui.form import date_input
from ui.scoring_panel import ScoringPanel
from ui.step_wizard import wizard_nav

PATH = '/apply/training_plan'
TITLE = '培训计划上报'
STEPS = (('precheck', '条件自检'), ('info', '培训计划'), ('done', '操作完成'))
FULL_DATE = re.compile(r'\d{4}-\d{2}-\d{2}')


class PlanWizard(ApplicationWizard):
    def __init__(self, actor: Actor, case_id: int | None, step: str | None) -> None:
        super().__init__(actor, case_id, step, path=PATH, title=TITLE, steps=STEPS,
                         load_service=plans.application, save_service=plans.save_info)
        self.teacher_select: ui.select | None = None

    async def show_step(self, step: str) -> None:
        await (self.info() if step == 'info' else self.precheck())

    async def precheck(self) -> None:
        await self.precheck_step(plans.precheck, lambda: call(plans.start, self.actor))

    async def info(self) -> None:
        view: plans.PlanView = self.view
        courses = dict(await call(plans.course_options, self.actor))
        with ui.column().classes('w-full gap-3 ccaa-card q-pa-md'):
            ui.label('* 培训计划信息').classes('text-subtitle1 text-weight-bold')
            self.text_field('plan_no', '* 培训编号', view.plan_no, plans.PLAN_NO_MAX, placeholder='如 BA2026012-2026007')
            self.fields['filing_case_id'] = ui.select(courses, label='* 备案课程', value=view.filing_case_id,
                                                      on_change=lambda e: self.choose_course(e.value)) \
                .props('outlined data-testid=field-filing_case_id').classes('w-full')
            with ui.row().classes('w-full gap-4'):
                for name, label in (('start_on', '* 培训开始日期'), ('end_on', '* 培训结束日期')):
                    value = getattr(view, name)
                    field = date_input(label, value.isoformat() if value else '') \
                        .props(f'outlined data-testid=field-{name}').classes('w-64 max-w-full')
                    field.on_value_change(lambda e, n=name: self.date_typed(n, e.value))
                    field.on('blur', lambda _, n=name, f=field: self.save(n, (f.value or '').strip() or None))
                    self.fields[name] = field
            self.radio_field('online', '* 培训方式', plans.MODES, view.online)
            self.text_field('place', '培训地点', view.place, plans.PLACE_MAX, placeholder='线下培训必填')
            self.fields['capacity'] = ui.number('* 计划人数', value=view.capacity,
                                                on_change=lambda e: self.save('capacity', e.value)) \
                .props('outlined suffix=人 data-testid=field-capacity').classes('w-48')
            self.teacher_select = ui.select(dict(await call(plans.teacher_options, self.actor, view.filing_case_id)),
                                            multiple=True, label='* 授课教师', value=list(view.teacher_ids),
                                            on_change=lambda e: self.save('teacher_ids', e.value or [])) \
                .props('outlined use-chips data-testid=field-teacher_ids').classes('w-full')
            self.teacher_select.props['hint'] = '只能选择讲授该备案课程的教师'
            self.fields['teacher_ids'] = self.teacher_select
        wizard_nav(on_previous=self.previous, on_save=self.save_texts_then_draft, on_next=self.info_next)

    async def date_typed(self, name: str, value: str | None) -> None:
        """A date picked, cleared or typed out in full is saved at once; one half typed waits for the field's blur."""
        text = (value or '').strip()
        if not text or FULL_DATE.fullmatch(text):
            await self.save(name, text or None)

    async def choose_course(self, filing_case_id: object | None) -> None:
        if await self.save('filing_case_id', filing_case_id) and self.teacher_select is not None:
            options = dict(await call(plans.teacher_options, self.actor, self.view.filing_case_id))
            self.teacher_select.set_options(options, value=list(self.view.teacher_ids))

    async def info_next(self) -> None:
        await self.check_then_review(plans.problems, plans.facts, plans.submit)


wizard_pages(PATH, TITLE, STEPS, PlanWizard)


async def plan_section(actor: Actor, case: cases.CaseView) -> ScoringPanel | None:
    """The plan's 申请信息, and 终止 for the body while the plan has not ended."""
    await declared_section(actor, case)
    if not await call(plans.may_terminate, actor, case.id):
        return None

    def ask() -> None:
        with ui.dialog() as dialog, ui.card().style('width: 32rem; max-width: 95vw').props('data-testid=terminate'):
            dialog.props['aria-label'] = '终止培训计划'
            ui.label('终止培训计划').classes('text-h6')
            reason = ui.textarea('* 终止原因').props('outlined autogrow counter maxlength=1000').classes('w-full')

            async def submit() -> None:
                try:
                    await call(plans.terminate, actor, case.id, reason.value or '', case.version)
                except Invalid as error:
                    show_field_error(reason, error.message)
                    return
                except DomainError as error:
                    ui.notify(error.message, type='negative')
                    dialog.close()
                    return
                ui.notify('培训计划已终止', type='positive')
                ui.navigate.reload()

            with ui.row().classes('w-full justify-end'):
                ui.button('取消', on_click=dialog.close).props('flat')
                ui.button('终止', on_click=submit).props('unelevated color=negative data-testid=terminate-submit')
        dialog.open()

    ui.button('终止培训计划', on_click=ask).props('outline color=negative data-testid=terminate-plan')
    return None


CASE_SECTIONS[SERVICE_CODE] = plan_section


# -- 培训计划管理: the teachers' side -------------------------------------------------------------------

COLUMNS = [{'name': 'plan_no', 'label': '培训编号', 'field': 'plan_no', 'align': 'left'},
           {'name': 'course', 'label': '课程名称', 'field': 'course', 'align': 'left'},
           {'name': 'category', 'label': '课程类别', 'field': 'category', 'align': 'left'},
           {'name': 'status', 'label': '确认状态', 'field': 'status', 'align': 'left'},
           {'name': 'terminated', 'label': '是否终止', 'field': 'terminated', 'align': 'left'},
           {'name': 'actions', 'label': '操作', 'field': 'case_id', 'align': 'left'}]


class PlanList(TeacherList):
    menu, columns, testid, empty = '培训计划管理', COLUMNS, 'plans', '暂无培训计划'
    confirm_title, reason_label = '培训计划教师确认', '理由'

    def filters(self) -> None:
        self.course = ui.input('课程名称').props('outlined dense clearable data-testid=filter-course').classes('w-56')
        self.status = ui.select(['全部', *teachers.STATUSES], value='待确认', label='确认状态') \
            .props('outlined dense data-testid=filter-status').classes('w-40')

    def reset_filters(self) -> None:
        self.course.set_value('')
        self.status.set_value('待确认')

    async def rows(self, category_id: object | None) -> list[dict[str, Any]]:
        found = await call(teachers.my_plans, self.actor, category_id, self.course.value or '',  # type: ignore[arg-type]
                           self.status.value)
        return [{'case_id': r.case_id, 'plan_no': r.plan_no, 'course': r.course_name, 'category': r.category_path,
                 'status': r.status, 'terminated': '是' if r.terminated else '否', 'can_confirm': r.can_confirm}
                for r in found]

    async def show_detail(self, case_id: int) -> None:
        try:
            row, facts, reason = await call(teachers.detail, self.actor, case_id)
        except DomainError as error:
            ui.notify(error.message, type='negative')
            return
        facts_dialog(f'培训计划详情　{row.plan_no}', [*facts.items(), ('我的确认状态', row.status), ('我的理由', reason)])

    async def answer(self, case_id: int, result: str, reason: str) -> None:
        await call(teachers.confirm, self.actor, case_id, result, reason)


@ui.page('/my/courses/plans', title='培训计划管理 - CCAA综合服务平台')
async def plans_page(request: Request) -> None:
    actor = actor_of(request)
    async with user_centre_frame(actor, '培训课程管理'):
        if not actor.is_teacher:
            ui.label('只有培训教师可以查看培训计划').classes('text-grey-7')
            return
        await PlanList(actor).build()
