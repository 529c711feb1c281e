"""立即注册 → 个人注册 → 实名认证 → 注册成功, through NiceGUI's simulated user."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from tests.accounts_helpers import last_code, resident_id
from tests.ui.test_login import log_in

TEST1_ID = '110105198503120012'
PASSWORD = 'correct horse battery'


def value(user: User, marker: str) -> object:
    [element] = user.find(marker=marker).elements
    return element.value  # type: ignore[attr-defined]


def props(user: User, marker: str) -> dict[str, object]:
    [element] = user.find(marker=marker).elements
    return element.props


async def fill(user: User, **fields: str) -> None:
    for marker, text in fields.items():
        user.find(marker=marker).type(text)


async def test_login_page_links_to_registration_and_recovery(user: User) -> None:
    await user.open('/login')
    await user.should_see('立即注册')
    await user.should_see('忘记密码？')
    await user.should_not_see('统一身份认证登录')
    user.find('立即注册').click()
    await user.should_see('请选择注册类型')
    await user.should_see('机构注册')
    await user.should_see('由中国认证认可协会统一开通')
    user.find(marker='register-person').click()
    await user.should_see('注册事项')
    await user.should_see('5.手机短信验证码在2分钟内有效,且每2分钟只能发送一次验证码')


async def test_a_complete_resident_id_fills_gender_and_birth_date_read_only(user: User) -> None:
    await user.open('/register/person')
    assert 'readonly' in props(user, 'gender') and 'readonly' in props(user, 'birth_date')
    number = resident_id('19851224', '102')
    [account] = user.find(marker='account').elements
    assert account.props['hint'] == '4-20位字母、数字或下划线，以字母开头'
    user.find(marker='id_number').type(number[:17])
    assert value(user, 'gender') is None and value(user, 'birth_date') == ''
    user.find(marker='id_number').type(number[17])
    assert (value(user, 'gender'), value(user, 'birth_date')) == ('女', '1985-12-24')
    user.find(marker='id_type').click()
    user.find('护照').click()
    assert 'readonly' not in props(user, 'gender') and 'readonly' not in props(user, 'birth_date')


async def test_leaving_a_field_checks_format_and_existing_registrations(user: User) -> None:
    await user.open('/register/person')
    for marker, text, message in (('id_number', TEST1_ID, '该证件号码已注册'), ('mobile', '13800000001', '该手机号码已注册'),
                                  ('email', 'test1@example.com', '该电子邮箱已注册'), ('account', 'test1', '该登录账号已注册'),
                                  ('id_number', '110105198503120013', '证件号码校验位不正确')):
        user.find(marker=marker).clear().type(text).trigger('blur')
        await user.should_see(message)
        assert props(user, marker)['error-message'] == message


async def test_register_then_log_in(user: User) -> None:
    await user.open('/register/person')
    await fill(user, account='newperson', password=PASSWORD, password_confirm=PASSWORD, name='赵六',
               id_number=resident_id('19900307', '135'), mobile='13912345678', email='zhao6@example.cn')
    await user.should_see('密码强度：强')
    user.find('获取验证码').click()
    await user.should_see('120秒后重新获取')
    user.find(marker='code').type(last_code('13912345678'))
    user.find('下一步').click()
    await user.should_see('请确认以下信息，系统将核验姓名与证件号码是否一致')
    await user.should_see('110***********')
    user.find('提交认证').click()
    await user.should_see('注册成功')
    await user.should_see('您的登录账号为 newperson')
    user.find(kind=ui.button, content='返回登录').click()
    await log_in(user, 'newperson', PASSWORD)
    await user.should_see('您好赵六')


async def test_every_problem_shows_beside_its_field_and_nothing_typed_is_lost(user: User) -> None:
    await user.open('/register/person')
    entered = dict(account='another', password=PASSWORD, password_confirm=PASSWORD, name='钱七',
                   id_number=TEST1_ID, mobile='13912340001', email='test1@example.com')
    await fill(user, **entered)
    user.find('下一步').click()
    await user.should_see('该证件号码已注册')
    await user.should_see('该电子邮箱已注册')
    await user.should_see('请输入验证码')
    await user.should_not_see('请确认以下信息')
    for marker, text in entered.items():
        assert value(user, marker) == text


async def test_a_wrong_code_stays_on_the_form(user: User) -> None:
    await user.open('/register/person')
    await fill(user, account='another', password=PASSWORD, password_confirm=PASSWORD, name='钱七',
               id_number=resident_id('19920202', '211'), mobile='13912340002', email='qian7@example.cn')
    user.find('获取验证码').click()
    await user.should_see('120秒后重新获取')
    code = last_code('13912340002')
    user.find(marker='code').type('000000' if code != '000000' else '111111')
    user.find('下一步').click()
    await user.should_see('验证码错误')
    assert value(user, 'account') == 'another'


async def test_no_code_for_a_registered_number(user: User) -> None:
    await user.open('/register/person')
    user.find(marker='mobile').type('13800000001')
    user.find('获取验证码').click()
    await user.should_see('该手机号码已注册')
    await user.should_not_see('秒后重新获取')
