"""No two modules of the app import each other, directly or round a circle, and no import hides
in a string.

The walk reads the source (AST) of every module under `app/` and counts every import: at
module level and inside functions alike. A function-level import only delays an edge; it does
not remove it: the two modules still depend on each other, and a later move of that import to
the top of the file breaks start-up. Imports under `if TYPE_CHECKING:` do not count (they
never run). `from package import name` counts as an import of the submodule when `name` is
one, else of the package.
"""
from __future__ import annotations

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((ROOT / "app").rglob("*.py"))}


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _imported_names(node: ast.AST, module: str, is_package: bool, known) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:  # relative: from the module's own package upwards
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[:len(package) - (node.level - 1)]
        base = ".".join(package + ([base] if base else []))
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]


@functools.cache
def _parsed(path: Path) -> ast.Module:
    """A file's syntax tree, read once for all the tests of this module (none changes it)."""
    return ast.parse(path.read_text(encoding="utf-8"))


def imports_of(module: str, path: Path, known) -> set[str]:
    """The app modules `module` imports anywhere in its code (not under TYPE_CHECKING)."""
    found: set[str] = set()
    stack: list[ast.AST] = [_parsed(path)]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if _type_checking_only(child):
                stack.extend(child.orelse)
                continue
            found.update(_imported_names(child, module, path.name == "__init__.py", known))
            stack.append(child)
    return {m for m in found if m in known and m != module}


def import_graph() -> dict[str, set[str]]:
    modules = app_modules()
    return {name: set(imports) for name, imports in _app_graph(tuple(modules.items())).items()}


@functools.lru_cache(maxsize=1)
def _app_graph(modules: tuple[tuple[str, Path], ...]) -> dict[str, frozenset[str]]:
    """The walk of the app, made once per run for the tests that look at it."""
    known = dict(modules)
    return {name: frozenset(imports_of(name, path, known)) for name, path in modules}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_no_module_of_the_app_takes_part_in_an_import_circle():
    found = cycles(import_graph())
    assert found == [], "import circles: " + "; ".join(" <-> ".join(g) for g in found)


def test_the_walk_sees_imports_inside_functions_and_skips_type_checking_ones():
    graph = import_graph()
    # startup imports the self-test only inside run_gui, the exchange opener inside a function
    assert "app.selftest" in graph["app.startup"]
    assert "app.views.exchange.package_file" in graph["app.startup"]
    assert "app.services.participation.cards" in graph["app.selftest"]
    assert len(graph) > 150 and sum(map(len, graph.values())) > 500


def test_a_circle_is_found_and_named():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_a_circle_through_a_function_level_import_is_found(tmp_path):
    one = tmp_path / "one.py"
    one.write_text("import two\n", encoding="utf-8")
    two = tmp_path / "two.py"
    two.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import three\n"
                   "def later():\n    from one import thing\n", encoding="utf-8")
    known = {"one", "two", "three"}
    assert imports_of("two", two, known) == {"one"}  # the function's, not the checker's
    graph = {"one": imports_of("one", one, known), "two": imports_of("two", two, known)}
    assert cycles(graph) == [["one", "two"]]




def named_modules(path: Path, modules) -> list[str]:
    """The app modules a file names in a ("app.x.y", "name") constant."""
    return [node.elts[0].value for node in ast.walk(_parsed(path))
            if isinstance(node, ast.Tuple) and len(node.elts) >= 2
            and isinstance(node.elts[0], ast.Constant) and node.elts[0].value in modules]


def string_imports() -> dict[str, list[str]]:
    """{module: [app modules it names in a ("app.x.y", "name") constant]}."""
    modules = app_modules()
    found = {name: named_modules(path, modules) for name, path in modules.items()}
    return {name: names for name, names in found.items() if names}


def test_no_module_is_imported_by_a_string_constant():
    """A `(module, function)` pair in a constant, imported with importlib, hides an edge from
    the walk above (the old PACKAGE_OPENER of app.startup, CARD_PRINTER of app.selftest, the
    exchange codec's list of the modules that register code lists)."""
    found = string_imports()
    assert found == {}, found


def test_a_module_named_in_a_string_constant_is_seen(tmp_path):
    hidden = tmp_path / "hidden.py"
    hidden.write_text('OPENER = ("app.services.reference", "codes")\n'
                      'MODULES = ("app.services.demo", "app.services.i18n")\n'
                      'PLAIN = "app.services.database"\n', encoding="utf-8")
    modules = app_modules()
    assert named_modules(hidden, modules) == ["app.services.reference", "app.services.demo"]
