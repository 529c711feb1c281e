"""信息查询 (R3.4): what anyone may look up without logging in — 职业资格查询, 培训证书查询, 考试查询, 教师信息查询,
培训计划查询, and 检验检测人员信息登记查询 (R3.1's 常用服务 4).

Every lookup first counts against the client's budget (domain.throttle), so that the registers cannot be harvested.
Lookups of a person need the name and the ID number together, matched exactly; when they do not both match, the
answer is the same "未查询到" whether or not the name exists. Holders are shown masked (R13.3). Teachers are public by
their role: the register is searched by full name, never by a fragment, and shows no personal data beyond the name.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from domain.records import certificates, exams, training
from domain.records.certificates import PublicCertificate
from domain.shared import clock, throttle
from domain.shared.errors import Invalid, NotFound
from domain.shared.identity import mask_id_number, mask_name, normalize_resident_id
from storage.db import unit_of_work
from storage.tables import (
    Case,
    Certificate,
    CourseFiling,
    Exam,
    ExamRegistration,
    InspectionPersonnel,
    Institution,
    TeacherCategory,
    TeacherProfile,
    TrainingCertificate,
    TrainingPlan,
    User,
)

MAX_INPUT = 64
CERTIFICATE_NOT_FOUND = '未查询到该证书，请核对证书编号'
PERSON_NOT_FOUND = '未查询到相关信息，请核对姓名和证件号码'
EXAM_NOT_FOUND_BY_ADMISSION = '未查询到考试成绩，请核对准考证号和证件号码（成绩公布后方可查询）'
EXAM_NOT_FOUND_BY_PERSON = '未查询到考试成绩，请核对姓名和证件号码（成绩公布后方可查询）'
TEACHER_NOT_FOUND = '未查询到该教师，请核对教师姓名'
PLAN_NOT_FOUND = '未查询到培训计划，请核对培训编号、课程名称或培训机构'
REGISTRATION_NOT_FOUND = '未查询到登记信息，请核对登记编号'
PLAN_STATES = {'confirmed': '已确认'}  # a plan is public once its teachers have all agreed
PLAN_MODES = {True: '线上', False: '线下'}


@dataclass(frozen=True)
class PublicTrainingCertificate:
    cert_no: str
    holder_name: str
    holder_id_number: str
    course_name: str
    hours: int | None
    body_name: str
    issued_on: date


@dataclass(frozen=True)
class PublicExamResult:
    holder_name: str
    exam_name: str
    subject: str
    exam_date: date
    score: str  # '82', or '缺考'
    passed: str  # 合格 | 不合格


@dataclass(frozen=True)
class PublicTeacher:
    name: str
    categories: tuple[str, ...]
    body_name: str
    status: str


def _required(field: str, value: str, message: str) -> str:
    text = (value or '').strip()
    if not text:
        raise Invalid(field, message)
    return text[:MAX_INPUT]


def _person(name: str, id_number: str) -> tuple[str, str]:
    """Both are required; the ID number is compared as the register keeps it (trimmed, upper-case)."""
    name = _required('name', name, '请输入姓名')
    number = _required('id_number', id_number, '请输入证件号码')
    return name, normalize_resident_id(number)


def _is_person(name: str, id_number: str):  # type: ignore[no-untyped-def]
    return (User.name == name) & (User.id_number == id_number)  # type: ignore[operator]


# -- 职业资格查询 -------------------------------------------------------------------------------------------

def qualifications_by_number(client: str, cert_no: str) -> list[PublicCertificate]:
    cert_no = _required('cert_no', cert_no, '请输入证书编号')
    throttle.admit(client)
    return _qualifications(Certificate.cert_no == cert_no, CERTIFICATE_NOT_FOUND)


def qualifications_by_person(client: str, name: str, id_number: str) -> list[PublicCertificate]:
    name, id_number = _person(name, id_number)
    throttle.admit(client)
    return _qualifications(_is_person(name, id_number), PERSON_NOT_FOUND)


def _qualifications(condition, not_found: str) -> list[PublicCertificate]:  # type: ignore[no-untyped-def]
    today = clock.today()
    with unit_of_work() as session:
        rows = session.exec(select(Certificate, User, Institution.name)
                            .join(User, User.id == Certificate.holder_id)  # type: ignore[arg-type]
                            .join(Institution, Institution.id == Certificate.body_id, isouter=True)  # type: ignore[arg-type]
                            .where(condition).order_by(Certificate.issued_on.desc())).all()  # type: ignore[attr-defined]
    if not rows:
        raise NotFound(not_found)
    return [certificates.public_view(certificate, holder, body_name, today) for certificate, holder, body_name in rows]


# -- 培训证书查询 -------------------------------------------------------------------------------------------

def training_certificates_by_number(client: str, cert_no: str) -> list[PublicTrainingCertificate]:
    cert_no = _required('cert_no', cert_no, '请输入证书编号')
    throttle.admit(client)
    return _training_certificates(TrainingCertificate.cert_no == cert_no, CERTIFICATE_NOT_FOUND)


def training_certificates_by_person(client: str, name: str, id_number: str) -> list[PublicTrainingCertificate]:
    name, id_number = _person(name, id_number)
    throttle.admit(client)
    return _training_certificates(_is_person(name, id_number), PERSON_NOT_FOUND)


def _training_certificates(condition, not_found: str) -> list[PublicTrainingCertificate]:  # type: ignore[no-untyped-def]
    with unit_of_work() as session:
        rows = session.exec(select(TrainingCertificate, User, Institution.name)
                            .join(User, User.id == TrainingCertificate.holder_id)  # type: ignore[arg-type]
                            .join(Institution, Institution.id == TrainingCertificate.body_id)  # type: ignore[arg-type]
                            .where(condition).order_by(TrainingCertificate.issued_on.desc())).all()  # type: ignore[attr-defined]
    if not rows:
        raise NotFound(not_found)
    return [PublicTrainingCertificate(
        cert_no=c.cert_no, holder_name=mask_name(holder.name), holder_id_number=mask_id_number(holder.id_number),
        course_name=c.course_name, hours=c.hours, body_name=body_name, issued_on=c.issued_on)
        for c, holder, body_name in rows]


# -- 考试查询 -----------------------------------------------------------------------------------------------

def exam_results_by_admission_no(client: str, admission_no: str, id_number: str) -> list[PublicExamResult]:
    admission_no = _required('admission_no', admission_no, '请输入准考证号')
    id_number = normalize_resident_id(_required('id_number', id_number, '请输入证件号码'))
    throttle.admit(client)
    return _exam_results((ExamRegistration.admission_no == admission_no) & (User.id_number == id_number),  # type: ignore[operator]
                         EXAM_NOT_FOUND_BY_ADMISSION)


def exam_results_by_person(client: str, name: str, id_number: str) -> list[PublicExamResult]:
    name, id_number = _person(name, id_number)
    throttle.admit(client)
    return _exam_results(_is_person(name, id_number), EXAM_NOT_FOUND_BY_PERSON)


def _exam_results(condition, not_found: str) -> list[PublicExamResult]:  # type: ignore[no-untyped-def]
    """Only exams whose scores are published: before that the answer is the same as for no registration."""
    with unit_of_work() as session:
        rows = session.exec(select(ExamRegistration, Exam, User.name)
                            .join(Exam, Exam.id == ExamRegistration.exam_id)  # type: ignore[arg-type]
                            .join(User, User.id == ExamRegistration.user_id)  # type: ignore[arg-type]
                            .where(condition, Exam.scores_published_at.is_not(None),  # type: ignore[union-attr]
                                   ExamRegistration.status == 'accepted')
                            .order_by(Exam.exam_date.desc())).all()  # type: ignore[attr-defined]
    if not rows:
        raise NotFound(not_found)
    return [PublicExamResult(holder_name=mask_name(name), exam_name=exam.name, subject=exam.subject,
                             exam_date=exam.exam_date, score=exams.score_text(registration.score) or '缺考',
                             passed=exams.passed_text(registration.passed))
            for registration, exam, name in rows]


# -- 教师信息查询 -------------------------------------------------------------------------------------------

def teachers_by_name(client: str, name: str) -> list[PublicTeacher]:
    """Teachers whose full name is the one given, with their course categories, training body and status."""
    name = _required('name', name, '请输入教师姓名')
    throttle.admit(client)
    with unit_of_work() as session:
        rows = session.exec(select(User.id, User.name, TeacherProfile.status, Institution.name)
                            .join(TeacherProfile, TeacherProfile.user_id == User.id)  # type: ignore[arg-type]
                            .join(Institution, Institution.id == TeacherProfile.body_id, isouter=True)  # type: ignore[arg-type]
                            .where(User.name == name, User.is_teacher)
                            .order_by(User.id)).all()
        bindings = session.exec(select(TeacherCategory.teacher_id, TeacherCategory.category_id)
                                .where(TeacherCategory.teacher_id.in_([row[0] for row in rows]))  # type: ignore[attr-defined]
                                .order_by(TeacherCategory.id)).all() if rows else []
        paths = training.category_paths(session, (category_id for _, category_id in bindings))
    if not rows:
        raise NotFound(TEACHER_NOT_FOUND)
    return [PublicTeacher(
        name=teacher_name, body_name=body_name or '',
        categories=tuple(paths[category_id] for teacher_id, category_id in bindings if teacher_id == user_id),
        status=training.TEACHER_STATUS_LABELS.get(status, status))
        for user_id, teacher_name, status, body_name in rows]


# -- 培训计划查询 -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PublicTrainingPlan:
    plan_no: str
    course_name: str
    category: str
    body_name: str
    period: str
    mode: str
    place: str
    capacity: str
    status: str


def training_plans(client: str, text: str) -> list[PublicTrainingPlan]:
    """Confirmed training plans (and those terminated since) whose 培训编号, 课程名称 or 培训机构 contains the text."""
    text = _required('text', text, '请输入培训编号、课程名称或培训机构')
    throttle.admit(client)
    like = f'%{text}%'
    return _plans(TrainingPlan.plan_no.like(like) | CourseFiling.course_name.like(like)  # type: ignore[attr-defined]
                  | Institution.name.like(like), lambda plan, path: True)  # type: ignore[attr-defined]


def training_plans_by_category(client: str, category: str, on: str) -> list[PublicTrainingPlan]:
    """Confirmed plans of the courses whose 课程类别 contains the text, that have not ended by the date given."""
    text = _required('category', category, '请输入课程类别')
    try:
        day = date.fromisoformat(_required('on', on, '请输入日期'))
    except ValueError:
        raise Invalid('on', '请按 年-月-日 填写日期') from None
    throttle.admit(client)
    return _plans(TrainingPlan.end_on >= day, lambda plan, path: text in path)  # type: ignore[operator]


def _plans(condition, keep) -> list[PublicTrainingPlan]:  # type: ignore[no-untyped-def]
    with unit_of_work() as session:
        rows = session.exec(select(TrainingPlan, Case, CourseFiling, Institution.name)
                            .join(Case, Case.id == TrainingPlan.case_id)  # type: ignore[arg-type]
                            .join(CourseFiling, CourseFiling.case_id == TrainingPlan.filing_case_id)  # type: ignore[arg-type]
                            .join(Institution, Institution.id == Case.body_id)  # type: ignore[arg-type]
                            .where((Case.stage == 'confirmed') | (Case.outcome == 'terminated'), condition)
                            .order_by(TrainingPlan.start_on.desc(), Case.id.desc())  # type: ignore[union-attr]
                            .limit(200)).all()
        paths = training.category_paths(session, (f.category_id for _, _, f, _ in rows if f.category_id))
    rows = [r for r in rows if keep(r[0], paths.get(r[2].category_id, ''))][:50]
    if not rows:
        raise NotFound(PLAN_NOT_FOUND)
    return [PublicTrainingPlan(
        plan_no=plan.plan_no, course_name=filing.course_name, category=paths.get(filing.category_id, ''),  # type: ignore[arg-type]
        body_name=body, period=f'{plan.start_on or ""} 至 {plan.end_on or ""}',
        mode=PLAN_MODES.get(plan.online, '') if plan.online is not None else '',  # type: ignore[arg-type]
        place=plan.place or '—', capacity=str(plan.capacity or ''),
        status='已终止' if plan.terminated_at else PLAN_STATES.get(case.stage, ''))
        for plan, case, filing, body in rows]


# -- 检验检测人员信息登记查询 ---------------------------------------------------------------------------------

REGISTRATION_STATES = {'valid': '有效', 'suspended': '暂停', 'revoked': '撤销', 'expired': '已过期'}


@dataclass(frozen=True)
class PublicInspector:
    registration_no: str
    name: str
    id_number: str
    employer: str
    field: str
    registered_on: date
    valid_until: date
    status: str


def inspectors_by_number(client: str, registration_no: str) -> list[PublicInspector]:
    registration_no = _required('registration_no', registration_no, '请输入登记编号').upper()
    throttle.admit(client)
    return _inspectors(InspectionPersonnel.registration_no == registration_no, REGISTRATION_NOT_FOUND)


def inspectors_by_person(client: str, name: str, id_number: str) -> list[PublicInspector]:
    name, id_number = _person(name, id_number)
    throttle.admit(client)
    return _inspectors((InspectionPersonnel.name == name) & (InspectionPersonnel.id_number == id_number),  # type: ignore[operator]
                       PERSON_NOT_FOUND)


def _inspectors(condition, not_found: str) -> list[PublicInspector]:  # type: ignore[no-untyped-def]
    """The register as anyone may see it: name and ID number masked, no gender (R13.3); a registration past its 有效期至
    shows as 已过期."""
    today = clock.today()
    with unit_of_work() as session:
        rows = session.exec(select(InspectionPersonnel).where(condition)
                            .order_by(InspectionPersonnel.registered_on.desc())).all()  # type: ignore[attr-defined]
    if not rows:
        raise NotFound(not_found)
    return [PublicInspector(
        registration_no=row.registration_no, name=mask_name(row.name), id_number=mask_id_number(row.id_number),
        employer=row.employer, field=row.field, registered_on=row.registered_on,
        valid_until=row.valid_until,
        status=REGISTRATION_STATES['expired' if row.status == 'valid' and row.valid_until < today else row.status])
        for row in rows]
