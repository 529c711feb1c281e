"""年度确认申请 在线申请 (R6.1, R6.2): 条件自检 → 年度确认申请 → 操作完成, and what reviewers see of it (R6.3).

Every choice is saved the moment it is made, texts when the field is left, so closing the tab loses at most the
text being typed; the draft reopens at the step it was left at.
"""
from __future__ import annotations

import re

from nicegui import ui

from domain.services.annual_confirmation import application as applications
from domain.shared.actors import Actor
from pages.application_wizard import ApplicationWizard, wizard_pages
from ui.call import call
from ui.form import date_input
from ui.step_wizard import wizard_nav

PATH = '/apply/annual_confirmation'
TITLE = '年度确认申请'
STEPS = (('precheck', '条件自检'), ('info', '年度确认申请'), ('done', '操作完成'))
FORM_FIELDS = ('certificate_id', *applications.QUESTIONS, *applications.DATES, 'confirm_year', *applications.TEXTS)
FULL_DATE = re.compile(r'\d{4}-\d{2}-\d{2}')


class AnnualConfirmationWizard(ApplicationWizard):
    def __init__(self, actor: Actor, case_id: int | None, step: str | None) -> None:
        super().__init__(actor, case_id, step, path=PATH, title=TITLE, steps=STEPS,
                         load_service=applications.application, save_service=applications.save_info)
        self.years: dict[int, tuple[int, ...]] = {}

    async def show_step(self, step: str) -> None:
        await (self.info() if step == 'info' else self.precheck())

    # -- steps -------------------------------------------------------------------------------------------

    async def precheck(self) -> None:
        await self.precheck_step(applications.precheck, lambda: call(applications.start, self.actor))

    async def info(self) -> None:
        view = self.view
        assert view is not None
        due = await call(applications.due_certificates, self.actor)
        self.years = {c.id: c.years for c in due}
        certificates = {c.id: c.label for c in due}
        if view.certificate_id is not None and view.certificate_id not in certificates:
            certificates[view.certificate_id] = (await call(applications.facts, self.actor, view.case.id))['证书信息']
            self.years[view.certificate_id] = (view.confirm_year,) if view.confirm_year else ()
        if not certificates:
            with ui.column().classes('w-full items-center gap-2 q-pa-lg').props('data-testid=no-due-certificate'):
                ui.icon('info', color='primary').classes('text-h3')
                ui.label(applications.NO_DUE_CERTIFICATE).classes('text-subtitle1 text-center')
                ui.label('证书快到期或者已过期，或有尚未确认的年度时，可以进行年度确认。').classes('text-grey-8 text-center')
                ui.link('查看我的证书', '/my/certificates')
            wizard_nav(on_previous=lambda: self.go('precheck'), on_save=None, on_next=None)
            return
        with ui.column().classes('w-full gap-3 ccaa-card q-pa-md'):
            ui.label(f'* {TITLE}').classes('text-subtitle1 text-weight-bold')
            self.fields['certificate_id'] = ui.select(
                certificates, label='* 证书信息', value=view.certificate_id, on_change=self.choose_certificate) \
                .props('outlined data-testid=field-certificate_id').classes('w-full max-w-xl')
            for name, label in applications.QUESTIONS.items():
                self.radio_field(name, f'* {label}', applications.YES_NO, getattr(view, name))
            with ui.row().classes('w-full gap-4'):
                for name, label in applications.DATES.items():
                    value = getattr(view, name)
                    field = date_input(label, value.isoformat() if value else '') \
                        .props(f'outlined data-testid=field-{name}').classes('w-64 max-w-full')
                    field.on_value_change(lambda e, n=name: self.date_changed(n, e.value))
                    field.on('blur', lambda _, n=name, f=field: self.save_date(n, f.value))
                    self.fields[name] = field
            self.fields['confirm_year'] = ui.select(
                list(self.years.get(view.certificate_id, ())) if view.certificate_id else [], label='* 确认年度',
                value=view.confirm_year, on_change=lambda e: self.save('confirm_year', e.value)) \
                .props('outlined data-testid=field-confirm_year').classes('w-64 max-w-full')
            for name, label in applications.TEXTS.items():
                area = ui.textarea(label, value=getattr(view, name), placeholder=f'请输入{label}') \
                    .props(f'outlined autogrow counter maxlength={applications.MAX_TEXT} data-testid=field-{name}') \
                    .classes('w-full')
                area.on('blur', lambda _, n=name, a=area: self.save(n, a.value or ''))
                self.fields[name] = area
        wizard_nav(on_previous=self.previous, on_save=self.save_all_then_draft, on_next=self.info_next)

    # -- autosave ----------------------------------------------------------------------------------------

    async def choose_certificate(self, event) -> None:  # type: ignore[no-untyped-def]
        if await self.save('certificate_id', event.value):
            year_select = self.fields['confirm_year']
            year_select.set_options(list(self.years.get(event.value, ())), value=self.view.confirm_year)  # type: ignore[attr-defined]
            self.clear_error('confirm_year')

    async def date_changed(self, name: str, value: str | None) -> None:
        """A date picked, cleared, or typed out in full is saved at once; a date half typed waits for blur."""
        text = (value or '').strip()
        if not text or FULL_DATE.fullmatch(text):
            await self.save_date(name, text)

    async def save_date(self, name: str, value: str | None) -> None:
        text = (value or '').strip()
        current = getattr(self.view, name)
        if text == (current.isoformat() if current else '') and not self.fields[name].props.get('error'):
            return
        if await self.save(name, text):
            self.show_period()

    def show_period(self) -> None:
        """专业发展结束时间 before 专业发展开始时间: said beside the end at once (saved all the same)."""
        problem = applications.period_problem(self.view.development_start, self.view.development_end)
        if problem is not None:
            self.show_error(problem.field, problem.message)
        else:
            self.clear_error('development_end')

    async def save_typed(self) -> bool:
        """What is still only in the page (texts, half-typed dates) into the draft; False when a field refused."""
        saved = True
        for name in (*applications.DATES, *applications.TEXTS):
            element = self.fields.get(name)
            if element is None:
                continue
            value = (element.value or '').strip() if name in applications.DATES else (element.value or '')  # type: ignore[attr-defined]
            current = getattr(self.view, name)
            if name in applications.DATES:
                current = current.isoformat() if current else ''
            if value != current:
                saved = await self.save(name, value) and saved
        return saved

    async def save_all_then_draft(self) -> None:
        await self.save_typed()
        await self.save_draft()

    async def previous(self) -> None:
        await self.save_typed()
        await self.go('precheck')

    async def info_next(self) -> None:
        if not await self.save_typed():
            ui.notify('请完善申请信息', type='warning')
            return
        found = await call(applications.problems, self.actor, self.case_id)
        for problem in found:
            self.show_error(problem.field, problem.message)
        if found:
            ui.notify('请完善申请信息', type='warning')
            return
        await self.review()

    async def review(self) -> None:
        facts = await call(applications.facts, self.actor, self.case_id)
        await self.review_and_submit(list(facts.items()), applications.submit)


# -- pages -------------------------------------------------------------------------------------------------

wizard_pages(PATH, TITLE, STEPS, AnnualConfirmationWizard)
