"""Each service's application tables: the 申请信息 of its cases and the wizard step the applicant left it at."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from storage.tables.core import _ts


# -- 人员注册申请 / registration -------------------------------------------------------------------------

class RegistrationApplication(SQLModel, table=True):
    """The 申请信息 of a 人员注册申请 case, and the wizard step the applicant left it at."""

    __tablename__ = 'registration_applications'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    application_type: str | None = Field(default=None, max_length=32)  # 体系认证审核员 | 其他领域转换
    grade: str | None = Field(default=None, max_length=16)  # 实习审核员 | 审核员 | 高级审核员
    field: str | None = Field(default=None, max_length=16)  # 申请专业: QMS, EMS, …
    sub_field: str | None = Field(default=None, max_length=32)  # 子专业 of the field: QMS建工 (specialties.py)
    narrow_scope: bool | None = None  # 是否缩小专业范围
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


# -- 年度确认申请 / annual_confirmation ------------------------------------------------------------------

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


# -- 人员转换执业机构 / transfer ---------------------------------------------------------------------------

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


# -- 证书注销申请 / certificate_cancellation -------------------------------------------------------------

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


# -- 申诉, 投诉 / grievances ---------------------------------------------------------------------------

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


# -- 认证人员注册全国统一考试报名 / exam_registration ------------------------------------------------------------

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


# -- 专家申请 / expert_application ---------------------------------------------------------------------

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


# -- 考试成绩复核申请 / score_review -----------------------------------------------------------------------

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


# -- 绑定课程类别 / course_binding ---------------------------------------------------------------------------

class CourseBinding(SQLModel, table=True):
    """The 申请信息 of a teacher's 绑定课程类别 (R10.1): the third-level category; the evidence rows (工作经历,
    授课经历) are the case's experience rows."""

    __tablename__ = 'course_bindings'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    category_id: int | None = Field(default=None, foreign_key='course_categories.id')  # 课程类别
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


# -- 课程备案 / course_filing -----------------------------------------------------------------------------------

class CourseFiling(SQLModel, table=True):
    """The 申请信息 of a training body's 课程备案 (R10.2): a course in a third-level category, its outline and
    materials (CourseFilingFile), and the teachers who teach it (CaseTeacher)."""

    __tablename__ = 'course_filings'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    course_name: str = Field(default='', max_length=100)  # 课程名称
    category_id: int | None = Field(default=None, foreign_key='course_categories.id')  # 课程类别
    outline: str = Field(default='', sa_type=Text)  # 课程大纲
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


class CaseTeacher(SQLModel, table=True):
    """A teacher named by a training body's case (a course filing, a training plan) and their 教师确认: answer NULL
    while 待确认, 'agree' or 'disagree'; unbound_at once they left a filed course (解除备案)."""

    __tablename__ = 'case_teachers'  # type: ignore[assignment]
    __table_args__ = (Index('ix_case_teachers_case_teacher', 'case_id', 'teacher_id', unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id')
    teacher_id: int = Field(foreign_key='users.id', index=True)
    answer: str | None = Field(default=None, max_length=16)  # 确认结果
    opinion: str = Field(default='', sa_type=Text)  # 确认意见
    answered_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    unbound_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))  # 已解除绑定 (R10.3)


class CourseFilingFile(SQLModel, table=True):
    """课程资料 attached to a course filing."""

    __tablename__ = 'course_filing_files'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id', index=True)
    file_id: int = Field(foreign_key='stored_files.id')


# -- 解除备案 / course_unbinding --------------------------------------------------------------------------------

class CourseUnbinding(SQLModel, table=True):
    """A teacher's 解除备案 of a filed course (R10.3): the filing and the reason. open_key is the teacher's link to the
    filing (CaseTeacher.id) while the request is open, NULL once it is closed: one open request per link."""

    __tablename__ = 'course_unbindings'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    filing_case_id: int = Field(foreign_key='cases.id', index=True)
    link_id: int = Field(foreign_key='case_teachers.id')
    reason: str = Field(sa_type=Text)  # 解除原因
    open_key: int | None = Field(default=None, unique=True)
    wizard_step: str = Field(default='done', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


# -- 培训计划上报 / training_plan ----------------------------------------------------------------------------------

class TrainingPlan(SQLModel, table=True):
    """The 申请信息 of a training body's 培训计划上报 (R10.4): a filed course to run, when, where, for how many, with
    teachers of that course (CaseTeacher), who confirm it; 终止 ends it early."""

    __tablename__ = 'training_plans'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    plan_no: str = Field(default='', max_length=32, index=True)  # 培训编号
    filing_case_id: int | None = Field(default=None, foreign_key='cases.id')  # the 课程备案 of the course it runs
    start_on: date | None = None  # 培训开始日期
    end_on: date | None = None  # 培训结束日期
    online: bool | None = None  # 培训方式: 线上 (True) or 线下 (False)
    place: str = Field(default='', max_length=200)  # 培训地点 (线下)
    capacity: int | None = None  # 计划人数
    terminated_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))  # 终止
    termination_reason: str = Field(default='', sa_type=Text)  # 终止原因
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


# -- 网络课程 / online_course, 老课复审 / course_rereview -----------------------------------------------------------

class OnlineCourse(SQLModel, table=True):
    """The 申请信息 of a training body's 网络课程 (R10.5): a course taught online, its documents
    (OnlineCourseDocument) and videos (OnlineCourseVideo), which experts evaluate (CourseReview). Approved, it is
    valid from valid_from to valid_until; a 老课复审 extends that."""

    __tablename__ = 'online_courses'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    course_name: str = Field(default='', max_length=100)  # 课程名称
    design_type: str = Field(default='', max_length=32)  # 课程设计类型
    design_field: str = Field(default='', max_length=32)  # 课程设计领域
    intro: str = Field(default='', sa_type=Text)  # 课程简介
    valid_from: date | None = None
    valid_until: date | None = None
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


class OnlineCourseDocument(SQLModel, table=True):
    """A document (PDF) of an online course's materials."""

    __tablename__ = 'online_course_documents'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id', index=True)
    file_id: int = Field(foreign_key='stored_files.id')


class OnlineCourseVideo(SQLModel, table=True):
    """A video (MP4 or WebM) of an online course's materials."""

    __tablename__ = 'online_course_videos'  # type: ignore[assignment]

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id', index=True)
    file_id: int = Field(foreign_key='stored_files.id')


class CourseRereview(SQLModel, table=True):
    """The 申请信息 of a 老课复审 (R10.6): which online course asks to be extended, and why."""

    __tablename__ = 'course_rereviews'  # type: ignore[assignment]

    case_id: int = Field(primary_key=True, foreign_key='cases.id')
    course_case_id: int | None = Field(default=None, foreign_key='cases.id', index=True)
    reason: str = Field(default='', sa_type=Text)  # 申请说明
    extend_from: date | None = None  # 延期时间: 自 extend_from 延期至 extend_to, fixed when it is submitted
    extend_to: date | None = None
    wizard_step: str = Field(default='precheck', max_length=16)
    updated_at: datetime = Field(sa_column=_ts())


class CourseReview(SQLModel, table=True):
    """One expert's evaluation of a course case: kind 'document' (文件评价) or 'video' (视频评价) of an online
    course, 'rereview' (老课复审评价). details: JSON of the per-file results and the video remarks, saved as the
    expert works; submitted_at set once the expert submits."""

    __tablename__ = 'course_reviews'  # type: ignore[assignment]
    __table_args__ = (Index('ix_course_reviews_expert_open', 'expert_id', 'submitted_at'),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key='cases.id', index=True)
    expert_id: int = Field(foreign_key='users.id')
    kind: str = Field(max_length=16)
    round: int = 1
    assigned_at: datetime = Field(sa_column=_ts())
    details: str = Field(default='{}', sa_type=Text)
    result: str = Field(default='', max_length=16)  # 评价结果
    opinion: str = Field(default='', sa_type=Text)  # 评价意见
    submitted_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
