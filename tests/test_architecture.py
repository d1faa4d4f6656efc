"""The floors of docs/architecture.md, read from the source: which app may
import which. Lowest first: ``aura_site.api`` ← ``accounts`` ← ``events`` ←
the resource apps ← ``demo``, ``dashboard``. Every import counts, including
those inside functions."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RESOURCE_APPS = ("intents", "impacts", "messages", "snapshots", "zones", "prove", "knowledge")
FLOORS = {
    "aura_site.api": 0, "accounts": 1, "events": 2, **{app: 3 for app in RESOURCE_APPS},
    "agents": 4, "presence": 4, "demo": 4, "dashboard": 4,
}


def app_of(module):
    if module == "aura_site.api" or module.startswith("aura_site.api."):
        return "aura_site.api"
    top = module.split(".")[0]
    return top if top in FLOORS or top == "aura_site" else None


def imports_of(path, module):
    """The project modules ``path`` (module ``module``) imports, absolute."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module
            yield target
            # "from pkg import module" imports pkg.module too.
            yield from (f"{target}.{alias.name}" for alias in node.names)


def project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {".venv", "tests", "bench", "clients", "var", "node_modules"} or "migrations" in rel.parts:
            continue
        module = ".".join(rel.with_suffix("").parts)
        module = module.removesuffix(".__init__")
        if app_of(module):
            yield path, module


def app_edges():
    """{(importer app, imported app): an example "module -> module"}."""
    edges = {}
    for path, module in project_modules():
        source = app_of(module)
        for target in imports_of(path, module):
            dest = app_of(target) if target else None
            if dest and dest != source and source != "aura_site":
                edges.setdefault((source, dest), f"{module} -> {target}")
    return edges


def test_the_modules_are_found():
    apps = {app_of(module) for _, module in project_modules()}
    assert set(FLOORS) <= apps


@pytest.mark.parametrize("source", sorted(FLOORS))
def test_no_app_imports_a_floor_above_its_own(source):
    upward = {
        f"{a} -> {b}: {example}"
        for (a, b), example in app_edges().items()
        if a == source and b != "aura_site" and FLOORS[b] > FLOORS[a]
    }
    assert not upward


def test_the_shared_http_machinery_imports_no_app():
    assert not {example for (a, b), example in app_edges().items() if a == "aura_site.api"}


def test_no_import_loop_between_apps():
    graph = defaultdict(set)
    for a, b in app_edges():
        graph[a].add(b)

    def reaches(start, goal, seen=()):
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, (*seen, nxt))) for nxt in graph[start])

    loops = sorted(app for app in FLOORS if reaches(app, app))
    assert not loops, {app: sorted(graph[app]) for app in loops}


def test_no_import_loop_between_modules_of_an_app():
    """Within an app, two modules never import each other (not even lazily)."""
    imported = defaultdict(set)
    for path, module in project_modules():
        for target in imports_of(path, module):
            imported[module].add(target)
    loops = sorted(
        (a, b) for a in imported for b in imported[a]
        if a < b and a in imported.get(b, ()) and app_of(a) == app_of(b)
        and not (a.startswith(b + ".") or b.startswith(a + "."))
    )
    assert not loops


def test_the_check_sees_an_upward_import(tmp_path):
    """The reader itself: a lazy upward import inside a function is found."""
    path = tmp_path / "x.py"
    path.write_text("def f():\n    from intents.models import Intent\n")
    assert "intents.models" in set(imports_of(path, "accounts.x"))
