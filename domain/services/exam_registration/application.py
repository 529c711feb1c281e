"""The candidate's side of 认证人员注册全国统一考试报名 (R9.2, R9.3): which exams are open, the draft and its 报名信息,
the ID photo, 考前说明's checks, submission with its seat, and what 审核通过 / 审核不通过 write.

Seats never oversell: a seat is taken by one conditional UPDATE of the exam city (seats_taken < seats), which also
locks that row until the transaction ends, so that 准考证号 of the same city are numbered one after another. A person
registers for an exam once (the unique index of exam_registrations).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.engine import cases, files, prechecks
from domain.engine.applications import ApplicationModel
from domain.engine.experiences import DEGREES
from domain.engine.prechecks import PrecheckItem
from domain.engine.workflow import RECTIFICATION
from domain.services.exam_registration.rules import (
    _next_admission_no,
)
from domain.services.exam_registration.workflow import REVIEW, SERVICE_CODE
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Invalid
from domain.shared.id_photo import id_photo
from domain.shared.identity import is_valid_mobile, mask_id_number
from storage.db import unit_of_work
from storage.tables import (
    Case,
    Exam,
    ExamApplication,
    ExamCity,
    ExamRegistration,
    StoredFile,
    User,
)

STEPS = ('precheck', 'info', 'done')
PHOTO_PURPOSE = 'exam_photo'
NO_OPEN_EXAM = '当前没有可以报名的考试'
MSG_CITY_FULL = '该城市考位已满，请选择其他考试城市'
ETHNICITIES = (
    '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族', '满族', '侗族', '瑶族', '白族',
    '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族', '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族',
    '景颇族', '柯尔克孜族', '土族', '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族',
    '普米族', '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
    '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族', '其他')
EDUCATIONS = ('高中及以下', *DEGREES)
TEXTS = {'nationality': ('国籍', 32), 'residence_city': ('居住城市', 50), 'employer': ('工作单位', 100)}
REQUIRED = {'exam_id': '请选择考试', 'exam_city_id': '请选择拟报考城市', 'photo_file_id': '请上传照片',
            'ethnicity': '请选择民族', 'education': '请选择学历', 'residence_city': '请填写居住城市',
            'employer': '请填写工作单位', 'contact': '请填写联系方式'}


@dataclass(frozen=True)
class ExamCityOption:
    id: int
    city: str
    seats_left: int

    @property
    def label(self) -> str:
        return f'{self.city}（剩余 {self.seats_left} 个考位）' if self.seats_left else f'{self.city}（考位已满）'


@dataclass(frozen=True)
class OpenExam:
    id: int
    name: str
    subject: str
    exam_date: date
    closes_on: date
    needs_review: bool
    cities: tuple[ExamCityOption, ...]

    @property
    def label(self) -> str:
        return f'{self.name}（{self.subject}，{self.exam_date.isoformat()}）'


@dataclass(frozen=True)
class Candidate:
    """The person as the form shows them, from the account and read-only (证件号码 masked)."""

    name: str
    gender: str
    id_type: str
    id_number: str
    birth_date: str
    file_no: str


@dataclass(frozen=True)
class ExamApplicationView:
    case: cases.CaseView
    candidate: Candidate
    exam_id: int | None
    exam_city_id: int | None
    photo_file_id: int | None
    nationality: str
    ethnicity: str
    education: str
    residence_city: str
    employer: str
    contact: str
    admission_no: str
    wizard_step: str


# -- services --------------------------------------------------------------------------------------

def open_exams(actor: Actor) -> list[OpenExam]:
    """Exams whose registration window is open today and that the actor has not registered for."""
    with unit_of_work() as session:
        return _open_exams(session, actor, clock.today())


def precheck(actor: Actor, case_id: int | None = None) -> list[PrecheckItem]:
    """考前说明's checks: a real-name verified account, and an exam open for registration."""
    items = [prechecks.real_name(actor)]
    with unit_of_work() as session:
        chosen = _load(session, actor, case_id)[1].exam_id if case_id else None
        open_now = _open_exams(session, actor, clock.today())
    names = '，'.join(e.label for e in open_now)
    items.append(PrecheckItem('可报名考试', bool(open_now) or chosen is not None,
                              f'正在报名的考试：{names}' if open_now else '已选择考试' if chosen else NO_OPEN_EXAM))
    return items


def start(actor: Actor) -> ExamApplicationView:
    """Open a new draft (it gets its 业务号 now and appears in 草稿箱); the contact is the account's mobile."""
    with unit_of_work(write=True) as session:
        user = session.get(User, actor.user_id)
        case = cases.create_draft_in(session, actor, SERVICE_CODE, summary='未选择考试')
        session.add(ExamApplication(case_id=case.id, contact=(user.mobile or '') if user else '',  # type: ignore[arg-type]
                                    wizard_step='info', updated_at=clock.now()))
        case_id: int = case.id  # type: ignore[assignment]
    return application(actor, case_id)


def save_info(actor: Actor, case_id: int, **values: object) -> ExamApplicationView:
    """Save what the candidate changed at once (autosave): only known fields, only well-formed values."""
    with unit_of_work(write=True) as session:
        case, row = _load(session, actor, case_id, for_edit=True)
        for name, value in values.items():
            _set(session, actor, case, row, name, value)
        exam = session.get(Exam, row.exam_id) if row.exam_id else None
        case.summary = exam.name if exam else '未选择考试'
        row.updated_at = clock.now()
        session.add_all([case, row])
        session.flush()
        return _view(session, case, row)


def upload_photo(actor: Actor, case_id: int, filename: str, data: bytes) -> ExamApplicationView:
    """照片: made into an ID photo (domain.id_photo), stored, and put on the application."""
    with unit_of_work() as session:
        _load(session, actor, case_id, for_edit=True)  # NotFound / NotAllowed before anything is stored
    photo = id_photo(data)
    stem = filename.rsplit('.', 1)[0] if '.' in filename else filename
    file_id = files.save_upload(actor, PHOTO_PURPOSE, f'{stem}.jpg', photo)
    with unit_of_work(write=True) as session:
        case, row = _load(session, actor, case_id, for_edit=True)
        row.photo_file_id = file_id
        row.updated_at = clock.now()
        session.add(row)
        session.flush()
        return _view(session, case, row)


# -- inside a transaction: effects of the workflow and the snapshot of a returned round -------------------

def _take_seat(session: Session, actor: Actor, case: Case, row: ExamApplication) -> None:
    """On 提交: the seat taken and the registration written with the transition, all or nothing. A returned
    registration keeps its seat when it is resubmitted. A full city is refused by a read first, without waiting for
    the lock of its row."""
    exam = session.get(Exam, row.exam_id)
    assert exam is not None
    if row.registration_id is None:
        city = session.get(ExamCity, row.exam_city_id)
        if city is None or city.seats_taken >= city.seats:
            raise Invalid('exam_city_id', MSG_CITY_FULL)
        row.registration_id = _register(session, actor, case, row, exam)
    case.route = REVIEW if exam.needs_review else None
    session.add_all([case, row])
    session.flush()


def facts_in(session: Session, case: Case) -> dict[str, str]:
    """The 报名信息, label -> text (also kept in the snapshot of a returned round, R14.3)."""
    row = session.get(ExamApplication, case.id)
    if row is None:
        return {}
    view = _view(session, case, row)
    exam = session.get(Exam, row.exam_id) if row.exam_id else None
    city = session.get(ExamCity, row.exam_city_id) if row.exam_city_id else None
    photo = session.get(StoredFile, row.photo_file_id) if row.photo_file_id else None
    person = view.candidate
    return {
        '考试': f'{exam.name}（{exam.subject}，{exam.exam_date.isoformat()}）' if exam else '',
        '拟报考城市': city.city if city else '', '姓名': person.name, '性别': person.gender,
        '证件类型': person.id_type, '证件号码': person.id_number, '出生日期': person.birth_date,
        '档案号': person.file_no, '国籍': row.nationality, '民族': row.ethnicity, '学历': row.education,
        '居住城市': row.residence_city, '工作单位': row.employer, '联系方式': row.contact,
        '照片': photo.original_name if photo else '', '准考证号': view.admission_no,
    }



# -- helpers ---------------------------------------------------------------------------------------

def _view(session: Session, case: Case, row: ExamApplication) -> ExamApplicationView:
    person = session.get(User, case.applicant_id)
    assert person is not None
    registration_row = session.get(ExamRegistration, row.registration_id) if row.registration_id else None
    candidate = Candidate(person.name, person.gender or '', person.id_type or '', mask_id_number(person.id_number),
                          person.birth_date.isoformat() if person.birth_date else '', person.file_no or '')
    return ExamApplicationView(
        cases.view_of(case), candidate, row.exam_id, row.exam_city_id, row.photo_file_id, row.nationality,
        row.ethnicity, row.education, row.residence_city, row.employer, row.contact,
        (registration_row.admission_no or '') if registration_row else '', row.wizard_step)


def _open_exams(session: Session, actor: Actor, today: date) -> list[OpenExam]:
    registered = select(ExamRegistration.exam_id).where(ExamRegistration.user_id == actor.user_id)
    found = session.exec(select(Exam).where(Exam.registration_opens_on <= today,
                                            Exam.registration_closes_on >= today,
                                            col(Exam.id).not_in(registered))
                         .order_by(col(Exam.exam_date), col(Exam.id))).all()
    return [_open_exam(session, exam) for exam in found]


def _open_exam(session: Session, exam: Exam) -> OpenExam:
    cities = session.exec(select(ExamCity).where(ExamCity.exam_id == exam.id).order_by(col(ExamCity.id))).all()
    return OpenExam(exam.id, exam.name, exam.subject, exam.exam_date, exam.registration_closes_on,  # type: ignore[arg-type]
                    exam.needs_review, tuple(ExamCityOption(c.id, c.city, max(c.seats - c.seats_taken, 0))  # type: ignore[arg-type]
                                             for c in cities))


def _set(session: Session, actor: Actor, case: Case, row: ExamApplication, name: str, value: object) -> None:
    if name in ('exam_id', 'exam_city_id') and case.stage == RECTIFICATION and value != getattr(row, name):
        raise Invalid(name, '退回整改的报名不能更换考试或考试城市，如需报考其他考试，请另行报名')
    if name == 'exam_id':
        if value is not None and value not in {e.id for e in _open_exams(session, actor, clock.today())}:
            raise Invalid(name, '请从正在报名的考试中选择')
        if value != row.exam_id:
            row.exam_city_id = None
        row.exam_id = value  # type: ignore[assignment]
    elif name == 'exam_city_id':
        city = session.get(ExamCity, value) if isinstance(value, int) else None
        if value is not None and (city is None or city.exam_id != row.exam_id):
            raise Invalid(name, '请从所选考试的考试城市中选择')
        row.exam_city_id = value  # type: ignore[assignment]
    elif name in ('ethnicity', 'education'):
        options = ETHNICITIES if name == 'ethnicity' else EDUCATIONS
        if value not in (*options, ''):
            raise Invalid(name, '请从选项中选择')
        setattr(row, name, value)
    elif name in TEXTS or name == 'contact':
        text = value.strip() if isinstance(value, str) else None
        if text is None:
            raise Invalid(name, '请输入文字')
        if name == 'contact':
            if text and not is_valid_mobile(text):
                raise Invalid(name, '请输入正确的11位手机号码')
        elif len(text) > TEXTS[name][1]:
            raise Invalid(name, f'{TEXTS[name][0]}不能超过{TEXTS[name][1]}个字')
        setattr(row, name, text)
    elif name == 'wizard_step':
        if value not in STEPS:
            raise Invalid(name, '请从选项中选择')
        row.wizard_step = value  # type: ignore[assignment]
    else:
        raise Invalid(name, '未知字段')


def _problems_in(session: Session, actor: Actor, case: Case, row: ExamApplication, today: date) -> list[Invalid]:
    found = [Invalid(name, message) for name, message in REQUIRED.items() if not getattr(row, name)]
    exam = session.get(Exam, row.exam_id) if row.exam_id else None
    if exam is not None and row.registration_id is None and not (
            exam.registration_opens_on <= today <= exam.registration_closes_on):
        found.insert(0, Invalid('exam_id', f'该考试的报名时间为 {exam.registration_opens_on} 至 '
                                           f'{exam.registration_closes_on}，当前不在报名时间内'))
    if not prechecks.real_name(actor, session).passed:
        found.append(Invalid('precheck', '实名认证：请先在账户信息中完成实名认证'))
    return found


def _register(session: Session, actor: Actor, case: Case, row: ExamApplication, exam: Exam) -> int:
    """Take a seat in the chosen city and write the registration: pending for an exam that needs review,
    accepted with its 准考证号 otherwise."""
    taken = session.execute(update(ExamCity)
                            .where(col(ExamCity.id) == row.exam_city_id, ExamCity.seats_taken < ExamCity.seats)
                            .values(seats_taken=ExamCity.seats_taken + 1))
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise Invalid('exam_city_id', MSG_CITY_FULL)
    city = session.get(ExamCity, row.exam_city_id)
    assert city is not None
    registration_row = ExamRegistration(
        exam_id=exam.id, user_id=actor.user_id, exam_city_id=city.id, case_id=case.id,  # type: ignore[arg-type]
        status='pending' if exam.needs_review else 'accepted',
        admission_no=None if exam.needs_review else _next_admission_no(session, exam, city),
        created_at=clock.now())
    session.add(registration_row)
    try:
        session.flush()
    except IntegrityError:
        raise Invalid('exam_id', '您已报名该考试，请勿重复报名') from None
    return registration_row.id  # type: ignore[return-value]


# -- what every application does, with this one's parts --------------------------------------------

MODEL = ApplicationModel(ExamApplication, (SERVICE_CODE,),
                         view=lambda session, actor, case, row: _view(session, case, row),
                         problems_in=lambda session, actor, case, row: _problems_in(session, actor, case, row,
                                                                                    clock.today()),
                         facts_in=facts_in, before_submit=_take_seat)
application, problems, submit, facts, _load = (MODEL.application, MODEL.problems, MODEL.submit, MODEL.facts,
                                               MODEL.load)
