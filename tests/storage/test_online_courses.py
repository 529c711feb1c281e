"""网络课程 and 老课复审 (R10.5, R10.6) on a real database: a training body submits an online course with documents and
videos; CCAA staff assign experts for 文件评价 and 视频评价; each expert judges every file, notes remarks on videos and
submits; the last submission sends the case to CCAA, whose 批准 makes the course valid for a year. A 老课复审 of it
extends it by a year. Only the assigned experts (besides the body and staff) may open the course or its files."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from domain import demo_course_files
from domain.demo import _actor
from domain.engine import applications, cases, files
from domain.records import course_reviews
from domain.services.online_course.workflow import one_year_from
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Message, OnlineCourse, User

COURSE, REREVIEW = 'online_course', 'course_rereview'


@pytest.fixture
def people(demo_db: str, data_dir: object) -> dict[str, Actor]:
    with unit_of_work(write=True) as session:  # a second expert, to be assigned nothing
        other = session.exec(select(User).where(User.account == 'auditor1')).one()
        other.is_expert = True
        session.add(other)
    return {a: _actor(a) for a in ('tb1', 'cb1', 'expert1', 'auditor1', 'test1', 'admin')}


def upload(actor: Actor, purpose: str, kind: str, name: str, data: bytes) -> int:
    return files.save_streamed_bytes(actor, purpose, kind, name, data)


def submitted_course(people: dict[str, Actor], name: str = '质量管理体系内审员') -> cases.CaseView:
    """tb1's online course with one PDF and one MP4, submitted."""
    tb1 = people['tb1']
    case_id = applications.start(COURSE, tb1).case.id
    applications.save(COURSE, tb1, case_id, course_name=name, design_type='继续教育课程', design_field='QMS',
                      intro='标准条款与内审方法，共 8 学时。')
    applications.link(COURSE, tb1, case_id, 'documents',
                      upload(tb1, 'course_document', 'document', '讲义.pdf', demo_course_files.course_pdf()))
    applications.link(COURSE, tb1, case_id, 'videos', upload(
        tb1, 'course_video', 'video', '第一讲.mp4', demo_course_files.course_video_path('mp4').read_bytes()))
    return applications.submit(COURSE, tb1, case_id)


def assigned(people: dict[str, Actor], case: cases.CaseView) -> cases.CaseView:
    expert = people['expert1'].user_id
    return course_reviews.assign(people['admin'], case.id, case.version, {'document': [expert], 'video': [expert]})


def reviews_of(expert: Actor, case_no: str) -> dict[str, course_reviews.ReviewView]:
    return {course_reviews.KIND_LABELS[k]: course_reviews.review(expert, r.review_id)
            for r in course_reviews.my_reviews(expert, ('document', 'video', 'rereview'), status='全部')
            if r.case_no == case_no for k in [next(k for k, v in course_reviews.KIND_LABELS.items()
                                                     if v == r.kind_label)]}


def test_a_course_needs_its_documents_and_videos_and_only_a_training_body_submits_it(
        people: dict[str, Actor]) -> None:
    with pytest.raises(NotAllowed):
        applications.start(COURSE, people['cb1'])
    tb1 = people['tb1']
    case_id = applications.start(COURSE, tb1).case.id
    assert [p.field for p in applications.problems(COURSE, tb1, case_id)] == [
        'course_name', 'design_type', 'design_field', 'intro', 'documents', 'videos']
    # a video where a document belongs, and someone else's upload, are refused
    clip = upload(tb1, 'course_video', 'video', 'a.mp4', demo_course_files.course_video_path('mp4').read_bytes())
    with pytest.raises(Invalid):
        applications.link(COURSE, tb1, case_id, 'documents', clip)
    foreign = upload(people['expert1'], 'course_document', 'document', 'x.pdf', demo_course_files.course_pdf())
    with pytest.raises(Invalid):
        applications.link(COURSE, tb1, case_id, 'documents', foreign)


def test_staff_assign_experts_who_alone_may_open_the_course_and_its_files(people: dict[str, Actor]) -> None:
    case = submitted_course(people)
    assert case.stage == 'assign'
    expert, other = people['expert1'], people['auditor1']
    with pytest.raises(NotFound):  # not yet assigned: the expert cannot see the course
        cases.get_case(expert, case.id)
    with pytest.raises(NotAllowed):
        course_reviews.assign(people['tb1'], case.id, case.version, {'document': [expert.user_id]})
    with pytest.raises(Invalid) as missing:
        course_reviews.assign(people['admin'], case.id, case.version, {'document': [expert.user_id]})
    assert missing.value.field == 'video'
    with pytest.raises(Invalid):  # test1 has no expert permission
        course_reviews.assign(people['admin'], case.id, case.version,
                              {'document': [expert.user_id], 'video': [people['test1'].user_id]})
    moved = assigned(people, case)
    assert moved.stage == 'expert_review'
    with unit_of_work() as session:
        titles = set(session.exec(select(Message.title).where(Message.recipient_id == expert.user_id)).all())
    assert {f'您有一条业务流水号【{case.case_no}】的网络课程需要进行文件文审',
            f'您有一条业务流水号【{case.case_no}】的网络课程需要进行视频文审'} <= titles

    found = reviews_of(expert, case.case_no)
    document, video = found['文件评价'], found['视频评价']
    assert [f.name for f in document.files] == ['讲义.pdf'] and [f.name for f in video.files] == ['第一讲.mp4']
    for file_id in (document.files[0].file_id, video.files[0].file_id):
        assert files.can_read(expert, file_id) and files.can_read(people['admin'], file_id)
        assert not files.can_read(other, file_id) and not files.can_read(people['test1'], file_id)
        assert not files.can_read(people['cb1'], file_id)
    cases.get_case(expert, case.id)
    for outsider in (other, people['test1'], people['cb1']):
        with pytest.raises(NotFound):
            cases.get_case(outsider, case.id)
        with pytest.raises(NotFound):
            course_reviews.review(outsider, document.id)
    with pytest.raises(NotAllowed):  # the experts' names stay with CCAA
        course_reviews.results_of(people['tb1'], case.id)


def test_every_file_is_judged_and_the_last_evaluation_sends_the_course_to_ccaa(people: dict[str, Actor]) -> None:
    case = assigned(people, submitted_course(people))
    expert = people['expert1']
    found = reviews_of(expert, case.case_no)
    document, video = found['文件评价'], found['视频评价']
    with pytest.raises(Invalid) as unjudged:
        course_reviews.submit(expert, document.id, '通过', '讲义完整。')
    assert unjudged.value.message == '请对每个文件给出评价结果'
    with pytest.raises(Invalid):
        course_reviews.set_verdict(expert, document.id, document.files[0].file_id, '不符合', '')
    with pytest.raises(NotFound):  # a file of another evaluation
        course_reviews.set_verdict(expert, document.id, video.files[0].file_id, '符合')
    course_reviews.set_verdict(expert, document.id, document.files[0].file_id, '不符合', '第三章案例缺少出处')
    course_reviews.submit(expert, document.id, '不通过', '讲义需补充。')
    assert cases.get_case(expert, case.id).stage == 'expert_review'  # the video is still to be evaluated
    with pytest.raises(NotAllowed):
        course_reviews.set_verdict(expert, document.id, document.files[0].file_id, '符合')

    clip = video.files[0].file_id
    course_reviews.set_remarks(expert, video.id, clip, [(750, '画面与讲义不符'), (5, '片头过长')])
    with pytest.raises(Invalid):
        course_reviews.set_remarks(expert, video.id, clip, [(10, '  ')])
    assert course_reviews.review(expert, video.id).remarks == {clip: [(5, '片头过长'), (750, '画面与讲义不符')]}
    course_reviews.set_verdict(expert, video.id, clip, '符合')
    course_reviews.submit(expert, video.id, '通过', '画面清晰。')
    assert cases.get_case(expert, case.id).stage == 'ccaa_review'
    assert course_reviews.my_reviews(expert, ('document', 'video')) == [] or all(
        r.case_no != case.case_no for r in course_reviews.my_reviews(expert, ('document', 'video')))

    results = {r.kind_label: r for r in course_reviews.results_of(people['admin'], case.id)}
    assert results['文件评价'].result == '不通过'
    assert results['文件评价'].opinion.splitlines() == ['讲义需补充。', '【讲义.pdf】不符合：第三章案例缺少出处']
    assert results['视频评价'].opinion.splitlines() == ['画面清晰。', '【第一讲.mp4】00:05 片头过长',
                                                    '【第一讲.mp4】12:30 画面与讲义不符']
    labels = [e.action_label for e in cases.timeline(people['admin'], case.id)]
    assert labels == ['提交', '分配专家', '提交评价', '提交评价', '专家评价完成']

    decided = cases.get_case(people['admin'], case.id)
    cases.act(people['admin'], case.id, 'approve', expected_version=decided.version, opinion='同意上线。')
    with unit_of_work() as session:
        course = session.get(OnlineCourse, case.id)
        assert course is not None
        assert (course.valid_from, course.valid_until) == (clock.today(), one_year_from(clock.today()))
    assert one_year_from(date(2022, 4, 6)) == date(2023, 4, 5)


def approved(people: dict[str, Actor], until: date) -> cases.CaseView:
    case = assigned(people, submitted_course(people, 'EMS课程'))
    expert = people['expert1']
    for view in reviews_of(expert, case.case_no).values():
        for item in view.files:
            course_reviews.set_verdict(expert, view.id, item.file_id, '符合')
        course_reviews.submit(expert, view.id, '通过', '同意。')
    decided = cases.get_case(people['admin'], case.id)
    cases.act(people['admin'], case.id, 'approve', expected_version=decided.version)
    with unit_of_work(write=True) as session:
        course = session.get(OnlineCourse, case.id)
        assert course is not None
        course.valid_until = until
        session.add(course)
    return decided


def test_a_rereview_extends_the_course_by_a_year(people: dict[str, Actor]) -> None:
    tb1, expert, admin = people['tb1'], people['expert1'], people['admin']
    with pytest.raises(NotAllowed):  # no approved course yet
        applications.start(REREVIEW, tb1)
    course = approved(people, date(2027, 4, 5))
    case_id = applications.start(REREVIEW, tb1).case.id
    with pytest.raises(Invalid):
        applications.save(REREVIEW, tb1, case_id, course_case_id=course.id + 1000)
    applications.save(REREVIEW, tb1, case_id, course_case_id=course.id, reason='案例已更新。')
    rereview = applications.submit(REREVIEW, tb1, case_id)
    second = applications.start(REREVIEW, tb1).case.id  # one open 老课复审 per course
    applications.save(REREVIEW, tb1, second, course_case_id=course.id, reason='再次申请。')
    assert [p.message for p in applications.problems(REREVIEW, tb1, second)] == ['该课程的老课复审已在办理中']

    course_reviews.assign(admin, rereview.id, rereview.version, {'rereview': [expert.user_id]})
    row = next(r for r in course_reviews.my_reviews(expert, ('rereview',)) if r.case_no == rereview.case_no)
    assert (row.course_name, row.extension) == ('EMS课程', '自2027-04-06延期至2028-04-05')
    view = course_reviews.review(expert, row.review_id)
    assert view.files == () and len(view.documents) == 1 and len(view.videos) == 1
    assert files.can_read(expert, view.videos[0].file_id)  # the course's files, for the course it re-reviews
    with pytest.raises(Invalid):
        course_reviews.submit(expert, row.review_id, '通过', '')  # not one of 老课复审's results
    course_reviews.submit(expert, row.review_id, '同意延期', '内容已更新，同意延期。')
    decided = cases.get_case(admin, rereview.id)
    assert decided.stage == 'ccaa_review'
    cases.act(admin, rereview.id, 'approve', expected_version=decided.version)
    with unit_of_work() as session:
        extended = session.get(OnlineCourse, course.id)
        assert extended is not None and extended.valid_until == date(2028, 4, 5)
