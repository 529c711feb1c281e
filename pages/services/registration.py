"""人员注册申请 在线申请 (R5.1–R5.4): 条件自检 → 个人注册申请 → 个人信息填报 → 操作完成.

Every choice is saved the moment it is made, so closing the tab or losing the connection loses nothing; the
draft reopens at the step it was left at.
"""
from __future__ import annotations

from nicegui import ui

from domain.engine import cases, experiences
from domain.engine.experiences import KINDS
from domain.records import specialties
from domain.services.registration import application as applications
from domain.services.registration import eligibility
from domain.services.registration.workflow import SERVICE_CODE
from domain.shared.actors import Actor
from domain.shared.errors import DomainError
from pages.application_wizard import (
    ApplicationWizard,
    precheck_list,
    wizard_pages,
)
from pages.experience_sections import case_section
from pages.workspace import CASE_SECTIONS, declared_section, review_rows
from ui.call import call
from ui.scoring_panel import ScoringPanel
from ui.step_wizard import wizard_nav

STEPS = (('precheck', '条件自检'), ('info', '个人注册申请'), ('experience', '个人信息填报'), ('done', '操作完成'))
INFO_FIELDS = ('application_type', 'grade', 'field', 'sub_field', 'narrow_scope', 'payer', 'body_id')


class RegistrationWizard(ApplicationWizard):
    def __init__(self, actor: Actor, case_id: int | None, step: str | None) -> None:
        super().__init__(actor, case_id, step, path='/apply/registration', title='人员注册申请', steps=STEPS,
                         load_service=applications.application, save_service=applications.save_info)

    async def show_step(self, step: str) -> None:
        await {'precheck': self.precheck, 'info': self.info, 'experience': self.experience}[step]()

    # -- steps -------------------------------------------------------------------------------------------

    async def precheck(self) -> None:
        items = await call(applications.precheck, self.actor, self.case_id)
        precheck_list(items)
        if not self.case_id:
            ui.label('选择申请级别并填报经历后，系统将按学历和工作年限自动核对申请条件。').classes('text-caption text-grey-7')
        blocked = any(not item.passed and item.label == '实名认证' for item in items)

        async def next_step() -> None:
            if blocked:
                ui.notify('请先完成实名认证', type='warning')
                return
            if not self.case_id:
                view = await call(applications.start, self.actor)
                ui.navigate.to(f'/apply/registration/{view.case.id}?step=info')
            else:
                await self.go('info')

        wizard_nav(on_previous=None, on_save=self.save_draft if self.case_id else None, on_next=next_step)

    async def info(self) -> None:
        assert self.view is not None
        bodies = await call(applications.certification_bodies)
        view = self.view
        with ui.column().classes('w-full gap-3 ccaa-card q-pa-md'):
            ui.label('* 申请信息').classes('text-subtitle1 text-weight-bold')
            self.radio_field('application_type', '* 申请类型', list(applications.APPLICATION_TYPES), view.application_type)
            grade = self.radio_field('grade', '* 申请级别', eligibility.grades(), view.grade)
            grade.bind_visibility_from(self.fields['application_type'], 'value', backward=lambda v: v == '体系认证审核员')
            self.specialty_fields(view)
            self.radio_field('narrow_scope', '* 是否缩小专业范围', {True: '是', False: '否'}, view.narrow_scope)
            self.radio_field('payer', '* 付款方式', applications.PAYERS, view.payer)
            self.fields['body_id'] = ui.select(dict(bodies), label='* 执业机构', value=view.body_id, with_input=True,
                                               on_change=lambda e: self.save('body_id', e.value)) \
                .props('outlined').classes('w-96 max-w-full')
            self.fields['body_id'].props['hint'] = '请选择【执业机构】，(可输入筛选)'  # set directly: props() drops it
        wizard_nav(on_previous=lambda: self.go('precheck'), on_save=self.save_draft, on_next=self.info_next)

    def specialty_fields(self, view: applications.ApplicationView) -> None:
        """申请专业 and, beside it, its 子专业 when the field has any (the manual's 'QMS QMS建工')."""
        with ui.row().classes('gap-3 items-start'):
            self.fields['field'] = ui.select(list(applications.FIELDS), label='* 申请专业', value=view.field,
                                             on_change=lambda e: self.save_field(e.value)) \
                .props('outlined').classes('w-64 max-w-full')
            sub = ui.select(list(specialties.sub_specialties(view.field)), label='子专业（可选）', value=view.sub_field,
                            clearable=True, on_change=lambda e: self.save('sub_field', e.value)) \
                .props('outlined data-testid=field-sub_field').classes('w-64 max-w-full')
            sub.set_visibility(bool(sub.options))
            self.fields['sub_field'] = sub

    async def save_field(self, field: str | None) -> None:
        """Another field offers its own 子专业; the one chosen before is dropped by the domain."""
        if await self.save('field', field) and self.view is not None:
            sub = self.fields['sub_field']
            sub.set_options(list(specialties.sub_specialties(field)), value=self.view.sub_field)  # type: ignore[attr-defined]
            sub.set_visibility(bool(sub.options))  # type: ignore[attr-defined]

    async def info_next(self) -> None:
        found = [p for p in await call(applications.problems, self.actor, self.case_id) if p.field in INFO_FIELDS]
        for problem in found:
            self.show_error(problem.field, problem.message)
        if found:
            ui.notify('请完善申请信息', type='warning')
            return
        await self.go('experience')

    async def experience(self) -> None:
        ui.label('需要添加的经历可以点击“添加”按钮直接添加或点击“从基本信息库添加”从已有的经历中勾选相关经历。') \
            .classes('text-body2 text-grey-8')
        for kind in KINDS.values():
            await case_section(self.actor, kind, self.case_id, editable=True)  # type: ignore[arg-type]
        wizard_nav(on_previous=lambda: self.go('info'), on_save=self.save_draft, on_next=self.review)

    async def review(self) -> None:
        """Check your answers, then 提交."""
        found = await call(applications.problems, self.actor, self.case_id)
        view = await call(applications.application, self.actor, self.case_id)
        bodies = dict(await call(applications.certification_bodies))
        counts = {kind.title: len(await call(experiences.list_case_rows, self.actor, code, self.case_id))
                  for code, kind in KINDS.items()}
        with ui.dialog() as dialog, ui.card().style('width: 40rem; max-width: 95vw'):
            dialog.props['aria-label'] = '请核对申请信息'
            ui.label('请核对申请信息').classes('text-h6')
            for label, value in (('申请类型', view.application_type), ('申请级别', view.grade),
                                 ('申请专业', specialties.specialty_text(view.field, view.sub_field)),
                                 ('是否缩小专业范围', {True: '是', False: '否'}.get(view.narrow_scope)),  # type: ignore[call-overload]
                                 ('付款方式', applications.PAYERS.get(view.payer or '')),
                                 ('执业机构', bodies.get(view.body_id))):  # type: ignore[arg-type]
                with ui.row().classes('gap-2'):
                    ui.label(f'{label}：').classes('text-grey-7')
                    ui.label(value or '—')
            ui.label('，'.join(f'{title} {n} 条' for title, n in counts.items())).classes('text-body2')
            if found:
                ui.label('以下问题需要处理后才能提交：').classes('text-negative text-weight-bold')
                for problem in found:
                    ui.label(f'· {problem.message}').classes('text-negative').props('data-testid=submit-problem')
            with ui.row().classes('w-full justify-end'):
                ui.button('返回修改', on_click=lambda: dialog.submit(False)).props('flat')
                submit_button = ui.button('提交', on_click=lambda: dialog.submit(True)) \
                    .props('unelevated color=primary data-testid=wizard-submit')
                if found:
                    submit_button.disable()
        if await dialog:
            try:
                await call(applications.submit, self.actor, self.case_id)
            except DomainError as error:
                ui.notify(error.message, type='negative', multi_line=True)
                return
            ui.navigate.to(f'/apply/registration/{self.case_id}/done')



wizard_pages('/apply/registration', '人员注册申请', STEPS, RegistrationWizard)


async def registration_section(actor: Actor, case: cases.CaseView) -> ScoringPanel:
    """The 申请信息 as the applicant filled it in (申请类型, 申请专业, 是否缩小专业范围, 付款方式, 执业机构; #14), then
    申请材料: each experience row with its 审核结果 — for reviewers and on the applicant's 查看 alike."""
    await declared_section(actor, case)
    return await review_rows(actor, case, show_changes=False)  # the 申请信息 above listed them


CASE_SECTIONS[SERVICE_CODE] = registration_section
