"""A new person registers from the login page, reading the SMS code from the server's outbox, and logs in; a
second registration with the same ID number, mobile or e-mail is refused beside the field — in a real browser."""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.accounts_helpers import resident_id
from tests.e2e.conftest import log_in, log_out, screenshot

PASSWORD = 'spring rain 2026'
ID_NUMBER = resident_id('19930618', '357', '320106')  # a man born 1993-06-18
MOBILE = '13955550001'
EMAIL = 'zhou.jie@example.cn'


def code_sent_to(data_dir: Path, mobile: str, timeout: float = 10) -> str:
    """The code in the newest line of <data>/outbox/sms.jsonl for the number, as a person running the demo reads it."""
    outbox = data_dir / 'outbox' / 'sms.jsonl'
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if outbox.exists():
            lines = [json.loads(line) for line in outbox.read_text(encoding='utf-8').splitlines() if line]
            mine = [line for line in lines if line['to'] == mobile]
            if mine:
                return re.search(r'[0-9]{6}', mine[-1]['text']).group(0)  # type: ignore[union-attr]
        time.sleep(0.2)
    raise AssertionError(f'no SMS to {mobile} in {outbox}')


def field(page: Page, label: str) -> Locator:
    return page.get_by_label(label, exact=True)


def beside(page: Page, label: str) -> Locator:
    """The whole field around an input: its label, the input and the message under it."""
    return field(page, label).locator('xpath=ancestor::label[contains(concat(" ", @class, " "), " q-field ")][1]')


@dataclass(frozen=True)
class Person:
    account: str
    name: str
    id_number: str
    mobile: str
    email: str
    password: str = PASSWORD


ZHOU = Person('zhoujie', '周杰', ID_NUMBER, MOBILE, EMAIL)


def register(page: Page, data_dir: Path, person: Person, *, screenshots: bool = False) -> None:
    """From the login page through 个人注册 to 注册成功 and back to the login page."""
    def shot(name: str) -> None:
        if screenshots:
            screenshot(page, name)

    page.goto('/login')
    page.get_by_role('link', name='立即注册').click()
    expect(page.get_by_text('机构注册')).to_be_visible()
    shot('register-choice')
    page.get_by_test_id('register-person').click()
    expect(page.get_by_text('注册事项')).to_be_visible()
    expect(page.get_by_text('5.手机短信验证码在2分钟内有效,且每2分钟只能发送一次验证码')).to_be_visible()

    field(page, '登录账号').fill(person.account)
    field(page, '密码').fill(person.password)
    expect(page.get_by_test_id('password-strength')).to_have_text('密码强度：强')
    field(page, '确认密码').fill(person.password)
    field(page, '姓名').fill(person.name)
    field(page, '证件号码').fill(person.id_number)
    born = person.id_number[6:10] + '-' + person.id_number[10:12] + '-' + person.id_number[12:14]
    expect(page.get_by_test_id('gender')).to_contain_text('男' if int(person.id_number[16]) % 2 else '女')  # by itself …
    expect(field(page, '出生日期')).to_have_value(born)
    expect(field(page, '出生日期')).to_have_attribute('readonly', re.compile('.*'))  # … and read-only
    field(page, '手机号码').fill(person.mobile)
    page.get_by_role('button', name='获取验证码').click()
    expect(page.get_by_test_id('send-code')).to_contain_text('秒后重新获取')
    expect(page.get_by_test_id('send-code')).to_be_disabled()
    field(page, '验证码').fill(code_sent_to(data_dir, person.mobile))
    field(page, '电子邮箱').fill(person.email)
    shot('register-form')

    page.get_by_role('button', name='下一步').click()
    expect(page.get_by_text('请确认以下信息，系统将核验姓名与证件号码是否一致')).to_be_visible()
    expect(page.get_by_test_id('confirm-证件号码')).to_have_text(person.id_number[:3] + '*' * 11 + person.id_number[-4:])
    shot('register-verify')
    page.get_by_role('button', name='提交认证').click()
    expect(page.get_by_test_id('signup-success')).to_have_text('注册成功')
    shot('register-success')
    page.get_by_role('button', name='返回登录').click()
    expect(page).to_have_url(re.compile(r'/login$'))


def test_register_from_the_login_page_then_log_in(page: Page, server_data_dir: Path) -> None:
    register(page, server_data_dir, ZHOU, screenshots=True)
    log_in(page, ZHOU.account, ZHOU.password)
    expect(page.get_by_test_id('greeting')).to_have_text('您好周杰')
    second_registration_is_refused_beside_each_field(page)


def second_registration_is_refused_beside_each_field(page: Page) -> None:
    log_out(page)
    page.goto('/register/person')
    typed = {'登录账号': 'zhoujie2', '密码': PASSWORD, '确认密码': PASSWORD, '姓名': '周杰', '证件号码': ID_NUMBER,
             '手机号码': MOBILE, '电子邮箱': EMAIL.upper()}
    for label, text in typed.items():
        field(page, label).fill(text)
        field(page, label).press('Tab')  # leaving the field checks it
    for label, message in (('证件号码', '该证件号码已注册'), ('手机号码', '该手机号码已注册'), ('电子邮箱', '该电子邮箱已注册')):
        expect(beside(page, label)).to_contain_text(message)
    expect(beside(page, '登录账号')).not_to_contain_text('已注册')
    page.get_by_role('button', name='下一步').click()
    expect(beside(page, '验证码')).to_contain_text('请输入验证码')
    expect(page.get_by_text('请确认以下信息')).to_be_hidden()
    for label, text in typed.items():
        expect(field(page, label)).to_have_value(text)
    screenshot(page, 'register-duplicate')
