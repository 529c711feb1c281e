"""The services of the portal, each declared once in its own package under domain/services and found here.

A service registers itself (`register`) when its package is imported; the packages are discovered on the first
lookup, so nothing outside a service's package names it. Everything that lists services — the catalogue, 我的事项,
the workspaces' queues, the timeline, the case page's 申请信息 — reads this registry.
"""
from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from domain.engine.workflow import Workflow
from domain.shared.errors import NotFound

SERVICE_PACKAGES = 'domain.services'

# facts_in(session, case) -> the 申请信息 as reviewers read it, label -> text
Facts = Callable[[Any, Any], dict[str, str]]


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    order: int  # place in the catalogue (R3.2)
    system_type: str = '认证人员'  # the 按系统类型分类 tab it belongs to
    deadline_days: int | None = None  # 办结期限 in working days; None where the manual shows none
    workflow: Workflow | None = None  # None: not online yet, the catalogue says how to apply offline
    apply_path: str | None = None  # the page that starts an online application
    filed_by_institutions: bool = False  # R8.1: institution accounts may file it too
    institution_kinds: tuple[str, ...] = ('certification', 'training')  # which institutions, where they may
    in_catalogue: bool = True  # listed among the services of R3.2 (a teacher's duties are started elsewhere)
    facts_in: Facts | None = None  # its 申请信息; services without one show their experience rows only
    form: Any = None  # a declared form (domain.engine.forms.Form) that the generic wizard renders
    handlers: Any = None  # its own applicant's services for that wizard (domain.engine.applications.Handlers);
    # None: the generic ones of a declared form
    attachments: Any = None  # the Slot of its files (domain.engine.case_attachments), listed with its 申请信息
    facts_heading: str = ''  # what the case page calls its 申请信息; <name>信息 by default
    wide_facts: tuple[str, ...] = ()  # facts shown across the whole width (long texts)
    evaluation_results: dict[str, str] = field(default_factory=dict)  # 专家评价's 评价结果 -> the action it takes
    file_purposes: tuple[str, ...] = ()  # purposes of the files its applicants upload (domain.engine.files)
    file_references: tuple[tuple[Any, Any], ...] = ()  # (table, file column) of its application's files: a reviewer
    # who may view the case may read them
    stream_purposes: dict[str, str] = field(default_factory=dict)  # purpose -> 'document' | 'video': large files the
    # browser streams to the upload route (domain.engine.files)
    # may_view(session, case, actor): whom it lets see a submitted case beyond the workflow's parties (the experts it
    # assigned itself, several to a case); asked only when those rules say no
    may_view: Callable[[Any, Any, Any], bool] | None = None

    @property
    def deadline_text(self) -> str:
        return f'{self.deadline_days} 个工作日' if self.deadline_days else ''

    @property
    def heading(self) -> str:
        return self.facts_heading or f'{self.name}信息'

    @property
    def online(self) -> bool:
        return self.apply_path is not None and self.workflow is not None


_services: dict[str, Service] = {}
_loaded = False
_lock = threading.RLock()


def register(service: Service) -> Service:
    """Add a service; a second service with the same code is refused."""
    with _lock:
        known = _services.get(service.code)
        if known is not None and known is not service:
            raise ValueError(f'service {service.code!r} is registered already')
        if service.workflow is not None and service.workflow.service_code != service.code:
            raise ValueError(f'service {service.code!r} declares the workflow of {service.workflow.service_code!r}')
        _services[service.code] = service
    return service


def unregister(code: str) -> None:
    with _lock:
        _services.pop(code, None)


@contextmanager
def registered(service: Service) -> Iterator[Service]:
    """A service present only inside the block (tests declare services of their own this way)."""
    register(service)
    try:
        yield service
    finally:
        unregister(service.code)


def _discover() -> None:
    """Import every package under domain/services once; each registers what it declares."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        _loaded = True
        package = importlib.import_module(SERVICE_PACKAGES)
        package.load_all()


def services() -> list[Service]:
    """Every registered service in catalogue order."""
    _discover()
    return sorted(_services.values(), key=lambda s: (s.order, s.code))


def get(code: str) -> Service:
    _discover()
    try:
        return _services[code]
    except KeyError:
        raise NotFound('未找到该事项') from None


def find(code: str) -> Service | None:
    _discover()
    return _services.get(code)


def workflow_for(code: str) -> Workflow:
    workflow = get(code).workflow
    if workflow is None:
        raise NotFound('该事项暂不支持在线办理')
    return workflow


def has_workflow(code: str) -> bool:
    service = find(code)
    return service is not None and service.workflow is not None


def workflows() -> dict[str, Workflow]:
    """Every declared workflow by service code."""
    return {s.code: s.workflow for s in services() if s.workflow is not None}
