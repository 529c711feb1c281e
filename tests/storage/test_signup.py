"""个人注册 on a real database (R2): field checks, existing registrations, the SMS code, 实名认证, and the race that
must not give one ID number two accounts."""
from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import select

from domain.accounts import accounts, real_name, signup, sms
from domain.accounts.real_name import Verdict
from domain.shared import throttle
from domain.shared.errors import Invalid
from storage.db import unit_of_work
from storage.tables import SmsCode, User
from tests.accounts_helpers import at, last_code, person_form, register, resident_id

pytestmark = pytest.mark.usefixtures('demo_db', 'data_dir')

TEST1_ID = '110105198503120012'  # the demo person test1


def refusal(form: signup.SignupForm) -> tuple[str, str]:
    with pytest.raises(Invalid) as caught:
        register(form)
    return caught.value.field, caught.value.message


def users_with(**where: str) -> int:
    with unit_of_work() as session:
        query = select(func.count()).select_from(User)
        for column, value in where.items():
            query = query.where(getattr(User, column) == value)
        return session.exec(query).one()


def test_a_person_registers_and_can_log_in_at_once() -> None:
    at()
    form = person_form(1, id_number=resident_id('19900307', '123'), email='Person1@Example.CN')
    assert register(form) == 'person1'
    with unit_of_work() as session:
        user = session.exec(select(User).where(User.account == 'person1')).one()
    assert (user.role, user.name, user.id_type, user.gender, user.birth_date) == \
        ('individual', '张三', '居民身份证', '男', date(1990, 3, 7))
    assert (user.mobile, user.email, user.real_name_verified) == ('13900000001', 'person1@example.cn', True)
    assert accounts.authenticate('person1', 'correct horse battery') is not None


def test_gender_and_birth_date_come_from_the_number_whatever_the_form_says() -> None:
    at()
    register(person_form(2, id_number=resident_id('19851224', '102'), gender='男', birth_date=date(2000, 1, 1)))
    with unit_of_work() as session:
        user = session.exec(select(User).where(User.account == 'person2')).one()
    assert (user.gender, user.birth_date) == ('女', date(1985, 12, 24))


def test_derived_fields_appear_only_for_a_complete_valid_resident_number() -> None:
    number = resident_id('19900307', '123')
    assert signup.derived('居民身份证', number) is not None
    assert signup.derived('居民身份证', number[:17]) is None
    assert signup.derived('居民身份证', number[:17] + ('0' if number[17] != '0' else '1')) is None
    assert signup.derived('护照', number) is None


@pytest.mark.parametrize('field, value, message', [
    ('id_number', TEST1_ID, '该证件号码已注册'),
    ('mobile', '13800000001', '该手机号码已注册'),
    ('email', 'TEST1@example.com', '该电子邮箱已注册'),
    ('account', 'Test1', '该登录账号已注册'),
    ('id_number', '11010519850312001', '证件号码长度应为18位'),
    ('id_number', '110105198503120013', '证件号码校验位不正确'),
    ('mobile', '1380000000', '手机号码格式不正确'),
    ('email', 'test1@', '电子邮箱格式不正确'),
    ('account', '1abc', '登录账号应为4-20位字母、数字或下划线，以字母开头'),
    ('id_number', resident_id(), ''),
    ('mobile', '13900009999', ''),
    ('email', 'new@example.cn', ''),
    ('account', 'newperson', ''),
])
def test_check_field_gives_format_then_existing_registration(field: str, value: str, message: str) -> None:
    assert signup.check_field(field, value) == message


def test_other_documents_have_their_own_formats() -> None:
    assert signup.check_field('id_number', 'E12345678', '护照') == ''
    assert signup.check_field('id_number', 'H12345678', '港澳居民来往内地通行证') == ''
    assert signup.check_field('id_number', 'X12345678', '港澳居民来往内地通行证') == '证件号码格式不正确'
    assert signup.check_field('id_number', '12345678', '台湾居民来往大陆通行证') == ''


def test_problems_lists_every_field_in_form_order() -> None:
    form = signup.SignupForm(account='test1', password='password', password_confirm='x', name='', id_number=TEST1_ID,
                             mobile='13800000001', email='test1@example.com')
    assert signup.problems(form) == {
        'account': '该登录账号已注册', 'password': '该密码过于常见，容易被猜中，请换一个',
        'password_confirm': '两次输入的密码不一致', 'name': '请输入姓名', 'id_number': '该证件号码已注册',
        'mobile': '该手机号码已注册', 'code': '请输入验证码', 'email': '该电子邮箱已注册'}


def test_non_resident_documents_need_gender_and_birth_date() -> None:
    form = person_form(3, id_type='护照', id_number='E12345678')
    assert signup.problems(form) == {'gender': '请选择性别', 'birth_date': '请选择出生日期', 'code': '请输入验证码'}
    at()
    register(replace(form, gender='女', birth_date=date(1991, 5, 6)))
    with unit_of_work() as session:
        user = session.exec(select(User).where(User.account == 'person3')).one()
    assert (user.gender, user.birth_date, user.real_name_verified) == ('女', date(1991, 5, 6), False)


@pytest.mark.parametrize('changes, field, message', [
    ({'id_number': TEST1_ID}, 'id_number', '该证件号码已注册'),
    ({'mobile': '13800000001'}, 'mobile', '该手机号码已注册'),
    ({'email': 'test1@example.com'}, 'email', '该电子邮箱已注册'),
    ({'account': 'test1'}, 'account', '该登录账号已注册'),
    ({'password': 'person4', 'password_confirm': 'person4'}, 'password', '密码长度应为8-128位'),
    ({'password': 'qwertyuiop', 'password_confirm': 'qwertyuiop'}, 'password', '该密码过于常见，容易被猜中，请换一个'),
    ({'password': 'Person4_x', 'password_confirm': 'Person4_x', 'account': 'Person4_x'}, 'password',
     '密码不能与登录账号相同'),
    ({'password_confirm': 'something else'}, 'password_confirm', '两次输入的密码不一致'),
])
def test_submit_checks_everything_again(changes: dict[str, str], field: str, message: str) -> None:
    at()
    form = person_form(4, **changes)
    if field != 'mobile':
        signup.send_code(form.mobile)
        form = replace(form, code=last_code(form.mobile))
    with pytest.raises(Invalid) as caught:
        signup.register(form)
    assert (caught.value.field, caught.value.message) == (field, message)
    assert users_with(account='person4') == 0


def test_no_code_is_sent_to_a_registered_number() -> None:
    with pytest.raises(Invalid, match='该手机号码已注册'):
        signup.send_code('13800000001')


def test_a_wrong_code_is_refused_beside_the_code_and_nothing_is_made() -> None:
    at()
    form = person_form(5)
    signup.send_code(form.mobile)
    code = last_code(form.mobile)
    with pytest.raises(Invalid) as caught:
        signup.register(replace(form, code='000000' if code != '000000' else '111111'))
    assert (caught.value.field, caught.value.message) == ('code', sms.MSG_WRONG)
    assert users_with(account='person5') == 0
    assert signup.register(replace(form, code=code)) == 'person5'  # the right one still works


def test_a_failed_registration_does_not_use_up_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    at()
    form = person_form(6)
    signup.send_code(form.mobile)
    code = last_code(form.mobile)
    monkeypatch.setattr(accounts, 'hash_password', lambda _: (_ for _ in ()).throw(RuntimeError('disk full')))
    with pytest.raises(RuntimeError):
        signup.register(replace(form, code=code))
    monkeypatch.undo()
    with unit_of_work() as session:
        assert session.exec(select(SmsCode.used_at)).one() is None
    assert signup.register(replace(form, code=code)) == 'person6'


def test_the_code_works_once() -> None:
    at()
    form = person_form(7)
    signup.send_code(form.mobile)
    code = last_code(form.mobile)
    signup.register(replace(form, code=code))
    with pytest.raises(Invalid, match=sms.MSG_USED):
        sms.check_code(form.mobile, sms.Purpose.REGISTER, code)


def test_check_moves_on_only_with_a_live_code() -> None:
    at()
    form = person_form(10)
    signup.send_code(form.mobile)
    code = last_code(form.mobile)
    signup.check(replace(form, code=code))
    at(minutes=2, seconds=1)
    with pytest.raises(Invalid, match='验证码已过期'):
        signup.check(replace(form, code=code))


def test_a_refusing_verifier_stops_registration(monkeypatch: pytest.MonkeyPatch) -> None:
    class Refuses:
        def verify(self, name: str, id_type: str, id_number: str) -> Verdict:
            return Verdict.REFUSED

    monkeypatch.setattr(real_name, '_verifier', Refuses())
    at()
    assert refusal(person_form(11)) == ('name', '实名认证未通过：姓名与证件号码不一致')
    assert users_with(account='person11') == 0


def test_the_default_verifier() -> None:
    verifier = real_name.FormatVerifier()
    assert verifier.verify('张三', '居民身份证', resident_id()) is Verdict.VERIFIED
    assert verifier.verify('张三', '居民身份证', resident_id()[:17] + 'Y') is Verdict.REFUSED
    assert verifier.verify('John Smith', '护照', 'E12345678') is Verdict.UNCHECKED


@pytest.mark.parametrize('field, value', [('id_number', TEST1_ID), ('mobile', '13800000001'),
                                          ('email', 'test1@example.com'), ('account', 'test1')])
def test_the_unique_constraints_catch_what_the_checks_missed(monkeypatch: pytest.MonkeyPatch, field: str,
                                                             value: str) -> None:
    """As if another registration had taken the value just after the checks: refused beside the field."""
    monkeypatch.setattr(signup, 'is_taken', lambda *_: False)
    at()
    form = person_form(12, **{field: value})
    assert refusal(form) == (field, signup.DUPLICATE[field])
    assert users_with(name='张三') == 0


def test_a_race_between_two_registrations_of_one_id_number_makes_one_account() -> None:
    at()
    number = resident_id('19881111', '333')
    forms = []
    for n in (20, 21):
        form = person_form(n, id_number=number)
        signup.send_code(form.mobile)
        forms.append(replace(form, code=last_code(form.mobile)))
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def run(form: signup.SignupForm) -> None:
        barrier.wait()
        try:
            outcomes.append(signup.register(form))
        except Invalid as error:
            outcomes.append((error.field, error.message))

    threads = [threading.Thread(target=run, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    made = [o for o in outcomes if isinstance(o, str)]
    assert len(made) == 1 and made[0] in ('person20', 'person21')
    assert [o for o in outcomes if not isinstance(o, str)] == [('id_number', '该证件号码已注册')]
    assert users_with(id_number=number) == 1


def test_the_registered_check_on_leaving_a_field_counts_against_the_clients_budget(
        demo_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """#12 item 5: an anonymous visitor cannot probe which ID numbers or mobiles are registered beyond a budget like
    the public queries' (its own); past it the field says nothing, and 提交 still refuses."""
    monkeypatch.setenv('CCAA_QUERY_LIMIT', '3')
    registered = '13800000001'  # test1's mobile
    answers = [signup.check_field('mobile', registered, client='203.0.113.9') for _ in range(5)]
    assert answers[:3] == [signup.DUPLICATE['mobile']] * 3 and answers[3:] == ['', '']
    assert signup.check_field('mobile', '1380000000', client='203.0.113.9') == '手机号码格式不正确'  # format: free
    assert signup.check_field('mobile', registered, client='198.51.100.7') == signup.DUPLICATE['mobile']
    throttle.admit('203.0.113.9')  # the public queries keep their own budget
