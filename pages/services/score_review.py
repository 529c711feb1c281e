"""考试成绩复核申请 在线申请 (R9.5, manual §4.2): 考试成绩复核申请说明 (read and tick) → 填写表单 → 操作完成, and the
staff's 成绩复核 with 维持原成绩 or 更正成绩."""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from domain.engine import cases
from domain.services.score_review import application as reviews
from domain.shared.actors import Actor
from domain.shared.errors import DomainError, Invalid
from pages.application_wizard import ApplicationWizard, application_frame, wizard_pages
from pages.session import actor_of
from pages.workspace import CASE_SECTIONS, changed_facts, fact, section_start
from ui.call import call
from ui.scoring_panel import ScoringPanel
from ui.step_wizard import wizard_nav

PATH = '/apply/score_review'
TITLE = '考试成绩复核申请'
STEPS = (('precheck', '考试成绩复核申请说明'), ('info', '填写表单'), ('done', '操作完成'))
NOTICE = (
    '成绩复核仅对已公布成绩、且允许成绩复核的考试，在复核截止日期前受理。',
    '复核内容为核对答题卡（试卷）是否漏评、各题得分是否漏计或错计、总分是否有误，不对评分标准进行重新评价。',
    '每位考生每场考试只能申请一次成绩复核；复核结果在4个工作日内通过消息通知，并在 我的考试 中更新成绩。',
)


class ScoreReviewWizard(ApplicationWizard):
    def __init__(self, actor: Actor, case_id: int | None, step: str | None, exam_id: int | None = None) -> None:
        super().__init__(actor, case_id, step, path=PATH, title=TITLE, steps=STEPS,
                         load_service=reviews.application, save_service=reviews.save_info)
        self.exam_id = exam_id  # from 我的考试's 成绩复核

    async def show_step(self, step: str) -> None:
        await (self.info() if step == 'info' else self.precheck())

    async def precheck(self) -> None:
        await self.precheck_step(
            reviews.precheck, lambda: call(reviews.start, self.actor, bool(self.agreed.value), self.exam_id),
            notice=('考试成绩复核申请说明', NOTICE), gate=lambda: None if self.agreed.value else reviews.NOT_AGREED)

    def precheck_extra(self) -> None:
        self.agreed = ui.checkbox('我已阅读并知晓以上说明', value=bool(self.case_id)).props('data-testid=agree')

    async def info(self) -> None:
        view: reviews.ScoreReviewView = self.view
        options = {e.id: e.label for e in await call(reviews.reviewable_exams)}
        if view.exam_id is not None and view.exam_id not in options:
            options[view.exam_id] = (await call(reviews.facts, self.actor, view.case.id))['允许成绩复核考试']
        with ui.column().classes('w-full gap-3 ccaa-card q-pa-md'):
            ui.label('考试成绩复核申请表单').classes('text-subtitle1 text-weight-bold')
            self.fields['exam_id'] = ui.select(options, label='* 允许成绩复核考试', value=view.exam_id,
                                               on_change=lambda e: self.save('exam_id', e.value)) \
                .props('outlined data-testid=field-exam_id').classes('w-full')
            self.text_field('admission_no', '* 准考证号', view.admission_no, 32, placeholder='请输入准考证号')
            self.text_field('reason', '* 复核原因', view.reason, reviews.REASON_MAX, multiline=True,
                            placeholder='请输入复核原因')
        wizard_nav(on_previous=self.previous, on_save=self.save_texts_then_draft, on_next=self.info_next)

    async def info_next(self) -> None:
        """下一步: the exam and 准考证号 are checked against the candidate's registrations before anything is sent."""
        await self.check_then_review(reviews.problems, reviews.facts, reviews.submit, omit=('原成绩', '复核后成绩'))


@ui.page(PATH, title=f'{TITLE} - CCAA综合服务平台')
async def new_score_review(request: Request, exam_id: int | None = None) -> None:
    actor = actor_of(request)
    async with application_frame(actor):
        await ScoreReviewWizard(actor, None, None, exam_id).build()


wizard_pages(PATH, TITLE, STEPS, ScoreReviewWizard, start=False)


async def application_section(actor: Actor, case: cases.CaseView) -> ScoringPanel | None:
    """The application and the scores, and for staff at 成绩复核 the form to record a corrected score."""
    facts = await call(reviews.facts, actor, case.id)
    changed = changed_facts(await section_start(actor, case, '成绩复核申请信息'))
    with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 md:grid-cols-3 gap-x-6 gap-y-2') \
            .props('data-testid=application-facts'):
        for label, value in facts.items():
            if label != '复核原因':
                fact(label, value, label in changed)
    fact('复核原因', facts['复核原因'], '复核原因' in changed, wide=True)
    if any(option.key == 'correct' for option in await call(cases.actions_for, actor, case.id)):
        correction_form(actor, case)
    return None


def correction_form(actor: Actor, case: cases.CaseView) -> None:
    """更正成绩: the reviewed score and why; 维持原成绩 stays with the other buttons below."""
    with ui.column().classes('w-full gap-2 q-pa-md bg-grey-2 rounded-borders').props('data-testid=correction'):
        ui.label('更正成绩').classes('text-subtitle2 text-weight-bold')
        score = ui.input('复核后成绩', placeholder='0–100，最多一位小数').props('outlined dense').classes('w-48')
        note = ui.textarea('复核说明').props('outlined autogrow counter maxlength=1000').classes('w-full')

        async def correct() -> None:
            for field in (score, note):
                if 'error' in field.props:
                    field.props(remove='error error-message')
            try:
                await call(reviews.record_correction, actor, case.id, case.version, score.value or '', note.value or '')
            except Invalid as error:
                field = score if error.field == 'score' else note
                field.props['error'] = True
                field.props['error-message'] = error.message
                field.update()
                return
            except DomainError as error:
                ui.notify(error.message, type='negative')
                return
            ui.notify(f'成绩已更正为 {score.value}', type='positive')
            ui.navigate.to('/staff')

        ui.button('更正成绩', on_click=correct).props('unelevated color=primary data-testid=action-correct')


CASE_SECTIONS[reviews.SERVICE_CODE] = application_section
