"""Identity rules: resident ID numbers, mobile numbers, e-mail addresses and masking."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "Gender",
    "InvalidIdNumber",
    "ResidentIdInfo",
    "check_char",
    "is_valid_email",
    "is_valid_mobile",
    "is_valid_resident_id",
    "mask_email",
    "mask_id_number",
    "mask_mobile",
    "mask_name",
    "normalize_resident_id",
    "parse_resident_id",
]

# ISO 7064 MOD 11-2 as profiled by GB 11643-1999.
_WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

# [0-9] rather than \d: \d also matches non-ASCII digits such as full-width ones.
_BODY_RE = re.compile(r"[0-9]{17}")
_RESIDENT_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
_EMAIL_RE = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_EMAIL_MAX_LENGTH = 254
_MIN_BIRTH_YEAR = 1900

MSG_EMPTY = "请输入证件号码"
MSG_LENGTH = "证件号码长度应为18位"
MSG_FORMAT = "证件号码格式不正确"
MSG_BIRTH_DATE = "证件号码中的出生日期无效"
MSG_CHECK_CHAR = "证件号码校验位不正确"


class Gender(StrEnum):
    """Gender as encoded in a resident ID number."""

    MALE = "男"
    FEMALE = "女"


class InvalidIdNumber(ValueError):
    """Raised for an invalid resident ID number; the message is user-facing Chinese."""


@dataclass(frozen=True, slots=True)
class ResidentIdInfo:
    """Facts derived from a valid resident ID number."""

    birth_date: date
    gender: Gender


def normalize_resident_id(value: str | None) -> str:
    """Strip surrounding whitespace and upper-case (so a trailing 'x' becomes 'X')."""
    return (value or "").strip().upper()


def check_char(body17: str) -> str:
    """Compute the GB 11643-1999 check character for the first 17 digits."""
    if not _BODY_RE.fullmatch(body17):
        raise InvalidIdNumber(MSG_FORMAT)
    remainder = sum(int(digit) * weight for digit, weight in zip(body17, _WEIGHTS)) % 11
    return _CHECK_CHARS[remainder]


def parse_resident_id(value: str | None, today: date | None = None) -> ResidentIdInfo:
    """Validate a resident ID number and return its birth date and gender."""
    number = normalize_resident_id(value)
    if not number:
        raise InvalidIdNumber(MSG_EMPTY)
    if len(number) != 18:
        raise InvalidIdNumber(MSG_LENGTH)
    if not _RESIDENT_ID_RE.fullmatch(number):
        raise InvalidIdNumber(MSG_FORMAT)
    try:
        birth_date = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber(MSG_BIRTH_DATE) from None
    if birth_date.year < _MIN_BIRTH_YEAR or birth_date > (today or date.today()):
        raise InvalidIdNumber(MSG_BIRTH_DATE)
    if check_char(number[:17]) != number[17]:
        raise InvalidIdNumber(MSG_CHECK_CHAR)
    gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    return ResidentIdInfo(birth_date=birth_date, gender=gender)


def is_valid_resident_id(value: str | None, today: date | None = None) -> bool:
    """Return True if the value is a valid 18-character resident ID number."""
    try:
        parse_resident_id(value, today)
    except InvalidIdNumber:
        return False
    return True


def is_valid_mobile(value: str | None) -> bool:
    """Return True for an 11-digit mainland mobile number (surrounding whitespace ignored)."""
    return bool(value) and _MOBILE_RE.fullmatch(value.strip()) is not None


def is_valid_email(value: str | None) -> bool:
    """Return True for a plausible local@domain.tld address (surrounding whitespace ignored)."""
    if not value:
        return False
    address = value.strip()
    return len(address) <= _EMAIL_MAX_LENGTH and _EMAIL_RE.fullmatch(address) is not None


def _mask(value: str, head: int, tail: int) -> str:
    """Keep `head` leading and `tail` trailing characters and star the rest, same length."""
    hidden = len(value) - head - tail
    if hidden <= 0:
        return "*" * len(value)
    return value[:head] + "*" * hidden + value[len(value) - tail :]


def _mask_short(value: str) -> str:
    """Mask a value of at most 7 characters, never revealing more than half of it."""
    if len(value) >= 5:
        return _mask(value, 0, 2)
    return _mask(value, 0, 1)


def mask_id_number(value: str | None) -> str:
    """Mask an ID/passport number, revealing less of shorter numbers."""
    number = (value or "").strip()
    length = len(number)
    if length >= 15:  # resident IDs (18, legacy 15)
        return _mask(number, 3, 4)
    if length >= 8:  # passports, HK/Macao/Taiwan permits, ...
        return _mask(number, 2, 2)
    return _mask_short(number)


def mask_mobile(value: str | None) -> str:
    """Mask a mobile number as 138****5678; other lengths keep only a short tail."""
    number = (value or "").strip()
    length = len(number)
    if length == 11:
        return _mask(number, 3, 4)
    if length >= 8:
        return _mask(number, 0, 4)
    return _mask_short(number)


def mask_name(value: str | None) -> str:
    """Keep the first character of a name and star the rest ('张三' -> '张*')."""
    name = (value or "").strip()
    if len(name) <= 1:
        return "*" * len(name)  # a lone character would otherwise be fully revealed
    return _mask(name, 1, 0)


def mask_email(value: str | None) -> str:
    """Keep the first character of the local part and the domain ('abc@x.com' -> 'a**@x.com')."""
    address = (value or "").strip()
    if not address:
        return ""
    local, at, domain = address.rpartition("@")
    if not at:
        return mask_name(address)
    return mask_name(local) + "@" + domain
