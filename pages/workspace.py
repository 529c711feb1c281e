"""The counterparts' work (R12): 机构工作台, 协会工作台, 专家评价, and the page where each of them handles a case."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager

from fastapi import Request
from nicegui import ui

from domain.engine import case_changes, cases, queues, reviews
from domain.engine.catalogue import filed_by_institutions, get_service
from domain.engine.experiences import KINDS
from domain.engine.my_cases import countdown, stage_countdown
from domain.engine.registry import workflow_for
from domain.engine.workflow import Stage
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound
from pages.files import file_link
from pages.layout import portal_frame, user_centre_frame
from pages.payments import payment_info
from pages.ratings import rating_section
from pages.session import actor_of
from ui.action_panel import ActionButton, action_panel
from ui.call import call
from ui.change_list import ChangeEntry, change_list
from ui.field_error import submit_fields
from ui.scoring_panel import ScoreGroup, ScoreItem, ScoringPanel, flag_badge
from ui.timeline import TimelineEntry, case_timeline

# What a service shows of its application on the handling page, by service code. It may return the ScoringPanel
# of its rows, whose 不符合 lines then flow into the opinion. A service with page code of its own (pages/services)
# registers its section here; any other shows the 申请信息 its declaration gives (declared_section).
CaseSection = Callable[[Actor, cases.CaseView], Awaitable[ScoringPanel | None]]
CASE_SECTIONS: dict[str, CaseSection] = {}

QUEUE_COLUMNS = [
    {'name': 'case_no', 'label': '业务号', 'field': 'case_no', 'align': 'left'},
    {'name': 'title', 'label': '事项名称', 'field': 'title', 'align': 'left'},
    {'name': 'applicant', 'label': '申请人', 'field': 'applicant', 'align': 'left'},
    {'name': 'stage', 'label': '业务环节', 'field': 'stage', 'align': 'left'},
    {'name': 'submitted', 'label': '提交时间', 'field': 'submitted', 'align': 'left', 'sortable': True},
    # the stage's own time limit: what the party of a queue has to keep (the whole case's is on the case page)
    {'name': 'countdown', 'label': '环节剩余时间', 'field': 'countdown', 'align': 'left'},
    {'name': 'actions', 'label': '操作', 'field': 'link', 'align': 'left'},
]


def queue_table(rows: list[queues.QueueRow], link_prefix: str, empty: str = '暂无待办业务') -> ui.table:
    table = ui.table(columns=QUEUE_COLUMNS, row_key='id', pagination=20, rows=[{
        'id': r.case.id, 'case_no': r.case.case_no, 'title': r.case.title, 'applicant': r.applicant_name,
        'stage': r.case.stage_label, 'submitted': clock.local_text(r.case.submitted_at), 'countdown': r.countdown,
        'overdue': r.overdue, 'link': f'{link_prefix}/{r.case.id}'} for r in rows]) \
        .props(f'flat bordered no-data-label="{empty}" data-testid=queue').classes('w-full')
    table.add_slot('body-cell-countdown', '''
        <q-td :props="props"><span :class="props.row.overdue ? 'text-negative text-weight-bold' : ''">
          {{ props.value }}</span></q-td>''')
    table.add_slot('body-cell-actions', '''
        <q-td :props="props"><a :href="props.value" class="text-primary">办理</a></q-td>''')
    return table


@ui.page('/institution', title='机构工作台 - CCAA综合服务平台')
async def institution_page(request: Request) -> None:
    actor = actor_of(request)
    async with portal_frame(actor, subtitle='机构工作台'):
        with ui.column().classes('ccaa-card q-pa-md w-full gap-2'):
            with ui.row().classes('w-full items-center justify-between'):
                ui.label(f'{actor.institution_name or ""}　机构工作台').classes('text-h6').props('role=heading aria-level=1')
                with ui.row().classes('gap-2').props('data-testid=institution-filing'):
                    for service in filed_by_institutions(await call(queues.institution_kind, actor)):
                        ui.link(f'发起{service.name}', service.apply_path or '')
                    ui.link('本账号发起的事项', '/my/cases')
            try:
                waiting = await call(queues.institution_queue, actor)
                handled = await call(queues.handled_by_institution, actor)
            except NotAllowed as error:
                ui.label(error.message).classes('text-negative')
                return
            with ui.tabs().props('align=left dense no-caps') as tabs:
                ui.tab('waiting', f'待办业务 ({len(waiting)})')
                ui.tab('all', '全部业务')
            with ui.tab_panels(tabs, value='waiting').classes('w-full'):
                with ui.tab_panel('waiting'):
                    queue_table(waiting, '/institution/cases')
                with ui.tab_panel('all'):
                    ui.table(columns=[c for c in QUEUE_COLUMNS if c['name'] not in {'applicant', 'countdown', 'actions'}]
                             + [{'name': 'status', 'label': '办理状态', 'field': 'status', 'align': 'left'}],
                             row_key='case_no', pagination=20, rows=[
                                 {'case_no': c.case_no, 'title': c.title, 'stage': c.stage_label,
                                  'submitted': clock.local_text(c.submitted_at), 'status': c.status_label}
                                 for c in handled]).props('flat bordered no-data-label=暂无业务').classes('w-full')


@ui.page('/staff', title='协会工作台 - CCAA综合服务平台')
async def staff_page(request: Request) -> None:
    actor = actor_of(request)
    async with portal_frame(actor, subtitle='协会工作台'):
        with ui.column().classes('ccaa-card q-pa-md w-full gap-2'):
            with ui.row().classes('w-full items-center justify-between'):
                ui.label('协会工作台').classes('text-h6').props('role=heading aria-level=1')
                with ui.row().classes('gap-4 items-center'):
                    ui.link('考试管理', '/staff/exams').props('data-testid=exam-admin')
                    ui.link('课程类别管理', '/staff/course-categories').props('data-testid=course-categories')
            try:
                rows = await call(queues.staff_queue, actor)
            except NotAllowed as error:
                ui.label(error.message).classes('text-negative')
                return
            counts = queues.stage_counts(rows)
            overdue = sum(1 for r in rows if r.overdue)
            ui.label(f'待办 {len(rows)} 件，其中已超期 {overdue} 件').props('data-testid=staff-summary')
            with ui.tabs().props('align=left dense no-caps') as tabs:
                ui.tab('全部', f'全部 ({len(rows)})')
                for label, count in counts.items():
                    ui.tab(label, f'{label} ({count})')
            with ui.tab_panels(tabs, value='全部').classes('w-full'):
                with ui.tab_panel('全部'):
                    queue_table(rows, '/staff/cases')
                for label in counts:
                    with ui.tab_panel(label):
                        queue_table([r for r in rows if r.case.stage_label == label], '/staff/cases')


def stage_of(case: cases.CaseView) -> Stage:
    """The declared stage the case is at (what its page calls things there)."""
    return workflow_for(case.service_code).stage(case.stage)


async def _act(actor: Actor, case: cases.CaseView, back: str, key: str, opinion: str,
               expert_id: int | None) -> tuple[str, str] | None:
    try:
        await call(cases.act, actor, case.id, key, expected_version=case.version, opinion=opinion, expert_id=expert_id)
    except Invalid as error:
        return error.field, error.message
    except (Conflict, NotAllowed, NotFound) as error:
        ui.notify(error.message, type='negative', multi_line=True)
        return None
    ui.notify('办理成功', type='positive')
    ui.navigate.to(back)
    return None


async def handle_case_page(actor: Actor, case_id: int, back: str,
                           frame: Callable[[], AbstractAsyncContextManager[object]], desk: str) -> None:
    """The case, who it concerns, its timeline and the 办理 panel; used by bodies, staff and experts alike, each at
    their own desk only."""
    async with frame():
        with ui.column().classes('ccaa-card q-pa-md w-full gap-3'):
            try:
                queues.require_desk(actor, desk)
                case = await call(cases.get_case, actor, case_id)
                who = await call(cases.parties, actor, case_id)
                events = await call(cases.timeline, actor, case_id)
                options = await call(cases.actions_for, actor, case_id)
                expert_options = await call(cases.experts, actor) if any(o.assigns_expert for o in options) else []
            except DomainError as error:
                ui.label(error.message).classes('text-negative')
                ui.link('返回', back)
                return
            ui.label(case.title).classes('text-h6').props('role=heading aria-level=1')
            payer = {'person': '个人缴费', 'institution': '机构缴费'}.get(case.payer or '', '')
            facts = [('业务号', case.case_no), ('申请人', who.applicant_name), ('执业机构', who.body_name),
                     ('付款方式', payer), ('业务环节', case.stage_label), ('办理状态', case.status_label),
                     ('提交时间', clock.local_text(case.submitted_at)), ('剩余时间', countdown(case)),
                     ('环节剩余时间', stage_countdown(case)),
                     ('评价专家', who.expert_name)]
            optional = {'付款方式', '评价专家', '环节剩余时间'}  # shown only for services and cases that have them
            with ui.grid(columns=4).classes('w-full gap-y-2 gap-x-6'):
                for label, value in facts:
                    if label in optional and not value:
                        continue
                    with ui.column().classes('gap-0'):
                        ui.label(label).classes('text-caption text-grey-7')
                        ui.label(value or '—')
            await payment_info(actor, case.id)
            await rating_section(actor, case)
            panel = await case_section(case.service_code)(actor, case)
            ui.separator()
            ui.label('办理').classes('text-subtitle1 text-weight-bold')
            if case.stage == 'expert_review' and any(o.key == 'evaluate' for o in options):
                opinion = expert_form(actor, case, back)
            else:
                opinion = action_panel(
                    [ActionButton(o.key, o.label, o.opinion_required, o.assigns_expert) for o in options
                     if not o.by_service],  # those have their own form (专家评价, 更正成绩)
                    experts=expert_options, opinion_label=stage_of(case).opinion_label,
                    on_act=lambda key, opinion, expert_id: _act(actor, case, back, key, opinion, expert_id))
            if panel is not None:
                panel.opinion = opinion
            ui.separator()
            ui.label('办理过程').classes('text-subtitle1 text-weight-bold')
            case_timeline([TimelineEntry(clock.local_text(e.at), e.actor_name, e.action_label, e.from_label,
                                         e.to_label, e.opinion) for e in events])
            ui.link('返回列表', back)


async def review_rows(actor: Actor, case: cases.CaseView, show_changes: bool = True) -> ScoringPanel:
    """申请材料: every experience row with its 审核结果, markable by whoever reviews the case now."""
    rows = await call(reviews.rows_of, actor, case.id)
    editable = await call(reviews.may_review, actor, case.id)

    async def mark(key: str, verdict: str, reason: str) -> tuple[str | None, str | None]:
        kind, row_id = key.split(':')
        try:
            row = await call(reviews.set_verdict, actor, case.id, kind, int(row_id), verdict, reason)
        except DomainError as error:
            return None, error.message
        return (reviews.nonconformity_line(kind, row, reason) if verdict == '不符合' else None), None

    changes = await section_start(actor, case, '申请材料', show_changes)
    groups = [ScoreGroup(KINDS[code].title, [label for _, label in KINDS[code].columns],
                         [ScoreItem(f'{code}:{r.id}', [r.texts.get(name, '') for name, _ in KINDS[code].columns],
                                    r.verdict, r.verdict_reason, changes.flag_of(code, r.id) if changes else '')
                          for r in kind_rows])
              for code, kind_rows in rows.items()]
    return ScoringPanel(groups, on_mark=mark if editable else None)



def case_section(service_code: str) -> CaseSection:
    """The section that shows a case's application: its service's own, or the declared 申请信息."""
    return CASE_SECTIONS.get(service_code, declared_section)


async def declared_section(actor: Actor, case: cases.CaseView) -> ScoringPanel | None:
    """The 申请信息 as the service declares it: short facts in a grid, long ones across the page, then its files to
    open; each marked when it changed since the last return."""
    facts = await call(cases.application_facts, actor, case.id)
    if not facts:
        return None
    service = get_service(case.service_code)
    changed = changed_facts(await section_start(actor, case, service.heading))
    files_label = service.attachments.label if service.attachments is not None else None
    wide = [label for label in facts if label in service.wide_facts or len(facts[label]) > 60]
    with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 md:grid-cols-4 gap-x-6 gap-y-2') \
            .props('data-testid=application-facts'):
        for label, value in facts.items():
            if label not in wide and label != files_label:
                fact(label, value, label in changed)
    for label in wide:
        if label != files_label:
            fact(label, facts[label], label in changed, wide=True)
    if files_label is not None:
        files = await call(cases.application_files, actor, case.id)
        fact(files_label, '', files_label in changed, links=[(f.name, file_link(f.file_id)) for f in files])
    return None


async def section_start(actor: Actor, case: cases.CaseView, heading: str,
                        show_changes: bool = True) -> case_changes.CaseChanges | None:
    """Opens a service's section of the handling page: its heading, then what changed since the last return (once
    per page: a second section of the same case passes show_changes=False)."""
    changes = await call(case_changes.changes_since_return, actor, case.id)
    ui.separator()
    ui.label(heading).classes('text-subtitle1 text-weight-bold')
    if changes is not None and show_changes:
        changes_since(changes)
    return changes


def changed_facts(changes: case_changes.CaseChanges | None) -> set[str]:
    return {change.label for change in changes.facts} if changes else set()


def fact(label: str, value: str, changed: bool, links: Sequence[tuple[str, str]] = (),
         wide: bool = False) -> ui.element:
    """One 申请信息 field, read-only, with the 已修改 flag when it changed since the last return; a file field shows
    its files as links, (name, url) each. Returns the value (the first link)."""
    with ui.column().classes('gap-0' + (' w-full' if wide else '')):
        with ui.row().classes('items-center gap-1'):
            ui.label(label).classes('text-caption text-grey-7')
            if changed:
                flag_badge(case_changes.CHANGED)
        shown = [ui.link(name, url, new_tab=True).style('overflow-wrap: anywhere') for name, url in links]
        return shown[0] if shown else ui.label(value or '—').style('white-space: pre-wrap; overflow-wrap: anywhere')


def changes_since(changes: case_changes.CaseChanges) -> None:
    """R14.3: what the applicant changed since the case was last returned."""
    entries = [ChangeEntry(case_changes.CHANGED, '【申请信息】', [(f.label, f.before, f.after) for f in changes.facts])
               ] if changes.facts else []
    entries += [ChangeEntry(r.change, f'【{r.kind_title}】{r.caption}', [(f.label, f.before, f.after) for f in r.fields])
                for r in changes.rows]
    change_list(f'自第{changes.since_round}轮退回整改以来的修改',
                f'{clock.local_text(changes.returned_at)}　{changes.returned_by}在{changes.returned_at_stage}退回整改',
                entries, '申请人重新提交时未作修改')


def expert_form(actor: Actor, case: cases.CaseView, back: str) -> ui.textarea:
    """专家评价: 评价结果 and 专家评价意见 (不符合 rows are appended to it as they are marked), then 提交."""
    result = ui.select(reviews.evaluation_results(case.service_code), label='评价结果').props('outlined').classes('w-64')
    opinion = ui.textarea('专家评价意见').props('outlined autogrow counter maxlength=4000').classes('w-full')

    async def submit() -> None:
        await submit_fields(call(reviews.submit_evaluation, actor, case.id, case.version, result.value or '',
                                 opinion.value or ''), {'result': result, 'opinion': opinion}, done='评价已提交',
                            then=back)

    ui.button('提交', on_click=submit).props('unelevated color=primary data-testid=evaluation-submit')
    return opinion


@ui.page('/institution/cases/{case_id}', title='业务办理 - CCAA综合服务平台')
async def institution_case_page(request: Request, case_id: int) -> None:
    actor = actor_of(request)
    await handle_case_page(actor, case_id, '/institution', lambda: portal_frame(actor, subtitle='机构工作台'),
                           'institution')


@ui.page('/staff/cases/{case_id}', title='业务办理 - CCAA综合服务平台')
async def staff_case_page(request: Request, case_id: int) -> None:
    actor = actor_of(request)
    await handle_case_page(actor, case_id, '/staff', lambda: portal_frame(actor, subtitle='协会工作台'), 'staff')


@ui.page('/expert/cases/{case_id}', title='专家评价 - CCAA综合服务平台')
async def expert_case_page(request: Request, case_id: int) -> None:
    actor = actor_of(request)
    await handle_case_page(actor, case_id, '/my/expert', lambda: user_centre_frame(actor, '专家评价'), 'expert')
