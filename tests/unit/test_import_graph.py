"""No import cycles between the project's own modules.

The source is read with `ast` only; nothing of the project is imported. Every `import` and `from ... import`
statement counts, wherever it stands: at module level, inside functions and methods, and inside
`if TYPE_CHECKING:` blocks (a cycle there is never executed, but it still tangles the layers).
Dynamic imports via `importlib.import_module(string)` are not edges: the service packages are discovered at
run time by `domain/services/__init__.py`'s `load_all`, on purpose.
"""
from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_TOP_LEVELS = ('domain', 'pages', 'ui', 'storage', 'settings.py', 'main.py')
EXCLUDED_DIRS = ('storage/migrations/versions',)  # Alembic loads these by path, not by import

# module -> imported module -> the 'file:line' of every import statement that makes that edge
ImportGraph = dict[str, dict[str, list[str]]]


def module_name(relative: Path) -> str:
    parts = list(relative.with_suffix('').parts)
    return '.'.join(parts[:-1] if parts[-1] == '__init__' else parts)


def project_files(root: Path, top_levels: Iterable[str], excluded_dirs: Iterable[str] = ()) -> dict[str, Path]:
    excluded = [root / directory for directory in excluded_dirs]
    files: dict[str, Path] = {}
    for top_level in top_levels:
        entry = root / top_level
        for path in sorted(entry.rglob('*.py')) if entry.is_dir() else [entry]:
            if not any(path.is_relative_to(directory) for directory in excluded):
                files[module_name(path.relative_to(root))] = path
    return files


def imported_names(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The dotted names the statement imports; `from pkg import name` gives `pkg.name`."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ''
    if node.level:  # relative: resolve against the importing module's package
        package = module.split('.') if is_package else module.split('.')[:-1]
        anchor = package[:len(package) - (node.level - 1)]
        base = '.'.join(anchor + ([node.module] if node.module else []))
    return [f'{base}.{alias.name}' for alias in node.names]


def most_specific(name: str, modules: Iterable[str]) -> str | None:
    """The longest prefix of `name` that is a project module (`pkg.name` if it is one, else `pkg`), if any."""
    parts = name.split('.')
    return next((prefix for i in range(len(parts), 0, -1) if (prefix := '.'.join(parts[:i])) in modules), None)


def build_import_graph(root: Path, top_levels: Iterable[str], excluded_dirs: Iterable[str] = ()) -> ImportGraph:
    files = project_files(root, top_levels, excluded_dirs)
    graph: ImportGraph = {module: {} for module in files}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding='utf-8'), filename=str(path))
        for node in ast.walk(tree):  # walks function bodies and `if TYPE_CHECKING:` blocks too
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for name in imported_names(node, module, path.name == '__init__.py'):
                target = most_specific(name, files)  # the named target only: implied parent packages get no edge
                if target is not None and target != module:
                    location = f'{path.relative_to(root).as_posix()}:{node.lineno}'
                    graph[module].setdefault(target, []).append(location)
    return graph


def cycles(graph: ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (iterative Tarjan, no recursion)."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = []

        def visit(node: str) -> None:
            index[node] = lowlink[node] = len(index)
            stack.append(node)
            on_stack.add(node)
            work.append((node, sorted(graph.get(node, {}))))

        visit(start)
        while work:
            node, successors = work[-1]
            if successors:
                successor = successors.pop(0)
                if successor not in index:
                    visit(successor)
                elif successor in on_stack:
                    lowlink[node] = min(lowlink[node], index[successor])
                continue
            work.pop()
            if work:
                lowlink[work[-1][0]] = min(lowlink[work[-1][0]], lowlink[node])
            if lowlink[node] == index[node]:
                component: list[str] = []
                while not component or component[-1] != node:
                    component.append(stack.pop())
                    on_stack.discard(component[-1])
                if len(component) > 1:
                    components.append(sorted(component))
    return sorted(components)


def describe(graph: ImportGraph, component: list[str]) -> str:
    members = set(component)
    lines = [f'cycle: {", ".join(component)}']
    for module in component:
        for target, locations in sorted(graph[module].items()):
            if target in members:
                lines.append(f'  {module} -> {target}  ({", ".join(locations)})')
    return '\n'.join(lines)


def test_project_import_graph_has_no_cycles() -> None:
    graph = build_import_graph(ROOT, PROJECT_TOP_LEVELS, EXCLUDED_DIRS)
    found = cycles(graph)
    assert not found, 'import cycles:\n' + '\n'.join(describe(graph, component) for component in found)


def test_detector_finds_a_cycle_through_a_function_level_import(tmp_path: Path) -> None:
    (tmp_path / 'a.py').write_text('import b\n')
    (tmp_path / 'b.py').write_text('def late() -> None:\n    from a import thing\n')
    (tmp_path / 'pkg').mkdir()
    (tmp_path / 'pkg' / '__init__.py').write_text('from .core import Thing\n')
    (tmp_path / 'pkg' / 'core.py').write_text('import c\n')
    (tmp_path / 'c.py').write_text('import os\n')
    graph = build_import_graph(tmp_path, ['a.py', 'b.py', 'c.py', 'pkg'])
    assert cycles(graph) == [['a', 'b']]
    assert graph['b'] == {'a': ['b.py:2']}
    assert graph['pkg'] == {'pkg.core': ['pkg/__init__.py:1']}  # relative import resolved, acyclic
    assert graph['pkg.core'] == {'c': ['pkg/core.py:1']}


# domain's layers, lowest first: a module imports from its own layer or those below, never from one above
DOMAIN_LAYERS = ('domain.shared', 'domain.accounts', 'domain.engine', 'domain.records', 'domain.services',
                 'domain.portal', 'domain.demo')


def layer_of(module: str) -> int | None:
    return next((i for i, layer in enumerate(DOMAIN_LAYERS) if module == layer or module.startswith(layer + '.')),
                None)


def test_domain_layers_import_only_downwards() -> None:
    graph = build_import_graph(ROOT, PROJECT_TOP_LEVELS, EXCLUDED_DIRS)
    upward = [f'{source} -> {target}  ({", ".join(where)})' for source, targets in graph.items()
              for target, where in targets.items()
              if (low := layer_of(source)) is not None and (high := layer_of(target)) is not None and high > low]
    assert not upward, 'imports from a higher layer of domain/:\n' + '\n'.join(upward)


def test_services_do_not_import_each_other() -> None:
    """A service is read in its own folder: what two services share belongs to a layer below them."""
    graph = build_import_graph(ROOT, PROJECT_TOP_LEVELS, EXCLUDED_DIRS)

    def service_of(module: str) -> str | None:
        parts = module.split('.')
        return parts[2] if len(parts) > 2 and parts[:2] == ['domain', 'services'] else None

    crossing = [f'{source} -> {target}' for source, targets in graph.items() for target in targets
                if service_of(source) and service_of(target) and service_of(source) != service_of(target)]
    assert not crossing, '\n'.join(crossing)
