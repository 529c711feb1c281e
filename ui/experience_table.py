"""One experience table (教育经历, 工作经历, …) with its add/edit dialog (R5.3).

The same component serves the profile library and every application. It knows no service and no kind: it gets
field specs, rows and callbacks.

Rows are dicts: 'id', the text to show for each column, and optionally
  '_values'  the field values the edit dialog starts from (default: the shown texts; kept on the server),
  '_links'   {column: url} for cells shown as links (an uploaded file),
  'verdict' / 'verdict_reason'  for the 审核结果 column.
Callbacks report bad input by raising FieldError(field, message); the message then shows beside that field and
the dialog stays open with everything typed.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from nicegui import events, ui

from ui import dialog_memory
from ui.form import date_input

SaveHandler = Callable[[dict[str, Any], int | None], Awaitable[Any]]
DeleteHandler = Callable[[int], Awaitable[Any]]
# (field, file name, bytes) -> (the field's value, the name to show)
UploadHandler = Callable[[str, str, bytes], Awaitable[tuple[Any, str]]]
PickHandler = Callable[[], Awaitable[Any]]
_SHORT = ('date', 'int', 'decimal', 'phone', 'select')  # values that read badly broken over lines

_ACTIONS = '''
<q-td :props="props" class="ccaa-row-actions">
  <q-btn flat dense no-caps color="primary" label="编辑" @click="() => $parent.$emit('edit', props.row.id)" />
  <q-btn flat dense no-caps color="negative" label="删除" @click="() => $parent.$emit('delete', props.row.id)" />
</q-td>
'''
_LINK = '''
<q-td :props="props">
  <a v-if="props.row._links && props.row._links['{name}']" :href="props.row._links['{name}']" target="_blank"
     rel="noopener" class="text-primary">{{{{ props.value }}}}</a>
  <span v-else>{{{{ props.value }}}}</span>
</q-td>
'''
_VERDICT = '''
<q-td :props="props">
  <q-badge v-if="props.value" :color="props.value === '符合' ? 'positive' : 'negative'" :label="props.value">
    <q-tooltip v-if="props.row.verdict_reason">{{ props.row.verdict_reason }}</q-tooltip>
  </q-badge>
</q-td>
'''


class FieldSpecLike(Protocol):
    """What the dialog reads of a field spec (domain.experiences.FieldSpec has these)."""

    @property
    def name(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def type(self) -> str: ...  # date | text | int | decimal | phone | select | file
    @property
    def required(self) -> bool: ...
    @property
    def options(self) -> Sequence[str]: ...
    @property
    def hint(self) -> str: ...
    @property
    def max_length(self) -> int: ...
    @property
    def step(self) -> Any: ...
    @property
    def accept(self) -> str: ...
    @property
    def max_bytes(self) -> int | None: ...


class FieldError(Exception):
    """Bad input reported by a callback; an empty or unknown field makes it a notification."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class _Control:
    """One field of the dialog: a value to read and an error to show beside it."""

    def __init__(self, element: ui.input | ui.number | ui.select) -> None:
        self.element = element

    @property
    def value(self) -> Any:
        return self.element.value

    def show_error(self, message: str | None) -> None:
        self.element.error = message


class FileField:
    """An upload field: the file goes to the server at once (on_upload); the field's value is what that returns.

    Used inside the experience dialog and on its own by forms that save each field as it changes (on_clear then
    saves the removal).
    """

    def __init__(self, spec: FieldSpecLike, value: Any, shown: str, link: str | None,
                 on_upload: UploadHandler | None, on_clear: Callable[[], Awaitable[Any]] | None = None,
                 link_of: Callable[[Any], str] | None = None) -> None:
        self.spec = spec
        self.value = value
        self.shown = shown if value else ''
        self.on_change: Callable[[], None] | None = None  # told after an upload or a removal
        self._on_upload = on_upload
        self._on_clear = on_clear
        self._link_of = link_of  # where a freshly uploaded value can be viewed, if it can be at once
        with ui.column().classes('w-full gap-1'):
            ui.label(_label(spec)).classes('text-caption text-grey-8')
            with ui.row().classes('items-center gap-2'):
                self._current = ui.label(f'已上传：{shown}' if value else '未上传')
                self._view = ui.link('查看', link or '#', new_tab=True)
                self._view.set_visibility(bool(value and link))
                self._remove = ui.button('移除', on_click=self._clear).props('flat dense no-caps color=negative')
                self._remove.set_visibility(bool(value) and not spec.required)
            max_mb = (spec.max_bytes or 0) // (1024 * 1024)
            types = '、'.join(dict.fromkeys(e.strip().lstrip('.').upper().replace('JPEG', 'JPG')
                                           for e in spec.accept.split(',') if e.strip()))
            self._rule = f'支持 {types} 文件' + (f'，不超过 {max_mb} MB' if max_mb else '')
            self.upload = ui.upload(label=f'选择{spec.label}（{self._rule}）', auto_upload=True,
                                    max_file_size=spec.max_bytes, on_upload=self._handle,
                                    on_rejected=lambda: self.show_error(f'请选择{self._rule}')) \
                .props(f'flat bordered accept="{spec.accept}"').classes('w-full')
            self.error_label = ui.label('').classes('text-negative text-caption').props('role=alert')

    async def _handle(self, e: events.UploadEventArguments) -> None:
        self.show_error(None)
        if self._on_upload is None:
            return
        try:
            value, shown = await self._on_upload(self.spec.name, e.file.name, await e.file.read())
        except FieldError as error:
            self.show_error(error.message)
            self.upload.reset()
            return
        self.value, self.shown = value, shown
        self._current.set_text(f'已上传：{shown}')
        if self._link_of is not None:
            self._view.props(f'href="{self._link_of(value)}"')
        self._view.set_visibility(self._link_of is not None)
        self._remove.set_visibility(not self.spec.required)
        self.upload.reset()
        if self.on_change is not None:
            self.on_change()

    async def _clear(self) -> None:
        if self._on_clear is not None:
            try:
                await self._on_clear()
            except FieldError as error:
                self.show_error(error.message)
                return
        self.value, self.shown = None, ''
        self._current.set_text('未上传')
        self._view.set_visibility(False)
        self._remove.set_visibility(False)
        if self.on_change is not None:
            self.on_change()

    def show_error(self, message: str | None) -> None:
        self.error_label.set_text(message or '')


def _label(spec: FieldSpecLike) -> str:
    return f'* {spec.label}' if spec.required else spec.label


def _date_input(spec: FieldSpecLike, value: Any) -> ui.input:
    return date_input(_label(spec), value or '')


class ExperienceTable(ui.column):
    """Title, the buttons 添加 / 折叠表格内容 / 从基本信息库添加, the table with 编辑 / 删除 per row, and the dialog."""

    def __init__(self, title: str, columns: Sequence[tuple[str, str]], rows: Sequence[dict[str, Any]], *,
                 fields: Sequence[FieldSpecLike], on_save: SaveHandler, on_delete: DeleteHandler,
                 on_upload: UploadHandler | None = None, on_pick_from_library: PickHandler | None = None,
                 show_verdict: bool = False, editable: bool = True, key: str | None = None) -> None:
        super().__init__()
        self.title = title
        self.key = key or title
        self._fields = list(fields)
        self._on_save = on_save
        self._on_delete = on_delete
        self._on_upload = on_upload
        self._rows: list[dict[str, Any]] = []
        self._controls: dict[str, _Control | FileField] = {}
        self.classes('w-full gap-1 ccaa-experience').mark(f'experience-{self.key}')

        with self:
            with ui.row().classes('items-center gap-2'):
                ui.label(title).classes('text-subtitle1 text-weight-bold').props('role=heading aria-level=2')
                if editable:
                    ui.button('添加', icon='add', on_click=lambda: self._open_dialog(None)) \
                        .props('outline dense no-caps color=primary').mark(f'{self.key}-add')
                self._toggle = ui.button('折叠表格内容', on_click=self.toggle) \
                    .props('flat dense no-caps color=primary aria-expanded=true').mark(f'{self.key}-toggle')
                if editable and on_pick_from_library is not None:
                    ui.button('从基本信息库添加', icon='playlist_add', on_click=on_pick_from_library) \
                        .props('flat dense no-caps color=primary').mark(f'{self.key}-pick')

            # cells wrap, but not down to one character a line: a narrow screen scrolls the table instead
            types = {spec.name: spec.type for spec in self._fields}
            table_columns = [{'name': name, 'label': label, 'field': name, 'align': 'left',
                              'headerStyle': 'min-width: 6em',
                              'style': 'white-space: nowrap' if types.get(name) in _SHORT else 'min-width: 6em'}
                             for name, label in columns]
            if show_verdict:
                table_columns.append({'name': 'verdict', 'label': '审核结果', 'field': 'verdict', 'align': 'center',
                                      'headerStyle': 'white-space: nowrap'})
            if editable:
                table_columns.append({'name': 'actions', 'label': '操作', 'field': 'id', 'align': 'center',
                                      'style': 'white-space: nowrap', 'headerStyle': 'white-space: nowrap'})
            self.table = ui.table(columns=table_columns, rows=[], row_key='id') \
                .props('flat bordered dense wrap-cells').classes('w-full ccaa-experience-table') \
                .mark(f'{self.key}-table')
            self.table.props['no-data-label'] = '暂无数据'
            self.table.add_slot('no-data', '<div class="full-width text-center text-grey-7">暂无数据</div>')
            for spec in self._fields:
                if spec.type == 'file':
                    self.table.add_slot(f'body-cell-{spec.name}', _LINK.format(name=spec.name))
            if show_verdict:
                self.table.add_slot('body-cell-verdict', _VERDICT)
            if editable:
                self.table.add_slot('body-cell-actions', _ACTIONS)
                self.table.on('edit', lambda e: self._open_dialog(e.args))
                self.table.on('delete', lambda e: self._confirm_delete(e.args))
            self.dialog = ui.dialog().props('persistent')
            self.confirm = ui.dialog()
        self.set_rows(rows)
        if editable:
            self._reopen()

    # -- rows -------------------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Show these rows (after a save or delete the page passes the fresh list)."""
        self._rows = [dict(row) for row in rows]
        # '_values' may hold what the browser need not see; everything else is shown
        self.table.rows = [{k: v for k, v in row.items() if k != '_values'} for row in self._rows]

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self._rows]

    def toggle(self) -> None:
        """折叠表格内容 / 展开表格内容."""
        visible = not self.table.visible
        self.table.set_visibility(visible)
        self._toggle.set_text('折叠表格内容' if visible else '展开表格内容')
        self._toggle.props['aria-expanded'] = 'true' if visible else 'false'

    def _row(self, row_id: Any) -> dict[str, Any] | None:
        return next((row for row in self._rows if row.get('id') == row_id), None)

    # -- add / edit -------------------------------------------------------------------------------------

    def _reopen(self) -> None:
        """The dialog that was open when the page was last built for this browser, with what it held then."""
        state = dialog_memory.recall(self.key)
        if state is None:
            return
        if state.get('row') is not None and self._row(state['row']) is None:
            dialog_memory.forget(self.key)  # the row has gone meanwhile
            return
        self._open_dialog(state.get('row'), state)

    def _remember(self, row_id: int | None) -> None:
        dialog_memory.remember(self.key, {
            'row': row_id, 'values': {name: control.value for name, control in self._controls.items()},
            'shown': {name: control.shown for name, control in self._controls.items() if isinstance(control, FileField)}})

    def _close_dialog(self) -> None:
        dialog_memory.forget(self.key)
        self.dialog.close()

    def _open_dialog(self, row_id: int | None, kept: dict[str, Any] | None = None) -> None:
        row = self._row(row_id) if row_id is not None else None
        if row_id is not None and row is None:
            return
        values = row.get('_values', row) if row else {}
        links = row.get('_links', {}) if row else {}
        shown = {name: str(row.get(name, '')) for name in values} if row else {}
        if kept is not None:  # what the dialog held before the page was built again
            original = values
            values, shown = {**values, **kept.get('values', {})}, {**shown, **kept.get('shown', {})}
            links = {name: link for name, link in links.items() if values.get(name) == original.get(name)}
        self._controls = {}
        self.dialog.clear()
        self.dialog.props['aria-label'] = f"{'编辑' if row else '添加'}{self.title}"
        with self.dialog, ui.card().classes('q-pa-md gap-2').style('width: 44rem; max-width: 95vw'):
            ui.label(self.dialog.props['aria-label']).classes('text-h6')
            with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-x-4 gap-y-2'):
                for spec in self._fields:
                    self._controls[spec.name] = self._control(spec, values.get(spec.name), shown.get(spec.name, ''),
                                                              links.get(spec.name))
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('取消', on_click=self._close_dialog).props('flat no-caps')
                save = ui.button('保存').props('unelevated no-caps color=primary').mark(f'{self.key}-save')
                save.on_click(lambda: self._save(row['id'] if row else None, save))
        for control in self._controls.values():  # kept as it is typed
            if isinstance(control, FileField):
                control.on_change = lambda: self._remember(row_id)
            else:
                control.element.on_value_change(lambda: self._remember(row_id))
        self._remember(row_id)
        self.dialog.open()

    def _control(self, spec: FieldSpecLike, value: Any, shown: str, link: str | None) -> _Control | FileField:
        if spec.type == 'file':
            with ui.element('div').classes('sm:col-span-2'):
                return FileField(spec, value, shown, link, self._on_upload)
        element: ui.input | ui.number | ui.select
        if spec.type == 'date':
            element = _date_input(spec, value)
        elif spec.type in ('int', 'decimal'):
            step = float(spec.step) if spec.step else 1
            element = ui.number(_label(spec), value=value, min=0, step=step)
        elif spec.type == 'select':
            element = ui.select(list(spec.options), label=_label(spec),
                                value=value if value in spec.options else None)
        else:
            element = ui.input(_label(spec), value=value or '').props(f'maxlength={spec.max_length}')
            if spec.type == 'phone':
                element.props('inputmode=tel autocomplete=off')
        element.props('outlined dense').classes('w-full').mark(spec.name)
        if spec.hint:
            element.props['hint'] = spec.hint
        return _Control(element)

    async def _save(self, row_id: int | None, button: ui.button) -> None:
        for control in self._controls.values():
            control.show_error(None)
        values = {name: control.value for name, control in self._controls.items()}
        button.props('loading')
        try:
            await self._on_save(values, row_id)
        except FieldError as error:
            control = self._controls.get(error.field)
            if control is not None:
                control.show_error(error.message)
            else:
                ui.notify(error.message, type='negative')
            return
        finally:
            button.props(remove='loading')
        self._close_dialog()
        ui.notify('保存成功', type='positive')

    # -- delete -----------------------------------------------------------------------------------------

    def _confirm_delete(self, row_id: int) -> None:
        if self._row(row_id) is None:
            return
        self.confirm.clear()
        self.confirm.props['aria-label'] = f'删除{self.title}'
        with self.confirm, ui.card().classes('q-pa-md'):
            ui.label(f'确定删除这条{self.title}吗？')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('取消', on_click=self.confirm.close).props('flat no-caps')
                ui.button('确定', on_click=lambda: self._delete(row_id)) \
                    .props('unelevated no-caps color=negative').mark(f'{self.key}-confirm-delete')
        self.confirm.open()

    async def _delete(self, row_id: int) -> None:
        self.confirm.close()
        try:
            await self._on_delete(row_id)
        except FieldError as error:
            ui.notify(error.message, type='negative')
            return
        ui.notify('已删除', type='positive')
