"""办件评价 (好差评, R14.7) on a closed case: the applicant rates it once; everyone who may view the case reads it."""
from __future__ import annotations

from nicegui import ui

from domain.engine import ratings
from domain.engine.cases import CaseView
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import DomainError, Invalid
from ui.call import call
from ui.field_error import show_field_error


async def rating_section(actor: Actor, case: CaseView) -> None:
    """Nothing for an open case; the form for its applicant until rated; the rating once given."""
    given = await call(ratings.rating_of, actor, case.id)
    if given is None and not await call(ratings.may_rate, actor, case.id):
        return
    ui.separator()
    ui.label('办件评价').classes('text-subtitle1 text-weight-bold')
    with ui.column().classes('w-full gap-2').props('data-testid=rating') as box:
        if given is not None:
            _show(given)
            return
        ui.label('业务已办结，请对本次办理进行评价（只能评价一次）。').classes('text-body2 text-grey-8')
        score = ui.radio({level: text for level, text in ratings.LEVELS.items()}).props('inline') \
            .props('aria-label=评价等级')
        score_error = ui.label('').classes('text-negative text-caption').props('role=alert')
        comment = ui.textarea('评价内容', placeholder='请填写您的意见或建议（选填；不满意时必填）') \
            .props(f'outlined autogrow counter maxlength={ratings.COMMENT_MAX}').classes('w-full')

        async def submit() -> None:
            score_error.set_text('')
            comment.props(remove='error error-message')
            try:
                rating = await call(ratings.rate, actor, case.id, score.value, comment.value or '')
            except Invalid as error:
                if error.field == 'score':
                    score_error.set_text(error.message)
                else:
                    show_field_error(comment, error.message)
                return
            except DomainError as error:
                ui.notify(error.message, type='negative')
                return
            box.clear()
            with box:
                _show(rating)
            ui.notify('感谢您的评价', type='positive')

        ui.button('提交评价', on_click=submit).props('unelevated color=primary data-testid=rating-submit')


def _show(rating: ratings.RatingView) -> None:
    with ui.row().classes('items-center gap-2'):
        ui.icon('star', color='amber-8')
        ui.label(rating.level).classes('text-weight-bold').props('data-testid=rating-level')
        ui.label(clock.local_text(rating.created_at)).classes('text-caption text-grey-7')
    if rating.comment:
        ui.label(rating.comment).classes('text-body2')
