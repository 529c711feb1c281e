"""Every declared workflow, by service code."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain import registration
from domain.workflow import Workflow

WORKFLOWS: dict[str, Workflow] = {
    registration.SERVICE_CODE: registration.WORKFLOW,
}


def workflow_for(service_code: str) -> Workflow:
    return WORKFLOWS[service_code]


def has_workflow(service_code: str) -> bool:
    return service_code in WORKFLOWS


# What else happens, in the same transaction, when an action is accepted: (service, action) -> effect(session, case, actor)
Effect = Callable[[Any, Any, Any], object]


def _issue_certificate(session: Any, case: Any, actor: Any) -> object:
    from domain.certificates import issue_for_case
    return issue_for_case(session, case, actor)


def _confirm_payment(session: Any, case: Any, actor: Any) -> object:
    from domain.payments import on_confirm_payment
    return on_confirm_payment(session, case, actor)


def _reject_payment(session: Any, case: Any, actor: Any) -> object:
    from domain.payments import on_reject_payment
    return on_reject_payment(session, case, actor)


def _keep_snapshot(session: Any, case: Any, actor: Any) -> object:
    from domain.case_changes import take_snapshot
    return take_snapshot(session, case)


EFFECTS: dict[tuple[str, str], Effect] = {
    (registration.SERVICE_CODE, 'approve'): _issue_certificate,
    (registration.SERVICE_CODE, 'confirm_payment'): _confirm_payment,
    (registration.SERVICE_CODE, 'reject_payment'): _reject_payment,
    (registration.SERVICE_CODE, 'return'): _keep_snapshot,
}
