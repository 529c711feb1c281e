"""Shared by the account tests: a data folder for the SMS outbox, codes read back from it, a movable clock, valid
ID numbers and a filled-in registration form."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from domain.accounts import signup
from domain.accounts.signup import SignupForm
from domain.shared import clock, identity
from storage import outbox

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)


def at(**delta: float) -> datetime:
    """Freeze the clock at T0 + delta."""
    moment = T0 + timedelta(**delta)
    clock.freeze(moment)
    return moment


def sent_to(mobile: str) -> list[dict[str, str]]:
    return [record for record in outbox.read('sms') if record['to'] == mobile]


def last_code(mobile: str) -> str:
    """The code in the newest SMS to the number."""
    messages = sent_to(mobile)
    assert messages, f'no SMS was sent to {mobile}'
    match = re.search(r'(?<![0-9])([0-9]{6})(?![0-9])', messages[-1]['text'])
    assert match, messages[-1]['text']
    return match.group(1)


def resident_id(born: str = '19900307', sequence: str = '123', area: str = '110105') -> str:
    body = area + born + sequence
    return body + identity.check_char(body)


def person_form(n: int = 1, **changes: object) -> SignupForm:
    """A complete, valid form for person n (distinct account, ID number, mobile and e-mail per n)."""
    form = SignupForm(account=f'person{n}', password='correct horse battery', password_confirm='correct horse battery',
                      name='张三', id_number=resident_id(sequence=f'{100 + n:03d}'), mobile=f'1390000{n:04d}',
                      email=f'person{n}@example.cn')
    return replace(form, **changes)  # type: ignore[arg-type]


def register(form: SignupForm) -> str:
    """The whole registration: code sent, read from the outbox, form submitted."""
    signup.send_code(form.mobile)
    return signup.register(replace(form, code=last_code(form.mobile)))
