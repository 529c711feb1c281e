"""Records: certificates, payments, exams (R9), training certificates and teachers (R3.4, R10), credit (R11.2), the
register of inspection and testing personnel (检验检测人员信息登记, R3.1)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from storage.tables.core import _ts


# -- certificates (证书) and payments (缴费) -----------------------------------------------------------

class Certificate(SQLModel, table=True):
    """A personnel certificate (证书) held by an auditor."""

    __tablename__ = 'certificates'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    cert_no: str = Field(max_length=32, unique=True)
    holder_id: int = Field(foreign_key='users.id', index=True)
    body_id: int | None = Field(default=None, foreign_key='institutions.id')
    case_id: int | None = Field(default=None, foreign_key='cases.id')
    field: str = Field(max_length=32)  # QMS, EMS, ...
    sub_field: str | None = Field(default=None, max_length=32)  # 子专业: QMS建工
    grade: str = Field(max_length=32)  # 实习审核员 / 审核员 / 高级审核员
    scope: str = Field(default='', max_length=500)
    issued_on: date
    expires_on: date
    status: str = Field(default='valid', max_length=16)
    last_confirmed_year: int | None = None
    verify_token: str = Field(max_length=64, unique=True)
    cancelled_on: date | None = None  # 注销日期, when a 证书注销申请 was approved


class Payment(SQLModel, table=True):
    """One attempt to pay a case's fee (缴费), online through a gateway or offline with a voucher."""

    __tablename__ = 'payments'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=32, unique=True)
    case_id: int = Field(foreign_key='cases.id', index=True)
    payer_id: int = Field(foreign_key='users.id', index=True)
    amount_cents: int
    method: str = Field(max_length=16)  # 'online' | 'offline'
    status: str = Field(max_length=16)  # 'pending' | 'paid' | 'failed' | 'submitted' | 'confirmed' | 'rejected'
    voucher_file_id: int | None = Field(default=None, foreign_key='stored_files.id')
    invoice_wanted: bool = False
    invoice_title: str | None = Field(default=None, max_length=200)
    invoice_tax_no: str | None = Field(default=None, max_length=32)
    invoice_email: str | None = Field(default=None, max_length=254)
    created_at: datetime = Field(sa_column=_ts())
    settled_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    note: str = Field(default='', sa_type=Text)


# -- exams (R9), training certificates and teachers (R3.4, R10), credit records (R11.2) --------------------------

class Exam(SQLModel, table=True):
    """An exam CCAA staff publish (R9.1); its scores are public only once published."""

    __tablename__ = 'exams'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)  # 考试名称
    subject: str = Field(max_length=200)  # 考试科目
    exam_date: date = Field(index=True)  # 考试日期
    registration_opens_on: date  # 报名开始日期
    registration_closes_on: date  # 报名截止日期
    needs_review: bool = False  # registrations wait for staff before an 准考证号 is given (R9.3)
    score_review_allowed: bool = False  # 允许成绩复核
    score_review_until: date | None = None  # last day to apply for 成绩复核
    scores_published_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    created_at: datetime = Field(sa_column=_ts())


class ExamCity(SQLModel, table=True):
    """A city an exam is held in, with its seats; seats_taken only grows through a conditional update, so that
    registrations never oversell (R9.2)."""

    __tablename__ = 'exam_cities'  # type: ignore[assignment]
    __table_args__ = (Index('ix_exam_cities_exam_city', 'exam_id', 'city', unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    exam_id: int = Field(foreign_key='exams.id')
    city: str = Field(max_length=50)
    seats: int
    seats_taken: int = 0


class ExamRegistration(SQLModel, table=True):
    """One person's registration for one exam (考试报名), its 准考证号 and, once marked, the score."""

    __tablename__ = 'exam_registrations'  # type: ignore[assignment]
    __table_args__ = (Index('ix_exam_registrations_exam_user', 'exam_id', 'user_id', unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    exam_id: int = Field(foreign_key='exams.id')
    user_id: int = Field(foreign_key='users.id', index=True)
    exam_city_id: int | None = Field(default=None, foreign_key='exam_cities.id')  # 拟报考城市
    case_id: int | None = Field(default=None, foreign_key='cases.id')  # the 考试报名 case, where there is one
    status: str = Field(max_length=16)  # 'pending' | 'accepted' | 'rejected' | 'cancelled'
    admission_no: str | None = Field(default=None, max_length=32, unique=True)  # 准考证号, once accepted
    score: Decimal | None = Field(default=None, max_digits=5, decimal_places=1)
    passed: bool | None = None
    created_at: datetime = Field(sa_column=_ts())


class TrainingCertificate(SQLModel, table=True):
    """培训证书: issued by a training body to a person who completed a course."""

    __tablename__ = 'training_certificates'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    cert_no: str = Field(max_length=32, unique=True)  # 证书编号
    holder_id: int = Field(foreign_key='users.id', index=True)
    body_id: int = Field(foreign_key='institutions.id')  # 培训机构
    course_name: str = Field(max_length=200)  # 课程名称
    hours: int | None = None  # 课程学时
    issued_on: date  # 发证日期


class CourseCategory(SQLModel, table=True):
    """课程类别, three levels (基础课程 > 基础认证 > 认证人员守则): a root has no parent."""

    __tablename__ = 'course_categories'  # type: ignore[assignment]
    __table_args__ = (Index('ix_course_categories_parent_name', 'parent_id', 'name', unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key='course_categories.id')
    name: str = Field(max_length=100)
    # 停用: no longer offered for new bindings or filings; kept, with its name, on every record that uses it
    retired_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class TeacherProfile(SQLModel, table=True):
    """What makes a person with is_teacher a teacher in the public register: the training body and a status."""

    __tablename__ = 'teacher_profiles'  # type: ignore[assignment]

    user_id: int = Field(primary_key=True, foreign_key='users.id')
    body_id: int | None = Field(default=None, foreign_key='institutions.id')  # 所属培训机构
    status: str = Field(default='active', max_length=16)  # 'active' | 'suspended' | 'withdrawn'
    updated_at: datetime = Field(sa_column=_ts())


class TeacherCategory(SQLModel, table=True):
    """A (third-level) course category a teacher is bound to (教师绑定课程类别, R10.1)."""

    __tablename__ = 'teacher_categories'  # type: ignore[assignment]
    __table_args__ = (Index('ix_teacher_categories_teacher_category', 'teacher_id', 'category_id', unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    teacher_id: int = Field(foreign_key='users.id')
    category_id: int = Field(foreign_key='course_categories.id')
    bound_at: datetime = Field(sa_column=_ts())


class CreditRecord(SQLModel, table=True):
    """信用评价: one decision about a person (a complaint upheld, a sanction), read-only to them."""

    __tablename__ = 'credit_records'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key='users.id', index=True)
    kind: str = Field(max_length=32)  # 'complaint_upheld' | 'notice' | 'suspension' | 'revocation'
    summary: str = Field(sa_type=Text)  # 事由
    decided_on: date  # 认定日期
    issuer: str = Field(max_length=200)  # 认定单位
    until: date | None = None  # 有效期至; NULL = 长期
    created_at: datetime = Field(sa_column=_ts())


# -- 检验检测人员信息登记 (R3.1's 常用服务 4) -------------------------------------------------------------------

class InspectionPersonnel(SQLModel, table=True):
    """One person in the register of inspection and testing personnel (检验检测人员信息登记). The register is kept
    apart from the platform's accounts: a registered person need not have one, so the name and ID number are here."""

    __tablename__ = 'inspection_personnel'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    registration_no: str = Field(max_length=32, unique=True)  # 登记编号
    name: str = Field(max_length=50)  # 姓名
    id_number: str = Field(max_length=32, index=True)  # 证件号码, trimmed and upper-case
    gender: str = Field(default='', max_length=4)  # 性别
    employer: str = Field(max_length=200)  # 检验检测机构名称
    field: str = Field(max_length=100)  # 检测领域/专业
    registered_on: date  # 登记日期
    valid_until: date  # 有效期至
    status: str = Field(default='valid', max_length=16)  # 'valid' | 'suspended' | 'revoked'
