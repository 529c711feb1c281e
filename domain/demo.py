"""Demo accounts and cases (password Demo@2026 for all), loaded by `python main.py --demo` into an empty database."""
from __future__ import annotations

import secrets
from datetime import date

from sqlmodel import select

from domain import accounts, cases
from domain.accounts import NewUser
from domain.actors import Actor, Role
from storage.db import unit_of_work
from storage.tables import Certificate, Institution, User

PASSWORD = 'Demo@2026'
BODY_A = '华信认证中心有限公司'
BODY_B = '中正认证有限公司'
TRAINING_BODY = '华夏认证培训中心'


def is_empty() -> bool:
    with unit_of_work() as session:
        return session.exec(select(User.id).limit(1)).first() is None


def load() -> bool:
    """Load the demo data unless the database already has accounts; True when it loaded."""
    if not is_empty():
        return False
    with unit_of_work(write=True) as session:
        body_a = Institution(code='CB-A', name=BODY_A, kind='certification')
        body_b = Institution(code='CB-B', name=BODY_B, kind='certification')
        training = Institution(code='TB-1', name=TRAINING_BODY, kind='training')
        session.add_all([body_a, body_b, training])
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
        person('teacher1', '陈静', '44030519820923004X', '女', date(1982, 9, 23), '13800000004', is_teacher=True)
        staff('cb1', '孙丽', Role.INSTITUTION_STAFF, body_a)
        staff('cb2', '周涛', Role.INSTITUTION_STAFF, body_b)
        staff('tb1', '吴敏', Role.INSTITUTION_STAFF, training)
        staff('admin', '协会管理员', Role.CCAA_STAFF, None)
        session.add(Certificate(
            cert_no='CCAA-QMS-2024-00123', holder_id=auditor1.id, body_id=body_a.id, field='QMS', grade='审核员',  # type: ignore[arg-type]
            scope='质量管理体系认证', issued_on=date(2024, 1, 15), expires_on=date(2027, 1, 14), status='valid',
            last_confirmed_year=2025, verify_token=secrets.token_urlsafe(24)))
        ids = {'test1': test1.id, 'auditor1': auditor1.id, 'body_a': body_a.id, 'body_b': body_b.id}
    _load_cases(ids)  # type: ignore[arg-type]
    return True


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
    """test1's profile library, and cases of test1 in several stages, so that every list shows something."""
    from domain import experiences, reviews
    from domain import registration_application as applications

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
