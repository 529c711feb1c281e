"""Every declared workflow, by service code."""
from __future__ import annotations

from domain import registration
from domain.workflow import Workflow

WORKFLOWS: dict[str, Workflow] = {
    registration.SERVICE_CODE: registration.WORKFLOW,
}


def workflow_for(service_code: str) -> Workflow:
    return WORKFLOWS[service_code]


def has_workflow(service_code: str) -> bool:
    return service_code in WORKFLOWS
