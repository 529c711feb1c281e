"""After login, only paths of this site are followed (issue 12, item 4)."""
from __future__ import annotations

import pytest

from pages.session import safe_redirect


@pytest.mark.parametrize('target', ['/', '/my/cases', '/my/cases?tab=办理中', '/apply/transfer/12?step=info'])
def test_paths_of_this_site_are_kept(target: str) -> None:
    assert safe_redirect(target) == target


@pytest.mark.parametrize('target', [
    None, '', 'my/cases', '//evil.invalid/x', 'https://evil.invalid/', '/\\evil.invalid', '\\\\evil.invalid',
    '/\t/evil.invalid/x', '/\n/evil.invalid/x', '/\r/evil.invalid', ' //evil.invalid', '/\x00/evil.invalid',
    '/\u2028/evil.invalid', 'javascript:alert(1)', '/ /evil.invalid'])
def test_anything_else_leads_home(target: str | None) -> None:
    assert safe_redirect(target) == '/'
