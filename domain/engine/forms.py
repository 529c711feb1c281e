"""An application form as data: its fields (label, kind, required, choices, limits, the manual's hint and messages),
its attachment slot and the checks only its service knows. domain.engine.applications runs any declared form
(draft, autosave, attachments, problems, submission, 申请信息); pages.form_wizard draws it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from domain.engine.case_attachments import Slot
from domain.engine.prechecks import PrecheckItem
from domain.shared.actors import Actor
from domain.shared.errors import Invalid


class Kind(StrEnum):
    TEXT = 'text'
    TEXTAREA = 'textarea'
    SELECT = 'select'  # one of the choices, with a filter to type into
    MULTISELECT = 'multiselect'  # one or more of the choices, kept in the choices' order
    NUMBER = 'number'  # a whole number between minimum and maximum
    DATE = 'date'
    YES_NO = 'yes_no'  # 是 / 否
    RADIO = 'radio'  # one of a few choices, all in view
    AGREE = 'agree'  # a statement to tick (本人承诺)


@dataclass(frozen=True)
class Field:
    name: str  # the column of the form's table
    label: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[Any, ...] = ()  # SELECT, MULTISELECT: the values kept
    choice_labels: tuple[str, ...] = ()  # how each choice reads, where it differs from its value
    unit: str = ''  # NUMBER: what the number counts (年)
    # SELECT whose choices depend on who applies: options_of(actor, view) -> value -> how it reads (checked on save by
    # the service's own rules)
    options_of: Callable[[Actor, Any], dict[Any, str]] | None = None
    max_length: int = 200  # TEXT, TEXTAREA
    minimum: int | None = None  # NUMBER
    maximum: int | None = None
    hint: str = ''  # the manual's hint under the field; AGREE: the statement ticked
    message: str = ''  # what a missing required value says; by default 请填写… / 请选择… / 请勾选…

    @property
    def missing_message(self) -> str:
        if self.message:
            return self.message
        if self.kind is Kind.AGREE:
            return f'请阅读并勾选{self.label}'
        if self.kind is Kind.MULTISELECT:
            return f'请至少选择一个{self.label}'
        verb = '请选择' if self.kind in (Kind.SELECT, Kind.RADIO, Kind.YES_NO, Kind.DATE) else '请填写'
        return f'{verb}{self.label}'

    def clean(self, value: object) -> object:
        """The value as the form's table keeps it; Invalid with the message shown beside the field."""
        if value is None or value == '':
            if self.kind is Kind.AGREE:
                return False
            return '' if self.kind in (Kind.TEXT, Kind.TEXTAREA) else None
        if self.kind in (Kind.TEXT, Kind.TEXTAREA):
            text = str(value).strip()
            if len(text) > self.max_length:
                raise Invalid(self.name, f'{self.label}不能超过{self.max_length}字')
            return text
        if self.kind in (Kind.SELECT, Kind.RADIO):
            if value not in self.choices:
                raise Invalid(self.name, f'请从选项中选择{self.label}')
            return value
        if self.kind is Kind.MULTISELECT:
            chosen = set(value) if isinstance(value, (list, tuple, set)) else {value}
            if not chosen <= set(self.choices):
                raise Invalid(self.name, f'请从选项中选择{self.label}')
            return ','.join(str(c) for c in self.choices if c in chosen) or None
        if self.kind is Kind.NUMBER:
            number = _whole_number(value)
            if number is None or (self.minimum is not None and number < self.minimum) \
                    or (self.maximum is not None and number > self.maximum):
                low = '' if self.minimum is None else f'{self.minimum}至'
                high = '' if self.maximum is None else f'{self.maximum}之间的'
                raise Invalid(self.name, f'请填写{low}{high}整数')
            return number
        if self.kind is Kind.DATE:
            try:
                return value if isinstance(value, date) else date.fromisoformat(str(value))
            except ValueError:
                raise Invalid(self.name, '请按 年-月-日 填写日期') from None
        if value not in (True, False):  # YES_NO, AGREE
            raise Invalid(self.name, self.missing_message)
        return value

    def text(self, value: object) -> str:
        """The value as 申请信息 shows it."""
        if self.kind is Kind.AGREE:
            return '已确认' if value else '未确认'
        if self.kind is Kind.YES_NO:
            return '' if value is None else ('是' if value else '否')
        if isinstance(value, date):
            return value.isoformat()
        if self.kind in (Kind.SELECT, Kind.MULTISELECT) and self.choice_labels and value is not None:
            labels = dict(zip(self.choices, self.choice_labels))
            values = str(value).split(',') if self.kind is Kind.MULTISELECT else [value]
            return '、'.join(labels.get(v, str(v)) for v in values)
        if self.kind is Kind.NUMBER and value is not None and self.unit:
            return f'{value} {self.unit}'
        return '' if value is None else str(value)

    @property
    def options(self) -> dict[Any, str]:
        """The choices as a select offers them: value -> how it reads."""
        return dict(zip(self.choices, self.choice_labels or [str(c) for c in self.choices]))

    def is_missing(self, value: object) -> bool:
        return value is None or value == '' or (self.kind is Kind.AGREE and value is not True)


# precheck(actor, case_id) -> the 条件自检 list; checks(session, actor, case, row) -> what else keeps it from being
# submitted; summary(row) -> 事项名称's detail in 我的事项
Precheck = Callable[[Actor, int | None], list[PrecheckItem]]
Checks = Callable[[Any, Actor, Any, Any], list[Invalid]]


@dataclass(frozen=True)
class Form:
    table: Any  # SQLModel table keyed by case_id, with wizard_step, updated_at and a column per field
    title: str  # the form step's name in the step bar: 专家申请, 填写信息
    fields: tuple[Field, ...]
    heading: str = ''  # above the fields; the title by default
    precheck_label: str = '条件自检'  # the first step's name in the step bar (申诉须知, 考前说明)
    attachments: Slot | None = None
    streams: tuple[Slot, ...] = ()  # large files (documents, videos) streamed by the browser, each slot its list
    notice: tuple[str, Sequence[str]] | None = None  # 须知 above 条件自检: title and lines
    precheck: Precheck | None = None  # None: 实名认证 only
    checks: Checks | None = None
    before_submit: Callable[[Any, Actor, Any, Any], None] | None = None  # (session, actor, case, row): written with 提交
    summary: Callable[[Any], str] | None = None
    steps: tuple[str, ...] = field(default=('precheck', 'info', 'done'))

    def field(self, name: str) -> Field:
        found = next((f for f in self.fields if f.name == name), None)
        if found is None:
            raise Invalid(name, '未知字段')
        return found


def _whole_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
