"""Experiences (教育经历, 工作经历, 专业工作经历, 审核经历, 继续教育), in the profile library and in applications."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

import storage.tables.core  # noqa: F401  (the naming convention is set before any table here is defined)
from storage.types import UTCDateTime


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


class TeachingExperience(_ExperienceRow, table=True):
    """授课经历: courses taught, the evidence a teacher gives when binding a course category (R10.1)."""

    __tablename__ = 'teaching_experiences'  # type: ignore[assignment]

    start_date: date  # 开始日期
    end_date: date | None = None  # 结束日期; NULL = 至今
    organization: str = Field(max_length=200)  # 授课机构
    course_name: str = Field(max_length=200)  # 课程名称
    hours: int  # 授课学时
