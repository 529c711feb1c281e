"""考试管理 (R9.1) on a real database: staff publish an exam with its cities and seats, enter scores, and publish them;
candidates see a score only once it is published."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from domain.demo import _actor
from domain.engine import messages
from domain.records import exam_admin, exams
from domain.services.exam_registration import application as applications
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotAllowed

TODAY = datetime(2026, 11, 27, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def people(demo_db: str, data_dir: object) -> dict[str, Actor]:
    clock.freeze(TODAY)
    return {a: _actor(a) for a in ('test1', 'admin', 'cb1')}


def draft(**changes: object) -> exam_admin.ExamDraft:
    values: dict[str, object] = dict(name='2027年第一次认证人员注册全国统一考试', subject='管理体系认证基础',
                                     exam_date=date(2027, 3, 14), opens_on=date(2026, 11, 27),
                                     closes_on=date(2027, 1, 15), cities='北京,120\n成都：80\n')
    values.update(changes)
    return exam_admin.ExamDraft(**values)  # type: ignore[arg-type]


def test_a_published_exam_opens_for_registration_with_its_cities(people: dict[str, Actor]) -> None:
    exam_id = exam_admin.publish_exam(people['admin'], draft(needs_review=True))
    row = next(r for r in exam_admin.exams(people['admin']) if r.id == exam_id)
    assert (row.seats, row.seats_taken, row.needs_review, row.scores_label) == (200, 0, True, '未录入')
    offered = next(e for e in applications.open_exams(people['test1']) if e.id == exam_id)
    assert [c.label for c in offered.cities] == ['北京（剩余 120 个考位）', '成都（剩余 80 个考位）']
    with pytest.raises(NotAllowed):
        exam_admin.publish_exam(people['cb1'], draft())
    with pytest.raises(NotAllowed):
        exam_admin.exams(people['test1'])


@pytest.mark.parametrize('changes, field, message', [
    (dict(name=' '), 'name', '请填写考试名称'),
    (dict(exam_date=None), 'exam_date', '请选择考试日期'),
    (dict(closes_on=date(2026, 11, 1)), 'closes_on', '报名截止日期不能早于报名开始日期'),
    (dict(exam_date=date(2027, 1, 15)), 'exam_date', '考试日期应在报名截止日期之后'),
    (dict(score_review_allowed=True, score_review_until=date(2027, 3, 1)), 'score_review_until',
     '成绩复核截止日期应在考试日期之后'),
    (dict(cities=''), 'cities', '请至少填写一个考试城市，每行：城市,考位数'),
    (dict(cities='北京,120\n上海'), 'cities', '第2行应为“城市,考位数”，考位数为1至100000'),
    (dict(cities='北京,120\n北京,30'), 'cities', '第2行：城市【北京】重复'),
])
def test_bad_exams_are_refused_field_by_field(people: dict[str, Actor], changes: dict[str, object], field: str,
                                              message: str) -> None:
    with pytest.raises(Invalid) as error:
        exam_admin.publish_exam(people['admin'], draft(**changes))
    assert (error.value.field, error.value.message) == (field, message)


def test_scores_are_entered_then_published_and_only_then_seen(people: dict[str, Actor]) -> None:
    admin, test1 = people['admin'], people['test1']
    coming = next(e for e in exams.my_exams(test1) if not e.scores_published and e.admission_no)
    with pytest.raises(Invalid) as error:
        exam_admin.enter_scores(admin, coming.exam_id, f'准考证号,成绩\n{coming.admission_no},101\n20990101019999,60')
    assert error.value.message == '第2行：成绩应为0至100之间的数，最多一位小数；第3行：准考证号不是本场考试的报名成功考生'
    with pytest.raises(Invalid, match='尚未录入任何成绩'):
        exam_admin.publish_scores(admin, coming.exam_id)
    assert exam_admin.enter_scores(admin, coming.exam_id, f'{coming.admission_no}，72.5') == 1
    assert next(e for e in exams.my_exams(test1) if e.exam_id == coming.exam_id).score_label == '未公布'
    assert exam_admin.publish_scores(admin, coming.exam_id) == 1
    mine = next(e for e in exams.my_exams(test1) if e.exam_id == coming.exam_id)
    assert (mine.score, mine.passed_label) == (Decimal('72.5'), '合格')
    assert any(m.title.endswith('成绩已公布') and m.body == '成绩：72.5（合格）' for m in messages.list_messages(test1))
    with pytest.raises(Invalid, match='成绩已公布，不能再录入'):
        exam_admin.enter_scores(admin, coming.exam_id, f'{coming.admission_no},80')
