"""Course evaluations (R10.5, R10.6, manual §5.3): the expert's 专家评价 lists — 网络课程评价 and 老课复审评价 beside
人员注册 and 申诉评价 — and the evaluation page, where documents open page by page and videos play inside the page
beside the results; and the section CCAA staff see on a course case: the materials, 分配专家 and every expert's
result."""
from __future__ import annotations

from typing import Any

from fastapi import Request
from nicegui import ui

from domain.engine import cases, queues
from domain.records import course_reviews
from domain.records.course_reviews import ReviewView
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import DomainError
from pages.layout import user_centre_frame
from pages.session import actor_of
from pages.workspace import CASE_SECTIONS, declared_section, queue_table
from ui.call import call
from ui.field_error import submit_fields
from ui.pdf_viewer import PdfViewer
from ui.scoring_panel import ScoreGroup, ScoreItem, ScoringPanel
from ui.video_player import VideoPlayer

# 专家评价's sub-menu (manual §5.3): the label, its page, and for the case lists the services they hold
EXPERT_MENU = (('人员注册', '/my/expert'), ('申诉评价', '/my/expert/appeals'),
               ('网络课程评价', '/my/expert/courses'), ('老课复审评价', '/my/expert/rereviews'))
CASE_LISTS = {'人员注册': ('registration',), '申诉评价': ('appeal', 'complaint')}


def expert_menu(active: str) -> None:
    with ui.row().classes('gap-4').props('role=navigation aria-label=专家评价'):
        for label, path in EXPERT_MENU:
            link = ui.link(label, path).classes('text-subtitle1' + (' text-weight-bold' if label == active else ''))
            if label == active:
                link.props['aria-current'] = 'page'


async def case_list(request: Request, active: str, q: str) -> None:
    """人员注册 / 申诉评价: the cases assigned to the expert, searchable."""
    actor = actor_of(request)
    path = dict(EXPERT_MENU)[active]
    async with user_centre_frame(actor, '专家评价'):
        if not actor.is_expert:
            ui.label('您没有专家权限').classes('text-negative')
            return
        expert_menu(active)
        with ui.row().classes('items-center gap-2'):
            box = ui.input(placeholder='请输入业务号、申请人或专业', value=q).props('outlined dense clearable').classes('w-72')
            ui.button('查询', on_click=lambda: ui.navigate.to(f'{path}?q={box.value or ""}')) \
                .props('unelevated color=primary')
        rows = await call(queues.expert_queue, actor, q, CASE_LISTS[active])
        queue_table(rows, '/expert/cases', empty='暂无待评价的业务')


@ui.page('/my/expert', title='专家评价 - CCAA综合服务平台')
async def registrations_page(request: Request, q: str = '') -> None:
    await case_list(request, '人员注册', q)


@ui.page('/my/expert/appeals', title='专家评价 - CCAA综合服务平台')
async def appeals_page(request: Request, q: str = '') -> None:
    await case_list(request, '申诉评价', q)


# -- 网络课程评价 / 老课复审评价 ----------------------------------------------------------------------

COURSE_COLUMNS = [
    {'name': 'case_no', 'label': '业务流水号', 'field': 'case_no', 'align': 'left'},
    {'name': 'course_name', 'label': '课程名称', 'field': 'course_name', 'align': 'left'},
    {'name': 'design_type', 'label': '课程设计类型', 'field': 'design_type', 'align': 'left'},
    {'name': 'design_field', 'label': '课程设计领域', 'field': 'design_field', 'align': 'left'},
    {'name': 'kind', 'label': '评价类型', 'field': 'kind', 'align': 'left'},
    {'name': 'assigned', 'label': '分配时间', 'field': 'assigned', 'align': 'left'},
    {'name': 'status', 'label': '状态', 'field': 'status', 'align': 'left'},
    {'name': 'actions', 'label': '操作', 'field': 'link', 'align': 'left'},
]
REREVIEW_COLUMNS = [c for c in COURSE_COLUMNS if c['name'] in {'course_name', 'design_type', 'design_field'}] + [
    {'name': 'extension', 'label': '延期时间', 'field': 'extension', 'align': 'left'},
    *[c for c in COURSE_COLUMNS if c['name'] in {'assigned', 'actions'}]]


class ReviewList:
    """A list of the expert's course evaluations with the manual's filters; 评价 (or 查看 once submitted) opens one."""

    def __init__(self, actor: Actor, kinds: tuple[str, ...], columns: list[dict[str, Any]]) -> None:
        self.actor, self.kinds, self.columns = actor, kinds, columns
        self.table: ui.table | None = None

    async def build(self) -> None:
        with ui.row().classes('items-end gap-2 w-full'):
            self.name = ui.input('课程名称').props('outlined dense clearable data-testid=filter-course-name') \
                .classes('w-48')
            self.design_type = ui.select({'': '全部', **{t: t for t in course_reviews.DESIGN_TYPES}}, value='', label='课程类型') \
                .props('outlined dense data-testid=filter-design-type').classes('w-40')
            self.design_field = ui.select({'': '全部', **{f: f for f in course_reviews.DESIGN_FIELDS}}, value='', label='课程领域') \
                .props('outlined dense data-testid=filter-design-field').classes('w-32')
            if 'rereview' not in self.kinds:
                self.kind = ui.select({'': '全部', 'document': '文件评价', 'video': '视频评价'}, value='',
                                      label='评价类型').props('outlined dense data-testid=filter-kind').classes('w-32')
            self.status = ui.select(['未评价', '已评价', '全部'], value='未评价', label='状态') \
                .props('outlined dense data-testid=filter-status').classes('w-32')
            ui.button('查询', on_click=self.refresh).props('unelevated color=primary data-testid=filter-search')
        self.table = ui.table(columns=self.columns, rows=[], row_key='id', pagination=20) \
            .props('flat bordered no-data-label=暂无待评价的课程 data-testid=course-reviews').classes('w-full')
        self.table.add_slot('body-cell-actions', '''
            <q-td :props="props"><a :href="props.value" class="text-primary">
              {{ props.row.status === '未评价' ? '评价' : '查看' }}</a></q-td>''')
        await self.refresh()

    async def refresh(self) -> None:
        kinds = self.kinds
        if 'rereview' not in kinds and self.kind.value:
            kinds = (self.kind.value,)
        found = await call(course_reviews.my_reviews, self.actor, kinds, course_name=self.name.value or '',
                           design_type=self.design_type.value or '', design_field=self.design_field.value or '',
                           status=self.status.value)
        assert self.table is not None
        self.table.rows = [{'id': r.review_id, 'case_no': r.case_no, 'course_name': r.course_name,
                            'design_type': r.design_type, 'design_field': r.design_field, 'kind': r.kind_label,
                            'extension': r.extension, 'assigned': clock.local_text(r.assigned_at), 'status': r.status,
                            'link': course_reviews.review_link(r.review_id)} for r in found]
        self.table.update()


async def review_list(request: Request, active: str, kinds: tuple[str, ...], columns: list[dict[str, Any]]) -> None:
    actor = actor_of(request)
    async with user_centre_frame(actor, '专家评价'):
        if not actor.is_expert:
            ui.label('您没有专家权限').classes('text-negative')
            return
        expert_menu(active)
        ui.label(active).classes('text-subtitle1 text-weight-bold')
        await ReviewList(actor, kinds, columns).build()


@ui.page('/my/expert/courses', title='网络课程评价 - CCAA综合服务平台')
async def courses_page(request: Request) -> None:
    await review_list(request, '网络课程评价', ('document', 'video'), COURSE_COLUMNS)


@ui.page('/my/expert/rereviews', title='老课复审评价 - CCAA综合服务平台')
async def rereviews_page(request: Request) -> None:
    await review_list(request, '老课复审评价', ('rereview',), REREVIEW_COLUMNS)


# -- the evaluation page ---------------------------------------------------------------------------

def _facts(facts: dict[str, str]) -> None:
    with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 md:grid-cols-4 gap-x-6 gap-y-2') \
            .props('data-testid=course-facts'):
        for label, value in facts.items():
            with ui.column().classes('gap-0' + (' sm:col-span-2 md:col-span-4' if len(value) > 60 else '')):
                ui.label(label).classes('text-caption text-grey-7')
                ui.label(value or '—').style('white-space: pre-wrap; overflow-wrap: anywhere')


class EvaluationPage:
    """One expert's evaluation: each file of its kind shown inside the page with its 评价结果 (and, for videos, the
    time-coded remarks), then 评价结果 and 评价意见 for the whole, and 提交."""

    def __init__(self, actor: Actor, view: ReviewView) -> None:
        self.actor, self.view = actor, view
        self.editable = not view.submitted

    async def build(self) -> None:
        view = self.view
        ui.label(f'{view.kind_label}　{view.course_name}').classes('text-h6').props('data-testid=review-heading')
        ui.label(f'业务流水号：{view.case_no}').classes('text-caption text-grey-7')
        _facts(view.course_facts)
        if view.kind == 'rereview':
            self.materials()
        for item in view.files:
            self.file_block(item)
        ui.separator()
        self.conclusion()

    def materials(self) -> None:
        """老课复审: the course's documents and videos, to read and watch; the result is for the course as a whole."""
        for item in self.view.documents:
            with ui.expansion(f'课程文件：{item.name}').classes('w-full ccaa-card'):
                PdfViewer(self.actor, item.file_id, item.name)
        for item in self.view.videos:
            with ui.expansion(f'课程视频：{item.name}').classes('w-full ccaa-card'):
                VideoPlayer(item.file_id, item.name, [], None)

    def file_block(self, item: course_reviews.CourseFile) -> None:
        """The file inside the page, and beside it (below it on phones) its 评价结果."""
        view = self.view
        with ui.element('div').classes('w-full grid grid-cols-1 lg:grid-cols-3 gap-4 ccaa-card q-pa-sm') \
                .props(f'data-testid=review-file-{item.file_id}'):
            with ui.column().classes('lg:col-span-2 min-w-0'):
                if view.kind == 'document':
                    PdfViewer(self.actor, item.file_id, item.name)
                else:
                    VideoPlayer(item.file_id, item.name, list(view.remarks.get(item.file_id, [])),
                                (lambda remarks, f=item.file_id: self.save_remarks(f, remarks)) if self.editable
                                else None)
            verdict, reason = view.verdicts.get(item.file_id, (None, ''))

            async def mark(key: str, verdict: str, reason: str) -> tuple[str | None, str | None]:
                try:
                    self.view = await call(course_reviews.set_verdict, self.actor, view.id, int(key), verdict, reason)
                except DomainError as error:
                    return None, error.message
                return None, None

            scored = ScoreItem(str(item.file_id), [item.name], verdict, reason)
            with ui.column().classes('gap-2'):
                ScoringPanel([ScoreGroup('评价结果', ['文件'], [scored])], on_mark=mark if self.editable else None)

    async def save_remarks(self, file_id: int, remarks: list[tuple[int, str]]) -> None:
        try:
            self.view = await call(course_reviews.set_remarks, self.actor, self.view.id, file_id, remarks)
        except DomainError as error:
            ui.notify(error.message, type='negative')

    def conclusion(self) -> None:
        view = self.view
        ui.label('评价结论').classes('text-subtitle1 text-weight-bold')
        result = ui.select(list(view.results), label='评价结果', value=view.result or None) \
            .props('outlined data-testid=review-result').classes('w-64')
        opinion = ui.textarea('评价意见', value=view.opinion).props(
            f'outlined autogrow counter maxlength={course_reviews.OPINION_MAX} data-testid=review-opinion') \
            .classes('w-full')
        if view.submitted:
            result.disable()
            opinion.disable()
            ui.label('该评价已提交').classes('text-positive').props('data-testid=review-submitted')
            return
        ui.label('提交时，标为不符合的文件及其原因、视频备注将附在评价意见之后。').classes('text-caption text-grey-7')

        async def submit() -> None:
            await submit_fields(call(course_reviews.submit, self.actor, view.id, result.value or '',
                                     opinion.value or ''), {'result': result, 'opinion': opinion}, done='评价已提交',
                                then='/my/expert/rereviews' if view.kind == 'rereview' else '/my/expert/courses')

        ui.button('提交', on_click=submit).props('unelevated color=primary data-testid=review-submit')


@ui.page('/expert/course-reviews/{review_id}', title='专家评价 - CCAA综合服务平台', response_timeout=20)
async def evaluation_page(request: Request, review_id: int) -> None:
    actor = actor_of(request)
    try:  # first, so that the answer's status can still say 404
        view: ReviewView | None = await call(course_reviews.review, actor, review_id)
        missing = ''
    except DomainError as error:
        view, missing = None, error.message
        ui.status_code(404)  # someone else's evaluation, or none: the same answer
    async with user_centre_frame(actor, '专家评价'):
        if view is None:
            ui.label(missing).classes('text-negative')
            ui.link('返回', '/my/expert/courses')
            return
        await EvaluationPage(actor, view).build()


# -- CCAA staff's section of a course case ---------------------------------------------------------

async def course_section(actor: Actor, case: cases.CaseView) -> None:
    """The 申请信息, the materials inside the page, 分配专家 while the case waits for it, and the experts' results."""
    await declared_section(actor, case)
    documents, videos = await call(course_reviews.materials, actor, case.id)
    if documents or videos:
        ui.label('课程材料').classes('text-subtitle2 text-weight-bold')
        for item in documents:
            with ui.expansion(f'课程文件：{item.name}').classes('w-full'):
                PdfViewer(actor, item.file_id, item.name)
        for item in videos:
            with ui.expansion(f'课程视频：{item.name}').classes('w-full'):
                VideoPlayer(item.file_id, item.name, [], None)
    if actor.role is not Role.CCAA_STAFF:
        return None
    if case.stage == course_reviews.ASSIGN_STAGE:
        await assignment_form(actor, case)
    results = await call(course_reviews.results_of, actor, case.id)
    if results:
        ui.label('专家评价结果').classes('text-subtitle2 text-weight-bold')
        ui.table(columns=[{'name': n, 'label': label, 'field': n, 'align': 'left'} for n, label in (
            ('expert', '评价专家'), ('kind', '评价类型'), ('round', '轮次'), ('assigned', '分配时间'),
            ('submitted', '提交时间'), ('result', '评价结果'), ('opinion', '评价意见'))],
            rows=[{'id': i, 'expert': r.expert_name, 'kind': r.kind_label, 'round': r.round,
                   'assigned': clock.local_text(r.assigned_at),
                   'submitted': clock.local_text(r.submitted_at) if r.submitted_at else '未评价',
                   'result': r.result, 'opinion': r.opinion} for i, r in enumerate(results)], row_key='id') \
            .props('flat bordered wrap-cells data-testid=review-results').classes('w-full') \
            .add_slot('body-cell-opinion', '''
                <q-td :props="props" style="white-space: pre-line; min-width: 16rem">{{ props.value }}</q-td>''')
    return None


async def assignment_form(actor: Actor, case: cases.CaseView) -> None:
    """分配专家: experts for each kind of evaluation the case gets."""
    kinds = course_reviews.kinds_of(case.service_code)
    experts = dict(await call(course_reviews.experts, actor))
    ui.label('分配专家').classes('text-subtitle2 text-weight-bold')
    pickers: dict[str, ui.select] = {}
    with ui.row().classes('w-full gap-4 items-start'):
        for kind, label in kinds.items():
            pickers[kind] = ui.select(experts, multiple=True, label=f'{label}专家', value=[]) \
                .props(f'outlined use-chips data-testid=assign-{kind}').classes('w-72')

    async def assign() -> None:
        await submit_fields(call(course_reviews.assign, actor, case.id, case.version,
                                 {kind: list(p.value or []) for kind, p in pickers.items()}),
                            pickers, done='已分配专家', then='/staff')

    ui.button('分配', on_click=assign).props('unelevated color=primary data-testid=assign-submit')


for _code in ('online_course', 'course_rereview'):
    CASE_SECTIONS[_code] = course_section  # type: ignore[assignment]
