"""`groundwork`: steps 0–4 from the command line — import figures from a CSV, TXT, XLSX, XLS
or ODS file, list them, show which risk groups no action reaches yet, and whether the
trajectory is ready to start."""
from __future__ import annotations

import json


def register(sub) -> None:
    from app.cli import add_db_argument

    p = sub.add_parser("groundwork", help="before you start and steps 1–4")
    inner = p.add_subparsers(dest="groundwork_command", metavar="ACTION")
    imp = inner.add_parser("import-figures", help="import figures from a CSV, TXT, XLSX, XLS "
                                                  "or ODS file")
    add_db_argument(imp)
    _trajectory_argument(imp)
    imp.add_argument("--skip-invalid", action="store_true",
                     help="import the good rows and skip rows with problems")
    imp.add_argument("--dry-run", action="store_true",
                     help="only show what would be imported (exit code 1 when nothing would)")
    imp.add_argument("file", metavar="FILE", help="the CSV, TXT, XLSX, XLS or ODS file")
    imp.set_defaults(func=run_import)
    figs = inner.add_parser("figures", help="the figures of step 4")
    add_db_argument(figs)
    _trajectory_argument(figs)
    figs.add_argument("--json", action="store_true", help="print one JSON object a figure")
    figs.set_defaults(func=run_figures)
    cov = inner.add_parser("coverage", help="risk groups against the actions already running")
    add_db_argument(cov)
    _trajectory_argument(cov)
    cov.set_defaults(func=run_coverage)
    ready = inner.add_parser("readiness", help="is the trajectory ready to start?")
    add_db_argument(ready)
    _trajectory_argument(ready)
    ready.set_defaults(func=run_readiness)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])


def _trajectory_argument(parser) -> None:
    parser.add_argument("--trajectory", metavar="NAME",
                        help="name of the trajectory (default: the only one in the file)")


def _trajectory_id(session, name: str | None) -> str:
    from app.services.command_line import choose_trajectory

    return choose_trajectory(session, name).id


def _open(args):
    """Every groundwork action works on a trajectory already in the file."""
    from app.services.command_line import open_data_file

    return open_data_file(args.db, must_exist=True)


def run_import(args) -> int:
    from app.services.groundwork import figure_import as fi
    from app.services.i18n import ngettext

    table = fi.load(args.file)
    db = _open(args)
    try:
        with db.session() as session:
            tid = _trajectory_id(session, args.trajectory)
            rows = fi.preview(session, tid, table, fi.suggest_mapping(table))
        for line in fi.reasons(rows, limit=200):
            print(line)
        print(fi.summary(rows))
        bad = sum(1 for r in rows if not r.ok)
        would_import = sum(1 for r in rows if r.ok) if (args.skip_invalid or not bad) else 0
        if args.dry_run:
            if not would_import:
                print(fi.RowsWithProblemsError(n=bad).user_message()
                      if bad and not args.skip_invalid else
                      fi.NothingToImportError().user_message())
                return 1
            return 0
        if bad and not args.skip_invalid:
            raise fi.RowsWithProblemsError(n=bad)
        if not would_import:
            raise fi.NothingToImportError()
        with db.transaction() as session:
            count, _changes = fi.import_figures(session, tid, rows, skip_invalid=True)
    finally:
        db.close()
    print(ngettext("{n} figure saved.", "{n} figures saved.", count).format(n=count))
    return 0


def run_figures(args) -> int:
    from app.services.groundwork import figure_import as fi
    from app.services.i18n import format_decimal

    db = _open(args)
    try:
        with db.session() as session:
            rows = fi.figure_rows(session, _trajectory_id(session, args.trajectory))
    finally:
        db.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        where = f" – {r['place']}" if r["place"] else ""
        year = f" ({r['year']})" if r["year"] else ""
        print(f"{r['label']}{where}{year}: {format_decimal(r['value'])} {r['unit']}".rstrip())
    return 0


def run_coverage(args) -> int:
    from app.services import reference
    from app.services.groundwork.coverage import coverage_matrix
    from app.services.i18n import _

    db = _open(args)
    try:
        with db.session() as session:
            matrix = coverage_matrix(session, _trajectory_id(session, args.trajectory))
    finally:
        db.close()
    for i, act in enumerate(matrix.activities, start=1):
        print(f"{i:>3}  {act.name}" + (f" ({act.organiser})" if act.organiser else ""))
    for r, row in enumerate(matrix.rows):
        marks = "".join("●" if matrix.cell(r, c) else "·" for c in range(len(matrix.activities)))
        label = reference.label("risk_group", row.code)
        flag = "  ⚠ " + _("not reached") if row.unreached else ""
        print(f"{marks:<{max(len(matrix.activities), 1)}}  {label}{flag}")
    return 0


def run_readiness(args) -> int:
    from app.services.groundwork.readiness import readiness

    db = _open(args)
    try:
        with db.session() as session:
            result = readiness(session, _trajectory_id(session, args.trajectory))
    finally:
        db.close()
    print(result.sentence())
    return 0 if result.ready else 1
