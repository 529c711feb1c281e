"""人员注册申请 (R5): the workflow declaration of R5.5.

提交 → 机构初核 → 待缴费 (个人缴费: the applicant pays online, or uploads a voucher that staff confirm in 缴费确认;
机构缴费: the body confirms) → CCAA 审批 (staff may 分配专家 → 专家评价 → back to 审批) → CCAA 批准 → 已完结.
机构初核, 专家评价 and CCAA 审批 may 退回整改; a resubmitted case goes back to the stage that returned it.
"""
from __future__ import annotations

from domain.engine.workflow import (
    CLOSED,
    CLOSED_STAGE,
    Action,
    CaseState,
    Party,
    Stage,
    Workflow,
    draft_stage,
    rectification_stage,
    return_action,
)
from domain.records import payments
from domain.records.certificates import issue_for_case

SERVICE_CODE = 'registration'


def _person_pays(state: CaseState) -> bool:
    return state.payer != 'institution'


def _body_pays(state: CaseState) -> bool:
    return state.payer == 'institution'


WORKFLOW = Workflow(
    service_code=SERVICE_CODE,
    stages=(
        draft_stage('body_review'),
        Stage('body_review', '机构初核', Party.BODY, (
            Action('pass', '通过', 'payment'),
            return_action(),
            Action('reject', '不通过', CLOSED, opinion_required=True, outcome='refused'),
        ), deadline_days=5, notice='您有一条业务流水号【{case_no}】的{service}需要机构初核'),
        Stage('payment', '待缴费', Party.APPLICANT, (
            Action('pay_online', '线上缴费', 'ccaa_review', when=_person_pays, by_service=True),
            Action('pay_offline', '线下缴费', 'payment_check', when=_person_pays, by_service=True),
            Action('confirm_payment', '确认缴费', 'ccaa_review', party=Party.BODY, when=_body_pays,
                   effect=payments.on_confirm_payment),
        ), deadline_days=10, notice='您有一条业务流水号【{case_no}】的{service}待缴费'),
        Stage('payment_check', '缴费确认', Party.STAFF, (
            Action('confirm_payment', '确认线下缴费', 'ccaa_review', effect=payments.on_confirm_payment),
            Action('reject_payment', '驳回缴费凭证', 'payment', opinion_required=True,
                   effect=payments.on_reject_payment),
        ), deadline_days=3, notice='您有一条业务流水号【{case_no}】的线下缴费需要确认'),
        Stage('ccaa_review', 'CCAA审批', Party.STAFF, (
            Action('assign_expert', '分配专家', 'expert_review', assigns_expert=True),
            Action('pass', '通过', 'ccaa_decision'),
            return_action(),
            Action('reject', '不通过', CLOSED, opinion_required=True, outcome='refused'),
        ), deadline_days=5, notice='您有一条业务流水号【{case_no}】的{service}需要审批'),
        Stage('expert_review', '专家评价', Party.EXPERT, (
            Action('evaluate', '提交', 'ccaa_review', opinion_required=True, by_service=True),
            return_action(),
        ), deadline_days=5, notice='您有一条业务流水号【{case_no}】的认证人员注册需要评价'),
        Stage('ccaa_decision', 'CCAA批准', Party.STAFF, (
            Action('approve', '批准', CLOSED, outcome='approved', effect=issue_for_case),
            Action('refuse', '不予注册', CLOSED, opinion_required=True, outcome='refused'),
        ), deadline_days=3, notice='您有一条业务流水号【{case_no}】的{service}需要批准'),
        rectification_stage(),
        CLOSED_STAGE,
    ),
)
