"""Settings from environment variables with the prefix CCAA_ (documented in the README)."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

DEFAULT_REGISTRATION_FEE_CENTS = 20000  # 200 元
DEFAULT_QUERY_LIMIT = 20  # public information queries per client …
DEFAULT_QUERY_WINDOW_MINUTES = 10  # … within this many minutes


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    data_dir: Path
    database_url: str
    storage_secret: str
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    public_url_setting: str | None = None
    reminder_hours: float = 1.0  # how often certificate reminders are looked for; 0 turns them off
    # how long a page's state waits for its browser to come back after the connection drops (a phone in a lift, a
    # busy server); NiceGUI's default of 3 s rebuilds the page after any longer stall
    reconnect_seconds: float = 30.0

    @property
    def public_url(self) -> str:
        """The address people reach the portal at, printed in QR codes and links sent out."""
        return (self.public_url_setting or f'http://{self.host}:{self.port}').rstrip('/')

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / 'files'

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / 'outbox'

    @property
    def oidc_enabled(self) -> bool:
        """Single sign-on is offered only when all three OIDC settings are given."""
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret)


def kept_secret(path: Path) -> str:
    """A secret generated on first use and kept in a file, so that every process of a deployment agrees on it."""
    if not path.exists():
        partial = path.with_name(f'{path.name}.{secrets.token_hex(8)}')
        partial.write_text(secrets.token_urlsafe(48))
        partial.chmod(0o600)
        try:
            os.link(partial, path)  # atomic, and fails if another process got there first: its secret stays
        except FileExistsError:
            pass
        finally:
            partial.unlink()
    return path.read_text().strip()


def _storage_secret(data_dir: Path) -> str:
    """The given secret, or one generated on first start and kept in the data folder."""
    return os.environ.get('CCAA_STORAGE_SECRET') or kept_secret(data_dir / 'storage_secret')


def registration_fee_cents() -> int:
    """The fee of 人员注册申请 (个人缴费) in cents (分): CCAA_REGISTRATION_FEE_CENTS, 200 元 unless set."""
    value = int(os.environ.get('CCAA_REGISTRATION_FEE_CENTS') or DEFAULT_REGISTRATION_FEE_CENTS)
    if value <= 0:
        raise ValueError('CCAA_REGISTRATION_FEE_CENTS must be a positive number of cents')
    return value


def query_limit() -> tuple[int, int]:
    """How many public information queries one client may make (CCAA_QUERY_LIMIT, 20 unless set) within how many
    minutes (CCAA_QUERY_WINDOW_MINUTES, 10 unless set)."""
    limit = int(os.environ.get('CCAA_QUERY_LIMIT') or DEFAULT_QUERY_LIMIT)
    minutes = int(os.environ.get('CCAA_QUERY_WINDOW_MINUTES') or DEFAULT_QUERY_WINDOW_MINUTES)
    if limit <= 0 or minutes <= 0:
        raise ValueError('CCAA_QUERY_LIMIT and CCAA_QUERY_WINDOW_MINUTES must be positive numbers')
    return limit, minutes


def load_settings() -> Settings:
    """Read the environment now (main.py does this once at start)."""
    data_dir = Path(os.environ.get('CCAA_DATA_DIR', './data')).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    return Settings(
        host=os.environ.get('CCAA_HOST', '127.0.0.1'),
        port=int(os.environ.get('CCAA_PORT', '8080')),
        data_dir=data_dir,
        database_url=os.environ.get('CCAA_DATABASE_URL') or f'sqlite:///{data_dir / "ccaa.db"}',
        storage_secret=_storage_secret(data_dir),
        oidc_issuer=os.environ.get('CCAA_OIDC_ISSUER') or None,
        oidc_client_id=os.environ.get('CCAA_OIDC_CLIENT_ID') or None,
        oidc_client_secret=os.environ.get('CCAA_OIDC_CLIENT_SECRET') or None,
        public_url_setting=os.environ.get('CCAA_PUBLIC_URL') or None,
        reminder_hours=float(os.environ.get('CCAA_REMINDER_HOURS') or 1),
        reconnect_seconds=float(os.environ.get('CCAA_RECONNECT_SECONDS') or 30),
    )
