"""统一身份认证登录 against a real OpenID Connect provider on a local port (R1.5): the code flow with PKCE, every
check of the ID token, and what a first login links to."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlmodel import select, update

from domain.accounts import signup, sso
from domain.shared import clock
from storage.db import unit_of_work
from storage.tables import SsoIdentity, SsoLogin, User
from tests.accounts_helpers import last_code, person_form
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider

REDIRECT = 'http://127.0.0.1:8080/sso/callback'
TEST1_ID = '110105198503120012'
pytestmark = pytest.mark.usefixtures('demo_db', 'data_dir')


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[Provider]:
    clock.freeze(None)  # the provider signs its tokens at the real time, which the checks must share
    with running_provider() as running:
        monkeypatch.setenv('CCAA_OIDC_ISSUER', running.issuer)
        monkeypatch.setenv('CCAA_OIDC_CLIENT_ID', CLIENT_ID)
        monkeypatch.setenv('CCAA_OIDC_CLIENT_SECRET', CLIENT_SECRET)
        yield running


def authorize(url: str) -> dict[str, str]:
    """What the browser does at the provider: it comes back to our callback with a code and the state."""
    response = httpx.get(url, follow_redirects=False)
    assert response.status_code == 302, response.text
    location = response.headers['location']
    assert location.startswith(REDIRECT + '?')
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def log_in(redirect_to: str = '/my/cases') -> sso.Outcome:
    url, state = sso.begin(REDIRECT, redirect_to)
    back = authorize(url)
    return sso.finish(state=back['state'], browser_state=state, code=back['code'], error=None, redirect_uri=REDIRECT)


def refused(expected: str) -> None:
    with pytest.raises(sso.SsoError) as caught:
        log_in()
    assert caught.value.message == expected


def links() -> list[tuple[str, int]]:
    with unit_of_work() as session:
        return [(row.subject, row.user_id) for row in session.exec(select(SsoIdentity))]


def test_off_unless_all_three_settings_are_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_OIDC_ISSUER', 'http://127.0.0.1:1')
    monkeypatch.setenv('CCAA_OIDC_CLIENT_ID', CLIENT_ID)
    monkeypatch.delenv('CCAA_OIDC_CLIENT_SECRET', raising=False)
    assert not sso.enabled()
    monkeypatch.setenv('CCAA_OIDC_CLIENT_SECRET', CLIENT_SECRET)
    assert sso.enabled()


def test_the_authorization_request_uses_pkce_s256_and_a_nonce(provider: Provider) -> None:
    url, state = sso.begin(REDIRECT)
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert query['code_challenge_method'] == 'S256' and len(query['code_challenge']) == 43
    assert query['state'] == state and len(query['nonce']) >= 32
    assert set(query['scope'].split()) >= {'openid', 'phone'}
    assert query['redirect_uri'] == REDIRECT
    with unit_of_work() as session:
        pending = session.exec(select(SsoLogin)).one()
    assert state not in pending.key_hash and pending.code_verifier not in url


def test_first_login_links_by_verified_id_number_then_by_subject(provider: Provider) -> None:
    provider.claims = {'sub': 'li-ming', 'name': '李明', 'id_number': TEST1_ID, 'id_number_verified': True}
    outcome = log_in()
    assert outcome.actor is not None and outcome.actor.name == '李明' and outcome.redirect_to == '/my/cases'
    provider.claims = {'sub': 'li-ming'}
    assert log_in().actor == outcome.actor
    assert links() == [('li-ming', outcome.actor.user_id)]


def test_an_id_number_the_local_account_never_verified_links_nothing(provider: Provider) -> None:
    """Someone registered test1's ID number without 实名认证: the owner's first single sign-on must not land in it."""
    with unit_of_work(write=True) as session:
        session.exec(update(User).where(User.id_number == TEST1_ID).values(real_name_verified=False))
    provider.claims = {'sub': 'li-ming', 'name': '李明', 'id_number': TEST1_ID, 'id_number_verified': True}
    outcome = log_in()
    assert outcome.actor is None and outcome.ticket and links() == []


def test_first_login_links_by_verified_mobile(provider: Provider) -> None:
    provider.claims = {'sub': 'wf', 'phone_number': '+86 138-0000-0002', 'phone_number_verified': True}
    outcome = log_in()
    assert outcome.actor is not None and outcome.actor.name == '王芳'


def test_unverified_claims_link_nothing_and_prefill_registration(provider: Provider) -> None:
    provider.claims = {'sub': 'stranger', 'name': '李明', 'id_number': TEST1_ID, 'phone_number': '13800000001',
                       'phone_number_verified': False, 'email': 'x@example.cn'}
    outcome = log_in()
    assert outcome.actor is None and outcome.ticket
    assert sso.prefill(outcome.ticket) == sso.Prefill(name='李明', id_number=TEST1_ID, mobile='', email='x@example.cn')
    assert links() == []


def test_no_account_yet_registration_prefilled_then_linked(provider: Provider) -> None:
    form = person_form(30)
    provider.claims = {'sub': 'new-person', 'name': form.name, 'id_number': form.id_number,
                       'id_number_verified': True, 'phone_number': form.mobile, 'phone_number_verified': True,
                       'email': form.email}
    outcome = log_in()
    assert outcome.ticket is not None
    prefill = sso.prefill(outcome.ticket)
    assert prefill == sso.Prefill(name=form.name, id_number=form.id_number, mobile=form.mobile, email=form.email)
    signup.send_code(form.mobile)
    signup.register(replace(form, code=last_code(form.mobile), sso_ticket=outcome.ticket))
    assert sso.prefill(outcome.ticket) is None  # the ticket is spent
    again = log_in()
    assert again.actor is not None and again.actor.name == form.name
    assert [subject for subject, _ in links()] == ['new-person']


def test_a_token_signed_with_another_key_is_refused(provider: Provider) -> None:
    provider.claims = {'sub': 'li-ming', 'id_number': TEST1_ID, 'id_number_verified': True}
    provider.mode = 'bad_signature'
    refused(sso.MSG_SIGNATURE)
    assert links() == []


def test_a_token_for_another_client_is_refused(provider: Provider) -> None:
    provider.claims = {'sub': 'li-ming', 'id_number': TEST1_ID, 'id_number_verified': True}
    provider.mode = 'wrong_audience'
    refused(sso.MSG_AUDIENCE)
    assert links() == []


def test_a_replayed_token_with_an_old_nonce_is_refused(provider: Provider) -> None:
    provider.claims = {'sub': 'li-ming', 'id_number': TEST1_ID, 'id_number_verified': True}
    assert log_in().actor is not None
    provider.mode = 'replay'
    refused(sso.MSG_NONCE)


def test_a_token_from_another_issuer_is_refused(provider: Provider) -> None:
    provider.mode = 'wrong_issuer'
    refused(sso.MSG_ISSUER)


def test_an_expired_token_is_refused(provider: Provider) -> None:
    provider.mode = 'expired'
    refused(sso.MSG_EXPIRED)


def test_a_callback_works_once(provider: Provider) -> None:
    provider.claims = {'sub': 'li-ming', 'id_number': TEST1_ID, 'id_number_verified': True}
    url, state = sso.begin(REDIRECT)
    back = authorize(url)
    sso.finish(state=back['state'], browser_state=state, code=back['code'], error=None, redirect_uri=REDIRECT)
    with pytest.raises(sso.SsoError, match=sso.MSG_STATE):
        sso.finish(state=back['state'], browser_state=state, code=back['code'], error=None, redirect_uri=REDIRECT)


def test_a_callback_in_another_browser_is_refused(provider: Provider) -> None:
    """Login CSRF: someone else's callback link must not log this browser in."""
    url, _ = sso.begin(REDIRECT)
    back = authorize(url)
    with pytest.raises(sso.SsoError, match=sso.MSG_STATE):
        sso.finish(state=back['state'], browser_state=None, code=back['code'], error=None, redirect_uri=REDIRECT)
    assert provider.token_requests == 0


def test_the_code_verifier_must_match(provider: Provider) -> None:
    url, state = sso.begin(REDIRECT)
    back = authorize(url)
    with unit_of_work(write=True) as session:
        pending = session.exec(select(SsoLogin)).one()
        pending.code_verifier = 'x' * 86
        session.add(pending)
    with pytest.raises(sso.SsoError, match=sso.MSG_NO_TOKEN):
        sso.finish(state=back['state'], browser_state=state, code=back['code'], error=None, redirect_uri=REDIRECT)


def test_a_denied_login_says_so(provider: Provider) -> None:
    _, state = sso.begin(REDIRECT)
    with pytest.raises(sso.SsoError, match=sso.MSG_DENIED):
        sso.finish(state=state, browser_state=state, code=None, error='access_denied', redirect_uri=REDIRECT)


def test_a_login_left_for_ten_minutes_has_lapsed(provider: Provider) -> None:
    clock.freeze(datetime.now(timezone.utc))
    url, state = sso.begin(REDIRECT)
    back = authorize(url)
    clock.freeze(clock.now() + timedelta(minutes=10))
    with pytest.raises(sso.SsoError, match=sso.MSG_STATE):
        sso.finish(state=back['state'], browser_state=state, code=back['code'], error=None, redirect_uri=REDIRECT)


def test_an_unreachable_provider_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_OIDC_ISSUER', 'http://127.0.0.1:9')
    monkeypatch.setenv('CCAA_OIDC_CLIENT_ID', CLIENT_ID)
    monkeypatch.setenv('CCAA_OIDC_CLIENT_SECRET', CLIENT_SECRET)
    with pytest.raises(sso.SsoError, match=sso.MSG_UNAVAILABLE):
        sso.begin(REDIRECT)
