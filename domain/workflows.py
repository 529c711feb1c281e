"""Every declared workflow, by service code."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain import (annual_confirmation, appeal, certificate_cancellation, complaint, exam_registration, registration,
                    score_review, transfer)
from domain import expert_application
from domain.workflow import Workflow

WORKFLOWS: dict[str, Workflow] = {
    registration.SERVICE_CODE: registration.WORKFLOW,
    annual_confirmation.SERVICE_CODE: annual_confirmation.WORKFLOW,
    transfer.SERVICE_CODE: transfer.WORKFLOW,
    certificate_cancellation.SERVICE_CODE: certificate_cancellation.WORKFLOW,
    appeal.SERVICE_CODE: appeal.WORKFLOW,
    complaint.SERVICE_CODE: complaint.WORKFLOW,
    expert_application.SERVICE_CODE: expert_application.WORKFLOW,
    exam_registration.SERVICE_CODE: exam_registration.WORKFLOW,
    score_review.SERVICE_CODE: score_review.WORKFLOW,
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


def _record_confirmation(session: Any, case: Any, actor: Any) -> object:
    from domain.annual_confirmation_application import record_confirmation
    return record_confirmation(session, case, actor)


def _release_confirmation_claim(session: Any, case: Any, actor: Any) -> object:
    from domain.annual_confirmation_application import release_claim
    return release_claim(session, case, actor)


def _move_certificates(session: Any, case: Any, actor: Any) -> object:
    from domain.transfer_application import move_certificates
    return move_certificates(session, case, actor)


def _close_transfer(session: Any, case: Any, actor: Any) -> object:
    from domain.transfer_application import close
    return close(session, case, actor)


def _cancel_certificate(session: Any, case: Any, actor: Any) -> object:
    from domain.certificate_cancellation_application import cancel_certificate
    return cancel_certificate(session, case, actor)


def _release_cancellation_claim(session: Any, case: Any, actor: Any) -> object:
    from domain.certificate_cancellation_application import release_claim
    return release_claim(session, case, actor)


def _accept_exam_registration(session: Any, case: Any, actor: Any) -> object:
    from domain.exam_application import accept
    return accept(session, case, actor)


def _refuse_exam_registration(session: Any, case: Any, actor: Any) -> object:
    from domain.exam_application import refuse
    return refuse(session, case, actor)


def _grant_expert_permission(session: Any, case: Any, actor: Any) -> object:
    from domain.expert_application_form import grant_permission
    return grant_permission(session, case, actor)


def _release_expert_claim(session: Any, case: Any, actor: Any) -> object:
    from domain.expert_application_form import release_claim
    return release_claim(session, case, actor)


def _keep_score(session: Any, case: Any, actor: Any) -> object:
    from domain.score_review_application import keep_score
    return keep_score(session, case, actor)


EFFECTS: dict[tuple[str, str], Effect] = {
    (registration.SERVICE_CODE, 'approve'): _issue_certificate,
    (registration.SERVICE_CODE, 'confirm_payment'): _confirm_payment,
    (registration.SERVICE_CODE, 'reject_payment'): _reject_payment,
    (registration.SERVICE_CODE, 'return'): _keep_snapshot,
    (annual_confirmation.SERVICE_CODE, 'return'): _keep_snapshot,
    (annual_confirmation.SERVICE_CODE, 'approve'): _record_confirmation,
    (annual_confirmation.SERVICE_CODE, 'reject'): _release_confirmation_claim,
    (annual_confirmation.SERVICE_CODE, 'refuse'): _release_confirmation_claim,
    (transfer.SERVICE_CODE, 'return'): _keep_snapshot,
    (transfer.SERVICE_CODE, 'approve'): _move_certificates,
    (transfer.SERVICE_CODE, 'reject'): _close_transfer,
    (transfer.SERVICE_CODE, 'refuse'): _close_transfer,
    (certificate_cancellation.SERVICE_CODE, 'return'): _keep_snapshot,
    (certificate_cancellation.SERVICE_CODE, 'approve'): _cancel_certificate,
    (certificate_cancellation.SERVICE_CODE, 'refuse'): _release_cancellation_claim,
    (appeal.SERVICE_CODE, 'return'): _keep_snapshot,
    (complaint.SERVICE_CODE, 'return'): _keep_snapshot,
    (expert_application.SERVICE_CODE, 'return'): _keep_snapshot,
    (expert_application.SERVICE_CODE, 'approve'): _grant_expert_permission,
    (expert_application.SERVICE_CODE, 'refuse'): _release_expert_claim,
    (exam_registration.SERVICE_CODE, 'return'): _keep_snapshot,
    (exam_registration.SERVICE_CODE, 'approve'): _accept_exam_registration,
    (exam_registration.SERVICE_CODE, 'reject'): _refuse_exam_registration,
    (score_review.SERVICE_CODE, 'keep'): _keep_score,
}
