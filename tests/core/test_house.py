"""House rules that a linter does not check: functions in the views stay short.

Dialog builders are split into part widgets (issue 20). A function in `app/views` longer than
LIMIT lines fails, unless it is in KNOWN_LONG, the ones being split right now: those may not
grow, and an entry whose function got short must leave the list (so the list only shrinks).
The goal is 40 lines; LIMIT comes down to it once the known long ones are split.
"""
from __future__ import annotations

import ast
from pathlib import Path

VIEWS = Path(__file__).resolve().parents[2] / "app" / "views"
GOAL = 40
LIMIT = 60

# "file:Class.function": its length (lines) when it was listed.
KNOWN_LONG = {
    "actions/editor.py:ActionEditor._build": 114,
    "outreach/outreach_panel.py:OutreachPage.__init__": 105,
    "exchange/export_dialog.py:ExportDialog.__init__": 93,
    "participation/persona_dialog.py:PersonaDialog._build": 89,
    "widgets/record_list.py:RecordListPanel._build": 84,
    "widgets/import_dialog.py:ImportDialog.__init__": 77,
    "actions/measure_dialog.py:MeasurementDialog.__init__": 76,
    "main_window.py:MainWindow._build_menus": 73,
    "exchange/keys_dialog.py:KeysDialog.__init__": 66,
    "overview.py:OverviewPage.__init__": 63,
    "actions/step6_page.py:Step6Page.build_content": 61,
}


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


def problems(lengths: dict[str, int], known: dict[str, int], limit: int = LIMIT) -> list[str]:
    out = [f"{name}: {n} lines (at most {limit})" for name, n in sorted(lengths.items())
           if n > limit and name not in known]
    for name, was in sorted(known.items()):
        now = lengths.get(name)
        if now is None or now <= limit:
            out.append(f"{name}: now {now or 'gone'}, take it off KNOWN_LONG")
        elif now > was:
            out.append(f"{name}: grew from {was} to {now} lines; split it instead")
    return out


def test_view_functions_stay_short():
    lengths = function_lengths()
    over_goal = sorted(((n, name) for name, n in lengths.items() if n > GOAL), reverse=True)
    print(f"\n{len(over_goal)} functions in app/views over {GOAL} lines:")
    for n, name in over_goal:
        print(f"  {n:4d}  {name}")
    assert not problems(lengths, KNOWN_LONG), "\n".join(problems(lengths, KNOWN_LONG))


def test_the_measure_sees_methods_nested_functions_and_growth(tmp_path):
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
    assert problems(lengths, {}) == [
        "pkg/dialog.py:Dialog.__init__: 73 lines (at most 60)",
        "pkg/dialog.py:Dialog.__init__.part: 71 lines (at most 60)"]
    known = {"pkg/dialog.py:Dialog.__init__": 70, "pkg/dialog.py:Dialog.__init__.part": 71,
             "pkg/dialog.py:short": 80}
    assert problems(lengths, known) == [
        "pkg/dialog.py:Dialog.__init__: grew from 70 to 73 lines; split it instead",
        "pkg/dialog.py:short: now 2, take it off KNOWN_LONG"]
