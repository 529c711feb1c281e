"""Page code of the services that need more than the generic wizard and case page render from their declaration
(domain/services): each module here registers its wizard or its case-page section by service code. `load_all`
imports them all; main.py calls it."""
from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f'{__name__}.{info.name}')
