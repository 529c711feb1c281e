"""SQLModel tables. Storage knows nothing of screens; the domain reads and writes these.

The tables live in one module per area, and every one of them is importable from here (`from storage.tables import
Case`), which also registers all of them on the metadata:
- core: the naming convention, institutions, users and sessions, cases and what hangs off every case (events,
  messages, files, snapshots, ratings, evaluations), certificate reminders, calendar feeds, the query throttle;
- accounts: SMS codes, failed logins, captchas, single sign-on;
- experiences: 教育经历, 工作经历, 专业工作经历, 审核经历, 继续教育;
- records: certificates, payments, exams, training certificates and teachers, credit records;
- applications: each service's application tables, one section per service.
"""
from __future__ import annotations

# core first: it sets the metadata's naming convention, which must be in place before any table is defined.
from storage.tables.core import (
    AuthSession,
    CalendarFeed,
    Case,
    CaseEvent,
    CaseNoCounter,
    CaseRating,
    CaseSnapshot,
    Evaluation,
    Institution,
    Message,
    QueryThrottle,
    Reminder,
    StoredFile,
    User,
)
from storage.tables.accounts import Captcha, LoginGuard, SmsCode, SsoIdentity, SsoLogin
from storage.tables.experiences import (
    AuditExperience,
    ContinuingEducation,
    Education,
    TeachingExperience,
    ProfessionalExperience,
    WorkExperience,
)
from storage.tables.records import (
    Certificate,
    CourseCategory,
    CreditRecord,
    Exam,
    ExamCity,
    ExamRegistration,
    Payment,
    TeacherCategory,
    TeacherProfile,
    TrainingCertificate,
)
from storage.tables.applications import (
    AnnualConfirmation,
    CertificateCancellation,
    ExamApplication,
    ExpertApplication,
    ExpertApplicationFile,
    Grievance,
    GrievanceFile,
    RegistrationApplication,
    ScoreReview,
    CourseBinding,
    CourseFiling,
    CourseFilingFile,
    CaseTeacher,
    CourseUnbinding,
    TrainingPlan,
    TransferApplication,
)

__all__ = [
    'AnnualConfirmation',
    'AuditExperience',
    'AuthSession',
    'CalendarFeed',
    'Captcha',
    'Case',
    'CaseEvent',
    'CaseNoCounter',
    'CaseRating',
    'CaseSnapshot',
    'Certificate',
    'CertificateCancellation',
    'ContinuingEducation',
    'CourseBinding',
    'CourseFiling',
    'CourseFilingFile',
    'CaseTeacher',
    'CourseUnbinding',
    'CourseCategory',
    'CreditRecord',
    'Education',
    'Evaluation',
    'Exam',
    'ExamApplication',
    'ExamCity',
    'ExamRegistration',
    'ExpertApplication',
    'ExpertApplicationFile',
    'Grievance',
    'GrievanceFile',
    'Institution',
    'LoginGuard',
    'Message',
    'Payment',
    'ProfessionalExperience',
    'QueryThrottle',
    'RegistrationApplication',
    'Reminder',
    'ScoreReview',
    'TeachingExperience',
    'SmsCode',
    'SsoIdentity',
    'SsoLogin',
    'StoredFile',
    'TeacherCategory',
    'TeacherProfile',
    'TrainingCertificate',
    'TrainingPlan',
    'TransferApplication',
    'User',
    'WorkExperience',
]
