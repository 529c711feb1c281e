"""Glue between the experience services and ui.experience_table, for every page that shows experiences."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

from nicegui import ui

from domain.engine import experiences, files
from domain.engine.experiences import FieldType, Kind, RowView
from domain.shared.actors import Actor
from domain.shared.errors import DomainError, Invalid
from ui.call import call
from ui.experience_table import ExperienceTable, FieldError

P = ParamSpec('P')
R = TypeVar('R')


async def checked(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`call`, with the domain's refusals turned into FieldError for the component to show."""
    try:
        return await call(fn, *args, **kwargs)
    except Invalid as error:
        raise FieldError(error.field, error.message) from error
    except DomainError as error:
        raise FieldError('', error.message) from error


def _form_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def table_row(kind: Kind, view: RowView) -> dict[str, Any]:
    """A row for ExperienceTable: the texts to show, the values to edit, links to uploaded files."""
    row: dict[str, Any] = {'id': view.id, **view.texts, 'verdict': view.verdict or '',
                           'verdict_reason': view.verdict_reason,
                           '_values': {name: _form_value(value) for name, value in view.values.items()}}
    links = {f.name: f'/files/{view.values[f.name]}' for f in kind.fields
             if f.type is FieldType.FILE and view.values[f.name]}
    if links:
        row['_links'] = links
    return row


async def library_section(actor: Actor, kind: Kind) -> ExperienceTable:
    """One kind of the actor's profile library (基本信息库), editable in place."""

    async def rows() -> list[dict[str, Any]]:
        return [table_row(kind, view) for view in await call(experiences.list_library, actor, kind.code)]

    async def save(values: dict[str, Any], row_id: int | None) -> None:
        await checked(experiences.save_row, actor, kind.code, values, row_id)
        section.set_rows(await rows())

    async def delete(row_id: int) -> None:
        await checked(experiences.delete_row, actor, kind.code, row_id)
        section.set_rows(await rows())

    async def upload(field: str, filename: str, data: bytes) -> tuple[int, str]:
        file_id = await checked(files.save_upload, actor, kind.field(field).purpose, filename, data)
        return file_id, files.clean_name(filename)

    section = ExperienceTable(kind.title, kind.columns, await rows(), fields=kind.fields, on_save=save,
                              on_delete=delete, on_upload=upload, key=kind.code)
    return section


async def case_section(actor: Actor, kind: Kind, case_id: int, *, editable: bool,
                       on_change: Callable[[], None] | None = None) -> ExperienceTable:
    """One kind inside an application: rows are copies, 从基本信息库添加 ticks library rows to copy in; on_change is
    told whenever the rows changed."""

    async def rows() -> list[dict[str, Any]]:
        if on_change is not None:
            on_change()
        return [table_row(kind, view) for view in await call(experiences.list_case_rows, actor, kind.code, case_id)]

    async def save(values: dict[str, Any], row_id: int | None) -> None:
        await checked(experiences.save_row, actor, kind.code, values, row_id, case_id=case_id)
        section.set_rows(await rows())

    async def delete(row_id: int) -> None:
        await checked(experiences.delete_row, actor, kind.code, row_id, case_id=case_id)
        section.set_rows(await rows())

    async def upload(field: str, filename: str, data: bytes) -> tuple[int, str]:
        file_id = await checked(files.save_upload, actor, kind.field(field).purpose, filename, data)
        return file_id, files.clean_name(filename)

    async def pick() -> None:
        library = await call(experiences.list_library, actor, kind.code)
        with ui.dialog() as dialog, ui.card().style('width: 56rem; max-width: 95vw'):
            dialog.props['aria-label'] = f'从基本信息库添加{kind.title}'
            ui.label(f'从基本信息库添加{kind.title}').classes('text-h6')
            if not library:
                ui.label('基本信息库中还没有此类经历，可在 个人中心 › 个人信息 中维护。').classes('text-grey-7')
            table = ui.table(columns=[{'name': n, 'label': label, 'field': n, 'align': 'left'} for n, label in kind.columns],
                             rows=[{'id': v.id, **v.texts} for v in library], row_key='id', selection='multiple') \
                .props('flat bordered dense no-data-label=暂无数据').classes('w-full')
            with ui.row().classes('w-full justify-end'):
                ui.button('取消', on_click=lambda: dialog.submit(None)).props('flat')
                ui.button('添加所选', on_click=lambda: dialog.submit([r['id'] for r in table.selected])) \
                    .props('unelevated color=primary').mark(f'{kind.code}-pick-confirm')
        chosen = await dialog
        dialog.delete()
        if chosen:
            copies = await call(experiences.copy_rows, actor, kind.code, chosen, case_id)
            section.set_rows(await rows())
            ui.notify(f'已添加 {len(copies)} 条{kind.title}' if copies else '所选经历已在申请中', type='positive')

    section = ExperienceTable(kind.title, kind.columns, await rows(), fields=kind.fields, on_save=save,
                              on_delete=delete, on_upload=upload, on_pick_from_library=pick, show_verdict=True,
                              editable=editable, key=kind.code)
    return section
