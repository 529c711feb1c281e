"""SMS codes on a real database (R2.5, B4): CSPRNG digits stored as a hash, bound to number and purpose, valid
2 minutes, single use, one send per number every 2 minutes, 5 wrong entries per code."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from sqlmodel import select

from domain.accounts import sms
from domain.accounts.sms import Purpose
from domain.shared.errors import Invalid, NotAllowed
from storage.db import unit_of_work
from storage.tables import SmsCode
from tests.accounts_helpers import at, last_code, sent_to

MOBILE = '13912340000'
pytestmark = pytest.mark.usefixtures('database', 'data_dir')


def refused(mobile: str, purpose: Purpose, code: str) -> str:
    with pytest.raises(Invalid) as caught:
        sms.check_code(mobile, purpose, code)
    assert caught.value.field == 'code'
    return caught.value.message


def use(mobile: str, purpose: Purpose, code: str) -> None:
    sms.check_code(mobile, purpose, code)
    with unit_of_work(write=True) as session:
        sms.consume(session, mobile, purpose, code)


def test_the_outbox_gets_one_json_line_and_the_log_says_so(data_dir: Path,  # noqa: F811
                                                           caplog: pytest.LogCaptureFixture) -> None:
    moment = at()
    with caplog.at_level(logging.INFO, logger='domain.accounts.sms'):
        assert sms.send_code(MOBILE, Purpose.REGISTER) == 120
    [line] = (data_dir / 'outbox' / 'sms.jsonl').read_text(encoding='utf-8').splitlines()
    record = json.loads(line)
    assert set(record) == {'to', 'text', 'purpose', 'at'}
    assert (record['to'], record['purpose'], record['at']) == (MOBILE, 'register', moment.isoformat())
    code = last_code(MOBILE)
    assert code in record['text'] and '2分钟内有效' in record['text']
    assert any(code in message for message in caplog.messages)


def test_only_a_salted_hash_bound_to_number_and_purpose_is_stored() -> None:
    at()
    sms.send_code(MOBILE, Purpose.REGISTER)
    code = last_code(MOBILE)
    with unit_of_work() as session:
        row = session.exec(select(SmsCode)).one()
    assert code not in row.code_hash
    salt, digest = row.code_hash.split('$')
    assert len(salt) == 16 and len(digest) == 64


def test_codes_are_six_digits_and_vary() -> None:
    codes = set()
    for minute in range(0, 40, 2):
        at(minutes=minute)
        sms.send_code(MOBILE, Purpose.REGISTER)
        code = last_code(MOBILE)
        assert len(code) == 6 and code.isdigit()
        codes.add(code)
    assert len(codes) >= 15


def test_accepted_at_1_59_and_refused_at_2_01() -> None:
    at()
    sms.send_code(MOBILE, Purpose.REGISTER)
    code = last_code(MOBILE)
    at(minutes=1, seconds=59)
    sms.check_code(MOBILE, Purpose.REGISTER, code)
    at(minutes=2, seconds=1)
    assert refused(MOBILE, Purpose.REGISTER, code) == sms.MSG_EXPIRED


def test_resend_refused_at_1_59_with_the_wait_and_allowed_at_2_00() -> None:
    at()
    sms.send_code(MOBILE, Purpose.REGISTER)
    at(minutes=1, seconds=59)
    with pytest.raises(Invalid) as caught:
        sms.send_code(MOBILE, Purpose.RESET_PASSWORD)  # another purpose changes nothing: one per number
    assert (caught.value.field, caught.value.message) == ('mobile', '验证码发送过于频繁，请1秒后再试')
    assert len(sent_to(MOBILE)) == 1
    at(minutes=2)
    assert sms.send_code(MOBILE, Purpose.REGISTER) == 120
    assert len(sent_to(MOBILE)) == 2


def test_a_new_code_replaces_the_old_one() -> None:
    at()
    sms.send_code(MOBILE, Purpose.REGISTER)
    old = last_code(MOBILE)
    at(minutes=2)
    sms.send_code(MOBILE, Purpose.REGISTER)
    new = last_code(MOBILE)
    if new != old:
        assert refused(MOBILE, Purpose.REGISTER, old) == sms.MSG_WRONG
    use(MOBILE, Purpose.REGISTER, new)


def test_a_used_code_is_refused() -> None:
    at()
    sms.send_code(MOBILE, Purpose.REGISTER)
    code = last_code(MOBILE)
    use(MOBILE, Purpose.REGISTER, code)
    assert refused(MOBILE, Purpose.REGISTER, code) == sms.MSG_USED
    with unit_of_work(write=True) as session, pytest.raises(Invalid):
        sms.consume(session, MOBILE, Purpose.REGISTER, code)


def test_bound_to_the_purpose_and_the_number() -> None:
    at()
    sms.send_code(MOBILE, Purpose.REGISTER)
    code = last_code(MOBILE)
    assert refused(MOBILE, Purpose.RESET_PASSWORD, code) == sms.MSG_NONE
    assert refused('13912349999', Purpose.REGISTER, code) == sms.MSG_NONE
    sms.check_code(MOBILE, Purpose.REGISTER, code)


def test_five_wrong_entries_kill_the_code_even_for_the_sixth_right_one() -> None:
    at()
    sms.send_code(MOBILE, Purpose.REGISTER)
    code = last_code(MOBILE)
    wrong = f'{(int(code) + 1) % 10 ** 6:06d}'
    for _ in range(5):
        assert refused(MOBILE, Purpose.REGISTER, wrong) == sms.MSG_WRONG
    assert refused(MOBILE, Purpose.REGISTER, code) == sms.MSG_TOO_MANY


def test_four_wrong_entries_leave_the_right_one_usable() -> None:
    at()
    sms.send_code(MOBILE, Purpose.REGISTER)
    code = last_code(MOBILE)
    for _ in range(4):
        refused(MOBILE, Purpose.REGISTER, f'{(int(code) + 7) % 10 ** 6:06d}')
    use(MOBILE, Purpose.REGISTER, code)


def test_a_wrong_try_is_counted_although_the_check_raises() -> None:
    at()
    sms.send_code(MOBILE, Purpose.REGISTER)
    code = last_code(MOBILE)
    refused(MOBILE, Purpose.REGISTER, '000000' if code != '000000' else '111111')
    with unit_of_work() as session:
        assert session.exec(select(SmsCode.failed_attempts)).one() == 1


def test_bad_numbers_get_nothing() -> None:
    with pytest.raises(Invalid) as caught:
        sms.send_code('12345', Purpose.REGISTER)
    assert caught.value.field == 'mobile'
    assert refused(MOBILE, Purpose.REGISTER, '') == sms.MSG_EMPTY


def test_a_failing_gateway_sends_nothing_and_blocks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def send(self, to: str, text: str, purpose: Purpose) -> None:
            raise ConnectionError('provider down')

    at()
    monkeypatch.setattr(sms, '_gateway', Broken())
    with pytest.raises(NotAllowed):
        sms.send_code(MOBILE, Purpose.REGISTER)
    monkeypatch.setattr(sms, '_gateway', sms.OutboxGateway())
    sms.send_code(MOBILE, Purpose.REGISTER)  # at once: the failed send did not count
    assert len(sent_to(MOBILE)) == 1


def test_another_gateway_can_be_plugged_in(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[str, str, Purpose]] = []

    class Recorder:
        def send(self, to: str, text: str, purpose: Purpose) -> None:
            sent.append((to, text, purpose))

    monkeypatch.setattr(sms, '_gateway', sms.OutboxGateway())
    sms.use_gateway(Recorder())
    try:
        sms.send_code(MOBILE, Purpose.CHANGE_MOBILE)
    finally:
        sms.use_gateway(sms.OutboxGateway())
    assert [(to, purpose) for to, _, purpose in sent] == [(MOBILE, Purpose.CHANGE_MOBILE)]
    assert sent_to(MOBILE) == []
