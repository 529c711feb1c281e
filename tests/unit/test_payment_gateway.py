"""The sandbox gateway signs its notifications; forged, altered or stale ones are refused."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from domain.records.payment_gateway import BadNotification, SandboxGateway

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
GATEWAY = SandboxGateway(b'secret-of-the-test')


def test_a_signed_notification_is_accepted() -> None:
    body, signature = GATEWAY.notification('P1', True, 20000, NOW)
    notification = GATEWAY.verify(body, signature, NOW + timedelta(seconds=5))
    assert (notification.payment_ref, notification.paid, notification.amount_cents) == ('P1', True, 20000)


def test_a_forged_signature_is_refused() -> None:
    body, _ = GATEWAY.notification('P1', True, 20000, NOW)
    with pytest.raises(BadNotification):
        GATEWAY.verify(body, SandboxGateway(b'another-secret').sign(body), NOW)


def test_an_altered_body_is_refused() -> None:
    body, signature = GATEWAY.notification('P1', False, 20000, NOW)
    with pytest.raises(BadNotification):
        GATEWAY.verify(body.replace(b'false', b'true'), signature, NOW)


def test_an_old_notification_is_refused() -> None:
    body, signature = GATEWAY.notification('P1', True, 20000, NOW)
    with pytest.raises(BadNotification, match='too old'):
        GATEWAY.verify(body, signature, NOW + timedelta(minutes=11))


def test_garbage_is_refused() -> None:
    with pytest.raises(BadNotification):
        GATEWAY.verify(b'not json', GATEWAY.sign(b'not json'), NOW)
