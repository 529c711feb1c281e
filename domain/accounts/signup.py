"""个人注册 (R2, manual §2): a person opens an account with a verified mobile number and a real-name check.

Every field is checked for format and, for the account name, ID number, mobile and e-mail, for an existing
registration: one field at a time while the form is filled in, all of them again on submit. The unique
constraints on users decide a race between two registrations; the loser gets the same message beside the field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from domain.accounts import accounts, passwords, real_name, sms, sso
from domain.accounts.accounts import NewUser
from domain.accounts.real_name import RESIDENT_ID, Verdict
from domain.shared import clock, identity, throttle
from domain.shared.errors import Invalid, Throttled
from storage.db import unit_of_work
from storage.tables import User

ID_TYPES = (RESIDENT_ID, '护照', '港澳居民来往内地通行证', '台湾居民来往大陆通行证')
GENDERS = ('男', '女')
FIELDS = ('account', 'password', 'password_confirm', 'name', 'id_type', 'id_number', 'gender', 'birth_date',
          'mobile', 'code', 'email')
UNIQUE_FIELDS = ('account', 'id_number', 'mobile', 'email')
DUPLICATE = {'account': '该登录账号已注册', 'id_number': '该证件号码已注册', 'mobile': '该手机号码已注册',
             'email': '该电子邮箱已注册'}
ACCOUNT_RULES = '4-20位字母、数字或下划线，以字母开头'

_ACCOUNT_RE = re.compile(r'[A-Za-z][A-Za-z0-9_]{3,19}')
_NAME_RE = re.compile(r'[^\W\d_]+(?:[·.\s-][^\W\d_]+)*')
_OTHER_ID_RE = {
    '护照': re.compile(r'[A-Z0-9]{5,17}'),
    '港澳居民来往内地通行证': re.compile(r'[HM][0-9]{8}(?:[0-9]{2})?'),
    '台湾居民来往大陆通行证': re.compile(r'[0-9]{8}(?:[0-9]{2})?'),
}


@dataclass(frozen=True)
class SignupForm:
    account: str = ''
    password: str = ''
    password_confirm: str = ''
    name: str = ''
    id_type: str = RESIDENT_ID
    id_number: str = ''
    gender: str = ''
    birth_date: date | None = None
    mobile: str = ''
    code: str = ''
    email: str = ''
    sso_ticket: str | None = None  # set when single sign-on found no account and prefilled this form


def derived(id_type: str, id_number: str) -> identity.ResidentIdInfo | None:
    """Gender and birth date read from a complete, valid resident ID number; None otherwise."""
    if id_type != RESIDENT_ID:
        return None
    try:
        return identity.parse_resident_id(id_number, clock.today())
    except identity.InvalidIdNumber:
        return None


def normalized(form: SignupForm) -> SignupForm:
    """Trimmed values, the ID number upper-cased, the e-mail lower-cased, and for a resident ID number the gender
    and birth date it encodes (whatever the form sent)."""
    form = replace(form, account=form.account.strip(), name=form.name.strip(), mobile=form.mobile.strip(),
                   id_number=identity.normalize_resident_id(form.id_number), email=form.email.strip().lower(),
                   code=form.code.strip())
    info = derived(form.id_type, form.id_number)
    if info is not None:
        form = replace(form, gender=info.gender.value, birth_date=info.birth_date)
    return form


def format_problem(field: str, form: SignupForm) -> str:
    """What is wrong with one field of a normalized form, '' if nothing (existing registrations aside)."""
    value = getattr(form, field)
    match field:
        case 'account':
            return ('请输入登录账号' if not value else
                    '' if _ACCOUNT_RE.fullmatch(value) else f'登录账号应为{ACCOUNT_RULES}')
        case 'password':
            try:
                passwords.check_for(value, account=form.account, mobile=form.mobile)
            except Invalid as error:
                return error.message
            return ''
        case 'password_confirm':
            return '请再次输入密码' if not value else '' if value == form.password else '两次输入的密码不一致'
        case 'name':
            return ('请输入姓名' if not value else
                    '' if 2 <= len(value) <= 50 and _NAME_RE.fullmatch(value) else '请输入证件上的真实姓名')
        case 'id_type':
            return '' if value in ID_TYPES else '请选择证件类型'
        case 'id_number':
            return _id_number_problem(form.id_type, value)
        case 'gender':
            return '' if value in GENDERS else '请选择性别'
        case 'birth_date':
            if value is None:
                return '请选择出生日期'
            return '' if date(1900, 1, 1) <= value <= clock.today() else '出生日期无效'
        case 'mobile':
            return '请输入手机号码' if not value else '' if identity.is_valid_mobile(value) else '手机号码格式不正确'
        case 'code':
            return '' if value else sms.MSG_EMPTY
        case 'email':
            return '请输入电子邮箱' if not value else '' if identity.is_valid_email(value) else '电子邮箱格式不正确'
    raise ValueError(f'unknown field {field!r}')


def _id_number_problem(id_type: str, number: str) -> str:
    if id_type == RESIDENT_ID:
        try:
            identity.parse_resident_id(number, clock.today())
        except identity.InvalidIdNumber as error:
            return str(error)
        return ''
    if not number:
        return identity.MSG_EMPTY
    pattern = _OTHER_ID_RE.get(id_type)
    return '' if pattern is None or pattern.fullmatch(number) else identity.MSG_FORMAT


def is_taken(session: Session, field: str, value: str) -> bool:
    """Whether an account already holds this account name, ID number, mobile or e-mail (case-insensitively for
    the account name and e-mail)."""
    column = getattr(User, field)
    condition = func.lower(column) == value.lower() if field in {'account', 'email'} else column == value
    return session.exec(select(User.id).where(condition).limit(1)).first() is not None


def check_field(field: str, value: str, id_type: str = RESIDENT_ID, client: str | None = None) -> str:
    """The message for one field as the person leaves it: its format, then an existing registration.

    Whether an ID number or mobile is registered is something an anonymous visitor learns here (issue #12 item 5):
    each such look counts against a budget per client like the public queries' (its own), and past it the field
    says nothing
    (提交 still refuses a registered one)."""
    form = normalized(replace(SignupForm(id_type=id_type), **{field: value}))
    problem = format_problem(field, form)
    if problem or field not in UNIQUE_FIELDS:
        return problem
    if client is not None:
        try:
            throttle.admit(client, scope='signup-check')
        except Throttled:
            return ''
    with unit_of_work() as session:
        return DUPLICATE[field] if is_taken(session, field, getattr(form, field)) else ''


def problems(form: SignupForm) -> dict[str, str]:
    """Every problem of the form by field, in the order of the form (the SMS code's validity aside)."""
    form = normalized(form)
    found = {field: message for field in FIELDS if (message := format_problem(field, form))}
    with unit_of_work() as session:
        for field in UNIQUE_FIELDS:
            if field not in found and is_taken(session, field, getattr(form, field)):
                found[field] = DUPLICATE[field]
    return {field: found[field] for field in FIELDS if field in found}


def _raise_first(form: SignupForm) -> None:
    found = problems(form)
    if found:
        field, message = next(iter(found.items()))
        raise Invalid(field, message)


def send_code(mobile: str) -> int:
    """获取验证码 on the form: refused for a number that already has an account."""
    number = mobile.strip()
    problem = check_field('mobile', number)
    if problem:
        raise Invalid('mobile', problem)
    return sms.send_code(number, sms.Purpose.REGISTER)


def check(form: SignupForm) -> None:
    """个人基本信息 → 实名认证: everything on the form is right, the SMS code included (not yet used up)."""
    _raise_first(form)
    form = normalized(form)
    sms.check_code(form.mobile, sms.Purpose.REGISTER, form.code)


def register(form: SignupForm) -> str:
    """实名认证 → 注册成功: check everything again, verify the real name, use up the SMS code and open the
    account in one transaction; the new account name."""
    _raise_first(form)
    form = normalized(form)
    verdict = real_name.verify(form.name, form.id_type, form.id_number)
    if verdict is Verdict.REFUSED:
        raise Invalid('name', '实名认证未通过：姓名与证件号码不一致')
    sms.check_code(form.mobile, sms.Purpose.REGISTER, form.code)
    try:
        with unit_of_work(write=True) as session:
            sms.consume(session, form.mobile, sms.Purpose.REGISTER, form.code)
            user = accounts.create_user(session, NewUser(
                account=form.account, password=form.password, name=form.name, id_type=form.id_type,
                id_number=form.id_number, gender=form.gender, birth_date=form.birth_date, mobile=form.mobile,
                email=form.email, real_name_verified=verdict is Verdict.VERIFIED))
            if form.sso_ticket:
                assert user.id is not None
                sso.link_ticket(session, form.sso_ticket, user.id)
    except IntegrityError as error:
        field = _duplicate_field(error)
        raise Invalid(field, DUPLICATE[field]) from None
    return form.account


def _duplicate_field(error: IntegrityError) -> str:
    """Which unique column of users a failed insert hit (SQLite names the column, PostgreSQL the constraint)."""
    text = str(error.orig)
    for field in UNIQUE_FIELDS:
        if f'users.{field}' in text or f'uq_users_{field}' in text:
            return field
    raise error
