"""The user centre's menu, the current entry highlighted: a column left of the content on wide screens, a strip of
tabs above it, scrolled sideways, on phones (ccaa-side-menu in assets/css/app.css)."""
from __future__ import annotations

from collections.abc import Sequence

from nicegui import ui

# Bring the current entry into view when the strip is narrower than its entries; nothing moves on a wide screen.
_SHOW_ACTIVE = '''(() => {
  const menu = document.getElementById('c%d'), active = menu && menu.querySelector('[aria-current=page]');
  if (!active || menu.scrollWidth <= menu.clientWidth) return;
  const m = menu.getBoundingClientRect(), a = active.getBoundingClientRect();
  menu.scrollLeft += a.left - m.left - (m.width - a.width) / 2;
})()'''


def side_menu(entries: Sequence[tuple[str, str]], active: str) -> None:
    """entries: (label, path); `active` is the label of the current entry."""
    with ui.column().classes('ccaa-card ccaa-side-menu q-py-sm gap-0 self-start') \
            .props('role=navigation aria-label=用户中心') as menu:
        ui.label('用户中心').classes('ccaa-side-menu-title text-subtitle1 text-weight-bold q-px-md q-py-sm')
        for label, path in entries:
            link = ui.link(label, path).classes('ccaa-menu-item q-px-md q-py-sm no-underline')
            if label == active:
                link.classes('ccaa-menu-active').props('aria-current=page')
    ui.run_javascript(_SHOW_ACTIVE % menu.id)
