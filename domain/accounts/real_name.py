"""实名认证 (R2.6): name and ID number go through a verifier; a real identity service is one more class."""
from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from domain.shared import identity

RESIDENT_ID = '居民身份证'


class Verdict(StrEnum):
    VERIFIED = 'verified'  # the name belongs to the number
    REFUSED = 'refused'  # it does not: registration stops
    UNCHECKED = 'unchecked'  # the verifier cannot tell (e.g. a passport): the account is made, not marked verified


class Verifier(Protocol):
    def verify(self, name: str, id_type: str, id_number: str) -> Verdict: ...


class FormatVerifier:
    """The default: a resident ID number with a valid check digit passes; other documents stay unchecked."""

    def verify(self, name: str, id_type: str, id_number: str) -> Verdict:
        if id_type != RESIDENT_ID:
            return Verdict.UNCHECKED
        return Verdict.VERIFIED if identity.is_valid_resident_id(id_number) else Verdict.REFUSED


_verifier: Verifier = FormatVerifier()


def use_verifier(verifier: Verifier) -> None:
    global _verifier
    _verifier = verifier


def verify(name: str, id_type: str, id_number: str) -> Verdict:
    return _verifier.verify(name, id_type, id_number)
