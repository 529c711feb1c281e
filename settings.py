"""Settings from environment variables with the prefix CCAA_ (documented in the README)."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    data_dir: Path
    database_url: str
    storage_secret: str

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / 'files'

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / 'outbox'


def _storage_secret(data_dir: Path) -> str:
    """The given secret, or one generated on first start and kept in the data folder."""
    given = os.environ.get('CCAA_STORAGE_SECRET')
    if given:
        return given
    path = data_dir / 'storage_secret'
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


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
    )
