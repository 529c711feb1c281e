"""A small OpenID Connect provider for the tests, on 127.0.0.1 and a free port: discovery document, JWKS, an
authorization endpoint that approves at once (as a real provider would after its own login) and a token endpoint
that checks the client secret and PKCE.

`provider.mode` makes the next ID token go wrong in one way: 'bad_signature' (signed with a key not in the JWKS),
'wrong_audience', 'wrong_issuer', 'expired', or 'replay' (the ID token of the previous login again, nonce and all).
"""
from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = 'ccaa-portal'
CLIENT_SECRET = 'test-client-secret'


class Provider:
    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={'kid': 'test-key'})
        self.rogue_key = RSAKey.generate_key(2048, parameters={'kid': 'test-key'})  # same kid, not published
        self.claims: dict[str, Any] = {'sub': 'user-1'}
        self.mode = 'ok'
        self.codes: dict[str, dict[str, Any]] = {}
        self.last_id_token: str | None = None
        self.token_requests = 0
        self.server = ThreadingHTTPServer(('127.0.0.1', 0), self._handler())
        self.issuer = f'http://127.0.0.1:{self.server.server_address[1]}'

    def metadata(self) -> dict[str, Any]:
        return {'issuer': self.issuer, 'authorization_endpoint': self.issuer + '/authorize',
                'token_endpoint': self.issuer + '/token', 'jwks_uri': self.issuer + '/jwks',
                'response_types_supported': ['code'], 'subject_types_supported': ['public'],
                'id_token_signing_alg_values_supported': ['RS256'], 'code_challenge_methods_supported': ['S256'],
                'token_endpoint_auth_methods_supported': ['client_secret_basic']}

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str]]:
        """302 back to the client with a code, after checking what a provider must check."""
        if query.get('client_id') != CLIENT_ID or query.get('response_type') != 'code' \
                or query.get('code_challenge_method') != 'S256' or not query.get('code_challenge') \
                or 'openid' not in query.get('scope', '').split():
            return 400, {}
        code = secrets.token_urlsafe(16)
        self.codes[code] = {'challenge': query['code_challenge'], 'nonce': query.get('nonce'),
                            'redirect_uri': query['redirect_uri'], 'claims': dict(self.claims)}
        target = query['redirect_uri'] + '?' + urlencode({'code': code, 'state': query.get('state', '')})
        return 302, {'Location': target}

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        self.token_requests += 1
        expected = 'Basic ' + base64.b64encode(f'{CLIENT_ID}:{CLIENT_SECRET}'.encode()).decode()
        if authorization != expected:
            return 401, {'error': 'invalid_client'}
        grant = self.codes.pop(form.get('code', ''), None)
        if grant is None or form.get('grant_type') != 'authorization_code' \
                or form.get('redirect_uri') != grant['redirect_uri']:
            return 400, {'error': 'invalid_grant'}
        verifier = form.get('code_verifier', '')
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b'=').decode()
        if challenge != grant['challenge']:
            return 400, {'error': 'invalid_grant', 'error_description': 'PKCE verification failed'}
        return 200, {'access_token': secrets.token_urlsafe(16), 'token_type': 'Bearer', 'expires_in': 300,
                     'id_token': self._id_token(grant)}

    def _id_token(self, grant: dict[str, Any]) -> str:
        if self.mode == 'replay' and self.last_id_token:
            return self.last_id_token
        now = int(time.time())
        claims = {'iss': self.issuer, 'aud': CLIENT_ID, 'iat': now, 'exp': now + 300, 'nonce': grant['nonce'],
                  **grant['claims']}
        if self.mode == 'wrong_audience':
            claims['aud'] = 'another-client'
        elif self.mode == 'wrong_issuer':
            claims['iss'] = 'http://127.0.0.1:1/evil'
        elif self.mode == 'expired':
            claims['iat'], claims['exp'] = now - 3600, now - 1800
        key = self.rogue_key if self.mode == 'bad_signature' else self.key
        token = jwt.encode({'alg': 'RS256', 'kid': 'test-key'}, claims, key)
        self.last_id_token = token
        return token

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (quiet test output)
                pass

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                url = urlsplit(self.path)
                if url.path == '/.well-known/openid-configuration':
                    self._json(200, provider.metadata())
                elif url.path == '/jwks':
                    self._json(200, {'keys': [provider.key.as_dict(private=False)]})
                elif url.path == '/authorize':
                    status, headers = provider.authorize({k: v[0] for k, v in parse_qs(url.query).items()})
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header('Content-Length', '0')
                    self.end_headers()
                else:
                    self._json(404, {'error': 'not_found'})

            def do_POST(self) -> None:  # noqa: N802
                if urlsplit(self.path).path != '/token':
                    self._json(404, {'error': 'not_found'})
                    return
                length = int(self.headers.get('Content-Length') or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                self._json(*provider.token(form, self.headers.get('Authorization', '')))

        return Handler

    def start(self) -> None:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def running_provider() -> Iterator[Provider]:
    provider = Provider()
    provider.start()
    try:
        yield provider
    finally:
        provider.stop()
