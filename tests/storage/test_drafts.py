"""删除 of a draft (#14): the applicant's own never-submitted draft goes with its application rows, file links and
experience rows; anyone else's is not found, and a submitted case can never be deleted."""
from __future__ import annotations

import pytest
from sqlmodel import select

from domain.demo import _actor
from domain.engine import cases, drafts
from domain.services.expert_application import application as expert_applications
from domain.shared.errors import NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Case, ExpertApplication, ExpertApplicationFile
from tests.storage.test_grievances import png


def test_only_the_applicants_unsubmitted_draft_is_deleted_with_what_belongs_to_it(demo_db: str,
                                                                                   data_dir: object) -> None:
    auditor = _actor('auditor1')
    view = expert_applications.start(auditor)
    expert_applications.attach(auditor, view.case.id, '证书.png', png())
    for other in ('test1', 'admin', 'cb1'):
        with pytest.raises(NotFound):
            drafts.delete_draft(_actor(other), view.case.id)
    drafts.delete_draft(auditor, view.case.id)
    with unit_of_work() as session:
        assert session.get(Case, view.case.id) is None and session.get(ExpertApplication, view.case.id) is None
        assert session.exec(select(ExpertApplicationFile).where(ExpertApplicationFile.case_id == view.case.id)).all() == []
    with pytest.raises(NotFound):
        cases.get_case(auditor, view.case.id)

    test1 = _actor('test1')
    with unit_of_work() as session:  # the demo's submitted and closed cases
        kept = session.exec(select(Case).where(Case.applicant_id == test1.user_id, Case.status != 'draft')).all()
        draft = session.exec(select(Case).where(Case.applicant_id == test1.user_id, Case.status == 'draft')).first()
    for case in kept:
        with pytest.raises(NotAllowed):
            drafts.delete_draft(test1, case.id)
    assert draft is not None
    drafts.delete_draft(test1, draft.id)  # a registration draft with its copied experience rows
