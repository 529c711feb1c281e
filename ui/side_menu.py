"""The user centre's menu, the current entry highlighted: a column left of the content on wide screens, a strip of
tabs above it, scrolled sideways, on phones (ccaa-side-menu in assets/css/app.css)."""
from __future__ import annotations

from collections.abc import Sequence

from nicegui import ui

from ui import markup

# Bring the current entry into view when the strip is narrower than its entries; nothing moves on a wide screen.
_SHOW_ACTIVE = '''(() => {
  const menu = document.getElementById('c%d'), active = menu && menu.querySelector('[aria-current=page]');
  if (!active || menu.scrollWidth <= menu.clientWidth) return;
  const m = menu.getBoundingClientRect(), a = active.getBoundingClientRect();
  menu.scrollLeft += a.left - m.left - (m.width - a.width) / 2;
})()'''


def side_menu(entries: Sequence[tuple[str, str]], active: str) -> None:
    """entries: (label, path); `active` is the label of the current entry. One element of plain markup: every page
    of the user centre draws it, and its links need nothing from the server."""
    menu = markup.block(markup.text('用户中心', 'ccaa-side-menu-title text-subtitle1 text-weight-bold q-px-md q-py-sm')
                        + ''.join(markup.link(label, path, 'ccaa-menu-item q-px-md q-py-sm no-underline'
                                              + (' ccaa-menu-active' if label == active else ''),
                                              current=label == active)
                                  for label, path in entries), tag='nav') \
        .classes('nicegui-column ccaa-card ccaa-side-menu q-py-sm gap-0 self-start').props('aria-label=用户中心')
    ui.run_javascript(_SHOW_ACTIVE % menu.id)
