"""The profile library and its copies in applications, on a real database: every kind, every rule, ownership."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from domain.demo import _actor
from domain.engine import cases, experiences, files
from domain.engine.experiences import KINDS
from domain.shared import clock
from domain.shared.actors import Actor
from tests.case_helpers import submit
from domain.shared.errors import Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Case, Institution

SAMPLES: dict[str, dict[str, Any]] = {
    'education': {'start_date': '2003-09-01', 'end_date': '2007-07-01', 'school': '北京理工大学',
                  'major': '机械工程', 'degree': '本科', 'file_id': None},
    'work_experience': {'employer': '华信认证中心有限公司', 'start_date': '2007-08-01', 'end_date': '2015-06-30',
                        'department': '质量部', 'position': '工程师', 'referee_name': '张伟',
                        'referee_phone': '13912345678'},
    'professional_experience': {'employer': '华信认证中心有限公司', 'start_date': '2010-01-01', 'end_date': None,
                                'department': '审核部', 'position': '高级工程师', 'post': '质量管理',
                                'referee_name': '张伟', 'referee_phone': '13912345678'},
    'audit_experience': {'start_date': '2023-03-01', 'end_date': '2023-03-02', 'auditee': '北京某制造有限公司',
                         'onsite_days': 1.5, 'audit_type': '初次认证'},
    'continuing_education': {'course_name': 'QMS 审核员继续教育', 'start_date': '2024-01-10',
                             'valid_until': '2027-01-09', 'hours': 16, 'category': '继续教育课程'},
    'teaching_experience': {'start_date': '2019-03-01', 'end_date': None, 'organization': '华夏认证培训中心',
                            'course_name': 'QMS 审核员培训', 'hours': 32},
}
CHANGES: dict[str, tuple[str, Any, Any]] = {  # kind -> (field, new value as given, as stored)
    'education': ('school', '清华大学', '清华大学'),
    'work_experience': ('end_date', '', None),
    'professional_experience': ('post', '体系审核', '体系审核'),
    'audit_experience': ('onsite_days', '2', Decimal('2')),
    'continuing_education': ('hours', '24', 24),
    'teaching_experience': ('course_name', 'EMS 审核员培训', 'EMS 审核员培训'),
}
ALL_KINDS = list(KINDS)


@pytest.fixture
def people(demo_db: str) -> dict[str, Actor]:
    actors = {a: _actor(a) for a in ('test1', 'auditor1', 'cb1', 'cb2')}
    draft = case_of(actors['test1'], 'draft')
    for kind in experiences.KINDS:  # start from an empty library and draft (the demo fills test1's)
        for row in experiences.list_library(actors['test1'], kind):
            experiences.delete_row(actors['test1'], kind, row.id)
        for row in experiences.list_case_rows(actors['test1'], kind, draft):
            experiences.delete_row(actors['test1'], kind, row.id, case_id=draft)
    return actors


def with_(kind: str, **changes: Any) -> dict[str, Any]:
    return {**SAMPLES[kind], **changes}


def refused(kind: str, actor: Actor, values: dict[str, Any]) -> Invalid:
    with pytest.raises(Invalid) as caught:
        experiences.save_row(actor, kind, values)
    assert experiences.list_library(actor, kind) == [], 'nothing is written when the input is refused'
    return caught.value


def case_of(applicant: Actor, stage: str) -> int:
    with unit_of_work() as session:
        found = session.exec(select(Case.id).where(Case.applicant_id == applicant.user_id, Case.stage == stage))
        return found.first()  # type: ignore[return-value]


def body(code: str) -> int:
    with unit_of_work() as session:
        return session.exec(select(Institution.id).where(Institution.code == code)).one()  # type: ignore[return-value]


# -- add, edit, delete ---------------------------------------------------------------------------------

@pytest.mark.parametrize('kind', ALL_KINDS)
def test_add_edit_delete_each_kind(people: dict[str, Actor], kind: str) -> None:
    test1 = people['test1']
    added = experiences.save_row(test1, kind, SAMPLES[kind])
    assert added.case_id is None and added.source_id is None and added.verdict is None
    assert [v.id for v in experiences.list_library(test1, kind)] == [added.id]

    name, given, stored = CHANGES[kind]
    edited = experiences.save_row(test1, kind, with_(kind, **{name: given}), added.id)
    assert edited.id == added.id
    assert experiences.get_row(test1, kind, added.id).values[name] == stored

    experiences.delete_row(test1, kind, added.id)
    assert experiences.list_library(test1, kind) == []
    with pytest.raises(NotFound):
        experiences.get_row(test1, kind, added.id)


def test_values_come_back_typed_and_shown_as_text(people: dict[str, Actor]) -> None:
    work = experiences.save_row(people['test1'], 'professional_experience', SAMPLES['professional_experience'])
    assert work.values['start_date'] == date(2010, 1, 1) and work.values['end_date'] is None
    assert work.texts['start_date'] == '2010-01-01' and work.texts['end_date'] == '至今'
    saved = experiences.save_row(people['test1'], 'audit_experience', SAMPLES['audit_experience'])
    audit = experiences.get_row(people['test1'], 'audit_experience', saved.id)
    assert audit.values['onsite_days'] == Decimal('1.5') and audit.texts['onsite_days'] == '1.5'


def test_library_lists_oldest_first(people: dict[str, Actor]) -> None:
    test1 = people['test1']
    later = experiences.save_row(test1, 'work_experience',
                                 with_('work_experience', start_date='2016-01-01', end_date=None))
    earlier = experiences.save_row(test1, 'work_experience', SAMPLES['work_experience'])
    assert [v.id for v in experiences.list_library(test1, 'work_experience')] == [earlier.id, later.id]


def test_keys_outside_the_kind_are_ignored(people: dict[str, Actor]) -> None:
    test1, other = people['test1'], people['auditor1']
    row = experiences.save_row(test1, 'work_experience',
                               with_('work_experience', owner_id=other.user_id, case_id=1, verdict='符合'))
    assert (row.case_id, row.verdict) == (None, None)
    assert experiences.list_library(other, 'work_experience') == []


# -- validation -----------------------------------------------------------------------------------------

@pytest.mark.parametrize('kind, end', [('education', 'end_date'), ('work_experience', 'end_date'),
                                       ('professional_experience', 'end_date'), ('audit_experience', 'end_date'),
                                       ('continuing_education', 'valid_until')])
def test_end_before_start_is_refused(people: dict[str, Actor], kind: str, end: str) -> None:
    start = date.fromisoformat(SAMPLES[kind]['start_date'])
    error = refused(kind, people['test1'], with_(kind, **{end: (start - timedelta(days=1)).isoformat()}))
    assert error.field == end
    assert error.message == f'{KINDS[kind].field(end).label}不能早于{KINDS[kind].field("start_date").label}'
    experiences.save_row(people['test1'], kind, with_(kind, **{end: start.isoformat()}))  # the same day is fine


def test_end_date_message_reads_as_the_manual(people: dict[str, Actor]) -> None:
    error = refused('work_experience', people['test1'], with_('work_experience', end_date='2007-07-31'))
    assert (error.field, error.message) == ('end_date', '结束日期不能早于开始日期')


@pytest.mark.parametrize('kind', ['work_experience', 'professional_experience'])
@pytest.mark.parametrize('phone', ['1391234567', '23912345678', '139-1234-5678', '139123456789', '１３９１２３４５６７８'])
def test_bad_referee_phone_is_refused(people: dict[str, Actor], kind: str, phone: str) -> None:
    error = refused(kind, people['test1'], with_(kind, referee_phone=phone))
    assert (error.field, error.message) == ('referee_phone', '请输入正确的手机号码')


@pytest.mark.parametrize('days', [0, -1, '0', '-0.5', 0.0])
def test_onsite_days_must_be_positive(people: dict[str, Actor], days: Any) -> None:
    error = refused('audit_experience', people['test1'], with_('audit_experience', onsite_days=days))
    assert (error.field, error.message) == ('onsite_days', '现场审核天数必须大于0')


@pytest.mark.parametrize('days, message', [(1.25, '现场审核天数最小单位为0.5'), ('abc', '现场审核天数必须是数字'),
                                           ('NaN', '现场审核天数必须是数字'), (1000, '现场审核天数不能超过999'),
                                           (True, '现场审核天数必须是数字')])
def test_onsite_days_other_refusals(people: dict[str, Actor], days: Any, message: str) -> None:
    error = refused('audit_experience', people['test1'], with_('audit_experience', onsite_days=days))
    assert (error.field, error.message) == ('onsite_days', message)


@pytest.mark.parametrize('days', [0.5, '3', Decimal('2.5')])
def test_half_days_are_accepted(people: dict[str, Actor], days: Any) -> None:
    row = experiences.save_row(people['test1'], 'audit_experience', with_('audit_experience', onsite_days=days))
    assert row.values['onsite_days'] == Decimal(str(days))


@pytest.mark.parametrize('hours, message', [(0, '课程学时必须大于0'), (-8, '课程学时必须大于0'),
                                            (1.5, '课程学时必须是整数'), ('x', '课程学时必须是数字')])
def test_course_hours_must_be_a_positive_whole_number(people: dict[str, Actor], hours: Any, message: str) -> None:
    error = refused('continuing_education', people['test1'], with_('continuing_education', hours=hours))
    assert (error.field, error.message) == ('hours', message)


# every required field once, each blank spelling in turn (None, '', spaces)
REQUIRED = [(kind, f.name, [None, '', '   '][i % 3])
            for i, (kind, f) in enumerate((k, f) for k, spec in KINDS.items() for f in spec.fields if f.required)]


@pytest.mark.parametrize('kind, name, blank', REQUIRED)
def test_missing_required_field_is_refused(people: dict[str, Actor], kind: str, name: str, blank: Any) -> None:
    error = refused(kind, people['test1'], with_(kind, **{name: blank}))
    assert error.field == name
    assert error.message.endswith(KINDS[kind].field(name).label)
    assert error.message.startswith(('请填写', '请选择'))


def test_school_missing_reads_as_the_manual(people: dict[str, Actor]) -> None:
    error = refused('education', people['test1'], with_('education', school=''))
    assert (error.field, error.message) == ('school', '请填写院校名称')


def test_optional_fields_may_stay_empty(people: dict[str, Actor]) -> None:
    row = experiences.save_row(people['test1'], 'work_experience',
                               with_('work_experience', department='', end_date=None))
    assert row.values['department'] == '' and row.values['end_date'] is None


@pytest.mark.parametrize('kind, name, value, message', [
    ('education', 'degree', '小学', '请选择学历'),
    ('audit_experience', 'audit_type', '抽查', '请选择审核类型'),
    ('education', 'start_date', '2003-13-01', '入学时间格式不正确，应为 YYYY-MM-DD'),
    ('work_experience', 'employer', '公' * 201, '工作单位不能超过200个字'),
    ('education', 'file_id', 'abc', '请重新上传学历文件'),
])
def test_other_bad_values(people: dict[str, Actor], kind: str, name: str, value: Any, message: str) -> None:
    error = refused(kind, people['test1'], with_(kind, **{name: value}))
    assert (error.field, error.message) == (name, message)


def test_dates_in_the_future_are_refused_where_they_cannot_be(people: dict[str, Actor]) -> None:
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    error = refused('work_experience', people['test1'], with_('work_experience', start_date=tomorrow, end_date=None))
    assert (error.field, error.message) == ('start_date', '开始日期不能晚于今天')
    # a course stays valid into the future
    experiences.save_row(people['test1'], 'continuing_education', with_('continuing_education', valid_until=tomorrow))


def test_a_file_of_someone_else_cannot_be_attached(people: dict[str, Actor], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_DATA_DIR', str(tmp_path))
    theirs = files.save_upload(people['auditor1'], 'education_certificate', 'x.pdf', b'%PDF-1.7\n')
    error = refused('education', people['test1'], with_('education', file_id=theirs))
    assert (error.field, error.message) == ('file_id', '请重新上传学历文件')
    mine = files.save_upload(people['test1'], 'education_certificate', '毕业证.pdf', b'%PDF-1.7\n')
    row = experiences.save_row(people['test1'], 'education', with_('education', file_id=mine))
    assert (row.values['file_id'], row.texts['file_id']) == (mine, '毕业证.pdf')


def test_institution_accounts_have_no_library(people: dict[str, Actor]) -> None:
    with pytest.raises(NotAllowed):
        experiences.save_row(people['cb1'], 'work_experience', SAMPLES['work_experience'])
    with pytest.raises(NotAllowed):
        experiences.list_library(people['cb1'], 'work_experience')


# -- other people's rows ---------------------------------------------------------------------------------

@pytest.mark.parametrize('kind', ALL_KINDS)
def test_other_users_cannot_read_edit_or_delete(people: dict[str, Actor], kind: str) -> None:
    owner, other = people['test1'], people['auditor1']
    row = experiences.save_row(owner, kind, SAMPLES[kind])
    assert experiences.list_library(other, kind) == []
    with pytest.raises(NotFound):
        experiences.get_row(other, kind, row.id)
    name, given, _ = CHANGES[kind]
    with pytest.raises(NotFound):
        experiences.save_row(other, kind, with_(kind, **{name: given}), row.id)
    with pytest.raises(NotFound):
        experiences.delete_row(other, kind, row.id)
    assert experiences.get_row(owner, kind, row.id) == row


# -- copies inside applications --------------------------------------------------------------------------

def test_copy_into_own_draft(people: dict[str, Actor]) -> None:
    test1 = people['test1']
    draft = case_of(test1, 'draft')
    rows = [experiences.save_row(test1, 'work_experience', with_('work_experience', employer=f'单位{i}'))
            for i in range(2)]
    copies = experiences.copy_rows(test1, 'work_experience', [r.id for r in rows], draft)
    assert [(c.case_id, c.source_id) for c in copies] == [(draft, rows[0].id), (draft, rows[1].id)]
    assert [c.values for c in copies] == [r.values for r in rows]
    assert {c.id for c in copies}.isdisjoint({r.id for r in rows})
    assert {c.id for c in copies} <= {c.id for c in experiences.list_case_rows(test1, 'work_experience', draft)}
    assert len(experiences.list_library(test1, 'work_experience')) == 2, 'copies are not library rows'
    # ticking a row that is already in the application adds nothing
    assert experiences.copy_rows(test1, 'work_experience', [rows[0].id], draft) == []


def test_copy_into_a_case_returned_for_rectification(people: dict[str, Actor]) -> None:
    test1 = people['test1']
    row = experiences.save_row(test1, 'audit_experience', SAMPLES['audit_experience'])
    [copy] = experiences.copy_rows(test1, 'audit_experience', [row.id], case_of(test1, 'rectification'))
    assert copy.source_id == row.id


def test_copy_into_a_submitted_case_is_refused(people: dict[str, Actor]) -> None:
    test1 = people['test1']
    row = experiences.save_row(test1, 'education', SAMPLES['education'])
    submitted = case_of(test1, 'body_review')
    assert submitted is not None
    with pytest.raises(NotAllowed):
        experiences.copy_rows(test1, 'education', [row.id], submitted)
    assert all(r.source_id != row.id for r in experiences.list_case_rows(test1, 'education', submitted))


def test_copy_into_someone_elses_case_or_of_someone_elses_rows_is_refused(people: dict[str, Actor]) -> None:
    test1, auditor1 = people['test1'], people['auditor1']
    theirs = cases.create_draft(auditor1, 'registration', summary='体系认证审核员: QMS', body_id=body('CB-A'))
    mine = experiences.save_row(test1, 'education', SAMPLES['education'])
    with pytest.raises(NotFound):
        experiences.copy_rows(test1, 'education', [mine.id], theirs.id)
    with pytest.raises(NotFound):
        experiences.copy_rows(auditor1, 'education', [mine.id], theirs.id)
    with pytest.raises(NotFound):
        experiences.copy_rows(test1, 'education', [mine.id], 987654)
    assert experiences.list_case_rows(auditor1, 'education', theirs.id) == []


def test_a_copy_cannot_be_copied_again(people: dict[str, Actor]) -> None:
    test1 = people['test1']
    draft = case_of(test1, 'draft')
    row = experiences.save_row(test1, 'education', SAMPLES['education'])
    [copy] = experiences.copy_rows(test1, 'education', [row.id], draft)
    with pytest.raises(NotFound):
        experiences.copy_rows(test1, 'education', [copy.id], case_of(test1, 'rectification'))


def test_library_and_copy_change_independently(people: dict[str, Actor]) -> None:
    test1 = people['test1']
    draft = case_of(test1, 'draft')
    row = experiences.save_row(test1, 'work_experience', SAMPLES['work_experience'])
    [copy] = experiences.copy_rows(test1, 'work_experience', [row.id], draft)

    experiences.save_row(test1, 'work_experience', with_('work_experience', position='总经理'), copy.id, case_id=draft)
    assert experiences.get_row(test1, 'work_experience', row.id).values['position'] == '工程师'
    assert experiences.get_row(test1, 'work_experience', copy.id).values['position'] == '总经理'

    experiences.save_row(test1, 'work_experience', with_('work_experience', department='研发部'), row.id)
    assert experiences.get_row(test1, 'work_experience', copy.id).values['department'] == '质量部'

    experiences.delete_row(test1, 'work_experience', copy.id, case_id=draft)
    assert experiences.get_row(test1, 'work_experience', row.id).values['department'] == '研发部'
    experiences.delete_row(test1, 'work_experience', row.id)
    assert experiences.list_case_rows(test1, 'work_experience', draft) == []


def test_library_services_do_not_touch_copies(people: dict[str, Actor]) -> None:
    test1 = people['test1']
    draft = case_of(test1, 'draft')
    row = experiences.save_row(test1, 'education', SAMPLES['education'])
    [copy] = experiences.copy_rows(test1, 'education', [row.id], draft)
    with pytest.raises(NotFound):
        experiences.save_row(test1, 'education', with_('education', school='X'), copy.id)  # no case_id given
    with pytest.raises(NotFound):
        experiences.delete_row(test1, 'education', copy.id)


def test_copies_freeze_once_submitted_and_reviewers_see_them(people: dict[str, Actor]) -> None:
    test1, cb1, cb2 = people['test1'], people['cb1'], people['cb2']
    draft = cases.get_case(test1, case_of(test1, 'draft'))
    row = experiences.save_row(test1, 'audit_experience', SAMPLES['audit_experience'])
    [copy] = experiences.copy_rows(test1, 'audit_experience', [row.id], draft.id)
    with pytest.raises(NotFound):
        experiences.list_case_rows(cb1, 'audit_experience', draft.id)  # a draft is the applicant's alone
    submit(test1, draft)

    with pytest.raises(NotAllowed):
        experiences.save_row(test1, 'audit_experience', SAMPLES['audit_experience'], copy.id, case_id=draft.id)
    with pytest.raises(NotAllowed):
        experiences.delete_row(test1, 'audit_experience', copy.id, case_id=draft.id)
    assert [r.id for r in experiences.list_case_rows(cb1, 'audit_experience', draft.id)] == [copy.id]
    assert experiences.get_row(cb1, 'audit_experience', copy.id).values == row.values
    with pytest.raises(NotFound):
        experiences.get_row(cb1, 'audit_experience', row.id)  # the library stays private
    with pytest.raises(NotFound):
        experiences.list_case_rows(cb2, 'audit_experience', draft.id)
