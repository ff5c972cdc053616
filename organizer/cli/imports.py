"""Import commands: one per import kind (people, voter files, …), undo, and the list of past imports."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from organizer.cli.arguments import record_id
from organizer.cli.output import print_json, print_warning, shown
from organizer.cli.report_lines import print_notices, print_row_issues
from organizer.domain.text import counted
from organizer.errors import UserError
from organizer.services.container import open_chapter
from organizer.services.importing.layout import parse_map_options
from organizer.services.imports import (
    EditedSinceImport,
    ImportOptions,
    ImportResult,
    KindRow,
    OutputRequest,
    ReportNotSaved,
    SourceOptions,
    import_kind,
    import_kinds,
    named_records,
)


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Register `import KIND` for every import kind, then `import undo|list`."""
    imp = sub.add_parser("import", help="import spreadsheets; undo or list imports")
    isub = imp.add_subparsers(dest="import_command", metavar="COMMAND", required=True)
    for kind in import_kinds():
        p = isub.add_parser(kind.name, help=kind.command_help)
        p.add_argument("file", type=Path)
        p.add_argument("--sheet", help="the sheet to read (default: the first with data)")
        p.add_argument("--map", action="append", default=[], metavar="HEADER=field",
                       help="map a column to a field, e.g. --map \"Phone #=phone\" (repeatable)")
        p.add_argument("--header-row", type=int,
                       help="the row holding the headers (default: found); 0 if the file has no header row")
        p.add_argument("--encoding", help="text encoding of a CSV (default: detected)")
        p.add_argument("--delimiter", help="delimiter of a CSV: , ; tab or | (default: detected)")
        p.add_argument("--password-env", metavar="VAR",
                       help="read a password-protected workbook's password from environment variable VAR")
        p.add_argument("--dry-run", action="store_true", help="report what would happen; change nothing")
        p.add_argument("--errors", type=Path, metavar="OUT.xlsx",
                       help="save the rejected rows here (.xlsx or .csv); it is written before the import is "
                            "saved, so if it cannot be written nothing is imported; a dry run writes nothing")
        p.add_argument("--force", action="store_true", help="replace an existing --errors file")
        p.add_argument("--no-wait", action="store_true",
                       help="give up at once (exit 2) if another import into the chapter is running")
        p.add_argument("--wait", type=float, default=300.0, metavar="SECONDS",
                       help="how long to wait for another import into the chapter to finish (default 300)")
        for option in kind.options:
            p.add_argument(option.flag, dest=f"flag_{option.key}", action="store_true", help=option.help)
        if kind.layouts:
            p.add_argument("--layout", choices=[name for name, _label in kind.layouts],
                           help="read the file as this known layout (default: recognised by its headers, or by "
                                "its number of columns for files without a header row): "
                                + "; ".join(f"{name} = {label}" for name, label in kind.layouts))
        p.add_argument("--json", action="store_true", help="print one JSON object")
        p.set_defaults(handler=cmd_import, kind=kind.name)
    p = isub.add_parser("undo", help="undo an import (a chapter file is backed up first)")
    p.add_argument("batch", type=record_id, metavar="BATCH_ID", help="the import's number (see 'import list')")
    p.add_argument("--force", action="store_true",
                   help="undo even when records the import brought or changed were edited since (they are named)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_undo)
    p = isub.add_parser("list", help="list past imports")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)


def _delimiter(value: str | None) -> str | None:
    if value is None:
        return None
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
    value = named.get(value.lower(), value)
    if value not in {",", ";", "\t", "|"}:
        raise UserError("--delimiter must be one of: , ; tab |")
    return value


def password_from_env(var: str | None) -> str | None:
    """The password held in environment variable ``var`` (never taken from the command line itself)."""
    if var is None:
        return None
    password = os.environ.get(var)
    if not password:
        raise UserError(f"The environment variable {var} is not set (or is empty): set it to the workbook's password, "
                        "or leave out --password-env.")
    return password


def cmd_import(args: argparse.Namespace, db_path: Path) -> int:
    """Import a file; exit 0 when it was imported (even with rejected rows), 2 when nothing was."""
    if not args.file.is_file():
        raise UserError(f"There is no file at {args.file}.")
    kind = import_kind(args.kind)
    options = ImportOptions(
        source=SourceOptions(sheet=args.sheet, encoding=args.encoding, delimiter=_delimiter(args.delimiter),
                             password=password_from_env(args.password_env)),
        header_row=args.header_row,
        overrides=parse_map_options(args.map),
        dry_run=args.dry_run,
        flags=frozenset(o.key for o in kind.options if getattr(args, f"flag_{o.key}", False)),
        layout=getattr(args, "layout", None),
        wait_s=0.0 if args.no_wait else max(0.0, args.wait),
    )
    errors_to = OutputRequest(args.errors, args.force) if args.errors is not None else None
    problem = None
    services = open_chapter(db_path)
    try:
        report = services.imports.run(args.file, args.kind, options, errors_to=errors_to)
    except ReportNotSaved as exc:  # saved, and only the report failed: exit 0, as the database says
        report, problem = exc.result, str(exc)
    finally:
        services.close()
    saved = _saved_report(report, errors_to, problem)
    if args.json:
        print_json({**report.to_json(), **({"errors_report": saved} if saved else {})})
    else:
        _print_report(report, kind)
        if saved:
            _print_saved(saved)
    if problem:
        print_warning(problem)
    return 0


def _saved_report(report: ImportResult, target: OutputRequest | None, problem: str | None) -> dict[str, Any]:
    if target is None:
        return {}
    written = report.batch is not None and problem is None
    return {"path": str(target.path), "rows": len(report.rejected_rows), "written": written}


def _print_saved(saved: dict[str, Any]) -> None:
    if saved["written"]:
        print(f"Saved {saved['rows']:,} rejected rows to {saved['path']}")
    else:
        print(f"Would save {saved['rows']:,} rejected rows to {saved['path']} (nothing was written)")


def _print_report(report: ImportResult, kind: KindRow) -> None:
    what = "Dry run of" if report.batch is None else f"Import {report.batch}:"
    print(f"{what} {shown(report.file_name)}: {counted(report.rows, 'row')} — {report.created:,} created, "
          f"{report.updated:,} updated, {report.unchanged:,} unchanged, {report.rejected:,} rejected")
    print_notices(report)
    for count in kind.counts:
        print(count.line.format(n=report.count(count.key)))
    if report.rows and not kind.identifying & set(report.mapping.values()):
        print(f"  No column was recognised as {kind.identity}: map one with --map \"HEADER=field\"")
    if report.conflicts or report.possible_duplicates:
        print(f"{report.conflicts:,} differing values kept for review; "
              f"{report.possible_duplicates:,} possible duplicates to review")
    print_row_issues(report, kept_as_typed=True)
    if report.backup:
        print(f"The database as it was before this import is kept at {report.backup}")


def cmd_undo(args: argparse.Namespace, db_path: Path) -> int:
    """Undo one import batch; records edited since it are named, and undone only with --force."""
    services = open_chapter(db_path)
    try:
        report = services.imports.undo(args.batch, force=args.force)
    except EditedSinceImport as exc:
        backup = "" if services.db.location is not None and services.db.location.is_server else \
            " (a backup is taken first)"
        raise UserError(f"{exc} Add --force to undo it anyway{backup}.") from exc
    finally:
        services.close()
    if args.json:
        print_json(report.to_json())
        return 0
    nouns = import_kind(report.kind).nouns if report.kind else ("record", "records")
    print(f"Undid import {report.batch}: {_count(report.removed, nouns)} removed, "
          f"{_count(report.restored, nouns)} put back as they were before it")
    if report.edited:
        print(f"Edits made since the import were undone too (--force): {shown(named_records(report.edited))}")
    if report.backup:
        print(f"The database as it was before this undo is kept at {shown(report.backup)}")
    return 0


def _count(n: int, nouns: tuple[str, str]) -> str:
    return f"{n:,} {nouns[0] if n == 1 else nouns[1]}"


def cmd_list(args: argparse.Namespace, db_path: Path) -> int:
    """List past imports."""
    services = open_chapter(db_path)
    try:
        batches = services.imports.batches()
    finally:
        services.close()
    if args.json:
        print_json([{"id": b.id, "kind": b.kind, "file": b.file_name, "imported_at": b.imported_at.isoformat(),
                     "rows": b.rows, "created": b.created, "updated": b.updated, "unchanged": b.unchanged,
                     "rejected": b.rejected, "undone": b.undone} for b in batches])
        return 0
    for b in batches:
        state = " (undone)" if b.undone else ""
        print(f"{b.id}\t{b.imported_at.astimezone():%Y-%m-%d %H:%M}\t{shown(b.kind)}\t{shown(b.file_name)}\t"
              f"{counted(b.rows, 'row')}{state}")
    return 0
