"""考试成绩复核申请 (R9.5) on a real database: only exams that allow review are offered, the exam and 准考证号 are
checked against what the candidate sat, a score is reviewed once, and staff keep or correct it."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from domain.demo import _actor
from domain.engine import cases, messages, queues
from domain.records import exams
from domain.services.score_review import application as reviews
from domain.shared import calendar, clock
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotAllowed, NotFound

TODAY = datetime(2026, 11, 27, 2, 0, tzinfo=timezone.utc)  # a Friday: 10:00 in China


@pytest.fixture
def people(demo_db: str, data_dir: object) -> dict[str, Actor]:
    clock.freeze(TODAY)
    return {a: _actor(a) for a in ('test1', 'auditor1', 'admin')}


def recent(actor: Actor) -> exams.MyExam:
    """test1's exam of a month ago, scored 56.5, whose review window is open."""
    return next(e for e in exams.my_exams(actor) if e.review_until and e.review_until >= clock.today())


def filled(actor: Actor, exam_id: int, admission_no: str) -> int:
    view = reviews.start(actor, True)
    reviews.save_info(actor, view.case.id, exam_id=exam_id, admission_no=admission_no, reason='第三大题疑似漏评')
    return view.case.id


def test_only_exams_open_to_review_are_offered(people: dict[str, Actor]) -> None:
    mine = recent(people['test1'])
    assert [e.id for e in reviews.reviewable_exams()] == [mine.exam_id]  # the 2025 exam's review closed
    with pytest.raises(NotAllowed, match='请阅读考试成绩复核申请说明并勾选'):
        reviews.start(people['test1'], False)
    view = reviews.start(people['test1'], True, mine.exam_id)  # from 我的考试: exam and 准考证号 filled in
    assert (view.exam_id, view.admission_no, view.case.summary) == (mine.exam_id, mine.admission_no, mine.exam_name)
    for name, value, message in (('exam_id', 999, '请从允许成绩复核的考试中选择'), ('admission_no', '12AB', '准考证号为数字'),
                                 ('reason', '字' * 501, '复核原因不能超过500个字')):
        with pytest.raises(Invalid) as error:
            reviews.save_info(people['test1'], view.case.id, **{name: value})
        assert (error.value.field, error.value.message) == (name, message)
    with pytest.raises(NotFound):
        reviews.application(people['auditor1'], view.case.id)


def test_the_exam_and_admission_number_must_be_the_candidates_own(people: dict[str, Actor]) -> None:
    test1, auditor = people['test1'], people['auditor1']
    mine = recent(test1)
    wrong_number = filled(test1, mine.exam_id, '20990101010101')
    assert [(p.field, p.message) for p in reviews.problems(test1, wrong_number)] == [
        ('admission_no', '准考证号与您在该考试的报考记录不符')]
    with pytest.raises(Invalid, match='报考记录不符'):
        reviews.submit(test1, wrong_number)
    not_sat = filled(auditor, mine.exam_id, mine.admission_no)  # auditor1 never registered for it
    assert [p.message for p in reviews.problems(auditor, not_sat)] == ['您未报考该考试，不能申请成绩复核']


def test_staff_keep_the_score_and_the_candidate_is_told(people: dict[str, Actor]) -> None:
    test1, admin = people['test1'], people['admin']
    mine = recent(test1)
    case = reviews.submit(test1, filled(test1, mine.exam_id, mine.admission_no))
    assert (case.stage_label, case.due_on) == ('成绩复核', calendar.add_working_days(clock.today(), 4))
    assert f'您有一条业务流水号【{case.case_no}】的考试成绩复核申请需要复核' in [m.title for m in messages.list_messages(admin)]
    assert case.id in [r.case.id for r in queues.staff_queue(admin)]
    assert reviews.facts(admin, case.id)['原成绩'] == '56.5'
    assert not recent(test1).review_allowed  # 我的考试 no longer offers 成绩复核 for it
    with pytest.raises(Invalid, match='每场考试只能申请一次'):
        reviews.submit(test1, filled(test1, mine.exam_id, mine.admission_no))
    with pytest.raises(NotAllowed):
        cases.act(admin, case.id, 'correct', expected_version=case.version, opinion='绕过')  # only with a score
    closed = cases.act(admin, case.id, 'keep', expected_version=case.version, opinion='经复核，评分无误')
    assert closed.outcome == 'kept'
    assert reviews.facts(test1, case.id)['复核后成绩'] == '56.5'
    notice = next(m for m in messages.list_messages(test1) if case.case_no in m.title)
    assert notice.title.endswith('已办结：维持原成绩') and notice.body == '经复核，评分无误'


def test_staff_correct_the_score_and_my_exams_shows_it(people: dict[str, Actor]) -> None:
    test1, admin = people['test1'], people['admin']
    mine = recent(test1)
    case = reviews.submit(test1, filled(test1, mine.exam_id, mine.admission_no))
    for score, message in (('101', '请输入0至100之间的成绩，最多一位小数'), ('六十', '请输入0至100之间的成绩，最多一位小数'),
                           ('60.25', '请输入0至100之间的成绩，最多一位小数')):
        with pytest.raises(Invalid) as error:
            reviews.record_correction(admin, case.id, case.version, score, '漏计一题')
        assert (error.value.field, error.value.message) == ('score', message)
    with pytest.raises(NotAllowed):
        reviews.record_correction(test1, case.id, case.version, '61', '自己改')
    closed = reviews.record_correction(admin, case.id, case.version, '61', '第三大题漏计 4.5 分')
    assert closed.outcome == 'corrected'
    after = recent(test1)
    assert (after.score, after.passed_label) == (Decimal('61.0'), '合格')
    assert cases.timeline(test1, case.id)[-1].opinion == '复核后成绩：61。第三大题漏计 4.5 分'
