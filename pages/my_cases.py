"""我的事项 (R4.2) and 查看 of one case with its timeline (R4.3)."""
from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.engine import cases, my_cases
from domain.engine.catalogue import apply_path, is_online
from domain.engine.my_cases import CaseQuery
from domain.engine.workflow import Status
from domain.shared import clock, exports
from domain.shared.actors import Actor
from domain.shared.errors import DomainError, NotFound
from pages.drafts import delete_draft
from pages.home import catalogue
from pages.layout import home_of, user_centre_frame
from pages.payments import payment_panel
from pages.ratings import rating_section
from pages.session import actor_of
from pages.workspace import case_section
from ui.call import call
from ui.timeline import TimelineEntry, case_timeline

COLUMNS = [
    {'name': 'case_no', 'label': '业务号', 'field': 'case_no', 'align': 'left'},
    {'name': 'title', 'label': '事项名称', 'field': 'title', 'align': 'left'},
    {'name': 'stage', 'label': '业务环节', 'field': 'stage', 'align': 'left'},
    {'name': 'status', 'label': '办理状态', 'field': 'status', 'align': 'left'},
    {'name': 'created', 'label': '申请时间', 'field': 'created', 'align': 'left', 'sortable': True},
    {'name': 'actions', 'label': '操作', 'field': 'id', 'align': 'left'},
]
EXPORT_HEADERS = ('业务号', '事项名称', '业务环节', '办理状态', '申请时间', '办结期限')
PER_PAGE = 10


def _row(case: cases.CaseView) -> dict[str, object]:
    return {'id': case.id, 'case_no': case.case_no, 'title': case.title, 'stage': case.stage_label,
            'status': case.status_label, 'countdown': my_cases.countdown(case),
            'created': clock.local_text(case.created_at),
            'editable': case.editable and is_online(case.service_code),
            'deletable': case.status is Status.DRAFT}


class MyCasesList:
    """The tabs, filters, summary line, table and exports of 我的事项; all state lives here, per page visit."""

    def __init__(self, actor: Actor, tab: str) -> None:
        self.actor = actor
        self.query = CaseQuery(tab=tab if tab in my_cases.TABS else '全部', per_page=PER_PAGE)

    async def build(self) -> None:
        # Load before building: QTable reports its pagination back when it mounts, and a table mounted with an
        # empty first page would overwrite the counts a later refresh sends.
        first = await self._load() if self.query.tab != '我要申报' else None
        with ui.tabs(value=self.query.tab if self.query.tab else '全部', on_change=self._on_tab) \
                .props('align=left dense no-caps').classes('w-full') as self.tabs:
            for name in ('我要申报', *my_cases.TABS):
                ui.tab(name)
        self.apply_panel = ui.column().classes('w-full')  # 我要申报's catalogue, built when first asked for
        self.list_panel = ui.column().classes('w-full gap-3')
        with self.list_panel:
            with ui.row().classes('w-full items-center gap-2'):
                self.service_box = ui.input(placeholder='请输入要查询的事项名称(支持模糊查询)') \
                    .props('outlined dense clearable data-testid=filter-service').classes('w-72') \
                    .on('keydown.enter', self.search)
                self.stage_box = ui.input(placeholder='请输入要查询的业务环节(支持模糊查询)') \
                    .props('outlined dense clearable data-testid=filter-stage').classes('w-72') \
                    .on('keydown.enter', self.search)
                ui.button('查询', on_click=self.search).props('unelevated color=primary')
                ui.button('重置', on_click=self.reset).props('outline color=primary')
            with ui.row().classes('w-full items-center'):
                self.summary_label = ui.label('').props('data-testid=cases-summary')
                ui.space()
                ui.button('导出CSV', on_click=lambda: self.export('csv')).props('flat dense no-caps color=primary icon=download')
                ui.button('导出Excel', on_click=lambda: self.export('xlsx')).props('flat dense no-caps color=primary icon=download')
            self.table = ui.table(columns=COLUMNS, rows=[], row_key='id', pagination={
                'page': 1, 'rowsPerPage': PER_PAGE, 'rowsNumber': 0, 'sortBy': 'created', 'descending': True,
            }).props('flat bordered no-data-label=暂无事项 data-testid=cases-table') \
                .classes('w-full')
            self.table.add_slot('body-cell-status', '''
                <q-td :props="props">{{ props.value }}
                  <div v-if="props.row.countdown" class="text-caption"
                       :class="props.row.countdown.startsWith('已超期') ? 'text-negative' : 'text-grey-7'">
                    {{ props.row.countdown }}</div>
                </q-td>''')
            self.table.add_slot('body-cell-actions', '''
                <q-td :props="props">
                  <a :href="'/my/cases/' + props.row.id" class="text-primary q-mr-sm">查看</a>
                  <a v-if="props.row.editable" :href="'/my/cases/' + props.row.id + '/edit'" class="text-primary">编辑</a>
                  <q-btn v-if="props.row.deletable" flat dense no-caps color="negative" label="删除" class="q-ml-sm"
                         @click="$parent.$emit('delete_draft', props.row)" />
                </q-td>''')
            self.table.on('request', self._on_request)
            self.table.on('delete_draft', lambda e: self.delete_draft(e.args['id']))
        self._show_panels()
        if first is not None:
            self._show(*first)

    def _show_panels(self) -> None:
        applying = self.query.tab == '我要申报'
        if applying and not list(self.apply_panel):
            with self.apply_panel:
                catalogue()
        self.apply_panel.set_visibility(applying)
        self.list_panel.set_visibility(not applying)

    async def _on_tab(self, event) -> None:  # type: ignore[no-untyped-def]
        self.query = CaseQuery(tab=event.value, service_text=self.query.service_text,
                               stage_text=self.query.stage_text, per_page=self.query.per_page,
                               newest_first=self.query.newest_first)
        self._show_panels()
        if event.value != '我要申报':
            await self.refresh()

    async def _on_request(self, event) -> None:  # type: ignore[no-untyped-def]
        pagination = event.args['pagination']
        self.query = CaseQuery(tab=self.query.tab, service_text=self.query.service_text,
                               stage_text=self.query.stage_text, page=int(pagination.get('page') or 1),
                               per_page=int(pagination.get('rowsPerPage') or PER_PAGE),
                               newest_first=pagination.get('sortBy') != 'created' or bool(pagination.get('descending')))
        await self.refresh()

    async def delete_draft(self, case_id: int) -> None:
        if await delete_draft(self.actor, case_id):
            await self.refresh()

    async def search(self) -> None:
        self.query = CaseQuery(tab=self.query.tab, service_text=self.service_box.value or '',
                               stage_text=self.stage_box.value or '', per_page=self.query.per_page,
                               newest_first=self.query.newest_first)
        await self.refresh()

    async def reset(self) -> None:
        self.service_box.set_value('')
        self.stage_box.set_value('')
        await self.search()

    async def _load(self) -> tuple[my_cases.CasePage, my_cases.Summary]:
        return await call(my_cases.cases_and_summary, self.actor, self.query)

    async def refresh(self) -> None:
        self._show(*await self._load())

    def _show(self, page: my_cases.CasePage, summary: my_cases.Summary) -> None:
        self.table.rows = [_row(case) for case in page.rows]
        self.table.pagination = {'page': self.query.page, 'rowsPerPage': self.query.per_page, 'rowsNumber': page.total,
                                 'sortBy': 'created', 'descending': self.query.newest_first}
        self.summary_label.set_text(summary.text)

    async def export(self, kind: str) -> None:
        rows = await call(my_cases.all_my_cases, self.actor, self.query)
        data = [(c.case_no, c.title, c.stage_label, c.status_label, clock.local_text(c.created_at),
                 c.due_on.isoformat() if c.due_on else '') for c in rows]
        stamp = clock.china_now().strftime('%Y%m%d%H%M')
        if kind == 'csv':
            ui.download.content(exports.to_csv(EXPORT_HEADERS, data), f'我的事项-{stamp}.csv', 'text/csv')
        else:
            ui.download.content(exports.to_xlsx('我的事项', EXPORT_HEADERS, data), f'我的事项-{stamp}.xlsx',
                                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')


@ui.page('/my')
def user_centre_home(request: Request) -> RedirectResponse:
    return RedirectResponse(home_of(actor_of(request)))


@ui.page('/my/cases', title='我的事项 - CCAA综合服务平台')
async def my_cases_page(request: Request, tab: str = '全部') -> None:
    actor = actor_of(request)
    async with user_centre_frame(actor, '我的事项'):
        await MyCasesList(actor, tab).build()


@ui.page('/my/cases/{case_id}/edit')
async def edit_case(request: Request, case_id: int) -> RedirectResponse:
    """编辑: the service's own application pages, opened on this case; 我的事项 for a case the person cannot edit."""
    try:
        case = await call(cases.get_case, actor_of(request), case_id)
    except DomainError:
        return RedirectResponse('/my/cases')
    path = apply_path(case.service_code)
    return RedirectResponse(f'{path}/{case.id}' if path and case.editable else f'/my/cases/{case.id}')


@ui.page('/my/cases/{case_id}', title='查看业务 - CCAA综合服务平台')
async def case_page(request: Request, case_id: int) -> None:
    actor = actor_of(request)
    async with user_centre_frame(actor, '我的事项'):
        try:
            case = await call(cases.get_case, actor, case_id)
            events = await call(cases.timeline, actor, case_id)
        except NotFound as error:
            ui.label(error.message).classes('text-negative')
            ui.link('返回我的事项', '/my/cases')
            return
        ui.label(case.title).classes('text-subtitle1 text-weight-bold').props('role=heading aria-level=2')
        with ui.grid(columns=4).classes('w-full gap-y-2 gap-x-6'):
            for label, value in (('业务号', case.case_no), ('业务环节', case.stage_label),
                                 ('办理状态', case.status_label), ('申请时间', clock.local_text(case.created_at)),
                                 ('提交时间', clock.local_text(case.submitted_at)),
                                 ('办结期限', case.due_on.isoformat() if case.due_on else ''),
                                 ('剩余时间', my_cases.countdown(case)),
                                 ('办理结果', cases.OUTCOME_LABELS.get(case.outcome or '', ''))):
                with ui.column().classes('gap-0'):
                    ui.label(label).classes('text-caption text-grey-7')
                    ui.label(value or '—').props(f'data-testid=case-{label}')
        await payment_panel(actor, case)
        await case_section(case.service_code)(actor, case)  # the application as submitted, read-only, with each row's 审核结果
        await rating_section(actor, case)
        ui.separator()
        ui.label('办理过程').classes('text-subtitle1 text-weight-bold').props('role=heading aria-level=2')
        case_timeline([TimelineEntry(clock.local_text(e.at), e.actor_name, e.action_label, e.from_label, e.to_label,
                                     e.opinion) for e in events])
        ui.link('返回我的事项', '/my/cases')
