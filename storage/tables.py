"""SQLModel tables. Storage knows nothing of screens; the domain reads and writes these."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

# Deterministic constraint names, so that migrations name the same things on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    'ix': 'ix_%(table_name)s_%(column_0_N_name)s',
    'uq': 'uq_%(table_name)s_%(column_0_N_name)s',
    'ck': 'ck_%(table_name)s_%(constraint_name)s',
    'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    'pk': 'pk_%(table_name)s',
}


def _ts(nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(UTCDateTime(), nullable=nullable)


class Institution(SQLModel, table=True):
    """A certification body or a training body."""

    __tablename__ = 'institutions'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=16)  # 'certification' | 'training'


class User(SQLModel, table=True):
    """Every account: individuals, institution staff and CCAA staff."""

    __tablename__ = 'users'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    account: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=255)
    name: str = Field(max_length=100)
    role: str = Field(max_length=32)  # 'individual' | 'institution_staff' | 'ccaa_staff'
    id_type: str | None = Field(default=None, max_length=32)
    id_number: str | None = Field(default=None, max_length=32, unique=True)
    gender: str | None = Field(default=None, max_length=4)
    birth_date: date | None = None
    mobile: str | None = Field(default=None, max_length=20, unique=True)
    email: str | None = Field(default=None, max_length=254, unique=True)
    file_no: str | None = Field(default=None, max_length=32)
    institution_id: int | None = Field(default=None, foreign_key='institutions.id', index=True)
    is_expert: bool = False
    is_teacher: bool = False
    real_name_verified: bool = False
    created_at: datetime = Field(sa_column=_ts())


class AuthSession(SQLModel, table=True):
    """A login session; the browser holds only the token, the table holds its hash."""

    __tablename__ = 'auth_sessions'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key='users.id', index=True)
    created_at: datetime = Field(sa_column=_ts())
    last_seen_at: datetime = Field(sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts())


class CaseNoCounter(SQLModel, table=True):
    """Last sequence number used for case numbers within one hour (YYYYMMDDHH)."""

    __tablename__ = 'case_no_counters'  # type: ignore[assignment]

    hour_key: str = Field(primary_key=True, max_length=10)
    last_seq: int = 0


class Case(SQLModel, table=True):
    """One application of a service by one user (业务)."""

    __tablename__ = 'cases'  # type: ignore[assignment]

    __table_args__ = (
        Index('ix_case_applicant_status_created', 'applicant_id', 'status', 'created_at'),
        Index('ix_case_applicant_created', 'applicant_id', 'created_at'),  # 我的事项's 全部 tab, newest first
        Index('ix_case_stage_body', 'stage', 'body_id'),
        Index('ix_case_stage_to_body', 'stage', 'to_body_id'),
        # 我的事项 filtered by 业务环节: its count reads this index alone instead of every case of the user
        Index('ix_case_applicant_service_stage_created', 'applicant_id', 'service_code', 'stage', 'created_at'),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_no: str = Field(max_length=14, unique=True)
    service_code: str = Field(max_length=32, index=True)
    summary: str = Field(default='', max_length=200)
    applicant_id: int = Field(foreign_key='users.id')
    body_id: int | None = Field(default=None, foreign_key='institutions.id')
    # a second body the case is routed to: a transfer's 转入机构 (body_id is then its 转出机构)
    to_body_id: int | None = Field(default=None, foreign_key='institutions.id')
    expert_id: int | None = Field(default=None, foreign_key='users.id', index=True)
    payer: str | None = Field(default=None, max_length=16)  # 'person' | 'institution'
    # which of its declared paths the case follows, where the application decides it (an exam that needs review)
    route: str | None = Field(default=None, max_length=16)
    stage: str = Field(max_length=32)
    status: str = Field(max_length=16)  # 'draft' | 'in_progress' | 'closed'
    resume_stage: str | None = Field(default=None, max_length=32)
    outcome: str | None = Field(default=None, max_length=16)  # 'approved' | 'refused' | 'withdrawn'
    round: int = 1
    version: int = 1
    created_at: datetime = Field(sa_column=_ts())
    submitted_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    closed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    due_on: date | None = None
    stage_due_on: date | None = None


class CaseEvent(SQLModel, table=True):
    """One accepted action on a case: the timeline (who, role, when, from, to, opinion)."""

    __tablename__ = 'case_events'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id', index=True)
    at: datetime = Field(sa_column=_ts())
    actor_id: int | None = Field(default=None, foreign_key='users.id')
    actor_name: str = Field(max_length=200)
    actor_role: str = Field(max_length=32)
    action: str = Field(max_length=32)
    from_stage: str = Field(max_length=32)
    to_stage: str = Field(max_length=32)
    opinion: str = Field(default='', sa_column=Column(Text, nullable=False, default=''))
    round: int = 1


class Message(SQLModel, table=True):
    """通知 (notice) and 消息 (message) for one recipient."""

    __tablename__ = 'messages'  # type: ignore[assignment]

    __table_args__ = (Index('ix_message_recipient_kind_read', 'recipient_id', 'kind', 'read_at'),)

    id: int | None = Field(default=None, primary_key=True)
    recipient_id: int = Field(foreign_key='users.id')
    kind: str = Field(max_length=16)  # 'notice' | 'message'
    title: str = Field(max_length=200)
    body: str = Field(default='', sa_column=Column(Text, nullable=False, default=''))
    link: str | None = Field(default=None, max_length=200)
    case_id: int | None = Field(default=None, foreign_key='cases.id')
    created_at: datetime = Field(sa_column=_ts())
    read_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Certificate(SQLModel, table=True):
    """A personnel certificate (证书) held by an auditor."""

    __tablename__ = 'certificates'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    cert_no: str = Field(max_length=32, unique=True)
    holder_id: int = Field(foreign_key='users.id', index=True)
    body_id: int | None = Field(default=None, foreign_key='institutions.id')
    case_id: int | None = Field(default=None, foreign_key='cases.id')
    field: str = Field(max_length=32)  # QMS, EMS, ...
    grade: str = Field(max_length=32)  # 实习审核员 / 审核员 / 高级审核员
    scope: str = Field(default='', max_length=500)
    issued_on: date
    expires_on: date
    status: str = Field(default='valid', max_length=16)
    last_confirmed_year: int | None = None
    verify_token: str = Field(max_length=64, unique=True)
    cancelled_on: date | None = None  # 注销日期, when a 证书注销申请 was approved


class StoredFile(SQLModel, table=True):
    """An uploaded file; its bytes live in the file store under `storage_name`, outside any public folder."""

    __tablename__ = 'stored_files'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key='users.id', index=True)
    purpose: str = Field(max_length=32)  # 'education_certificate', …
    original_name: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size: int
    storage_name: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_column=_ts())


# -- experiences (教育经历, 工作经历, …) -----------------------------------------------------------
# A row with case_id NULL belongs to the owner's profile library (基本信息库); a row with case_id set is the
# copy inside one application, so that a submitted application never changes under its reviewers.

class _ExperienceRow(SQLModel):
    """Columns every experience table has (not a table itself)."""

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key='users.id', index=True)
    case_id: int | None = Field(default=None, foreign_key='cases.id', index=True)
    source_id: int | None = None  # the library row this copy was made from
    verdict: str | None = Field(default=None, max_length=8)  # 审核结果: '符合' | '不符合'
    verdict_reason: str = Field(default='', sa_type=Text)
    # sa_type rather than _ts(): one Column object cannot be shared by the tables that inherit this
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)  # type: ignore[call-overload]


class Education(_ExperienceRow, table=True):
    """教育经历."""

    __tablename__ = 'educations'  # type: ignore[assignment]

    start_date: date  # 入学时间
    end_date: date  # 毕业时间
    school: str = Field(max_length=100)  # 院校名称
    major: str = Field(max_length=100)  # 所学专业
    degree: str = Field(max_length=16)  # 学历: 中专 | 大专 | 本科 | 硕士研究生 | 博士研究生
    file_id: int | None = Field(default=None, foreign_key='stored_files.id')  # 学历文件


class _EmploymentColumns(_ExperienceRow):
    """工作经历 and 专业工作经历 share these."""

    employer: str = Field(max_length=200)  # 工作单位
    start_date: date  # 开始日期
    end_date: date | None = None  # 结束日期; NULL = 至今
    department: str = Field(default='', max_length=100)  # 所在部门
    position: str = Field(max_length=100)  # 职务/职称
    referee_name: str = Field(max_length=50)  # 证明人姓名
    referee_phone: str = Field(max_length=20)  # 证明人电话


class WorkExperience(_EmploymentColumns, table=True):
    """工作经历."""

    __tablename__ = 'work_experiences'  # type: ignore[assignment]


class ProfessionalExperience(_EmploymentColumns, table=True):
    """专业工作经历."""

    __tablename__ = 'professional_experiences'  # type: ignore[assignment]

    post: str = Field(max_length=100)  # 工作岗位


class AuditExperience(_ExperienceRow, table=True):
    """审核经历."""

    __tablename__ = 'audit_experiences'  # type: ignore[assignment]

    start_date: date  # 开始日期
    end_date: date  # 结束日期
    auditee: str = Field(max_length=200)  # 受审核方名称
    onsite_days: Decimal = Field(max_digits=5, decimal_places=1)  # 现场审核天数, in half days
    audit_type: str = Field(max_length=16)  # 审核类型: 初次认证 | 监督审核 | 再认证 | 其他


class ContinuingEducation(_ExperienceRow, table=True):
    """继续教育(有效课程)."""

    __tablename__ = 'continuing_educations'  # type: ignore[assignment]

    course_name: str = Field(max_length=200)  # 课程名称
    start_date: date  # 开始日期
    valid_until: date  # 有效期至
    hours: int  # 课程学时
    category: str = Field(max_length=100)  # 课程类别


# -- accounts: SMS codes, failed logins, captchas, single sign-on ----------------------------------------------

class SmsCode(SQLModel, table=True):
    """The latest SMS code sent to a number: one row per number, so a new code replaces the old one."""

    __tablename__ = 'sms_codes'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    mobile: str = Field(max_length=20, unique=True)
    purpose: str = Field(max_length=16)  # 'register' | 'reset_password' | 'change_mobile'
    code_hash: str = Field(max_length=128)  # 'salt$sha256(salt, mobile, purpose, code)'
    sent_at: datetime = Field(sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts())
    failed_attempts: int = 0
    used_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class LoginGuard(SQLModel, table=True):
    """Failed logins for one typed account name, whether or not that account exists, so that neither the captcha
    nor the lock tells anyone which accounts exist."""

    __tablename__ = 'login_guards'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    account: str = Field(max_length=64, unique=True)
    failures: int = 0  # since the last success
    window_started_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    window_failures: int = 0
    last_failed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    locked_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Captcha(SQLModel, table=True):
    """An image captcha shown to someone; only hashes are kept, and each is checked once."""

    __tablename__ = 'captchas'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    answer_hash: str = Field(max_length=64)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))


class SsoLogin(SQLModel, table=True):
    """A single sign-on in progress, keyed by the hash of its state; once the provider has vouched for someone
    without an account here, the verified claims that prefill registration, keyed by the hash of a ticket."""

    __tablename__ = 'sso_logins'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(max_length=64, unique=True)
    nonce: str = Field(max_length=64)
    code_verifier: str = Field(max_length=128)
    redirect_to: str = Field(default='/', max_length=500)
    claims: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(sa_column=_ts())
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))


class SsoIdentity(SQLModel, table=True):
    """An account at the OpenID Connect provider (issuer + subject) linked to a user here."""

    __tablename__ = 'sso_identities'  # type: ignore[assignment]
    __table_args__ = (Index('ix_sso_identities_issuer_subject', 'issuer', 'subject', unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    issuer: str = Field(max_length=255)
    subject: str = Field(max_length=255)
    user_id: int = Field(foreign_key='users.id', index=True)
    created_at: datetime = Field(sa_column=_ts())


class RegistrationApplication(SQLModel, table=True):
    """The 申请信息 of a 人员注册申请 case, and the wizard step the applicant left it at."""

    __tablename__ = 'registration_applications'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    application_type: str | None = Field(default=None, max_length=32)  # 体系认证审核员 | 其他领域转换
    grade: str | None = Field(default=None, max_length=16)  # 实习审核员 | 审核员 | 高级审核员
    field: str | None = Field(default=None, max_length=16)  # 申请专业: QMS, EMS, …
    narrow_scope: bool | None = None  # 是否缩小专业范围
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


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


class Evaluation(SQLModel, table=True):
    """An expert's 评价 of a case: the result and the 专家评价意见."""

    __tablename__ = 'evaluations'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id', index=True)
    expert_id: int = Field(foreign_key='users.id')
    round: int = 1
    result: str = Field(max_length=16)  # 评价结果: 通过 | 不通过 | 退回整改
    opinion: str = Field(default='', sa_type=Text)
    submitted_at: datetime = Field(sa_column=_ts())


class CaseSnapshot(SQLModel, table=True):
    """What an application said when it was returned for rectification (退回整改), so that whoever reviews the
    resubmission can see what changed since (R14.3). content: JSON written and read by domain/case_changes.py."""

    __tablename__ = 'case_snapshots'  # type: ignore[assignment]
    __table_args__ = (Index('ix_case_snapshots_case_round', 'case_id', 'round', unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id')
    round: int  # the round that was returned
    taken_at: datetime = Field(sa_column=_ts())
    content: str = Field(sa_type=Text)


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


class QueryThrottle(SQLModel, table=True):
    """Public lookups per client in the current window, so that nobody can harvest the registers (R3.4).
    client_key: a hash of the client address, not the address itself."""

    __tablename__ = 'query_throttles'  # type: ignore[assignment]

    client_key: str = Field(primary_key=True, max_length=64)
    window_started_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    hits: int = 0


class AnnualConfirmation(SQLModel, table=True):
    """The 申请信息 of a 年度确认申请 case (R6), and the wizard step the applicant left it at.

    open_key is '<certificate id>:<confirm year>' while the case is open (draft or in progress) and NULL once it is
    closed: its unique index lets only one open annual confirmation exist per certificate and year (R6.1)."""

    __tablename__ = 'annual_confirmations'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    certificate_id: int | None = Field(default=None, foreign_key='certificates.id', index=True)  # 证书信息
    confirm_year: int | None = None  # 确认年度
    has_complaints: bool | None = None  # 是否有投诉记录
    development_done: bool | None = None  # 是否完成专业发展/继续教育
    keeps_personal_qualities: bool | None = None  # 是否持续具备审核员个人素质
    follows_code_of_conduct: bool | None = None  # 是否持续遵守CCAA审核员行为准则
    development_start: date | None = None  # 专业发展开始时间
    development_end: date | None = None  # 专业发展结束时间
    development_content: str = Field(default='', sa_type=Text)  # 专业发展内容
    remarks: str = Field(default='', sa_type=Text)  # 备注
    open_key: str | None = Field(default=None, max_length=32, unique=True)
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


class TransferApplication(SQLModel, table=True):
    """The 申请信息 of a 人员转换执业机构 case (R7); its 转出机构 and 转入机构 are the case's body_id and to_body_id.

    open_for is the applicant's id while the case is open (draft or in progress) and NULL once it is closed: its
    unique index lets a person have only one open transfer."""

    __tablename__ = 'transfer_applications'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    transfer_type: str | None = Field(default=None, max_length=16)  # 转会类型: 认证转会
    reason: str | None = Field(default=None, max_length=32)  # 转会理由
    note: str = Field(default='', sa_type=Text)  # 补充说明
    reason_file_id: int | None = Field(default=None, foreign_key='stored_files.id')  # 转会理由文件
    open_for: int | None = Field(default=None, foreign_key='users.id', unique=True)
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


class CertificateCancellation(SQLModel, table=True):
    """The 申请信息 of a 证书注销申请 case (R11.1).

    open_key is the certificate's id while the case is open (draft or in progress) and NULL once it is closed: its
    unique index lets only one open cancellation exist per certificate."""

    __tablename__ = 'certificate_cancellations'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    certificate_id: int | None = Field(default=None, foreign_key='certificates.id', index=True)  # 注销证书
    reason: str | None = Field(default=None, max_length=32)  # 注销原因
    note: str = Field(default='', sa_type=Text)  # 补充说明
    declared: bool = False  # 本人承诺: the holder confirmed they understand what cancelling means
    open_key: int | None = Field(default=None, unique=True)
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


class CaseRating(SQLModel, table=True):
    """好差评 (R14.7): the applicant's rating of a closed case, once: 1 (非常不满意) to 5 (非常满意) and a comment."""

    __tablename__ = 'case_ratings'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id', unique=True)
    rater_id: int = Field(foreign_key='users.id')
    score: int
    comment: str = Field(default='', sa_type=Text)
    created_at: datetime = Field(sa_column=_ts())


class Reminder(SQLModel, table=True):
    """A reminder sent about a certificate (R14.6), kept so that each is sent once, however many processes look:
    kind 'expiry' with period = the expiry date, kind 'annual' with period = the year to confirm."""

    __tablename__ = 'reminders'  # type: ignore[assignment]
    __table_args__ = (Index('ix_reminders_certificate_kind_period', 'certificate_id', 'kind', 'period', unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    certificate_id: int = Field(foreign_key='certificates.id')
    kind: str = Field(max_length=16)
    period: str = Field(max_length=16)
    sent_at: datetime = Field(sa_column=_ts())


class CalendarFeed(SQLModel, table=True):
    """日历订阅 (R14.5): the opaque token in a person's calendar feed address. It is kept as it is, not hashed, since
    账户信息 shows the address again; 重置链接 replaces it, and the old address stops working at once."""

    __tablename__ = 'calendar_feeds'  # type: ignore[assignment]

    user_id: int = Field(primary_key=True, foreign_key='users.id')
    token: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_column=_ts())


class Grievance(SQLModel, table=True):
    """The 申请信息 of a 申诉 (appeal) or 投诉 (complaint) case (R8.1); the case's service code says which."""

    __tablename__ = 'grievances'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    subject: str = Field(default='', max_length=100)  # 申诉主题 / 投诉主题
    respondent: str = Field(default='', max_length=100)  # 申诉对象 / 被投诉对象
    related_case_no: str = Field(default='', max_length=32)  # 相关业务号 (optional)
    facts: str = Field(default='', sa_type=Text)  # 事实与理由
    request: str = Field(default='', sa_type=Text)  # 申诉请求 / 投诉请求
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


class GrievanceFile(SQLModel, table=True):
    """An attachment (附件) of an appeal or complaint, in the order they were added."""

    __tablename__ = 'grievance_files'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id', index=True)
    file_id: int = Field(foreign_key='stored_files.id', unique=True)


class ExamApplication(SQLModel, table=True):
    """The 报名信息 of a 认证人员注册全国统一考试报名 case (R9.2); the person's own facts (姓名, 证件, 性别, 出生日期,
    档案号) are read from the account. registration_id is the registration its submission created."""

    __tablename__ = 'exam_applications'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    exam_id: int | None = Field(default=None, foreign_key='exams.id')  # 考试列表
    exam_city_id: int | None = Field(default=None, foreign_key='exam_cities.id')  # 拟报考城市
    photo_file_id: int | None = Field(default=None, foreign_key='stored_files.id')  # 照片, already an ID photo
    nationality: str = Field(default='中国', max_length=32)  # 国籍
    ethnicity: str = Field(default='', max_length=16)  # 民族
    education: str = Field(default='', max_length=16)  # 学历
    residence_city: str = Field(default='', max_length=50)  # 居住城市
    employer: str = Field(default='', max_length=100)  # 工作单位
    contact: str = Field(default='', max_length=50)  # 联系方式
    registration_id: int | None = Field(default=None, foreign_key='exam_registrations.id')
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


class ExpertApplication(SQLModel, table=True):
    """The 申请信息 of a 专家申请 case (R10.7); its 证明材料 are ExpertApplicationFile rows.

    open_for is the applicant's id while the case is open (draft or in progress) and NULL once it is closed: its
    unique index lets a person have only one open expert application."""

    __tablename__ = 'expert_applications'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    fields: str = Field(default='', max_length=100)  # 申请专业领域: field codes (QMS, EMS, …) joined by ','
    title: str | None = Field(default=None, max_length=16)  # 职称
    employer: str = Field(default='', max_length=200)  # 工作单位
    years: int | None = None  # 从事认证相关工作年限
    resume: str = Field(default='', sa_type=Text)  # 专业特长及工作简历
    open_for: int | None = Field(default=None, foreign_key='users.id', unique=True)
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


class ExpertApplicationFile(SQLModel, table=True):
    """A 证明材料 file of an expert application, in the order they were added."""

    __tablename__ = 'expert_application_files'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id', index=True)
    file_id: int = Field(foreign_key='stored_files.id', unique=True)


class ScoreReview(SQLModel, table=True):
    """The form of a 考试成绩复核申请 case (R9.5) and what the review found. registration_id, set on 提交, is unique:
    a score is reviewed once."""

    __tablename__ = 'score_reviews'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    exam_id: int | None = Field(default=None, foreign_key='exams.id')  # 允许成绩复核考试
    admission_no: str = Field(default='', max_length=32)  # 准考证号, as typed
    reason: str = Field(default='', sa_type=Text)  # 复核原因
    registration_id: int | None = Field(default=None, foreign_key='exam_registrations.id', unique=True)
    original_score: Decimal | None = Field(default=None, max_digits=5, decimal_places=1)
    reviewed_score: Decimal | None = Field(default=None, max_digits=5, decimal_places=1)  # 复核后成绩
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())
