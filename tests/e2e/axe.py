"""axe-core (Deque's accessibility rules engine) in the browser: the npm tarball fetched once, checked against the
integrity the registry publishes for it, and its axe.min.js kept in .cache/ (not committed), then injected into the
page under test."""
from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import tempfile
import time
import unicodedata
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

VERSION = '4.14.1'
TARBALL = f'https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz'
# dist.integrity of https://registry.npmjs.org/axe-core/4.14.1
INTEGRITY = 'sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=='
CACHE = Path(__file__).resolve().parents[2] / '.cache' / f'axe-core-{VERSION}'
SCRIPT = CACHE / 'axe.min.js'
SERIOUS = ('serious', 'critical')


def _download(url: str, attempts: int = 3) -> bytes:
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return bytes(response.read())
        except OSError:
            if attempt == attempts:
                raise
            time.sleep(2 * attempt)
    raise AssertionError('unreachable')


def axe_script() -> Path:
    """The path of axe.min.js, fetching and checking the tarball the first time."""
    if SCRIPT.exists():
        return SCRIPT
    tarball = _download(TARBALL)
    algorithm, expected = INTEGRITY.split('-', 1)
    actual = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode()
    if actual != expected:
        raise AssertionError(f'{TARBALL}: {algorithm} is {actual}, the registry says {expected}')
    with tarfile.open(fileobj=io.BytesIO(tarball), mode='r:gz') as archive:
        member = archive.extractfile('package/axe.min.js')
        assert member is not None, f'{TARBALL} has no package/axe.min.js'
        script = member.read()
    CACHE.mkdir(parents=True, exist_ok=True)
    # several test workers may fetch at once: each writes its own file and renames it into place
    handle, temporary = tempfile.mkstemp(dir=CACHE, suffix='.tmp')
    with os.fdopen(handle, 'wb') as out:
        out.write(script)
    os.replace(temporary, SCRIPT)
    return SCRIPT


@dataclass(frozen=True)
class Violation:
    page: str
    rule: str
    impact: str
    count: int  # the elements that break the rule
    help: str
    nodes: tuple[str, ...]  # each element's selector (and colours), then the start of its HTML


def scan(page: Page, name: str, *, disable: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> list[Violation]:
    """axe's WCAG 2.x A/AA and best-practice rules on what the page shows now; `disable` and `exclude` (CSS
    selectors) are for what the caller documents as outside the project's hands."""
    if not page.evaluate('() => typeof window.axe === "object"'):
        page.add_script_tag(path=str(axe_script()))
    result = page.evaluate('''async ([disable, exclude]) => {
        const options = {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa',
                                                           'best-practice']},
                         rules: Object.fromEntries(disable.map(id => [id, {enabled: false}])),
                         resultTypes: ['violations']};
        const context = exclude.length ? {include: [document], exclude: exclude.map(s => [s])} : document;
        const found = await axe.run(context, options);
        const detail = n => {  // where, and for a contrast the colours found
            const data = (n.any[0] || {}).data || {};
            const colours = data.contrastRatio ? ` ${data.fgColor} on ${data.bgColor} = ${data.contrastRatio}` : '';
            return `${n.target.join(' ')}${colours}: ${n.html.slice(0, 120)}`;
        };
        return found.violations.map(v => ({rule: v.id, impact: v.impact || 'minor', help: v.help,
                                           nodes: v.nodes.map(detail)}));
    }''', [list(disable), list(exclude)])
    return [Violation(name, v['rule'], v['impact'], len(v['nodes']), v['help'], tuple(v['nodes']))
            for v in result]


def _width(text: str) -> int:
    """Columns on a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in text)


def table(violations: list[Violation]) -> str:
    """page | rule | impact | count, one line per rule broken on a page."""
    if not violations:
        return 'axe-core: no violations'
    rows = [('page', 'rule', 'impact', 'count')] + [(v.page, v.rule, v.impact, str(v.count)) for v in violations]
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = ['  '.join(cell + ' ' * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, '  '.join('-' * width for width in widths))
    return '\n'.join(lines)
