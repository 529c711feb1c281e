"""统一身份认证登录 (R1.5): OpenID Connect, authorization code flow with PKCE, through Authlib.

The ID token is verified here: its signature against the issuer's JWKS, then issuer, audience, nonce and expiry.
A first login links to the account whose verified ID number (claims `id_number` + `id_number_verified`) or
verified mobile (`phone_number` + `phone_number_verified`) matches; without one, registration starts prefilled
from the claims. The state is single use and must come back to the browser that started the login.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from authlib.integrations.httpx_client import OAuth2Client, OAuthError
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from domain.accounts import accounts
from domain.shared import clock, identity
from domain.shared.actors import Actor
from domain.shared.errors import DomainError
from settings import load_settings
from storage.db import unit_of_work
from storage.tables import SsoIdentity, SsoLogin, User

SCOPE = 'openid profile email phone'
STATE_LIFETIME = timedelta(minutes=10)
TICKET_LIFETIME = timedelta(minutes=30)
LEEWAY_SECONDS = 60
METADATA_TTL = 3600.0
JWKS_TTL = 600.0

MSG_STATE = '统一身份认证登录已失效或已使用，请重新登录'
MSG_UNAVAILABLE = '统一身份认证服务暂时无法访问，请稍后再试或使用账号密码登录'
MSG_DENIED = '统一身份认证未完成：认证服务器拒绝了本次登录'
MSG_NO_TOKEN = '统一身份认证失败：认证服务器未签发身份令牌'
MSG_SIGNATURE = '统一身份认证失败：身份令牌的签名无效'
MSG_ISSUER = '统一身份认证失败：身份令牌的签发方不符'
MSG_AUDIENCE = '统一身份认证失败：身份令牌不是签发给本平台的'
MSG_NONCE = '统一身份认证失败：身份令牌与本次登录不符，可能是被重放的令牌'
MSG_EXPIRED = '统一身份认证失败：身份令牌已过期'
MSG_INVALID = '统一身份认证失败：身份令牌无效'


class SsoError(DomainError):
    """Single sign-on did not log anyone in; the message says why, for the login page."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class Outcome:
    """A linked account to log in (actor), or a ticket for registration prefilled from the claims."""

    redirect_to: str
    actor: Actor | None = None
    ticket: str | None = None


@dataclass(frozen=True)
class Prefill:
    name: str
    id_number: str
    mobile: str
    email: str


def provider() -> Provider | None:
    settings = load_settings()
    if not settings.oidc_enabled:
        return None
    assert settings.oidc_issuer and settings.oidc_client_id and settings.oidc_client_secret
    return Provider(settings.oidc_issuer.rstrip('/'), settings.oidc_client_id, settings.oidc_client_secret)


def enabled() -> bool:
    return provider() is not None


def _required() -> Provider:
    found = provider()
    if found is None:
        raise SsoError('未启用统一身份认证登录')
    return found


class _Cache:
    """Discovery documents and key sets by URL, kept for a while (shared by every request of the process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, dict[str, Any]]] = {}

    def get(self, url: str, ttl: float, *, fresh: bool = False) -> dict[str, Any]:
        with self._lock:
            entry = self._entries.get(url)
        if entry is not None and not fresh and time.monotonic() - entry[0] < ttl:
            return entry[1]
        try:
            response = httpx.get(url, timeout=10)
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError):
            raise SsoError(MSG_UNAVAILABLE) from None
        with self._lock:
            self._entries[url] = (time.monotonic(), document)
        return document  # type: ignore[no-any-return]


_cache = _Cache()


def _metadata(found: Provider) -> dict[str, Any]:
    document = _cache.get(found.issuer + '/.well-known/openid-configuration', METADATA_TTL)
    if str(document.get('issuer', '')).rstrip('/') != found.issuer:
        raise SsoError(MSG_UNAVAILABLE)  # OIDC Discovery §4.3: the document must name the issuer we trust
    return document


def _client(found: Provider, redirect_uri: str) -> OAuth2Client:
    return OAuth2Client(client_id=found.client_id, client_secret=found.client_secret, scope=SCOPE,
                        redirect_uri=redirect_uri, code_challenge_method='S256', timeout=10)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def begin(redirect_uri: str, redirect_to: str = '/') -> tuple[str, str]:
    """Start a login: the provider's authorization URL to send the browser to, and the state that browser keeps."""
    found = _required()
    metadata = _metadata(found)
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64)
    with _client(found, redirect_uri) as client:
        url, _ = client.create_authorization_url(metadata['authorization_endpoint'], state=state, nonce=nonce,
                                                 code_verifier=verifier)
    at = clock.now()
    with unit_of_work(write=True) as session:
        session.exec(delete(SsoLogin).where(SsoLogin.expires_at <= at))  # type: ignore[call-overload,arg-type]
        session.add(SsoLogin(key_hash=_digest(state), nonce=nonce, code_verifier=verifier, redirect_to=redirect_to,
                             created_at=at, expires_at=at + STATE_LIFETIME))
    return url, state


def finish(*, state: str | None, browser_state: str | None, code: str | None, error: str | None,
           redirect_uri: str) -> Outcome:
    """The provider sent the browser back: check the state, exchange the code, verify the ID token, and find or
    prepare the account. Raises SsoError with the reason."""
    found = _required()
    if not state or not browser_state or not hmac.compare_digest(state, browser_state):
        raise SsoError(MSG_STATE)
    with unit_of_work(write=True) as session:
        pending = session.exec(select(SsoLogin).where(SsoLogin.key_hash == _digest(state),
                                                      SsoLogin.claims.is_(None))).first()  # type: ignore[union-attr]
        if pending is None:
            raise SsoError(MSG_STATE)
        session.delete(pending)  # single use, whatever happens next
    if pending.expires_at <= clock.now():
        raise SsoError(MSG_STATE)
    if error or not code:
        raise SsoError(MSG_DENIED)
    metadata = _metadata(found)
    try:
        with _client(found, redirect_uri) as client:
            token = client.fetch_token(metadata['token_endpoint'], code=code, code_verifier=pending.code_verifier,
                                       grant_type='authorization_code')
    except OAuthError:
        raise SsoError(MSG_NO_TOKEN) from None
    except httpx.HTTPError:
        raise SsoError(MSG_UNAVAILABLE) from None
    claims = verify_id_token(found, metadata, token.get('id_token'), nonce=pending.nonce,
                             access_token=token.get('access_token'))
    try:
        return _link_or_ticket(found, claims, pending.redirect_to)
    except IntegrityError:  # the same person's first login finished twice at once: the link exists now
        return _link_or_ticket(found, claims, pending.redirect_to)


def verify_id_token(found: Provider, metadata: dict[str, Any], id_token: str | None, *, nonce: str,
                    access_token: str | None = None) -> dict[str, Any]:
    """The claims of an ID token that passes every check of OIDC Core §3.1.3.7 that applies here."""
    if not id_token:
        raise SsoError(MSG_NO_TOKEN)
    algorithms = [a for a in metadata.get('id_token_signing_alg_values_supported') or ['RS256'] if a != 'none']
    jwks_uri = metadata.get('jwks_uri')
    if not jwks_uri:
        raise SsoError(MSG_UNAVAILABLE)
    try:
        try:
            decoded = jwt.decode(id_token, KeySet.import_key_set(_cache.get(jwks_uri, JWKS_TTL)),
                                 registry=JWSRegistry(algorithms=algorithms, strict_check_header=False))
        except InvalidKeyIdError:  # the provider may have rotated its keys since we fetched them
            decoded = jwt.decode(id_token, KeySet.import_key_set(_cache.get(jwks_uri, JWKS_TTL, fresh=True)),
                                 registry=JWSRegistry(algorithms=algorithms, strict_check_header=False))
    except BadSignatureError:
        raise SsoError(MSG_SIGNATURE) from None
    except (JoseError, ValueError):
        raise SsoError(MSG_INVALID) from None
    options = {'iss': {'essential': True, 'value': found.issuer}, 'aud': {'essential': True, 'value': found.client_id},
               'exp': {'essential': True}, 'sub': {'essential': True}}
    claims = CodeIDToken(decoded.claims, decoded.header, options,  # type: ignore[arg-type]
                         {'nonce': nonce, 'client_id': found.client_id, 'access_token': access_token})
    try:
        claims.validate(now=int(clock.now().timestamp()), leeway=LEEWAY_SECONDS)
    except ExpiredTokenError:
        raise SsoError(MSG_EXPIRED) from None
    except (InvalidClaimError, MissingClaimError) as problem:
        message = {'iss': MSG_ISSUER, 'aud': MSG_AUDIENCE, 'azp': MSG_AUDIENCE, 'nonce': MSG_NONCE,
                   'exp': MSG_EXPIRED}.get(problem.claim, MSG_INVALID)
        raise SsoError(message) from None
    except JoseError:
        raise SsoError(MSG_INVALID) from None
    return dict(claims)


def _verified_mobile(claims: dict[str, Any]) -> str:
    if claims.get('phone_number_verified') is not True:
        return ''
    digits = ''.join(c for c in str(claims.get('phone_number') or '') if c.isdigit())
    if len(digits) == 13 and digits.startswith('86'):
        digits = digits[2:]
    return digits if identity.is_valid_mobile(digits) else ''


def _verified_id_number(claims: dict[str, Any]) -> str:
    if claims.get('id_number_verified') is not True:
        return ''
    return identity.normalize_resident_id(str(claims.get('id_number') or ''))


def _link_or_ticket(found: Provider, claims: dict[str, Any], redirect_to: str) -> Outcome:
    subject = str(claims['sub'])
    at = clock.now()
    with unit_of_work(write=True) as session:
        link = session.exec(select(SsoIdentity).where(SsoIdentity.issuer == found.issuer,
                                                      SsoIdentity.subject == subject)).first()
        user = session.get(User, link.user_id) if link else _match(session, claims)
        if user is not None:
            if link is None:
                session.add(SsoIdentity(issuer=found.issuer, subject=subject, user_id=user.id, created_at=at))
                session.flush()
            return Outcome(redirect_to=redirect_to, actor=accounts.actor_of(session, user))
        ticket = secrets.token_urlsafe(32)
        prefill = {'issuer': found.issuer, 'subject': subject, 'name': str(claims.get('name') or ''),
                   'id_number': _verified_id_number(claims) or str(claims.get('id_number') or ''),
                   'mobile': _verified_mobile(claims), 'email': str(claims.get('email') or '')}
        session.add(SsoLogin(key_hash=_digest(ticket), nonce='', code_verifier='', redirect_to=redirect_to,
                             claims=json.dumps(prefill, ensure_ascii=False), created_at=at,
                             expires_at=at + TICKET_LIFETIME))
    return Outcome(redirect_to=redirect_to, ticket=ticket)


def _match(session: Session, claims: dict[str, Any]) -> User | None:
    """The account whose ID number, or else mobile, the provider has verified — and that the account holds as
    verified too (issue #12 item 11): an ID number only once the account passed 实名认证 (anyone may type another's
    ID number into a registration and wait for its owner's first single sign-on), a mobile as every account holds
    it, proved by an SMS code when it was registered or changed."""
    id_number, mobile = _verified_id_number(claims), _verified_mobile(claims)
    if id_number:
        user = session.exec(select(User).where(User.id_number == id_number)).first()
        if user is not None and user.real_name_verified:
            return user
    if mobile:
        return session.exec(select(User).where(User.mobile == mobile)).first()
    return None


def _ticket_claims(session: Session, ticket: str) -> tuple[SsoLogin, dict[str, Any]] | None:
    row = session.exec(select(SsoLogin).where(SsoLogin.key_hash == _digest(ticket),
                                              SsoLogin.claims.is_not(None))).first()  # type: ignore[union-attr]
    if row is None or row.claims is None or row.expires_at <= clock.now():
        return None
    return row, json.loads(row.claims)


def prefill(ticket: str | None) -> Prefill | None:
    """What the provider told us about a person with no account yet, for the registration form."""
    if not ticket:
        return None
    with unit_of_work() as session:
        found = _ticket_claims(session, ticket)
    if found is None:
        return None
    claims = found[1]
    return Prefill(name=claims['name'], id_number=claims['id_number'], mobile=claims['mobile'], email=claims['email'])


def link_ticket(session: Session, ticket: str, user_id: int) -> None:
    """Inside registration's transaction: link the new account to the provider's subject of the ticket."""
    found = _ticket_claims(session, ticket)
    if found is None:
        return
    row, claims = found
    session.add(SsoIdentity(issuer=claims['issuer'], subject=claims['subject'], user_id=user_id,
                            created_at=clock.now()))
    session.delete(row)
