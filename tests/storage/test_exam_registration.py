"""认证人员注册全国统一考试报名 (R9.2, R9.3) on a real database: open exams, the draft's checks beside each field, the ID
photo made from an upload, submission with its seat and 准考证号, staff review, and seats that never oversell however
many apply at once."""
from __future__ import annotations

import io
import threading
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image
from sqlmodel import select

from domain.accounts.accounts import actor_of
from domain.demo import _actor
from domain.engine import case_changes, cases, files, messages, my_cases, queues
from domain.records import exams
from domain.services.exam_registration import application as applications
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotAllowed, NotFound
from storage import file_store
from storage.db import unit_of_work
from storage.tables import Exam, ExamCity, ExamRegistration, StoredFile, User

TODAY = datetime(2026, 11, 27, 2, 0, tzinfo=timezone.utc)  # a Friday: 10:00 in China
ANSWERS = dict(ethnicity='汉族', education='本科', residence_city='北京', employer='北京精工制造有限公司')


@pytest.fixture
def frozen() -> None:
    clock.freeze(TODAY)  # before the demo, whose exams are dated from the day it is loaded


@pytest.fixture
def people(frozen: None, demo_db: str) -> dict[str, Actor]:
    return {a: _actor(a) for a in ('test1', 'auditor1', 'expert1', 'teacher1', 'admin')}


def photo(size: tuple[int, int] = (600, 800), fmt: str = 'PNG') -> bytes:
    buffer = io.BytesIO()
    image = Image.new('RGB', size, 'white')
    exif = image.getexif()
    exif[0x010F] = 'PhoneMaker'  # camera make: must not survive
    image.save(buffer, format=fmt, exif=exif) if fmt == 'JPEG' else image.save(buffer, format=fmt)
    return buffer.getvalue()


def add_exam(name: str, *, needs_review: bool = False, seats: int = 50) -> tuple[int, int]:
    """An exam open for registration today, with one city; (exam id, city id)."""
    today = clock.today()
    with unit_of_work(write=True) as session:
        exam = Exam(name=name, subject='管理体系认证基础', exam_date=today + timedelta(days=40),
                    registration_opens_on=today - timedelta(days=1), registration_closes_on=today + timedelta(days=9),
                    needs_review=needs_review, created_at=clock.now())
        session.add(exam)
        session.flush()
        city = ExamCity(exam_id=exam.id, city='成都', seats=seats)  # type: ignore[arg-type]
        session.add(city)
        session.flush()
        return exam.id, city.id  # type: ignore[return-value]


def completed(actor: Actor, exam_id: int, city_id: int) -> int:
    view = applications.start(actor)
    applications.save_info(actor, view.case.id, exam_id=exam_id, exam_city_id=city_id, **ANSWERS)
    applications.upload_photo(actor, view.case.id, '证件照.png', photo())
    return view.case.id


def registration_of(user_id: int, exam_id: int) -> ExamRegistration:
    with unit_of_work() as session:
        return session.exec(select(ExamRegistration).where(ExamRegistration.user_id == user_id,
                                                           ExamRegistration.exam_id == exam_id)).one()


def seats_taken(city_id: int) -> int:
    with unit_of_work() as session:
        return session.get(ExamCity, city_id).seats_taken  # type: ignore[union-attr]


def test_open_exams_leave_out_those_registered_for(people: dict[str, Actor]) -> None:
    open_for_expert = applications.open_exams(people['expert1'])
    assert [(e.name, e.needs_review) for e in open_for_expert] == [
        ('2027年认证人员注册全国统一考试（环境管理体系）', True), ('2027年认证人员注册全国统一考试（信息安全管理体系）', False)]
    assert [c.label for c in open_for_expert[0].cities] == [  # test1 has a seat in 上海, auditor1's waits in 北京
        '北京（剩余 199 个考位）', '上海（剩余 149 个考位）', '广州（剩余 100 个考位）']
    for registered in (people['test1'], people['auditor1']):  # for the first already: the demo's other is theirs
        assert [e.id for e in applications.open_exams(registered)] == [open_for_expert[1].id]
        assert [(i.label, i.passed) for i in applications.precheck(registered)] == [
            ('实名认证', True), ('可报名考试', True)]
    with pytest.raises(NotAllowed):
        applications.start(_actor('cb1'))


def test_the_demo_candidates_register_for_the_open_exam_at_once(people: dict[str, Actor]) -> None:
    """#14: the demo's exam without 报名审核 is open to test1 and auditor1, who are accepted on 提交."""
    [exam] = applications.open_exams(people['test1'])
    for n, account in enumerate(('test1', 'auditor1'), start=1):
        candidate = people[account]
        case = applications.submit(candidate, completed(candidate, exam.id, exam.cities[0].id))
        assert (case.status.value, case.outcome) == ('closed', 'approved')
        registration = registration_of(candidate.user_id, exam.id)
        assert (registration.status, registration.admission_no) == ('accepted', f'{exam.exam_date:%Y%m%d}01{n:04d}')
        assert applications.open_exams(candidate) == []
    assert seats_taken(exam.cities[0].id) == 2


def test_the_demo_registration_in_review_is_a_case_staff_accept(people: dict[str, Actor]) -> None:
    """#14: auditor1's demo registration waits in 报名审核 as a real case: in auditor1's 我的事项, in the staff's queue
    with its message, and 审核通过 gives it its 准考证号."""
    auditor, admin = people['auditor1'], people['admin']
    [mine] = [c for c in my_cases.all_my_cases(auditor, my_cases.CaseQuery()) if c.service_code == 'exam_registration']
    assert (mine.stage_label, mine.status_label, mine.summary) == (
        '报名审核', '办理中', '2027年认证人员注册全国统一考试（环境管理体系）')
    [waiting] = [r for r in queues.staff_queue(admin) if r.case.service_code == 'exam_registration']
    assert (waiting.case.id, waiting.applicant_name, waiting.case.stage_label) == (mine.id, '王芳', '报名审核')
    assert f'您有一条业务流水号【{mine.case_no}】的认证人员注册全国统一考试报名需要审核' in [
        m.title for m in messages.list_messages(admin)]
    facts = applications.facts(admin, mine.id)
    assert (facts['拟报考城市'], facts['姓名'], facts['照片'], facts['准考证号']) == ('北京', '王芳', '证件照.jpg', '')
    registration = exams.my_exams(auditor)[0]
    assert (registration.status_label, registration.admission_no) == ('待审核', '')
    accepted = cases.act(admin, mine.id, 'approve', expected_version=waiting.case.version)
    assert accepted.outcome == 'approved'
    registration = exams.my_exams(auditor)[0]
    assert (registration.status_label, registration.city, registration.admission_no) == (
        '报名成功', '北京', f'{registration.exam_date:%Y%m%d}010001')
    assert all(r.case.id != mine.id for r in queues.staff_queue(admin))


def test_each_field_is_checked_beside_it(people: dict[str, Actor]) -> None:
    expert = people['expert1']
    view = applications.start(expert)
    assert (view.contact, view.candidate.name, view.candidate.id_number[:3]) == ('13800000003', '赵强', '320')
    other_exam, other_city = add_exam('另一场考试')
    coming = next(e for e in applications.open_exams(expert) if e.id != other_exam)
    applications.save_info(expert, view.case.id, exam_id=coming.id)
    closed_exam = session_exam_closed()
    for name, value, message in (('exam_id', closed_exam, '请从正在报名的考试中选择'),
                                 ('exam_city_id', other_city, '请从所选考试的考试城市中选择'),
                                 ('ethnicity', '火星族', '请从选项中选择'),
                                 ('contact', '12345', '请输入正确的11位手机号码'),
                                 ('employer', '字' * 101, '工作单位不能超过100个字'),
                                 ('colour', 'red', '未知字段')):
        with pytest.raises(Invalid) as error:
            applications.save_info(expert, view.case.id, **{name: value})
        assert (error.value.field, error.value.message) == (name, message)
    assert [p.field for p in applications.problems(expert, view.case.id)] == [
        'exam_city_id', 'photo_file_id', 'ethnicity', 'education', 'residence_city', 'employer']
    with pytest.raises(NotFound):
        applications.save_info(people['auditor1'], view.case.id, employer='别人的')


def session_exam_closed() -> int:
    with unit_of_work() as session:
        return session.exec(select(Exam.id).where(Exam.name == '2025年第三次认证人员注册全国统一考试')).one()  # type: ignore[return-value]


def test_the_photo_is_made_an_upright_id_photo_without_metadata(people: dict[str, Actor]) -> None:
    expert, admin, auditor = people['expert1'], people['admin'], people['auditor1']
    view = applications.start(expert)
    for data, message in ((b'%PDF-1.4 not a photo', '照片仅支持 JPG 或 PNG 图片'),
                          (photo((100, 120)), '照片分辨率过低，请上传不小于 150×200 像素的照片')):
        with pytest.raises(Invalid) as error:
            applications.upload_photo(expert, view.case.id, 'x.png', data)
        assert (error.value.field, error.value.message) == ('photo_file_id', message)
    view = applications.upload_photo(expert, view.case.id, 'IMG_2031.jpeg', photo((1200, 900), 'JPEG'))
    with unit_of_work() as session:
        stored = session.get(StoredFile, view.photo_file_id)
    assert stored is not None and (stored.original_name, stored.content_type) == ('IMG_2031.jpg', 'image/jpeg')
    with Image.open(io.BytesIO(file_store.read(stored.storage_name))) as image:
        assert (image.size, dict(image.getexif())) == ((295, 413), {})
    assert not files.can_read(admin, view.photo_file_id)  # a draft's photo is the candidate's own
    exam_id, city_id = add_exam('照片考试')
    applications.save_info(expert, view.case.id, exam_id=exam_id, exam_city_id=city_id, **ANSWERS)
    applications.submit(expert, view.case.id)
    assert files.can_read(admin, view.photo_file_id) and not files.can_read(auditor, view.photo_file_id)


def test_without_review_the_registration_is_accepted_on_submission(people: dict[str, Actor]) -> None:
    expert = people['expert1']
    exam_id, city_id = add_exam('2027年第一次认证人员注册全国统一考试')
    case = applications.submit(expert, completed(expert, exam_id, city_id))
    assert (case.status.value, case.outcome) == ('closed', 'approved')
    registration = registration_of(expert.user_id, exam_id)
    assert (registration.status, registration.admission_no) == ('accepted', '20270106010001')
    assert seats_taken(city_id) == 1
    mine = exams.my_exams(expert)[0]
    assert (mine.exam_name, mine.status_label, mine.admission_no) == (
        '2027年第一次认证人员注册全国统一考试', '报名成功', '20270106010001')
    assert applications.facts(expert, case.id)['准考证号'] == '20270106010001'
    with pytest.raises(NotAllowed):
        cases.act(expert, completed(expert, *add_exam('不能绕过')), 'submit', expected_version=1)  # only by the service
    again = applications.start(expert)
    with pytest.raises(Invalid, match='请从正在报名的考试中选择'):
        applications.save_info(expert, again.case.id, exam_id=exam_id)  # registered already


def test_with_review_staff_accept_or_refuse_and_the_seat_follows(people: dict[str, Actor]) -> None:
    expert, teacher, admin = people['expert1'], people['teacher1'], people['admin']
    exam_id, city_id = add_exam('需审核的考试', needs_review=True)
    case = applications.submit(expert, completed(expert, exam_id, city_id))
    assert (case.stage_label, seats_taken(city_id)) == ('报名审核', 1)
    assert registration_of(expert.user_id, exam_id).status == 'pending'
    assert f'您有一条业务流水号【{case.case_no}】的认证人员注册全国统一考试报名需要审核' in [
        m.title for m in messages.list_messages(admin)]
    assert case.id in [r.case.id for r in queues.staff_queue(admin)]
    returned = cases.act(admin, case.id, 'return', expected_version=case.version, opinion='照片不清晰，请重新上传')
    with pytest.raises(Invalid, match='不能更换考试'):
        applications.save_info(expert, case.id, exam_city_id=None)
    applications.upload_photo(expert, case.id, '新照片.png', photo((700, 900)))
    resubmitted = applications.submit(expert, case.id)
    assert (resubmitted.stage, seats_taken(city_id), returned.editable) == ('exam_review', 1, True)
    changes = case_changes.changes_since_return(admin, case.id)
    assert changes is not None and [f.label for f in changes.facts] == ['照片']
    accepted = cases.act(admin, case.id, 'approve', expected_version=resubmitted.version)
    assert accepted.outcome == 'approved'
    assert registration_of(expert.user_id, exam_id).admission_no == '20270106010001'

    other = applications.submit(teacher, completed(teacher, exam_id, city_id))
    assert seats_taken(city_id) == 2
    with pytest.raises(Invalid):
        cases.act(admin, other.id, 'reject', expected_version=other.version)  # a reason is required
    cases.act(admin, other.id, 'reject', expected_version=other.version, opinion='报考条件不符')
    assert (registration_of(teacher.user_id, exam_id).status, seats_taken(city_id)) == ('rejected', 1)


def test_seats_never_oversell_when_many_submit_at_once(people: dict[str, Actor]) -> None:
    exam_id, city_id = add_exam('座位有限的考试', seats=3)
    candidates = []
    with unit_of_work(write=True) as session:
        for n in range(8):
            user = User(account=f'candidate{n}', password_hash='x', name=f'考生{n}', role='individual',
                        id_type='居民身份证', mobile=f'1370000{n:04d}', real_name_verified=True, created_at=clock.now())
            session.add(user)
            session.flush()
            candidates.append(actor_of(session, user))
    case_ids = [completed(candidate, exam_id, city_id) for candidate in candidates]
    barrier = threading.Barrier(len(candidates))
    outcomes: list[str] = []

    def submit(candidate: Actor, case_id: int) -> None:
        barrier.wait()
        for _ in range(20):  # SQLite may answer "database is locked" to a writer that waited too long
            try:
                applications.submit(candidate, case_id)
                outcomes.append('ok')
                return
            except Invalid as error:
                outcomes.append(error.message)
                return
            except Exception as error:  # noqa: BLE001 - a lock timeout: try again, as a person would
                if 'locked' not in str(error):
                    outcomes.append(repr(error))
                    return
        outcomes.append('gave up')

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(candidates, case_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ['ok'] * 3 + ['该城市考位已满，请选择其他考试城市'] * 5
    assert seats_taken(city_id) == 3
    with unit_of_work() as session:
        numbers = session.exec(select(ExamRegistration.admission_no).where(ExamRegistration.exam_id == exam_id)).all()
    assert sorted(numbers) == ['20270106010001', '20270106010002', '20270106010003']  # type: ignore[type-var]



def test_a_submission_needs_one_pooled_connection(people: dict[str, Actor], database: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """With two connections per submission, as many submissions as the pool has connections wait on each other for
    good (bench/load.py's rush at 30 clients): one connection must be enough."""
    if not database.startswith('postgresql'):
        pytest.skip("SQLite's pool is not what a rush meets")
    from sqlmodel import create_engine

    from storage import db
    expert = people['expert1']
    case_id = completed(expert, *add_exam('2027年第二次认证人员注册全国统一考试'))
    monkeypatch.setattr(db, '_engine', create_engine(db.normalize_url(database), pool_size=1, max_overflow=0,
                                                     pool_timeout=3))
    assert applications.submit(expert, case_id).outcome == 'approved'
