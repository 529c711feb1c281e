"""考试管理 for CCAA staff (R9.1): the exams with their seats and scores, 发布考试, 录入成绩 and 公布成绩."""
from __future__ import annotations

from datetime import date

from fastapi import Request
from nicegui import ui

from domain.records import exam_admin
from domain.shared.actors import Actor
from domain.shared.errors import DomainError, Invalid
from pages.layout import portal_frame
from pages.session import actor_of
from ui.call import call
from ui.form import date_input

COLUMNS = [
    {'name': 'name', 'label': '考试名称', 'field': 'name', 'align': 'left', 'style': 'white-space: normal'},
    {'name': 'subject', 'label': '考试科目', 'field': 'subject', 'align': 'left', 'style': 'white-space: normal'},
    {'name': 'date', 'label': '考试日期', 'field': 'date', 'align': 'left'},
    {'name': 'window', 'label': '报名时间', 'field': 'window', 'align': 'left'},
    {'name': 'seats', 'label': '考位（已报/总数）', 'field': 'seats', 'align': 'left'},
    {'name': 'review', 'label': '报名审核', 'field': 'review', 'align': 'left'},
    {'name': 'scores', 'label': '成绩', 'field': 'scores', 'align': 'left'},
    {'name': 'actions', 'label': '操作', 'field': 'id', 'align': 'left'},
]


@ui.page('/staff/exams', title='考试管理 - CCAA综合服务平台')
async def exam_admin_page(request: Request) -> None:
    actor = actor_of(request)
    async with portal_frame(actor, subtitle='协会工作台'):
        with ui.column().classes('ccaa-card q-pa-md w-full gap-2'):
            with ui.row().classes('w-full items-center justify-between'):
                ui.label('考试管理').classes('text-h6')
                with ui.row().classes('gap-4 items-center'):
                    ui.link('返回协会工作台', '/staff')
                    ui.button('发布考试', icon='add', on_click=lambda: publish_dialog(actor, exam_list.refresh)) \
                        .props('unelevated color=primary data-testid=publish-exam')

            @ui.refreshable
            async def exam_list() -> None:
                try:
                    rows = await call(exam_admin.exams, actor)
                except DomainError as error:
                    ui.label(error.message).classes('text-negative')
                    return
                table = ui.table(columns=COLUMNS, row_key='id', pagination=20, rows=[{
                    'id': r.id, 'name': r.name, 'subject': r.subject, 'date': r.exam_date.isoformat(),
                    'window': f'{r.opens_on.isoformat()} 至 {r.closes_on.isoformat()}',
                    'seats': f'{r.seats_taken}/{r.seats}', 'review': '需审核' if r.needs_review else '无需审核',
                    'scores': r.scores_label, 'published': r.scores_published} for r in rows]) \
                    .props('flat bordered no-data-label=暂无考试 data-testid=exams').classes('w-full')
                table.add_slot('body-cell-actions', '''
                    <q-td :props="props">
                      <template v-if="!props.row.published">
                        <a href="#" class="text-primary q-mr-sm" @click.prevent="$parent.$emit('scores', props.row)">录入成绩</a>
                        <a href="#" class="text-primary" @click.prevent="$parent.$emit('publish', props.row)">公布成绩</a>
                      </template>
                    </q-td>''')
                table.on('scores', lambda e: scores_dialog(actor, e.args['id'], e.args['name'], exam_list.refresh))
                table.on('publish', lambda e: publish_scores(actor, e.args['id'], e.args['name'], exam_list.refresh))

            await exam_list()


def _error(field: ui.element, message: str) -> None:
    field.props['error'] = True
    field.props['error-message'] = message  # set as a value: Chinese punctuation breaks the props string
    field.update()


def _clear(*fields: ui.element) -> None:
    for field in fields:
        if 'error' in field.props:
            field.props(remove='error error-message')


def publish_dialog(actor: Actor, refresh) -> None:  # type: ignore[no-untyped-def]
    """发布考试: every field with its message beside it; nothing typed is lost when one is refused."""
    with ui.dialog() as dialog, ui.card().style('width: 44rem; max-width: 95vw'):
        dialog.props['aria-label'] = '发布考试'
        ui.label('发布考试').classes('text-h6')
        fields: dict[str, ui.element] = {
            'name': ui.input('* 考试名称').props('outlined dense').classes('w-full'),
            'subject': ui.input('* 考试科目').props('outlined dense').classes('w-full'),
        }
        with ui.row().classes('w-full gap-2'):
            for name, label in (('opens_on', '* 报名开始日期'), ('closes_on', '* 报名截止日期'), ('exam_date', '* 考试日期')):
                fields[name] = date_input(label, '').props('outlined dense').classes('col')
        fields['cities'] = ui.textarea('* 考试城市及考位', placeholder='每行一个：城市,考位数，如\n北京,200\n上海,150') \
            .props('outlined autogrow').classes('w-full')
        needs_review = ui.checkbox('报名需要审核（审核通过后生成准考证号）')
        with ui.row().classes('w-full items-center gap-2'):
            review_allowed = ui.checkbox('允许成绩复核')
            fields['score_review_until'] = date_input('成绩复核截止日期', '').props('outlined dense') \
                .bind_visibility_from(review_allowed, 'value')

        def day(name: str) -> date | None:
            text = (fields[name].value or '').strip()  # type: ignore[attr-defined]
            try:
                return date.fromisoformat(text) if text else None
            except ValueError:
                raise Invalid(name, '请输入正确的日期，格式为 YYYY-MM-DD') from None

        async def publish() -> None:
            _clear(*fields.values())
            try:
                draft = exam_admin.ExamDraft(
                    name=fields['name'].value or '', subject=fields['subject'].value or '',  # type: ignore[attr-defined]
                    exam_date=day('exam_date'), opens_on=day('opens_on'), closes_on=day('closes_on'),
                    cities=fields['cities'].value or '', needs_review=bool(needs_review.value),  # type: ignore[attr-defined]
                    score_review_allowed=bool(review_allowed.value), score_review_until=day('score_review_until'))
                await call(exam_admin.publish_exam, actor, draft)
            except Invalid as error:
                _error(fields.get(error.field, fields['name']), error.message)
                return
            except DomainError as error:
                ui.notify(error.message, type='negative')
                return
            dialog.close()
            ui.notify('考试已发布', type='positive')
            refresh()

        with ui.row().classes('w-full justify-end'):
            ui.button('取消', on_click=dialog.close).props('flat')
            ui.button('发布', on_click=publish).props('unelevated color=primary data-testid=publish-submit') \
                .mark('publish-submit')
    dialog.open()


def scores_dialog(actor: Actor, exam_id: int, name: str, refresh) -> None:  # type: ignore[no-untyped-def]
    """录入成绩: lines of 准考证号,成绩, typed or pasted from the marking system's CSV."""
    with ui.dialog() as dialog, ui.card().style('width: 36rem; max-width: 95vw'):
        dialog.props['aria-label'] = f'录入成绩：{name}'
        ui.label(f'录入成绩：{name}').classes('text-h6')
        text = ui.textarea('成绩', placeholder='每行一条：准考证号,成绩（可直接粘贴 CSV）') \
            .props('outlined autogrow data-testid=scores-text').classes('w-full')

        async def save() -> None:
            _clear(text)
            try:
                count = await call(exam_admin.enter_scores, actor, exam_id, text.value or '')
            except Invalid as error:
                _error(text, error.message)
                return
            except DomainError as error:
                ui.notify(error.message, type='negative')
                return
            dialog.close()
            ui.notify(f'已录入 {count} 条成绩', type='positive')
            refresh()

        with ui.row().classes('w-full justify-end'):
            ui.button('取消', on_click=dialog.close).props('flat')
            ui.button('保存', on_click=save).props('unelevated color=primary data-testid=scores-submit')
    dialog.open()


async def publish_scores(actor: Actor, exam_id: int, name: str, refresh) -> None:  # type: ignore[no-untyped-def]
    with ui.dialog() as dialog, ui.card():
        dialog.props['aria-label'] = '公布成绩'
        ui.label(f'公布【{name}】的成绩？公布后考生即可查询成绩，成绩不能再录入。')
        with ui.row().classes('w-full justify-end'):
            ui.button('取消', on_click=lambda: dialog.submit(False)).props('flat')
            ui.button('公布', on_click=lambda: dialog.submit(True)).props('unelevated color=primary') \
                .mark('publish-scores')
    if not await dialog:
        return
    try:
        count = await call(exam_admin.publish_scores, actor, exam_id)
    except DomainError as error:
        ui.notify(error.message, type='negative')
        return
    ui.notify(f'成绩已公布，已通知 {count} 名考生', type='positive')
    refresh()
