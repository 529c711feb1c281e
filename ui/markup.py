"""Static parts of a page as one element of markup (#13): headings, text and links that need nothing from the server
once drawn cost an open page one element instead of one per piece. Text is escaped; `classes` are the same Quasar
and Tailwind classes the elements would carry."""
from __future__ import annotations

from html import escape

from nicegui import ui


def div(inner: str, classes: str = '') -> str:
    return f'<div class="{classes}">{inner}</div>'


def text(value: str, classes: str = '') -> str:
    return div(escape(value), classes)


def link(label: str, href: str, classes: str = '', *, current: bool = False) -> str:
    """As ui.link draws it; `current` marks the entry of the page being shown (aria-current=page)."""
    return anchor(escape(label), href, classes, current=current)


def anchor(inner: str, href: str, classes: str = '', *, current: bool = False) -> str:
    """A link around markup made by this module's functions."""
    aria = ' aria-current=page' if current else ''
    return f'<a class="nicegui-link {classes}" href="{escape(href)}"{aria}>{inner}</a>'


def block(inner: str, *, tag: str = 'div') -> ui.html:
    """One ui.html element holding `inner` (markup made by this module's functions from trusted text)."""
    return ui.html(inner, sanitize=False, tag=tag)
