"""认证人员注册全国统一考试报名 在线申请 (R9.2, manual §4.1): 考前说明 → 填写报名信息 → 操作完成, and what CCAA staff
see of a registration that needs review (R9.3).

Choices are saved when made, texts as they are typed, the photo when it is uploaded.
"""
from __future__ import annotations

from nicegui import events, ui

from domain.engine import cases
from domain.services.exam_registration import application as applications
from domain.services.exam_registration.workflow import SERVICE_CODE
from domain.shared.actors import Actor
from domain.shared.errors import DomainError
from pages.application_wizard import ApplicationWizard, wizard_pages
from pages.files import file_link
from pages.workspace import CASE_SECTIONS, changed_facts, fact, section_start
from ui.call import call
from ui.scoring_panel import ScoringPanel
from ui.step_wizard import wizard_nav

PATH = '/apply/exam_registration'
TITLE = '认证人员注册全国统一考试报名'
STEPS = (('precheck', '考前说明'), ('info', '填写报名信息'), ('done', '操作完成'))
NOTICE = (
    '请选择正在报名的考试和拟报考城市；各城市考位有限，以提交时为准，额满即止。',
    '照片请上传近期免冠正面证件照（JPG 或 PNG），系统将自动裁剪为一寸证件照（295×413 像素）并去除照片中的拍摄信息。',
    '需要审核的考试，提交后由协会审核，审核通过后生成准考证号；其他考试提交后即报名成功。',
    '报名结果、准考证号和考试成绩可在 个人中心 › 我的考试 中查看。',
)
PHOTO_SIZE = 'width: 118px; height: 165px'  # 295 × 413 shown at 40 %


class ExamRegistrationWizard(ApplicationWizard):
    def __init__(self, actor: Actor, case_id: int | None, step: str | None) -> None:
        super().__init__(actor, case_id, step, path=PATH, title=TITLE, steps=STEPS,
                         load_service=applications.application, save_service=applications.save_info)
        self.cities: dict[int, dict[int, str]] = {}  # exam id -> its cities' options

    async def show_step(self, step: str) -> None:
        await (self.info() if step == 'info' else self.precheck())

    async def precheck(self) -> None:
        await self.precheck_step(applications.precheck, lambda: call(applications.start, self.actor),
                                 notice=('考前说明', NOTICE))

    async def info(self) -> None:
        view: applications.ExamApplicationView = self.view
        open_now = await call(applications.open_exams, self.actor)
        exam_options = {e.id: e.label for e in open_now}
        self.cities = {e.id: {c.id: c.label for c in e.cities} for e in open_now}
        if view.exam_id is not None and view.exam_id not in exam_options:  # registered, or its window closed since
            facts = await call(applications.facts, self.actor, view.case.id)
            exam_options[view.exam_id] = facts['考试']
            self.cities[view.exam_id] = {view.exam_city_id: facts['拟报考城市']} if view.exam_city_id else {}
        person = view.candidate
        with ui.column().classes('w-full gap-3 ccaa-card q-pa-md'):
            ui.label('报考信息填写').classes('text-subtitle1 text-weight-bold')
            self.fields['exam_id'] = ui.select(exam_options, label='* 考试列表', value=view.exam_id,
                                               on_change=self.choose_exam) \
                .props('outlined data-testid=field-exam_id').classes('w-full')
            with ui.row().classes('w-full gap-6 items-start flex-col-reverse sm:flex-row sm:flex-nowrap'):
                with ui.element('div').classes('col grid grid-cols-1 sm:grid-cols-2 gap-x-6 gap-y-2') \
                        .props('data-testid=candidate'):
                    for label, value in (('* 姓名', person.name), ('性别', person.gender),
                                         ('* 证件类型', person.id_type), ('* 证件号码', person.id_number),
                                         ('出生日期', person.birth_date), ('档案号', person.file_no)):
                        fact(label, value, False)
                self.photo_field(view)
            with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-x-4 gap-y-1'):
                self.text_field('nationality', '国籍', view.nationality, 32)
                self.select_field('ethnicity', '* 民族', list(applications.ETHNICITIES), view.ethnicity)
                self.select_field('education', '* 学历', list(applications.EDUCATIONS), view.education)
                self.text_field('residence_city', '* 居住城市', view.residence_city, 50)
                self.fields['exam_city_id'] = ui.select(
                    self.cities.get(view.exam_id, {}) if view.exam_id else {}, label='* 拟报考城市',
                    value=view.exam_city_id, on_change=lambda e: self.save('exam_city_id', e.value)) \
                    .props('outlined data-testid=field-exam_city_id')
                self.text_field('employer', '* 工作单位', view.employer, 100)
                self.text_field('contact', '* 联系方式', view.contact, 11, placeholder='11位手机号码')
        wizard_nav(on_previous=self.previous, on_save=self.save_texts_then_draft, on_next=self.info_next)

    def select_field(self, name: str, label: str, options: list[str], value: str) -> None:
        self.fields[name] = ui.select(options, label=label, value=value or None, with_input=True,
                                      on_change=lambda e: self.save(name, e.value or '')) \
            .props(f'outlined data-testid=field-{name}')

    def photo_field(self, view: applications.ExamApplicationView) -> None:
        with ui.column().classes('items-center gap-1').props('data-testid=photo'):
            ui.label('* 照片').classes('text-caption text-grey-8')
            self.photo = ui.image(file_link(view.photo_file_id) if view.photo_file_id else '') \
                .style(PHOTO_SIZE).classes('bg-grey-3').props('alt=证件照 fit=cover')
            upload = ui.upload(label='上传照片', auto_upload=True, max_file_size=10 * 1024 * 1024,
                               on_upload=self.upload_photo,
                               on_rejected=lambda: self.show_error('photo_file_id', '照片不能超过 10 MB')) \
                .props('flat bordered accept=".jpg,.jpeg,.png" data-testid=photo-upload').style('width: 12rem')
            self.photo_upload = upload
            error = ui.label('').classes('text-negative text-caption').props('role=alert')
        self.fields['photo_file_id'] = self.photo
        self.photo.error_label = error  # type: ignore[attr-defined]

    async def upload_photo(self, event: events.UploadEventArguments) -> None:
        self.clear_error('photo_file_id')
        try:
            self.view = await call(applications.upload_photo, self.actor, self.case_id, event.file.name,
                                   await event.file.read())
        except DomainError as error:
            self.show_error('photo_file_id', error.message)
        else:
            self.photo.set_source(file_link(self.view.photo_file_id))
        self.photo_upload.reset()

    async def choose_exam(self, event) -> None:  # type: ignore[no-untyped-def]
        if await self.save('exam_id', event.value):
            city = self.fields['exam_city_id']
            city.set_options(self.cities.get(event.value, {}) if event.value else {}, value=None)  # type: ignore[attr-defined]
            self.clear_error('exam_city_id')

    async def info_next(self) -> None:
        await self.check_then_review(applications.problems, applications.facts, applications.submit,
                                     omit=('照片', '准考证号'))


wizard_pages(PATH, TITLE, STEPS, ExamRegistrationWizard)


async def application_section(actor: Actor, case: cases.CaseView) -> ScoringPanel | None:
    """报名信息 with the photo, and what changed since the registration was last returned (R14.3)."""
    view = await call(applications.application, actor, case.id)
    facts = await call(applications.facts, actor, case.id)
    changed = changed_facts(await section_start(actor, case, '报名信息'))
    with ui.row().classes('w-full gap-6 items-start no-wrap'):
        with ui.element('div').classes('col grid grid-cols-1 sm:grid-cols-2 md:grid-cols-3 gap-x-6 gap-y-2') \
                .props('data-testid=application-facts'):
            for label, value in facts.items():
                if label != '照片':
                    fact(label, value, label in changed)
        if view.photo_file_id:
            with ui.column().classes('items-center gap-0'):
                ui.label('照片（已修改）' if '照片' in changed else '照片').classes('text-caption text-grey-7')
                ui.image(file_link(view.photo_file_id)).style(PHOTO_SIZE).props('alt=证件照 fit=cover')
        else:
            fact('照片', '', '照片' in changed)
    return None


CASE_SECTIONS[SERVICE_CODE] = application_section
