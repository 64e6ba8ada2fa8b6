"""House rules that a linter does not check: functions in the views stay short.

Dialog builders are split into part widgets (issue 20): a function in `app/views` (a method,
a nested function) longer than LIMIT lines fails. Split it into parts with clear names.
"""
from __future__ import annotations

import ast
from pathlib import Path

VIEWS = Path(__file__).resolve().parents[2] / "app" / "views"
LIMIT = 40


def function_lengths(root: Path = VIEWS) -> dict[str, int]:
    """"file:Outer.inner": lines from `def` to the last line, for every function and method
    (nested ones too) under `root`."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.", where)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{where}:{prefix}{child.name}"
                found[name] = (child.end_lineno or child.lineno) - child.lineno + 1
                visit(child, f"{prefix}{child.name}.", where)
            else:
                visit(child, prefix, where)

    for path in sorted(root.rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), "", path.relative_to(root).as_posix())
    return found


def problems(lengths: dict[str, int], limit: int = LIMIT) -> list[str]:
    return [f"{name}: {n} lines (at most {limit})" for name, n in sorted(lengths.items())
            if n > limit]


def test_view_functions_stay_short():
    lengths = function_lengths()
    assert len(lengths) > 1000  # it sees the views
    assert not problems(lengths), "\n".join(problems(lengths))


def test_the_measure_sees_methods_nested_functions_and_long_ones(tmp_path):
    (tmp_path / "pkg").mkdir()
    body = "\n".join(f"            x{i} = {i}" for i in range(70))
    (tmp_path / "pkg" / "dialog.py").write_text(
        "class Dialog:\n"
        "    def __init__(self):\n"
        "        def part():\n"
        f"{body}\n"
        "        return part\n"
        "\n"
        "def short():\n"
        "    return 1\n", encoding="utf-8")
    lengths = function_lengths(tmp_path)
    assert lengths == {"pkg/dialog.py:Dialog.__init__": 73,
                       "pkg/dialog.py:Dialog.__init__.part": 71,
                       "pkg/dialog.py:short": 2}
    assert problems(lengths) == [
        "pkg/dialog.py:Dialog.__init__: 73 lines (at most 40)",
        "pkg/dialog.py:Dialog.__init__.part: 71 lines (at most 40)"]
    assert problems({"a.py:f": 40, "a.py:g": 41}) == ["a.py:g: 41 lines (at most 40)"]
