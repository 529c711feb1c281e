"""What every application does, once: load the draft with the permission check, attach and remove files, list
what keeps it from being submitted, submit, read its 申请信息 (ApplicationModel, which each service's application
module fills with what is its own); and the whole applicant's side of a service whose form is declared
(domain.engine.forms), with `declare`, which makes the Service of such a form for the registry.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlmodel import Session

from domain.engine import case_attachments, cases, prechecks, registry
from domain.engine.case_attachments import Attachment, Slot
from domain.engine.forms import Form, Kind
from domain.engine.prechecks import PrecheckItem
from domain.engine.registry import Service
from domain.engine.workflow import Workflow
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Invalid, NotAllowed
from storage.db import unit_of_work
from storage.tables import Case


@dataclass(frozen=True)
class FormView:
    """A draft of a declared form as its wizard reads it: field values by name (also as attributes)."""

    case: cases.CaseView
    values: dict[str, Any]
    attachments: tuple[Attachment, ...]
    wizard_step: str
    streamed: dict[str, tuple[Attachment, ...]] = field(default_factory=dict)  # a streamed slot's field -> its files

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__['values'][name]
        except KeyError:
            raise AttributeError(name) from None


# view(session, actor, case, row) -> the application as its pages read it; problems(session, actor, case, row) ->
# what keeps it from being submitted; before_submit(session, actor, case, row): what else is written with 提交
View = Callable[[Session, Actor, Case, Any], Any]
Problems = Callable[[Session, Actor, Case, Any], list[Invalid]]
SetValue = Callable[[Session, Case, Any, str, object], None]


@dataclass(frozen=True)
class ApplicationModel:
    """One service's application: its table (keyed by the case id), the services it serves, and its own parts."""

    table: Any
    codes: tuple[str, ...]
    view: View
    problems_in: Problems
    facts_in: Callable[[Session, Case], dict[str, str]]
    attachments: Slot | None = None
    before_submit: Callable[[Session, Actor, Case, Any], None] | None = None

    def load(self, session: Session, actor: Actor, case_id: int, for_edit: bool = False) -> tuple[Case, Any]:
        """The case and its application row for its applicant or anyone who may view it (NotFound otherwise); for
        an edit, only the applicant's draft or returned case (NotAllowed otherwise)."""
        return cases.application_in(session, actor, case_id, self.table, self.codes, for_edit=for_edit)

    def application(self, actor: Actor, case_id: int) -> Any:
        """The application as its applicant, or anyone who may view the case, reads it."""
        with unit_of_work() as session:
            case, row = self.load(session, actor, case_id)
            return self.view(session, actor, case, row)

    def save(self, actor: Actor, case_id: int, values: dict[str, object], set_value: SetValue,
             summary: Callable[[Session, Case, Any], str] | None = None) -> Any:
        """Autosave of a draft: each value through set_value(session, case, row, name, value), which raises Invalid
        (naming the field) for a value it refuses — nothing is then written —; the summary 我的事项 shows; the view."""
        with unit_of_work(write=True) as session:
            case, row = self.load(session, actor, case_id, for_edit=True)
            for name, value in values.items():
                set_value(session, case, row, name, value)
            if summary is not None:
                case.summary = summary(session, case, row)
            row.updated_at = clock.now()
            session.add_all([case, row])
            session.flush()
            return self.view(session, actor, case, row)

    def problems(self, actor: Actor, case_id: int) -> list[Invalid]:
        """Everything that keeps the application from being submitted, each tied to a field."""
        with unit_of_work() as session:
            case, row = self.load(session, actor, case_id)
            return self.problems_in(session, actor, case, row)

    def submit(self, actor: Actor, case_id: int, expected_version: int | None = None) -> cases.CaseView:
        """提交 (or 重新提交 after 退回整改): checked and moved on in one transaction. With expected_version (the
        version the applicant's screen shows), a screen left open while the case moved on gets Conflict."""
        with unit_of_work(write=True) as session:
            case, row = self.load(session, actor, case_id, for_edit=True)
            found = self.problems_in(session, actor, case, row)
            if found:
                raise found[0]
            if self.before_submit is not None:
                self.before_submit(session, actor, case, row)
            return cases.submit_in(session, actor, case, row, expected_version)

    def facts(self, actor: Actor, case_id: int) -> dict[str, str]:
        """The 申请信息 as reviewers read it; anyone who may view the case may read it (NotFound otherwise)."""
        with unit_of_work() as session:
            case, _ = self.load(session, actor, case_id)
            return self.facts_in(session, case)

    def attach(self, actor: Actor, case_id: int, filename: str, data: bytes) -> Any:
        """One more file, checked by content and size, stored and added to the draft (at most the slot's limit)."""
        assert self.attachments is not None
        return case_attachments.attach(actor, case_id, self.attachments, self.load, self._viewer(actor), filename,
                                       data)

    def detach(self, actor: Actor, case_id: int, file_id: int) -> Any:
        """删除 one file of the draft (the stored file stays its owner's)."""
        assert self.attachments is not None
        return case_attachments.detach(actor, case_id, self.attachments, self.load, self._viewer(actor), file_id)

    def _viewer(self, actor: Actor) -> case_attachments.Viewer:
        return lambda session, case, row: self.view(session, actor, case, row)


@dataclass(frozen=True)
class Handlers:
    """The applicant's services the generic wizard calls for one service: a service with rules of its own passes
    its application module's functions; a declared form gets the generic ones (handlers_of)."""

    precheck: Callable[[Actor, int | None], list[PrecheckItem]]
    start: Callable[[Actor], Any]
    application: Callable[[Actor, int], Any]
    save: Callable[..., Any]  # save(actor, case_id, **values)
    problems: Callable[[Actor, int], list[Invalid]]
    facts: Callable[[Actor, int], dict[str, str]]
    submit: Callable[..., cases.CaseView]  # submit(actor, case_id, expected_version)
    attach: Callable[..., Any] | None = None  # attach(actor, case_id, filename, data)
    detach: Callable[..., Any] | None = None  # detach(actor, case_id, file_id)
    link: Callable[..., Any] | None = None  # link(actor, case_id, slot_field, file_id): a streamed upload added
    unlink: Callable[..., Any] | None = None  # unlink(actor, case_id, slot_field, file_id)


def handlers_of(service: Service) -> Handlers:
    if service.handlers is not None:
        return service.handlers  # type: ignore[no-any-return]
    code = service.code
    return Handlers(partial(precheck, code), partial(start, code), partial(application, code), partial(save, code),
                    partial(problems, code), partial(facts, code), partial(submit, code), partial(attach, code),
                    partial(detach, code), partial(link, code), partial(unlink, code))


def declare(code: str, name: str, *, order: int, workflow: Workflow, form: Form, **catalogue: Any) -> Service:
    """The Service of a declared form, to pass to registry.register: its 申请信息, files and page come from the form."""
    slot = form.attachments
    slots = ((slot,) if slot else ()) + form.streams
    return Service(code, name, order=order, workflow=workflow, form=form, apply_path=f'/apply/{code}', attachments=slot,
                   wide_facts=tuple(f.label for f in form.fields if f.kind is Kind.TEXTAREA),
                   facts_in=lambda session, case: facts_in(form, session, case),
                   file_purposes=tuple(s.purpose for s in slots if not s.stream),
                   stream_purposes={s.purpose: s.stream for s in form.streams},
                   file_references=tuple((s.table, s.table.file_id) for s in slots), **catalogue)


def form_of(code: str) -> Form:
    form = registry.get(code).form
    if form is None:
        raise NotAllowed('该事项暂不支持在线办理')
    return form


def precheck(code: str, actor: Actor, case_id: int | None = None) -> list[PrecheckItem]:
    """条件自检: the form's own conditions, or 实名认证."""
    form = form_of(code)
    return form.precheck(actor, case_id) if form.precheck else [prechecks.real_name(actor)]


def start(code: str, actor: Actor) -> FormView:
    """Open a new draft once 条件自检 has passed: it gets its 业务号 now and appears in 草稿箱."""
    form = form_of(code)
    failed = next((item for item in precheck(code, actor) if not item.passed), None)
    if failed is not None:
        raise NotAllowed(failed.detail)
    with unit_of_work(write=True) as session:
        case = cases.create_draft_in(session, actor, code)
        row = form.table(case_id=case.id, wizard_step='info', updated_at=clock.now())
        if form.summary:
            case.summary = form.summary(row)
        session.add_all([case, row])
        session.flush()
        return _view(session, form, case, row)


def application(code: str, actor: Actor, case_id: int) -> FormView:
    """The draft as its applicant, or anyone who may view the case, reads it."""
    return model_of(code).application(actor, case_id)  # type: ignore[no-any-return]


def save(code: str, actor: Actor, case_id: int, **values: object) -> FormView:
    """Autosave: each value checked against its field (Invalid, naming the field) and kept at once."""
    form = form_of(code)

    def set_value(session: Session, case: Case, row: Any, name: str, value: object) -> None:
        if name == 'wizard_step':
            if value not in form.steps:
                raise Invalid(name, '请从选项中选择')
            row.wizard_step = value
        else:
            declared = form.field(name)
            if declared.options_of is not None and value not in (None, ''):  # choices that depend on who asks
                if value not in declared.options_of(actor, _view(session, form, case, row)):
                    raise Invalid(name, f'请从选项中选择{declared.label}')
                setattr(row, name, value)
            else:
                setattr(row, name, declared.clean(value))

    summary = form.summary
    return model_of(code).save(actor, case_id, values, set_value,  # type: ignore[no-any-return]
                               (lambda session, case, row: summary(row)) if summary else None)


def attach(code: str, actor: Actor, case_id: int, filename: str, data: bytes) -> FormView:
    return model_of(code).attach(actor, case_id, filename, data)  # type: ignore[no-any-return]


def detach(code: str, actor: Actor, case_id: int, file_id: int) -> FormView:
    return model_of(code).detach(actor, case_id, file_id)  # type: ignore[no-any-return]


def stream_slot(form: Form, name: str) -> Slot:
    found = next((s for s in form.streams if s.field == name), None)
    if found is None:
        raise Invalid(name, '未知字段')
    return found


def link(code: str, actor: Actor, case_id: int, slot_field: str, file_id: int) -> FormView:
    """A file the browser streamed to the upload route, added to the draft's slot."""
    model = model_of(code)
    return case_attachments.link_uploaded(actor, case_id, stream_slot(form_of(code), slot_field),  # type: ignore[no-any-return]
                                          model.load, model._viewer(actor), file_id)


def unlink(code: str, actor: Actor, case_id: int, slot_field: str, file_id: int) -> FormView:
    """删除 one streamed file of the draft."""
    model = model_of(code)
    return case_attachments.detach(actor, case_id, stream_slot(form_of(code), slot_field),  # type: ignore[no-any-return]
                                   model.load, model._viewer(actor), file_id)


def problems(code: str, actor: Actor, case_id: int) -> list[Invalid]:
    return model_of(code).problems(actor, case_id)


def submit(code: str, actor: Actor, case_id: int, expected_version: int | None = None) -> cases.CaseView:
    return model_of(code).submit(actor, case_id, expected_version)


def facts(code: str, actor: Actor, case_id: int) -> dict[str, str]:
    return model_of(code).facts(actor, case_id)


def model_of(code: str) -> ApplicationModel:
    form = form_of(code)
    return ApplicationModel(form.table, (code,), view=lambda session, actor, case, row: _view(session, form, case, row),
                            problems_in=lambda session, actor, case, row: _problems(session, form, actor, case, row),
                            facts_in=lambda session, case: facts_in(form, session, case), attachments=form.attachments,
                            before_submit=form.before_submit)


def facts_in(form: Form, session: Session, case: Case) -> dict[str, str]:
    """label -> text of every field, then the attachments' names (also kept in a returned round's snapshot)."""
    row = session.get(form.table, case.id)
    if row is None:
        return {}
    shown = {f.label: f.text(getattr(row, f.name)) for f in form.fields}
    if form.attachments is not None:
        names = case_attachments.listed(session, form.attachments, case.id)  # type: ignore[arg-type]
        shown[form.attachments.label] = '、'.join(a.name for a in names)
    for slot in form.streams:
        shown[slot.label] = '、'.join(a.name for a in case_attachments.listed(session, slot, case.id))  # type: ignore[arg-type]
    return shown


# -- inside a transaction -------------------------------------------------------------------------------

def _view(session: Session, form: Form, case: Case, row: Any) -> FormView:
    attachments = case_attachments.listed(session, form.attachments, case.id) if form.attachments else ()  # type: ignore[arg-type]
    streamed = {s.field: case_attachments.listed(session, s, case.id) for s in form.streams}  # type: ignore[arg-type]
    return FormView(cases.view_of(case), {f.name: getattr(row, f.name) for f in form.fields}, attachments,
                    row.wizard_step, streamed)


def _problems(session: Session, form: Form, actor: Actor, case: Case, row: Any) -> list[Invalid]:
    found = [Invalid(f.name, f.missing_message) for f in form.fields
             if f.required and f.is_missing(getattr(row, f.name))]
    if actor.role is Role.INDIVIDUAL and not prechecks.real_name(actor).passed:
        found.append(Invalid('precheck', f'实名认证：{prechecks.NOT_VERIFIED}'))
    found.extend(m for m in (case_attachments.missing(session, s, case.id) for s in form.streams)  # type: ignore[arg-type]
                 if m is not None)
    if form.checks is not None:
        found.extend(form.checks(session, actor, case, row))
    return found
