"""Unit tests for domain.identity."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.shared.identity import (
    Gender,
    InvalidIdNumber,
    ResidentIdInfo,
    check_char,
    is_valid_email,
    is_valid_mobile,
    is_valid_resident_id,
    mask_email,
    mask_id_number,
    mask_mobile,
    mask_name,
    normalize_resident_id,
    parse_resident_id,
)

KNOWN_VALID = ["11010519491231002X", "360426199101010071", "34052419800101001X"]
TODAY = date(2025, 6, 1)

@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    """Generate valid resident ID numbers with a real past birth date."""
    area = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    body = area + born.strftime("%Y%m%d") + sequence
    return body + check_char(body)


@pytest.mark.parametrize("number", KNOWN_VALID)
def test_known_numbers_are_valid(number: str) -> None:
    assert is_valid_resident_id(number)
    assert check_char(number[:17]) == number[17]


@given(resident_ids())
def test_generated_numbers_are_valid(number: str) -> None:
    assert is_valid_resident_id(number, today=TODAY)


@given(resident_ids(), st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_single_character_change_is_invalid(number: str, position: int, replacement: str) -> None:
    if number[position] == replacement:
        return
    changed = number[:position] + replacement + number[position + 1 :]
    assert not is_valid_resident_id(changed, today=TODAY)


def test_gender_and_birth_date_extraction() -> None:
    assert parse_resident_id("11010519491231002X") == ResidentIdInfo(date(1949, 12, 31), Gender.FEMALE)
    assert parse_resident_id("360426199101010071") == ResidentIdInfo(date(1991, 1, 1), Gender.MALE)
    assert parse_resident_id("34052419800101001X").gender is Gender.MALE
    assert Gender.MALE == "男" and Gender.FEMALE == "女"


def test_lowercase_x_and_whitespace_accepted() -> None:
    assert normalize_resident_id(" 11010519491231002x ") == "11010519491231002X"
    assert is_valid_resident_id("11010519491231002x")
    assert parse_resident_id(" 34052419800101001x").birth_date == date(1980, 1, 1)


def test_future_birth_date_refused() -> None:
    body = "110105" + "20250602" + "123"
    number = body + check_char(body)
    assert not is_valid_resident_id(number, today=TODAY)
    assert is_valid_resident_id(number, today=date(2025, 6, 2))
    with pytest.raises(InvalidIdNumber, match="出生日期无效"):
        parse_resident_id(number, today=TODAY)


@pytest.mark.parametrize("birth", ["18991231", "19900230", "19901301", "19900000"])
def test_impossible_or_too_old_birth_date_refused(birth: str) -> None:
    body = "110105" + birth + "123"
    with pytest.raises(InvalidIdNumber, match="出生日期无效"):
        parse_resident_id(body + check_char(body), today=TODAY)


@pytest.mark.parametrize("number", ["11010519491231002", "11010519491231002X1"])
def test_wrong_length_refused_with_length_message(number: str) -> None:
    assert not is_valid_resident_id(number)
    with pytest.raises(InvalidIdNumber) as excinfo:
        parse_resident_id(number)
    assert str(excinfo.value) == "证件号码长度应为18位"


def test_other_messages() -> None:
    with pytest.raises(InvalidIdNumber, match="^证件号码校验位不正确$"):
        parse_resident_id("110105194912310021")
    with pytest.raises(InvalidIdNumber, match="^证件号码格式不正确$"):
        parse_resident_id("1101051949123100X2")
    with pytest.raises(InvalidIdNumber, match="^请输入证件号码$"):
        parse_resident_id("  ")
    # Full-width digits are not ASCII digits.
    assert not is_valid_resident_id("１１０１０５１９４９１２３１００２Ｘ")
    assert issubclass(InvalidIdNumber, ValueError)
    assert not is_valid_resident_id(None)


@pytest.mark.parametrize("mobile", ["13812345678", "19912345678", "15000000000", " 17712345678 "])
def test_valid_mobiles(mobile: str) -> None:
    assert is_valid_mobile(mobile)


@pytest.mark.parametrize(
    "mobile", ["", None, "12812345678", "10812345678", "1381234567", "138123456789", "1381234567a", "+8613812345678"]
)
def test_invalid_mobiles(mobile: str | None) -> None:
    assert not is_valid_mobile(mobile)


@pytest.mark.parametrize(
    "email", ["abc@x.com", "first.last+tag@mail.example.cn", "a_b-c@sub-domain.org", " abc@x.com\n"]
)
def test_valid_emails(email: str) -> None:
    assert is_valid_email(email)


@pytest.mark.parametrize(
    "email",
    [
        "",
        None,
        "abc",
        "abc@x",
        "abc@@x.com",
        "a bc@x.com",
        "abc@x .com",
        ".abc@x.com",
        "a..bc@x.com",
        "abc@-x.com",
        "abc@x.c",
        "abc\n@x.com",
        "a" * 250 + "@x.com",
    ],
)
def test_invalid_emails(email: str | None) -> None:
    assert not is_valid_email(email)


def test_mask_examples() -> None:
    assert mask_id_number("110105199001011234") == "110***********1234"
    assert mask_id_number("E12345678") == "E1*****78"
    assert mask_id_number("1234567") == "*****67"
    assert mask_id_number("1234") == "***4"
    assert mask_id_number("12") == "*2"
    assert mask_id_number("1") == "*"
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("张") == "*"
    assert mask_email("abc@x.com") == "a**@x.com"
    assert mask_email("a@x.com") == "*@x.com"


@pytest.mark.parametrize("func", [mask_id_number, mask_mobile, mask_name, mask_email])
@pytest.mark.parametrize("empty", ["", None])
def test_mask_empty(func: Callable[[str | None], str], empty: str | None) -> None:
    assert func(empty) == ""


@given(st.text(alphabet="0123456789X", min_size=18, max_size=18))
def test_mask_id_number_reveals_at_most_seven_characters(number: str) -> None:
    masked = mask_id_number(number)
    assert len(masked) == len(number)
    assert sum(1 for a, b in zip(masked, number) if a == b) <= 7
    assert masked[:3] == number[:3] and masked[-4:] == number[-4:]


@given(st.text(alphabet="0123456789ABCDEFGX", min_size=1, max_size=17))
def test_mask_id_number_hides_at_least_half_of_short_numbers(number: str) -> None:
    masked = mask_id_number(number)
    assert len(masked) == len(number)
    assert sum(1 for a, b in zip(masked, number) if a == b) <= len(number) // 2
