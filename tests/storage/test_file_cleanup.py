"""Uploads nobody kept are deleted a day later (issue #12 item 6), with their bytes; a file a record refers to —
a 学历文件 in the profile library, a course's document — stays however old, and so does a fresh upload."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select, update

from domain import demo_course_files
from domain.demo import _actor
from domain.engine import applications, file_cleanup, files
from domain.shared import clock
from domain.shared.errors import Invalid
from storage import file_store
from storage.db import unit_of_work
from storage.tables import Education, OnlineCourseDocument, StoredFile

PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'


def stored() -> dict[int, str]:
    with unit_of_work() as session:
        return {row.id: row.storage_name for row in session.exec(select(StoredFile)).all()}  # type: ignore[misc]


def test_only_old_files_that_nothing_refers_to_are_deleted(demo_db: str, data_dir: object) -> None:
    test1, tb1 = _actor('test1'), _actor('tb1')
    demo = set(stored())  # the photo of auditor1's exam registration, which its application refers to
    kept = files.save_upload(test1, 'education_certificate', '毕业证.pdf', PDF)
    dropped = files.save_upload(test1, 'education_certificate', '草稿.pdf', PDF)
    course = files.save_streamed_bytes(tb1, 'course_document', 'document', '讲义.pdf', demo_course_files.course_pdf())
    abandoned = files.save_streamed_bytes(tb1, 'course_document', 'document', '旧讲义.pdf', demo_course_files.course_pdf())
    case_id = applications.start('online_course', tb1).case.id
    with unit_of_work(write=True) as session:
        session.add(Education(owner_id=test1.user_id, start_date=date(2003, 9, 1), end_date=date(2007, 7, 1),
                              school='北京工业大学', major='质量管理工程', degree='本科', file_id=kept,
                              created_at=clock.now()))
        session.add(OnlineCourseDocument(case_id=case_id, file_id=course))
        session.exec(update(StoredFile).values(created_at=clock.now() - timedelta(days=2)))  # type: ignore[call-overload]
    fresh = files.save_upload(test1, 'education_certificate', '刚上传.pdf', PDF)
    names = stored()

    assert file_cleanup.forget_unattached() == 2
    assert set(stored()) == {*demo, kept, course, fresh}
    assert not file_store.path_of(names[dropped]).exists() and not file_store.path_of(names[abandoned]).exists()
    assert file_store.path_of(names[kept]).exists()
    assert file_cleanup.forget_unattached() == 0


def test_a_person_uploads_at_most_the_daily_quota(demo_db: str, data_dir: object,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_DAILY_UPLOAD_MB', '1')
    tb1, test1 = _actor('tb1'), _actor('test1')
    demo = len(stored())
    half = demo_course_files.course_pdf() + b'\0' * (600 * 1024)
    files.save_streamed_bytes(tb1, 'course_document', 'document', '一.pdf', half)
    with pytest.raises(Invalid) as refused:
        files.save_streamed_bytes(tb1, 'course_document', 'document', '二.pdf', half)
    assert refused.value.message == files.MSG_QUOTA
    with pytest.raises(Invalid):
        files.save_upload(tb1, 'education_certificate', '三.pdf', half)
    assert len(stored()) == demo + 1  # nothing of the refused ones is kept
    files.save_upload(test1, 'education_certificate', '四.pdf', PDF)  # another person's quota is their own
