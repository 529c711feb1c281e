"""专家申请's form as data: what the generic wizard (pages.form_wizard) draws, in the manual's words. Its rules — who
may apply, what each value may be — are application.py's, which the wizard calls (HANDLERS)."""
from __future__ import annotations

from domain.engine.applications import Handlers
from domain.engine.forms import Field, Form, Kind
from domain.records.certificates import FIELD_SCOPES
from domain.services.expert_application import application
from storage.tables import ExpertApplication

LABELS = application.LABELS

FORM = Form(ExpertApplication, '专家申请', heading='* 专家申请信息', fields=(
    Field('fields', LABELS['fields'], Kind.MULTISELECT, required=True, choices=tuple(FIELD_SCOPES),
          choice_labels=tuple(f'{code} {name}' for code, name in FIELD_SCOPES.items())),
    Field('title', LABELS['title'], Kind.SELECT, required=True, choices=application.TITLES),
    Field('years', LABELS['years'], Kind.NUMBER, required=True, minimum=0, maximum=application.MAX_YEARS, unit='年'),
    Field('employer', LABELS['employer'], required=True, max_length=application.LIMITS['employer']),
    Field('resume', LABELS['resume'], Kind.TEXTAREA, required=True, max_length=application.LIMITS['resume'],
          hint='专业特长、主要工作经历及从事认证工作的情况'),
), attachments=application.EVIDENCE)

HANDLERS = Handlers(application.precheck, application.start, application.application, application.save_info,
                    application.problems, application.facts, application.submit, application.attach,
                    application.detach)
