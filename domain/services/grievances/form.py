"""申诉's and 投诉's forms as data: what the generic wizard (pages.form_wizard) draws, in each one's words (the
manual's §3.4.1 and §3.5.1). Their rules are application.py's, which the wizard calls (handlers)."""
from __future__ import annotations

from domain.engine.applications import Handlers
from domain.engine.forms import Field, Form, Kind
from domain.services.grievances import application
from storage.tables import Grievance


def form(service_code: str) -> Form:
    words = application.FORMS[service_code]
    labels, limits = words.labels, application.LIMITS
    return Form(Grievance, f'填写{words.title}信息', heading=f'* {words.title}信息',
                precheck_label=f'{words.title}须知', notice=(f'{words.title}须知', words.notice), fields=(
                    Field('subject', labels['subject'], required=True, max_length=limits['subject']),
                    Field('respondent', labels['respondent'], required=True, max_length=limits['respondent']),
                    Field('related_case_no', labels['related_case_no'], max_length=14, hint='选填，14位业务号'),
                    Field('facts', labels['facts'], Kind.TEXTAREA, required=True, max_length=limits['facts']),
                    Field('request', labels['request'], Kind.TEXTAREA, required=True, max_length=limits['request']),
                ), attachments=application.ATTACHMENTS)


def handlers(service_code: str) -> Handlers:
    return Handlers(application.precheck, lambda actor: application.start(actor, service_code),
                    application.application, application.save_info, application.problems, application.facts,
                    application.submit, application.attach, application.detach)
