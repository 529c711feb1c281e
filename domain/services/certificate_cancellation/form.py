"""证书注销申请's form as data: what the generic wizard (pages.form_wizard) draws, in the manual's words. Its rules —
which certificates, one open application each — are application.py's, which the wizard calls (HANDLERS)."""
from __future__ import annotations

from typing import Any

from domain.engine.applications import Handlers
from domain.engine.forms import Field, Form, Kind
from domain.services.certificate_cancellation import application
from domain.shared.actors import Actor
from storage.tables import CertificateCancellation


def certificate_options(actor: Actor, view: Any) -> dict[Any, str]:
    """The applicant's certificates that can be cancelled, and the one chosen even if it no longer can."""
    options: dict[Any, str] = {c.id: c.label for c in application.cancellable_certificates(actor)}
    if view.certificate_id is not None and view.certificate_id not in options:
        options[view.certificate_id] = application.facts(actor, view.case.id)['注销证书']
    return options


FORM = Form(CertificateCancellation, '证书注销申请', heading='* 证书注销申请', fields=(
    Field('certificate_id', '注销证书', Kind.SELECT, required=True, options_of=certificate_options),
    Field('reason', '注销原因', Kind.RADIO, required=True, choices=application.REASONS),
    Field('note', '补充说明', Kind.TEXTAREA, max_length=application.NOTE_MAX, hint='注销原因为【其他】时必填'),
    Field('declared', '本人承诺', Kind.AGREE, required=True, hint=application.DECLARATION),
))

HANDLERS = Handlers(application.precheck, application.start, application.application, application.save_info,
                    application.problems, application.facts, application.submit)
