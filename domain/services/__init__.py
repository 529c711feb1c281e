"""The services, one package each. Each package's __init__ declares its Service and registers it
(domain.engine.registry); `load_all` imports them all, and the registry calls it on its first lookup."""
from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    for info in pkgutil.iter_modules(__path__):
        if info.ispkg:
            importlib.import_module(f'{__name__}.{info.name}')
