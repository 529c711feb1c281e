"""Tokens that let a page's browser stream large files to POST /uploads/{purpose} (pages.uploads).

The session cookie alone does not do, so that another site cannot make a logged-in browser upload: the page gets a
token, an HMAC of the user, the purpose and an expiry under a key derived from the storage secret (so every process
of a deployment accepts the tokens of the others), which the browser sends back in a header.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from urllib.parse import quote

from domain.engine import files
from domain.shared import clock
from domain.shared.actors import Actor
from settings import load_settings

TOKEN_HOURS = 6
MSG_TOKEN = '上传凭证无效或已过期，请刷新页面后重试'
_TOKEN = re.compile(r'([0-9]{1,12})\.([0-9a-f]{64})')


def upload_path(purpose: str) -> str:
    """Where the browser posts a file of that purpose."""
    return f"/uploads/{quote(purpose, safe='')}"


def upload_token(actor: Actor, purpose: str) -> str:
    """A token that lets the actor's browser post files of that purpose for the next TOKEN_HOURS hours."""
    if purpose not in files.stream_purposes():
        raise ValueError(f'purpose {purpose!r} takes no streamed files')
    expires = int(clock.now().timestamp()) + TOKEN_HOURS * 3600
    return f'{expires}.{_signature(actor.user_id, purpose, expires)}'


def token_valid(actor: Actor, purpose: str, token: str | None) -> bool:
    """Made by upload_token for this actor and purpose, and not expired (compared in constant time)."""
    match = _TOKEN.fullmatch(token or '')
    if match is None:
        return False
    expires = int(match.group(1))
    if expires <= clock.now().timestamp():
        return False
    return hmac.compare_digest(match.group(2), _signature(actor.user_id, purpose, expires))


def _signature(user_id: int, purpose: str, expires: int) -> str:
    key = hashlib.sha256(b'ccaa upload token\0' + load_settings().storage_secret.encode()).digest()
    return hmac.new(key, f'{user_id}\n{purpose}\n{expires}'.encode(), hashlib.sha256).hexdigest()


def upload_limit(purpose: str) -> tuple[int, str]:
    """The most bytes a file of that purpose may have, and the message for a larger one (for the browser's own
    check before it sends anything)."""
    kind = files.stream_purposes()[purpose]
    return files.stream_limit(kind), files.FileTooLarge(kind).message


def confirmed_name(actor: Actor, purpose: str, file_id: int) -> str:
    """The stored name of a file the browser reports uploaded, if it is the actor's own of that purpose; else
    NotFound (a browser's word is not trusted)."""
    return files.own_file_name(actor, file_id, purpose)
