"""Payment gateways (R5.6). A real provider is one more class; the default sandbox pays on a page of our own and
sends back a notification signed with HMAC-SHA256, checked exactly as a real provider's would be."""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

NOTIFICATION_MAX_AGE = timedelta(minutes=10)


class BadNotification(ValueError):
    """A notification that is forged, malformed or too old."""


@dataclass(frozen=True)
class Notification:
    payment_ref: str
    paid: bool
    amount_cents: int
    sent_at: datetime


class PaymentGateway(Protocol):
    def checkout_url(self, payment_ref: str, amount_cents: int, description: str) -> str:
        """Where the payer's browser goes to pay."""

    def verify(self, body: bytes, signature: str, now: datetime) -> Notification:
        """Check a notification's signature and age; raise BadNotification otherwise."""


def _canonical(payload: dict[str, object]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode()


class SandboxGateway:
    """Pays on /pay/sandbox/<ref> (支付成功 / 支付失败), then calls back like a provider would."""

    def __init__(self, secret: bytes) -> None:
        self.secret = secret

    def checkout_url(self, payment_ref: str, amount_cents: int, description: str) -> str:
        return f'/pay/sandbox/{payment_ref}'

    def sign(self, body: bytes) -> str:
        return hmac.new(self.secret, body, hashlib.sha256).hexdigest()

    def notification(self, payment_ref: str, paid: bool, amount_cents: int, now: datetime) -> tuple[bytes, str]:
        """The body and signature the sandbox sends to the notify endpoint."""
        body = _canonical({'ref': payment_ref, 'paid': paid, 'amount': amount_cents, 'at': now.isoformat()})
        return body, self.sign(body)

    def verify(self, body: bytes, signature: str, now: datetime) -> Notification:
        if not hmac.compare_digest(self.sign(body), signature or ''):
            raise BadNotification('signature does not match')
        try:
            data = json.loads(body)
            notification = Notification(str(data['ref']), bool(data['paid']), int(data['amount']),
                                        datetime.fromisoformat(data['at']))
        except (ValueError, KeyError, TypeError) as error:
            raise BadNotification(f'malformed: {error}') from error
        if not -timedelta(minutes=1) <= now - notification.sent_at <= NOTIFICATION_MAX_AGE:
            raise BadNotification('too old or from the future')
        return notification
