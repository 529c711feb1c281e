"""课程备案 (R10.2): the training body's wizard — 条件自检 → 课程备案 (课程名称, 课程类别 in three cascading selects,
授课教师 among those bound to it, 课程大纲, 课程资料) → 操作完成 — and the teachers' 培训课程管理 › 课程备案管理
(manual §5.1.2): their filings with the filters 课程类别 and 状态, 详情, and 确认 with 确认结果 and 确认意见."""
from __future__ import annotations

from typing import Any

from fastapi import Request
from nicegui import ui

from domain.records import course_categories
from domain.services.course_filing import application as filings
from domain.services.course_filing import teachers
from domain.services.course_unbinding import application as unbindings
from domain.shared.actors import Actor
from domain.shared.errors import DomainError, Invalid
from pages.application_wizard import ApplicationWizard, wizard_pages
from pages.layout import user_centre_frame
from pages.session import actor_of
from pages.teacher_lists import LEVELS, TeacherList
from ui.answer_dialogs import facts_dialog
from ui.call import call
from ui.cascade_select import CascadeSelect
from ui.field_error import show_field_error
from ui.step_wizard import wizard_nav

PATH = '/apply/course_filing'
TITLE = '课程备案'
STEPS = (('precheck', '条件自检'), ('info', '课程备案'), ('done', '操作完成'))


class FilingWizard(ApplicationWizard):
    def __init__(self, actor: Actor, case_id: int | None, step: str | None) -> None:
        super().__init__(actor, case_id, step, path=PATH, title=TITLE, steps=STEPS,
                         load_service=filings.application, save_service=filings.save_info)
        self.teacher_select: ui.select | None = None

    async def show_step(self, step: str) -> None:
        await (self.info() if step == 'info' else self.precheck())

    async def precheck(self) -> None:
        await self.precheck_step(filings.precheck, lambda: call(filings.start, self.actor))

    async def info(self) -> None:
        view: filings.FilingView = self.view
        with ui.column().classes('w-full gap-3 ccaa-card q-pa-md'):
            ui.label('* 课程备案信息').classes('text-subtitle1 text-weight-bold')
            self.text_field('course_name', '* 课程名称', view.course_name, filings.LIMITS['course_name'])
            ui.label('* 课程类别').classes('text-body2')
            picker = CascadeSelect(LEVELS, options_of=self.category_options, on_change=self.choose_category,
                                   name='category')
            self.fields['category_id'] = picker
            await picker.show(view.lineage)
            self.teacher_select = ui.select(dict(await call(filings.teacher_options, self.actor, view.category_id)),
                                            multiple=True, label='* 授课教师', value=list(view.teacher_ids),
                                            on_change=lambda e: self.save('teacher_ids', e.value or [])) \
                .props('outlined use-chips data-testid=field-teacher_ids').classes('w-full')
            self.teacher_select.props['hint'] = '只能选择已绑定该课程类别的教师'
            self.fields['teacher_ids'] = self.teacher_select
            self.text_field('outline', '* 课程大纲', view.outline, filings.LIMITS['outline'], multiline=True,
                            placeholder='课程目标、主要内容、学时安排')
            self.attachment_field('materials', filings.MATERIALS.label, filings.attach, filings.detach,
                                  filings.MATERIALS.limit)
        wizard_nav(on_previous=self.previous, on_save=self.save_texts_then_draft, on_next=self.info_next)

    async def category_options(self, parent_id: object | None) -> list[tuple[object, str]]:
        return await call(course_categories.options, self.actor, parent_id)  # type: ignore[arg-type]

    async def choose_category(self, category_id: object | None) -> None:
        """A category chosen (or the choice undone): its teachers offered, those chosen before cleared."""
        if await self.save('category_id', category_id) and self.teacher_select is not None:
            options = dict(await call(filings.teacher_options, self.actor, self.view.category_id))
            self.teacher_select.set_options(options, value=list(self.view.teacher_ids))

    async def info_next(self) -> None:
        await self.check_then_review(filings.problems, filings.facts, filings.submit)


wizard_pages(PATH, TITLE, STEPS, FilingWizard)


# -- 课程备案管理: the teachers' side -------------------------------------------------------------------

COLUMNS = [{'name': 'case_no', 'label': '业务流水号', 'field': 'case_no', 'align': 'left'},
           {'name': 'category', 'label': '课程类别', 'field': 'category', 'align': 'left'},
           {'name': 'body', 'label': '机构', 'field': 'body', 'align': 'left'},
           {'name': 'status', 'label': '状态', 'field': 'status', 'align': 'left'},
           {'name': 'actions', 'label': '操作', 'field': 'case_id', 'align': 'left'}]


class FilingList(TeacherList):
    menu, columns, testid, empty = '课程备案管理', COLUMNS, 'filings', '暂无课程备案'
    confirm_title = '课程备案教师确认'
    more_buttons = '''
    <q-btn v-if="props.row.can_unbind" flat dense no-caps color="negative" label="解除备案"
           @click="$parent.$emit('unbind', props.row)" />'''

    def filters(self) -> None:
        self.status = ui.select(['全部', *teachers.STATUSES], value='全部', label='状态') \
            .props('outlined dense data-testid=filter-status').classes('w-40')

    def reset_filters(self) -> None:
        self.status.set_value('全部')

    def listen(self, table: ui.table) -> None:
        table.on('unbind', lambda e: self.unbind(e.args['case_id']))

    async def rows(self, category_id: object | None) -> list[dict[str, Any]]:
        found = await call(teachers.my_filings, self.actor, category_id, self.status.value)  # type: ignore[arg-type]
        return [{'case_id': r.case_id, 'case_no': r.case_no, 'category': r.category_path, 'body': r.body_name,
                 'status': r.status, 'can_confirm': r.can_confirm, 'can_unbind': r.can_unbind} for r in found]

    async def show_detail(self, case_id: int) -> None:
        try:
            found = await call(teachers.detail, self.actor, case_id)
        except DomainError as error:
            ui.notify(error.message, type='negative')
            return
        facts_dialog(f'课程备案详情　{found.row.case_no}', [*found.facts.items(), ('我的确认结果', found.my_answer),
                                                            ('我的确认意见', found.my_opinion), ('状态', found.row.status)])

    async def answer(self, case_id: int, result: str, reason: str) -> None:
        await call(teachers.confirm, self.actor, case_id, result, reason)

    async def unbind(self, case_id: int) -> None:
        """解除备案 (R10.3): the reason, then the training body and CCAA staff decide."""
        with ui.dialog() as dialog, ui.card().style('width: 36rem; max-width: 95vw').props('data-testid=unbind'):
            dialog.props['aria-label'] = '解除备案'
            ui.label('解除备案').classes('text-h6')
            ui.label('提交后由培训机构和协会审核，审核通过后解除该课程的备案绑定。').classes('text-caption text-grey-7')
            reason = ui.textarea('* 解除原因') \
                .props(f'outlined autogrow counter maxlength={unbindings.REASON_MAX} data-testid=unbind-reason') \
                .classes('w-full')

            async def submit() -> None:
                try:
                    await call(unbindings.request, self.actor, case_id, reason.value or '')
                except Invalid as error:
                    show_field_error(reason, error.message)
                    return
                except DomainError as error:
                    ui.notify(error.message, type='negative')
                    dialog.close()
                    return
                ui.notify('解除备案已提交，待机构和协会审核', type='positive')
                dialog.close()
                await self.refresh()

            with ui.row().classes('w-full justify-end'):
                ui.button('取消', on_click=dialog.close).props('flat')
                ui.button('提交', on_click=submit).props('unelevated color=primary data-testid=unbind-submit')
        dialog.open()


@ui.page('/my/courses/filings', title='课程备案管理 - CCAA综合服务平台')
async def filings_page(request: Request) -> None:
    actor = actor_of(request)
    async with user_centre_frame(actor, '培训课程管理'):
        if not actor.is_teacher:
            ui.label('只有培训教师可以查看课程备案').classes('text-grey-7')
            return
        await FilingList(actor).build()
