"""Demo accounts and cases (password Demo@2026 for all), loaded by `python main.py --demo` into an empty database."""
from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from sqlmodel import Session, select

from domain import demo_inspectors
from domain.accounts import accounts
from domain.accounts.accounts import NewUser
from domain.engine import cases
from domain.shared import clock
from domain.shared.actors import Actor, Role
from storage.db import unit_of_work
from storage.tables import (
    Certificate,
    CourseCategory,
    CreditRecord,
    Exam,
    ExamCity,
    ExamRegistration,
    Institution,
    TeacherCategory,
    TeacherProfile,
    TrainingCertificate,
    User,
)

PASSWORD = 'Demo@2026'
BODY_A = '华信认证中心有限公司'
BODY_B = '中正认证有限公司'
TRAINING_BODY = '华夏认证培训中心'


def is_empty() -> bool:
    with unit_of_work() as session:
        return session.exec(select(User.id).limit(1)).first() is None


def load(training: bool = True) -> bool:
    """Load the demo data unless the database already has accounts; True when it loaded. Without training, the
    training body's courses and plans are left out (tests that make their own spare the time they take)."""
    if not is_empty():
        return False
    with unit_of_work(write=True) as session:
        body_a = Institution(code='CB-A', name=BODY_A, kind='certification')
        body_b = Institution(code='CB-B', name=BODY_B, kind='certification')
        training_body = Institution(code='TB-1', name=TRAINING_BODY, kind='training')
        session.add_all([body_a, body_b, training_body])
        session.flush()

        def person(account: str, name: str, id_number: str, gender: str, born: date, mobile: str, **flags: object) -> User:
            return accounts.create_user(session, NewUser(
                account=account, password=PASSWORD, name=name, id_type='居民身份证', id_number=id_number,
                gender=gender, birth_date=born, mobile=mobile, email=f'{account}@example.com',
                real_name_verified=True, **flags))  # type: ignore[arg-type]

        def staff(account: str, name: str, role: Role, institution: Institution | None) -> User:
            return accounts.create_user(session, NewUser(
                account=account, password=PASSWORD, name=name, role=role,
                institution_id=institution.id if institution else None))

        test1 = person('test1', '李明', '110105198503120012', '男', date(1985, 3, 12), '13800000001')
        auditor1 = person('auditor1', '王芳', '110108199007050020', '女', date(1990, 7, 5), '13800000002',
                          file_no='QMS-2024-00123')
        person('expert1', '赵强', '320106197802150036', '男', date(1978, 2, 15), '13800000003', is_expert=True)
        teacher1 = person('teacher1', '陈静', '44030519820923004X', '女', date(1982, 9, 23), '13800000004', is_teacher=True)
        staff('cb1', '孙丽', Role.INSTITUTION_STAFF, body_a)
        staff('cb2', '周涛', Role.INSTITUTION_STAFF, body_b)
        staff('tb1', '吴敏', Role.INSTITUTION_STAFF, training_body)
        staff('admin', '协会管理员', Role.CCAA_STAFF, None)
        session.add(Certificate(
            cert_no='CCAA-QMS-2024-00123', holder_id=auditor1.id, body_id=body_a.id, field='QMS', grade='审核员',  # type: ignore[arg-type]
            scope='质量管理体系认证', issued_on=date(2024, 1, 15), expires_on=date(2027, 1, 14), status='valid',
            last_confirmed_year=2025, verify_token=secrets.token_urlsafe(24)))
        ids = {'test1': test1.id, 'auditor1': auditor1.id, 'teacher1': teacher1.id, 'body_a': body_a.id,
               'body_b': body_b.id, 'training': training_body.id}
        _load_records(session, ids)  # type: ignore[arg-type]
        demo_inspectors.load(session)
    _load_cases(ids)  # type: ignore[arg-type]
    if training:
        _load_training()
        _load_online_courses()
    return True


def _load_records(session: Session, ids: dict[str, int]) -> None:
    """Exams with test1's scores (one passed, one open to 成绩复核, one not yet sat; that one, open for registration,
    needs 报名审核), an exam open for registration without review that no demo candidate has registered for, test1's
    training certificate, teacher1 in the teachers' register, and a credit record for auditor1 (test1 has none: the
    empty state)."""
    today = clock.today()

    def moment(day: date) -> datetime:
        return datetime.combine(day, time(9, 0), tzinfo=timezone.utc)

    def exam(name: str, subject: str, held: date, opens: date, closes: date, *, published: date | None = None,
             review_until: date | None = None, needs_review: bool = False) -> tuple[Exam, dict[str, ExamCity]]:
        row = Exam(name=name, subject=subject, exam_date=held, registration_opens_on=opens,
                   registration_closes_on=closes, needs_review=needs_review,
                   score_review_allowed=review_until is not None, score_review_until=review_until,
                   scores_published_at=moment(published) if published else None, created_at=moment(opens))
        session.add(row)
        session.flush()
        cities = {city: ExamCity(exam_id=row.id, city=city, seats=seats)  # type: ignore[arg-type]
                  for city, seats in (('北京', 200), ('上海', 150), ('广州', 100))}
        session.add_all(cities.values())
        session.flush()
        return row, cities

    def sat(exam_and_cities: tuple[Exam, dict[str, ExamCity]], user: str, city: str, status: str,
            admission_no: str | None = None, score: str | None = None) -> None:
        row, cities = exam_and_cities
        cities[city].seats_taken += 1
        session.add(ExamRegistration(
            exam_id=row.id, user_id=ids[user], exam_city_id=cities[city].id, status=status,  # type: ignore[arg-type]
            admission_no=admission_no, score=Decimal(score) if score else None,
            passed=Decimal(score) >= 60 if score else None, created_at=row.created_at))

    passed = exam('2025年第三次认证人员注册全国统一考试', '管理体系认证基础', date(2025, 11, 16), date(2025, 9, 1),
                  date(2025, 9, 30), published=date(2025, 12, 20), review_until=date(2025, 12, 31))
    sat(passed, 'test1', '北京', 'accepted', '20251116010023', '82')
    recent_day = today - timedelta(days=30)
    recent = exam(f'{recent_day.year}年认证人员注册全国统一考试（质量管理体系）', '质量管理体系审核员专业', recent_day,
                  recent_day - timedelta(days=90), recent_day - timedelta(days=60),
                  published=today - timedelta(days=10), review_until=today + timedelta(days=15))
    sat(recent, 'test1', '北京', 'accepted', f'{recent_day:%Y%m%d}010107', '56.5')
    coming_day = today + timedelta(days=60)
    coming = exam(f'{coming_day.year}年认证人员注册全国统一考试（环境管理体系）', '环境管理体系审核员专业', coming_day,
                  today - timedelta(days=10), today + timedelta(days=20), needs_review=True)
    sat(coming, 'test1', '上海', 'accepted', f'{coming_day:%Y%m%d}020031')  # auditor1's, in 报名审核: _load_cases
    open_day = today + timedelta(days=75)  # open to every demo candidate, accepted on 提交 (no 报名审核)
    exam(f'{open_day.year}年认证人员注册全国统一考试（信息安全管理体系）', '信息安全管理体系审核员专业', open_day,
         today - timedelta(days=5), today + timedelta(days=30))

    session.add(TrainingCertificate(
        cert_no='TB1-2025-000123', holder_id=ids['test1'], body_id=ids['training'], course_name=LIBRARY[
            'continuing_education'][0]['course_name'], hours=16, issued_on=date(2025, 5, 12)))  # type: ignore[arg-type]

    def category(*names: str) -> int:
        parent: int | None = None
        for name in names:
            same_parent = (CourseCategory.parent_id.is_(None) if parent is None  # type: ignore[union-attr]
                           else CourseCategory.parent_id == parent)
            existing = session.exec(select(CourseCategory).where(CourseCategory.name == name, same_parent)).first()
            if existing is None:
                existing = CourseCategory(name=name, parent_id=parent)
                session.add(existing)
                session.flush()
            parent = existing.id
        assert parent is not None
        return parent

    bound = [category('基础课程', '基础认证', '认证人员守则'), category('专业课程', '质量管理体系', 'GB/T 19001 标准理解')]
    category('基础课程', '基础认证', '审核原理与方法')
    session.add(TeacherProfile(user_id=ids['teacher1'], body_id=ids['training'], status='active', updated_at=clock.now()))
    session.add_all([TeacherCategory(teacher_id=ids['teacher1'], category_id=c, bound_at=clock.now()) for c in bound])

    session.add(CreditRecord(
        user_id=ids['auditor1'], kind='complaint_upheld', decided_on=date(2026, 3, 18), until=date(2027, 3, 17),
        summary='受审核方投诉其在监督审核中现场审核时间不足，经调查投诉成立。', issuer='中国认证认可协会',
        created_at=moment(date(2026, 3, 18))))


def _actor(account: str) -> Actor:
    with unit_of_work() as session:
        user = session.exec(select(User).where(User.account == account)).one()
        return accounts.actor_of(session, user)


LIBRARY = {
    'education': [{'start_date': '2003-09-01', 'end_date': '2007-07-01', 'school': '北京工业大学', 'major': '质量管理工程',
                   'degree': '本科'}],
    'work_experience': [
        {'employer': '北京精工制造有限公司', 'start_date': '2007-07-15', 'end_date': '2015-06-30', 'department': '质量部',
         'position': '质量工程师', 'referee_name': '张伟', 'referee_phone': '13900000011'},
        {'employer': '华信认证中心有限公司', 'start_date': '2015-07-01', 'end_date': None, 'department': '审核部',
         'position': '审核员', 'referee_name': '刘洋', 'referee_phone': '13900000012'}],
    'professional_experience': [
        {'employer': '华信认证中心有限公司', 'start_date': '2015-07-01', 'end_date': None, 'department': '审核部',
         'position': '审核员', 'post': '质量管理体系审核', 'referee_name': '刘洋', 'referee_phone': '13900000012'}],
    'audit_experience': [
        {'start_date': '2024-03-11', 'end_date': '2024-03-13', 'auditee': '天津滨海电子有限公司', 'onsite_days': '2.5',
         'audit_type': '初次认证'}],
    'continuing_education': [
        {'course_name': 'GB/T 19001-2016 标准理解与审核', 'start_date': '2025-05-10', 'valid_until': '2028-05-09',
         'hours': 16, 'category': '基础课程'}],
}


def _load_cases(ids: dict[str, int]) -> None:
    """test1's profile library, cases of test1 in several stages, so that every list shows something, and auditor1's
    exam registration in 报名审核."""
    from domain import demo_exams
    from domain.engine import experiences, reviews
    from domain.services.registration import application as applications

    test1, cb1, cb2, admin, expert = (_actor(a) for a in ('test1', 'cb1', 'cb2', 'admin', 'expert1'))
    library = {kind: [experiences.save_row(test1, kind, values).id for values in rows]
               for kind, rows in LIBRARY.items()}

    def draft(grade: str, field: str, body: int, payer: str = 'person') -> cases.CaseView:
        view = applications.start(test1)
        applications.save_info(test1, view.case.id, application_type='体系认证审核员', grade=grade, field=field,
                               narrow_scope=False, payer=payer, body_id=body, wizard_step='experience')
        for kind, row_ids in library.items():
            experiences.copy_rows(test1, kind, row_ids, view.case.id)
        return cases.get_case(test1, view.case.id)

    def submitted(grade: str, field: str, body: int, payer: str = 'person') -> cases.CaseView:
        return applications.submit(test1, draft(grade, field, body, payer).id)

    def step(actor: Actor, case: cases.CaseView, action: str, opinion: str = '', **kw: int) -> cases.CaseView:
        return cases.act(actor, case.id, action, expected_version=case.version, opinion=opinion, **kw)

    draft('审核员', 'EMS', ids['body_a'])  # stays in 草稿箱
    submitted('审核员', 'QMS', ids['body_a'])  # at 机构初核 with body A
    step(cb2, submitted('实习审核员', 'OHSMS', ids['body_b']), 'return', '工作经历证明人电话缺失，请补充后重新提交。')
    paying = step(cb1, submitted('审核员', 'ISMS', ids['body_a']), 'pass', '材料齐全，初核通过。')
    assert paying.stage == 'payment'
    done = step(cb1, submitted('实习审核员', 'FSMS', ids['body_a'], payer='institution'), 'pass', '初核通过。')
    done = step(cb1, done, 'confirm_payment')
    done = step(admin, done, 'assign_expert', expert_id=expert.user_id)
    done = reviews.submit_evaluation(expert, done.id, done.version, '同意注册', '各项经历符合要求。')
    done = step(admin, done, 'pass', '审批通过。')
    step(admin, done, 'approve', '同意注册。')
    demo_exams.register_for_review(_actor('auditor1'), '北京', ethnicity='汉族', education='本科', residence_city='北京',
                                   employer=BODY_A)  # waits in the staff's 报名审核


def _load_training() -> None:
    """tb1's courses and plans in several states, and what teacher1 is asked to confirm (R10.2–R10.4): a filed course
    teacher1 may leave (解除备案), a filing and a plan 待确认, a confirmed plan found by 培训计划查询 and a terminated one."""
    from domain.records import training
    from domain.services.course_filing import application as filings
    from domain.services.course_filing import teachers as filing_teachers
    from domain.services.training_plan import application as plans
    from domain.services.training_plan import teachers as plan_teachers

    tb1, teacher1, admin = (_actor(a) for a in ('tb1', 'teacher1', 'admin'))

    def category_id(*names: str) -> int:
        with unit_of_work() as session:
            return training.category_at(session, *names)  # type: ignore[return-value]

    def course(name: str, category: tuple[str, ...], outline: str) -> cases.CaseView:
        view = filings.start(tb1)
        filings.save_info(tb1, view.case.id, course_name=name, category_id=category_id(*category), outline=outline)
        filings.save_info(tb1, view.case.id, teacher_ids=[teacher1.user_id])
        return filings.submit(tb1, view.case.id)

    def plan(plan_no: str, filing: cases.CaseView, start: date, end: date) -> cases.CaseView:
        view = plans.start(tb1)
        plans.save_info(tb1, view.case.id, plan_no=plan_no, filing_case_id=filing.id, start_on=start, end_on=end,
                        online=False, place='深圳市福田区华夏培训中心 301 教室', capacity=40)
        plans.save_info(tb1, view.case.id, teacher_ids=[teacher1.user_id])
        return plans.submit(tb1, view.case.id)

    filed = course('认证人员守则导读', ('基础课程', '基础认证', '认证人员守则'), '认证人员行为规范、职业道德与案例分析，共 8 学时。')
    filing_teachers.confirm(teacher1, filed.id, '同意', '')
    cases.act(admin, filed.id, 'approve', expected_version=cases.get_case(admin, filed.id).version, opinion='同意备案。')
    course('GB/T 19001 标准条款解读', ('专业课程', '质量管理体系', 'GB/T 19001 标准理解'), '逐条讲解 GB/T 19001 标准要求，共 16 学时。')
    confirmed = plan('BA2026012-2026001', filed, date(2026, 12, 7), date(2026, 12, 9))
    plan_teachers.confirm(teacher1, confirmed.id, '同意', '')
    plan('BA2026012-2026002', filed, date(2027, 1, 11), date(2027, 1, 13))
    ended = plan('BA2026012-2025009', filed, date(2026, 10, 19), date(2026, 10, 21))
    plan_teachers.confirm(teacher1, ended.id, '同意', '')
    plans.terminate(tb1, ended.id, '报名人数不足，本期培训取消。')


def _load_online_courses() -> None:
    """tb1's online courses (R10.5, R10.6): one with a real PDF and a real MP4 that expert1 is to evaluate (文件评价 and
    视频评价, their messages in expert1's 消息), and an approved one running out soon whose 老课复审 waits for
    expert1's 老课复审评价."""
    from domain import demo_course_files
    from domain.engine import applications, files
    from domain.records import course_reviews
    from storage.tables import OnlineCourse

    tb1, admin, expert1 = (_actor(a) for a in ('tb1', 'admin', 'expert1'))

    def online_course(name: str, field: str, intro: str) -> cases.CaseView:
        view = applications.start('online_course', tb1)
        case_id = view.case.id
        applications.save('online_course', tb1, case_id, course_name=name, design_type='继续教育课程',
                          design_field=field, intro=intro)
        document = files.save_streamed_bytes(tb1, 'course_document', 'document', f'{name}讲义.pdf',
                                             demo_course_files.course_pdf())
        clip = files.save_streamed_bytes(tb1, 'course_video', 'video', f'{name}第一讲.mp4',
                                         demo_course_files.course_video_path('mp4').read_bytes())
        applications.link('online_course', tb1, case_id, 'documents', document)
        applications.link('online_course', tb1, case_id, 'videos', clip)
        submitted = applications.submit('online_course', tb1, case_id)
        return course_reviews.assign(admin, submitted.id, submitted.version,
                                     {'document': [expert1.user_id], 'video': [expert1.user_id]})

    online_course('认证人员守则导读（网络课程）', 'QMS', '认证人员行为规范、职业道德与案例分析，视频 4 讲，共 8 学时。')
    old = online_course('EMS课程', 'EMS', '环境管理体系基础知识与审核要点，共 12 学时。')
    for found in course_reviews.my_reviews(expert1, ('document', 'video')):
        if found.case_no == old.case_no:
            opened = course_reviews.review(expert1, found.review_id)
            for item in opened.files:
                course_reviews.set_verdict(expert1, found.review_id, item.file_id, '符合')
            course_reviews.submit(expert1, found.review_id, '通过', '课程内容完整，讲解清楚。')
    decided = cases.get_case(admin, old.id)
    cases.act(admin, old.id, 'approve', expected_version=decided.version, opinion='同意上线。')
    with unit_of_work(write=True) as session:  # approved a year ago: it runs out next month
        course = session.get(OnlineCourse, old.id)
        assert course is not None
        course.valid_from, course.valid_until = date(2026, 1, 6), date(2027, 1, 5)
        session.add(course)
    rereview = applications.start('course_rereview', tb1)
    applications.save('course_rereview', tb1, rereview.case.id, course_case_id=old.id,
                      reason='课程已按 GB/T 24001-2016 最新解释更新案例，申请延期一年。')
    submitted = applications.submit('course_rereview', tb1, rereview.case.id)
    course_reviews.assign(admin, submitted.id, submitted.version, {'rereview': [expert1.user_id]})
