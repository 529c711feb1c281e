"""老课复审 (R10.6): in the catalogue; applied for offline until its online service is built."""
from __future__ import annotations

from domain.engine.registry import Service, register

SERVICE = register(Service('course_rereview', '老课复审', order=7))
